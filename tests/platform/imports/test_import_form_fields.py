"""Form fields of POST /imports that the database would refuse are refused first."""

from __future__ import annotations

from tests.factories import Api
from tests.platform.imports.helpers import upload


def test_a_key_no_field_can_have_is_refused_naming_it(admin: Api) -> None:
    """A NUL in the key (or the file name) reached the database: PostgreSQL refused it
    and the answer was a 422 naming nothing (found when the form gained its migration
    fields)."""
    r = admin.client.post("/api/v1/imports", headers=admin.headers,
                          data={"object": "contacts", "key": "na\x00me", "mode": "upsert"},
                          files={"file": ("a\x00.csv", b"name\nx\n")})
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["key"]
    assert upload(admin, "contacts", b"name\nx\n", filename="a\x00.csv").status_code == 202
