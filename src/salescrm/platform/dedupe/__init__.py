"""Duplicate check (查重): normalization, key columns, exact and fuzzy matching."""

from salescrm.platform.dedupe import messages  # noqa: F401  (registers the messages)
from salescrm.platform.dedupe.keys import DedupeSpec, register_dedupe, spec_for
from salescrm.platform.dedupe.normalize import (
    company_name_key,
    email_key,
    person_name_key,
    phone_key,
)

__all__ = ["DedupeSpec", "company_name_key", "email_key", "person_name_key", "phone_key",
           "register_dedupe", "spec_for"]
