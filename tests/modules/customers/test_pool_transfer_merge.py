"""Customer pool (公海) of accounts, ownership transfer, and merging two accounts."""

from __future__ import annotations

from tests.factories import Api, Tenant


def test_account_pool_claim_release_and_cap(tenant: Tenant) -> None:
    admin = tenant.admin
    rep1, rep2 = tenant.user("Rep1"), tenant.user("Rep2")
    pooled = admin.create("accounts", name="公海客户", owner_id=None)
    assert pooled["id"] in {i["id"] for i in rep2.get("accounts?limit=500").json()["items"]}
    claimed = rep1.post(f"accounts/{pooled['id']}/claim")
    assert claimed.status_code == 200 and claimed.json()["owner_id"] == rep1.user["id"]
    assert rep2.get(f"accounts/{pooled['id']}").status_code == 404
    assert rep2.post(f"accounts/{pooled['id']}/claim").status_code == 404
    assert rep1.post(f"accounts/{pooled['id']}/release").json()["owner_id"] is None
    admin.patch("pool_settings/accounts", {"max_held": 1})
    rep2.create("accounts", name="自己的客户")
    capped = rep2.post(f"accounts/{pooled['id']}/claim")
    assert capped.status_code == 403 and capped.json()["max_held"] == 1


def test_transfer_moves_the_account_and_its_contacts_with_audit(tenant: Tenant) -> None:
    rep1, rep2, rep3 = tenant.user("Rep1"), tenant.user("Rep2"), tenant.user("Rep3")
    account = rep1.create("accounts", name="转移客户")
    c1 = rep1.create("contacts", name="联系人一", account_id=account["id"])
    c2 = rep1.create("contacts", name="联系人二", account_id=account["id"])
    # A colleague's contact on the same account stays with the colleague.
    theirs = tenant.admin.create("contacts", name="同事的联系人", account_id=account["id"],
                                 owner_id=rep3.user["id"])
    r = rep1.post(f"accounts/{account['id']}/transfer", {"owner_id": rep2.user["id"]})
    assert r.status_code == 200, r.text
    assert r.json()["owner_id"] == rep2.user["id"]
    assert rep1.get(f"accounts/{account['id']}").status_code == 404
    for c in (c1, c2):
        assert rep2.get(f"contacts/{c['id']}").json()["owner_id"] == rep2.user["id"]
    assert tenant.admin.get(f"contacts/{theirs['id']}").json()["owner_id"] == rep3.user["id"]
    audit = tenant.admin.get(f"audit?object=accounts&record_id={account['id']}").json()["items"]
    transfer = next(a for a in audit if a["action"] == "transfer")
    assert transfer["changes"]["owner_id"] == [rep1.user["id"], rep2.user["id"]]
    assert transfer["user_id"] == rep1.user["id"]


def test_transfer_without_contacts_and_bad_input(tenant: Tenant) -> None:
    admin = tenant.admin
    rep = tenant.user("Rep")
    account = admin.create("accounts", name="只转客户")
    contact = admin.create("contacts", name="留下", account_id=account["id"])
    r = admin.post(f"accounts/{account['id']}/transfer",
                   {"owner_id": rep.user["id"], "include_contacts": False})
    assert r.status_code == 200
    assert admin.get(f"contacts/{contact['id']}").json()["owner_id"] == admin.user["id"]
    for body, field in [({"owner_id": "nobody"}, "owner_id"), ({}, "owner_id"),
                        ({"owner_id": rep.user["id"], "include_contacts": "yes"},
                         "include_contacts")]:
        bad = admin.post(f"accounts/{account['id']}/transfer", body)
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == field
    assert admin.post("accounts/nope/transfer", {"owner_id": rep.user["id"]}).status_code == 404


