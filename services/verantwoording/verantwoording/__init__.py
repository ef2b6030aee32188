"""verantwoording: accountability for a grant, from dossier to final settlement."""

SERVICE = "verantwoording"
