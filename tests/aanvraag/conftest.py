from __future__ import annotations

ALLIANCE = {
    "alliantie_id": "queer-amsterdam",
    "naam": "Alliantie Queer Amsterdam",
    "penvoerder": {"kvk": "12345678", "naam": "COC Amsterdam"},
    "partners": [{"kvk": "23456789", "naam": "MarokQueer Zawia"}, {"kvk": "34567890", "naam": "Papaya Kuir"}],
    "contactpersoon": {"naam": "Sam de Vries", "email": "sam@example.org", "taal": "en"},
}