def test_merge_moves_everything_and_deletes_the_duplicate(tenant: Tenant) -> None:
    admin = tenant.admin
    rep = tenant.user("Rep")
    survivor = admin.create("accounts", name="华为技术有限公司", industry="通信")
    duplicate = admin.create("accounts?allow_duplicate=true", name="华为技术",
                             phone="0755-28780808", city="深圳")
    contact = admin.create("contacts", name="任总", account_id=duplicate["id"])
    rep_contact = admin.create("contacts", name="销售的联系人", account_id=duplicate["id"],
                               owner_id=rep.user["id"])
    opp = admin.create("opportunities", name="交换机", account_id=duplicate["id"],
                       amount="10000")
    activity = admin.create("activities", kind="visit", related_type="accounts",
                            related_id=duplicate["id"], content="拜访")
    lead = admin.create("leads", name="线索", company="华为")
    converted = admin.post(f"leads/{lead['id']}/convert", {"account_id": duplicate["id"]})
    assert converted.status_code == 200, converted.text

    r = admin.post(f"accounts/{survivor['id']}/merge", {"duplicate_id": duplicate["id"]})
    assert r.status_code == 200, r.text
    merged = r.json()
    assert merged["name"] == "华为技术有限公司" and merged["industry"] == "通信"
    assert merged["phone"] == "0755-28780808" and merged["city"] == "深圳"  # filled in
    for c in (contact, rep_contact):
        assert admin.get(f"contacts/{c['id']}").json()["account_id"] == survivor["id"]
    assert admin.get(f"opportunities/{opp['id']}").json()["account_id"] == survivor["id"]
    moved_activity = admin.get(f"activities/{activity['id']}").json()
    assert moved_activity["related_id"] == survivor["id"]
    assert admin.get(f"leads/{lead['id']}").json()["converted_account_id"] == survivor["id"]
    assert admin.get(f"accounts/{duplicate['id']}").status_code == 404
    binned = admin.get("accounts?deleted=true").json()["items"]
    assert duplicate["id"] in {a["id"] for a in binned}
    audit = admin.get(f"audit?object=accounts&record_id={survivor['id']}").json()["items"]
    merge = next(a for a in audit if a["action"] == "merge" and "merged_from" in a["changes"])
    assert merge["changes"]["merged_from"] == [None, duplicate["id"]]
    assert merge["changes"]["moved"][1]["contacts"] == 3  # incl. the converted lead's
    gone = admin.get(f"audit?object=accounts&record_id={duplicate['id']}").json()["items"]
    assert any(a["action"] == "merged_into" for a in gone)
    moved = admin.get(f"audit?object=contacts&record_id={contact['id']}").json()["items"]
    assert any(a["changes"].get("account_id") == [duplicate["id"], survivor["id"]]
               for a in moved)


def test_merge_bad_input_and_visibility(tenant: Tenant) -> None:
    admin = tenant.admin
    rep = tenant.user("Rep")
    mine = rep.create("accounts", name="我的客户")
    hidden = admin.create("accounts", name="管理员的客户")
    r = rep.post(f"accounts/{mine['id']}/merge", {"duplicate_id": hidden["id"]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "duplicate_id"
    assert rep.post(f"accounts/{hidden['id']}/merge",
                    {"duplicate_id": mine["id"]}).status_code == 404
    same = rep.post(f"accounts/{mine['id']}/merge", {"duplicate_id": mine["id"]})
    assert same.status_code == 422
    missing = rep.post(f"accounts/{mine['id']}/merge", {})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "duplicate_id"
    # Nothing changed.
    assert admin.get(f"accounts/{hidden['id']}").status_code == 200
    assert rep.get(f"accounts/{mine['id']}").json()["version"] == 1


def test_custom_lookup_to_accounts_moves_on_merge(admin: Api) -> None:
    field = admin.post("meta/objects/contacts/fields", {
        "api_name": "referrer_account", "label": "推荐客户", "type": "lookup",
        "target": "accounts"})
    assert field.status_code == 201, field.text
    survivor = admin.create("accounts", name="甲公司")
    duplicate = admin.create("accounts", name="甲公司分部")
    contact = admin.create("contacts", name="引荐人", referrer_account=duplicate["id"])
    r = admin.post(f"accounts/{survivor['id']}/merge", {"duplicate_id": duplicate["id"]})
    assert r.status_code == 200, r.text
    assert admin.get(f"contacts/{contact['id']}").json()["referrer_account"] == survivor["id"]
