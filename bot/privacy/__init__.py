"""The patient-data guard, backed by libphonenumber and python-stdnum."""

from bot.privacy.contact import ContactRule
from bot.privacy.guard import PatientDataGuard
from bot.privacy.normalize import normalize

__all__ = ["ContactRule", "PatientDataGuard", "normalize"]
