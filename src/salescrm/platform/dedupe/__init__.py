"""Duplicate check (查重): normalization, key columns, exact and fuzzy matching."""

from salescrm.platform.dedupe import messages  # noqa: F401  (registers the messages)
from salescrm.platform.dedupe.keys import DedupeSpec, all_specs, dedupe_spec, spec_for
from salescrm.platform.dedupe.normalize import (
    company_name_key,
    email_key,
    person_name_key,
    phone_key,
)

__all__ = [
    "DedupeSpec",
    "all_specs",
    "company_name_key",
    "dedupe_spec",
    "email_key",
    "person_name_key",
    "phone_key",
    "spec_for",
]
