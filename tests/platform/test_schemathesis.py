"""Fuzz the whole published OpenAPI document (``/api/openapi.json``) with schemathesis.

Every operation in the document at the time the test runs — other modules keep adding
endpoints, nothing is listed here — gets positive and negative examples, sent as a
signed-in tenant administrator, with every built-in check enabled (the ``--checks all``
of the CLI): no server error, status codes, content types, headers and bodies as
documented, valid input accepted, invalid input rejected, authentication not ignored.
Examples are bounded and derandomized so the run is short and repeatable.

The operations are read from the application at collection time (one test per
operation and backend). Hypothesis drives schemathesis' strategies directly: the
schemathesis pytest plugin's lazy fixture loader does not work with this pytest.
"""

from __future__ import annotations

import tempfile
from functools import cache
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

from salescrm.config import Settings
from tests.factories import Api

# Bounded so the whole run (hundreds of operations, two databases) stays near two
# minutes on two cores; PostgreSQL repeats the contract with fewer examples.
EXAMPLES_PER_OPERATION = {"sqlite": 8, "postgresql": 4}
# Rejections that depend on the data, not on the shape of the request, so no schema can
# express them: an id that names no visible record, a cursor the server never issued,
# an uploaded file whose content does not fit its mapping (columns, encoding, header).
# A schema-valid request rejected for any other reason is a dishonest contract.
STATE_DEPENDENT_CODES = frozenset({
    "field.lookup", "query.bad_cursor",
    # a condition leaf or action names a field: which fields an object has is metadata
    "condition.unknown_field",
    # a lookup's target may be any custom object of the tenant, not only a built-in one
    "custom.target_unknown",
    # a field_changed/scheduled rule names one of the object's (date) fields: metadata
    "automation.field_needed",
    # analytics slicers name a user, department or pipeline; a report names any object
    # (custom ones included) — which exist is the tenant's data
    "analytics.user_unknown", "analytics.department_unknown", "analytics.pipeline_unknown",
    "analytics.campaign_unknown", "analytics.product_unknown", "report.unknown_object",
    # one live exchange rate per currency, never for the company's own currency
    "currency.rate_exists", "currency.is_base",
    # relations between parameters, said in the descriptions, that OpenAPI cannot state:
    # from ≤ to, a span of at most ten years (an open end defaults to today), 1970–2200
    "analytics.from_after_to", "analytics.range_too_long", "analytics.date_range",
    # approval steps refer to each other by key: a "next" must name another step's key,
    # keys must differ and the chain must end — relations inside one body (like the
    # unique stage keys of a pipeline) that JSON Schema cannot state
    "approval.next_unknown", "approval.circular", "approval.step_key",
    # a saved list view names an object and its fields: metadata, custom ones included
    "view.unknown_object", "view.unknown_field",
    # a custom object's title names one of the text fields in the same body
    "custom.title_field",
    # an option label names one of the options in the same field definition
    "custom.option_labels",
    # POST /me/password: the caller's current password is theirs to know, not the schema's
    "org.current_password_wrong", "org.password_same",
    # a password reset link's token is one the server made and sent, not one to invent
    "auth.reset_link_invalid",
}) | frozenset(
    f"import.{code}" for code in (
        "file_empty", "no_header", "unknown_encoding", "unreadable_spreadsheet",
        "nothing_mapped", "column_missing", "unknown_target", "readonly_target",
        "required_unmapped", "key_required", "key_unmapped", "bad_key", "unknown_mapping",
        # a stage-history file is a kind only opportunities have: a relation between two
        # form fields that the schema cannot state
        "unknown_kind",
        # a saved mapping's date format names one of its own columns mapped to a date
        "not_a_date_column"))


def positive_data_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis' ``positive_data_acceptance``, except for data-dependent rejections."""
    try:
        return positive_data_acceptance(ctx, response, case)  # type: ignore[no-any-return]
    except RejectedPositiveData:
        codes: set[str | None] = set()
        if response.status_code in (400, 422):
            try:
                codes = {e.get("code") for e in response.json().get("errors") or []}
            except ValueError:
                codes = set()
            if codes and codes <= STATE_DEPENDENT_CODES:
                return None
        raise AssertionError(f"schema-valid request rejected: {response.status_code} "
                             f"codes={sorted(map(str, codes))} {response.text[:600]}") from None


@cache
def _published_document() -> dict[str, Any]:
    """The OpenAPI document, from an app that never touches its (unused) database."""
    from salescrm.app import create_app

    url = f"sqlite:///{tempfile.gettempdir()}/salescrm-openapi-collect.db"
    app = create_app(Settings(database_url=url, embedded_worker=False), start_worker=False)
    return app.openapi()  # type: ignore[no-any-return]


def operation_labels() -> list[str]:
    schema = schemathesis.openapi.from_dict(_published_document())
    return sorted(result.ok().label for result in schema.get_all_operations())


_schemas: dict[int, Any] = {}


def _schema_for(app: Any) -> Any:
    if id(app) not in _schemas:
        _schemas[id(app)] = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    return _schemas[id(app)]


def test_the_published_contract_is_valid_openapi(client) -> None:  # type: ignore[no-untyped-def]
    document = client.get("/api/openapi.json")
    assert document.status_code == 200
    assert document.json()["openapi"].startswith("3.1")
    assert len(operation_labels()) > 10


@pytest.mark.parametrize("label", operation_labels())
def test_operation_honours_its_contract(label: str, app, admin: Api,  # type: ignore[no-untyped-def]
                                       database_url: str) -> None:
    operation = _schema_for(app).find_operation_by_label(label)
    assert operation is not None, f"{label} vanished from the document"
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))
    headers = {"Authorization": f"Bearer {admin.token}", "Accept-Language": "en"}

    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"

    @given(case=cases)
    @settings(max_examples=EXAMPLES_PER_OPERATION[backend], deadline=None, derandomize=True,
              database=None, phases=[Phase.explicit, Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck))
    def fuzz(case: Any) -> None:
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance],
                               additional_checks=[positive_data_accepted])

    fuzz()
