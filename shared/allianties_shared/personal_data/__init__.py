"""Crypto-shredding of contact persons' names and e-mail addresses."""

from allianties_shared.personal_data.vault import PersonalDataVault, SubjectErased

__all__ = ["PersonalDataVault", "SubjectErased"]
