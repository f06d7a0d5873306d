"""Column mappings for other systems' exports, as those systems write them.

Salesforce Data Loader writes field API names as headers (``Id, AccountId,
FirstName …``, upper-case in some versions); HubSpot writes property labels
(``Record ID, First Name, Associated Company IDs …``). Headers are matched
case-insensitively. Each system's record id is kept (``external_id``), and a
column that refers to another record of that system (a contact's ``AccountId``)
is resolved through the ids kept by an earlier import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

TEMPLATES = ("salesforce", "hubspot")


@dataclass(frozen=True)
class Template:
    system: str
    # object → [(target, header aliases in order of preference)]
    columns: dict[str, list[tuple[str, tuple[str, ...]]]]
    # target → {source value (lower case) → our value}
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def mapping(self, object_name: str, headers: list[str]) -> dict[str, str]:
        """file column → target, for the columns of ``headers`` this template knows."""
        by_key = {normalize_header(h): h for h in headers}
        out: dict[str, str] = {}
        for target, aliases in self.columns.get(object_name, []):
            for alias in aliases:
                header = by_key.get(normalize_header(alias))
                if header is not None and header not in out:
                    out[header] = target
        return out


def normalize_header(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\ufeff", "")).strip().lower()


_SF_NAME = [("name", ("Name",)), ("name.first", ("FirstName",)),
            ("name.last", ("LastName",))]

SALESFORCE = Template(
    system="salesforce",
    columns={
        "accounts": [
            ("external_id", ("Id",)), ("name", ("Name",)), ("industry", ("Industry",)),
            ("province", ("BillingState",)), ("city", ("BillingCity",)),
            ("address", ("BillingStreet",)), ("phone", ("Phone",)),
            ("website", ("Website",)), ("source", ("AccountSource",)),
            ("description", ("Description",)),
        ],
        "contacts": [
            ("external_id", ("Id",)), *_SF_NAME, ("account_id", ("AccountId",)),
            ("title", ("Title",)), ("email", ("Email",)), ("phone", ("Phone",)),
            ("mobile", ("MobilePhone",)),
        ],
        "leads": [
            ("external_id", ("Id",)), *_SF_NAME, ("company", ("Company",)),
            ("email", ("Email",)), ("mobile", ("MobilePhone", "Phone")),
            ("source", ("LeadSource",)), ("status", ("Status",)),
            ("province", ("State",)), ("city", ("City",)),
        ],
        "opportunities": [
            ("external_id", ("Id",)), ("name", ("Name",)), ("account_id", ("AccountId",)),
            ("amount", ("Amount",)), ("close_date", ("CloseDate",)),
            ("stage", ("StageName",)), ("lost_reason", ("Loss_Reason__c",)),
        ],
    },
    values={
        "status": {"open - not contacted": "new", "working - contacted": "contacted",
                   "closed - converted": "converted", "closed - not converted": "unqualified"},
        "stage": {"prospecting": "initial", "qualification": "qualified",
                  "needs analysis": "qualified", "value proposition": "proposal",
                  "id. decision makers": "proposal", "perception analysis": "proposal",
                  "proposal/price quote": "proposal", "negotiation/review": "negotiation",
                  "closed won": "won", "closed lost": "lost"},
    },
)

_HS_PERSON = [("external_id", ("Record ID", "Contact ID")), ("name", ("Full Name",)),
              ("name.first", ("First Name",)), ("name.last", ("Last Name",)),
              ("email", ("Email",))]

HUBSPOT = Template(
    system="hubspot",
    columns={
        "accounts": [
            ("external_id", ("Record ID", "Company ID")),
            ("name", ("Company name", "Name")), ("industry", ("Industry",)),
            ("phone", ("Phone Number",)),
            ("website", ("Website URL", "Company Domain Name")),
            ("city", ("City",)), ("province", ("State/Region",)),
            ("address", ("Street Address",)), ("description", ("Description",)),
        ],
        "contacts": [
            *_HS_PERSON,
            # Ids first: they name one company; names are a fallback.
            ("account_id", ("Associated Company IDs (Primary)", "Associated Company IDs",
                            "Associated Company ID", "Associated Company (Primary)",
                            "Associated Company")),
            ("phone", ("Phone Number",)), ("mobile", ("Mobile Phone Number",)),
            ("title", ("Job Title",)),
        ],
        "leads": [
            *_HS_PERSON, ("company", ("Company Name",)),
            ("mobile", ("Mobile Phone Number", "Phone Number")),
            ("city", ("City",)), ("province", ("State/Region",)),
            ("source", ("Original Source", "Original Traffic Source")),
        ],
    },
)

BY_NAME = {"salesforce": SALESFORCE, "hubspot": HUBSPOT}


def salesforce_id(value: str) -> str:
    """Salesforce ids are 15 case-sensitive characters; the 18-character form adds a
    checksum. Files mix both (reports write 15, Data Loader 18): keep the 15."""
    value = value.strip()
    return value[:15] if len(value) == 18 and value.isalnum() else value


def hubspot_id(value: str) -> str:
    """HubSpot writes several associated ids as ``123;456``: the first is the primary."""
    return value.split(";")[0].strip()


ID_NORMALIZERS: dict[str, Callable[[str], str]] = {
    "salesforce": salesforce_id, "hubspot": hubspot_id}


def external_key(system: str | None, value: str) -> str:
    fn = ID_NORMALIZERS.get(system or "")
    return fn(value) if fn else value.strip()
