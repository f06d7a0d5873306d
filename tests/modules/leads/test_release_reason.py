"""Returning a lead to the pool with why (issue 13.3): the reason is a note on the
lead's timeline, written with the release or not at all."""

from __future__ import annotations

from tests.factories import Tenant


def test_the_reason_becomes_a_note_in_the_same_write(tenant: Tenant) -> None:
    rep = tenant.user("Giver")
    lead = rep.create("leads", name="周先生")
    rep.locale = "zh-CN"
    r = rep.post(f"leads/{lead['id']}/release", {"reason": "客户明年才有预算"})
    assert r.status_code == 200, r.text
    assert r.json()["owner_id"] is None
    notes = tenant.admin.get(f"activities?related_id={lead['id']}").json()["items"]
    assert [(n["kind"], n["content"]) for n in notes] == [("note", "退回公海：客户明年才有预算")]


def test_without_a_body_it_releases_as_before_and_bad_bodies_change_nothing(
        tenant: Tenant) -> None:
    rep = tenant.user("Keeper")
    kept = rep.create("leads", name="吴女士")
    assert rep.post(f"leads/{kept['id']}/release", {"reason": "x" * 501}).status_code == 422
    assert rep.post(f"leads/{kept['id']}/release", {"why": "x"}).status_code == 422
    assert rep.get(f"leads/{kept['id']}").json()["owner_id"] == rep.user["id"]
    assert rep.post(f"leads/{kept['id']}/release").status_code == 200
    assert tenant.admin.get(f"activities?related_id={kept['id']}").json()["items"] == []
