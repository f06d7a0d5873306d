"""Salesforce Data Loader and HubSpot exports, imported as they come: records keep
their source ids, and later files that refer to them link to the right record."""

from __future__ import annotations

from typing import Any

from tests.factories import Api, Tenant
from tests.platform.imports.helpers import run_import

# Data Loader writes upper-case API names and 18-character ids.
SF_ACCOUNTS = (
    '"ID","NAME","TYPE","INDUSTRY","BILLINGSTREET","BILLINGCITY","BILLINGSTATE",'
    '"BILLINGCOUNTRY","PHONE","WEBSITE","ANNUALREVENUE","OWNERID"\n'
    '"0015g00000AbCdEAAV","Acme Robotics","Customer - Direct","Manufacturing",'
    '"1 Main St","Shenzhen","Guangdong","China","(0755) 8888-1234","www.acme.example",'
    '"5000000","0055g000003XyZaAAK"\n'
    '"0015g00000AbCdFAAV","Globex 上海","Prospect","Technology","","上海","上海",'
    '"China","021.5555.0100","https://globex.example","","0055g000003XyZaAAK"\n'
    '"0015g00000AbCdGAAV","","Prospect","","","","","","","","",""\n'
)
# Contacts refer to accounts by AccountId; one in the 15-character form of a report.
SF_CONTACTS = (
    "Id,AccountId,LastName,FirstName,Salutation,Title,Email,Phone,MobilePhone,"
    "MailingCity,LeadSource\n"
    "0035g00000QwErTAAV,0015g00000AbCdEAAV,Smith,Jane,Ms.,CTO,jane@acme.example,"
    "+1 415 555 0101,+1 415 555 0102,San Francisco,Web\n"
    "0035g00000QwErUAAV,0015g00000AbCdF,王,小红,,采购经理,xiaohong@globex.example,,"
    "13912345678,上海,\n"
    "0035g00000QwErVAAV,0015g00000ZZZZZAAV,Nobody,Ned,,,ned@example.com,,,,\n"
)
HS_COMPANIES = (
    "Record ID,Company name,Company Domain Name,Industry,Phone Number,City,State/Region,"
    "Country/Region,Create Date,Company owner\n"
    "5101,深圳市腾达科技有限公司,tenda.example,COMPUTER_SOFTWARE,0755-26580000,深圳,"
    "广东,China,2024-03-01 10:12,Li Lei\n"
    "5102,Initech,initech.example,,+1 512 555 0199,Austin,Texas,United States,"
    "2024-03-02 09:00,\n"
)
HS_CONTACTS = (
    "Record ID,First Name,Last Name,Email,Phone Number,Job Title,Lifecycle Stage,"
    "Associated Company IDs,Associated Company,Create Date\n"
    "701,Peter,Gibbons,peter@initech.example,+1 512 555 0100,Engineer,customer,5102,"
    "Initech,2024-03-05 08:00\n"
    "702,志强,陈,zhiqiang@tenda.example,13800138000,销售总监,lead,,"
    "深圳市腾达科技有限公司,2024-03-06 08:00\n"
    "703,Milton,Waddams,milton@initech.example,,Collator,lead,9999,,2024-03-07 08:00\n"
)


def _by_name(api: Api, object_name: str) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in api.get(f"{object_name}?limit=500").json()["items"]}


def test_salesforce_accounts_then_contacts_link_up(admin: Api, worker: Any) -> None:
    status = run_import(admin, worker, "accounts", SF_ACCOUNTS.encode(), template="salesforce")
    assert (status["created"], status["failed"]) == (2, 1), status["errors"]
    assert status["errors"][0]["row"] == 4 and status["errors"][0]["field"] == "name"
    ignored = {w["field"] for w in status["warnings"]}
    assert {"TYPE", "OWNERID", "ANNUALREVENUE"} <= ignored
    accounts = _by_name(admin, "accounts")
    acme = accounts["Acme Robotics"]
    assert acme["city"] == "Shenzhen" and acme["province"] == "Guangdong"
    assert acme["website"] == "http://www.acme.example"
    assert accounts["Globex 上海"]["phone"] == "021-5555-0100"

    status = run_import(admin, worker, "contacts", SF_CONTACTS.encode(), template="salesforce")
    assert (status["created"], status["failed"]) == (2, 1), status["errors"]
    [error] = status["errors"]
    assert error["row"] == 4 and error["field"] == "account_id"
    assert "0015g00000ZZZZZAAV" in error["message"]
    contacts = _by_name(admin, "contacts")
    assert contacts["Jane Smith"]["account_id"] == acme["id"]
    assert contacts["王小红"]["account_id"] == accounts["Globex 上海"]["id"]
    assert contacts["王小红"]["mobile"] == "13912345678"


def test_the_same_file_twice_inserts_nothing_twice_and_upsert_updates(admin: Api,
                                                                       worker: Any) -> None:
    run_import(admin, worker, "accounts", SF_ACCOUNTS.encode(), template="salesforce")
    again = run_import(admin, worker, "accounts", SF_ACCOUNTS.encode(), template="salesforce")
    assert again["created"] == 0 and again["failed"] == 3
    assert {e["field"] for e in again["errors"]} == {"external_id", "name"}
    changed = SF_ACCOUNTS.replace('"Manufacturing"', '"Robotics"')
    status = run_import(admin, worker, "accounts", changed.encode(), template="salesforce",
                        mode="upsert")
    # Issue 10: only Acme's industry changed; Globex's row is counted as unchanged.
    assert (status["created"], status["updated"], status["unchanged"], status["failed"]) == (
        0, 1, 1, 1)
    accounts = _by_name(admin, "accounts")
    assert accounts["Acme Robotics"]["industry"] == "Robotics"
    assert len(accounts) == 2


def test_a_deleted_record_is_imported_afresh(admin: Api, worker: Any) -> None:
    run_import(admin, worker, "accounts", SF_ACCOUNTS.encode(), template="salesforce")
    acme = _by_name(admin, "accounts")["Acme Robotics"]
    assert admin.delete(f"accounts/{acme['id']}").status_code == 204
    status = run_import(admin, worker, "accounts", SF_ACCOUNTS.encode(), template="salesforce")
    assert status["created"] == 1, status["errors"]
    fresh = _by_name(admin, "accounts")["Acme Robotics"]
    assert fresh["id"] != acme["id"]
    status = run_import(admin, worker, "contacts", SF_CONTACTS.encode(), template="salesforce")
    assert _by_name(admin, "contacts")["Jane Smith"]["account_id"] == fresh["id"]


def test_hubspot_companies_then_contacts(admin: Api, worker: Any) -> None:
    status = run_import(admin, worker, "accounts", HS_COMPANIES.encode("utf-8-sig"),
                        filename="hubspot-crm-exports-all-companies.csv", template="hubspot")
    assert (status["created"], status["failed"]) == (2, 0), status["errors"]
    accounts = _by_name(admin, "accounts")
    tenda = accounts["深圳市腾达科技有限公司"]
    assert tenda["website"] == "http://tenda.example" and tenda["province"] == "广东"

    status = run_import(admin, worker, "contacts", HS_CONTACTS.encode(), template="hubspot")
    assert (status["created"], status["failed"]) == (2, 1), status["errors"]
    assert status["errors"][0]["row"] == 4 and status["errors"][0]["field"] == "account_id"
    contacts = _by_name(admin, "contacts")
    assert contacts["Peter Gibbons"]["account_id"] == accounts["Initech"]["id"]
    assert contacts["Peter Gibbons"]["title"] == "Engineer"
    # No company id: the associated company's name links it.
    assert contacts["陈志强"]["account_id"] == tenda["id"]


def test_leads_from_salesforce_follow_the_assignment_rules(tenant: Tenant,
                                                           worker: Any) -> None:
    admin = tenant.admin
    south = tenant.user("South", roles=["sales_rep"])
    r = admin.post("lead_assignment_rules", {"name": "华南", "match_field": "province",
                                             "match_values": ["广东"],
                                             "user_ids": [south.user["id"]]})
    assert r.status_code == 201, r.text
    csv = ("Id,FirstName,LastName,Company,Email,MobilePhone,LeadSource,Status,State,City\n"
           "00Q5g00000LdA1AAK,伟,张,广州小鹏,zw@example.com,13711112222,Web,"
           "Open - Not Contacted,广东省,广州\n"
           "00Q5g00000LdA2AAK,Ann,Lee,Umbrella,ann@example.com,,Trade Show,"
           "Working - Contacted,Zhejiang,Hangzhou\n")
    status = run_import(admin, worker, "leads", csv.encode(), template="salesforce")
    assert (status["created"], status["failed"]) == (2, 0), status["errors"]
    leads = {r["name"]: r for r in admin.get("leads").json()["items"]}
    assert leads["张伟"]["owner_id"] == south.user["id"]
    assert leads["张伟"]["status"] == "new" and leads["Ann Lee"]["status"] == "contacted"
    assert leads["Ann Lee"]["owner_id"] != south.user["id"]


def test_opportunities_go_through_the_sales_service(admin: Api, worker: Any) -> None:
    run_import(admin, worker, "accounts", SF_ACCOUNTS.encode(), template="salesforce")
    csv = ("Id,Name,AccountId,Amount,CloseDate,StageName\n"
           "0065g00000Op1AAK,Acme 二期,0015g00000AbCdEAAV,\"120,000.00\",2026-12-31,"
           "Negotiation/Review\n"
           "0065g00000Op2AAK,Acme 维保,0015g00000AbCdEAAV,8000,2026-06-30,Closed Won\n"
           "0065g00000Op3AAK,Bad stage,0015g00000AbCdEAAV,1,2026-06-30,Nonsense\n")
    status = run_import(admin, worker, "opportunities", csv.encode(), template="salesforce")
    assert (status["created"], status["failed"]) == (2, 1), status["errors"]
    assert status["errors"][0]["field"] == "stage"
    opps = _by_name(admin, "opportunities")
    assert opps["Acme 二期"]["stage"] == "negotiation" and opps["Acme 二期"]["amount"] == \
        "120000.00"
    assert opps["Acme 维保"]["status"] == "won"


def test_records_outside_the_scope_answer_like_missing_ones(tenant: Tenant,
                                                            worker: Any) -> None:
    """Issue 11: source ids naming records the importer cannot see answer as if those
    records did not exist — no telling that they do — in upsert and insert mode alike;
    the records and their source-id links are left alone."""
    admin = tenant.admin
    run_import(admin, worker, "accounts", SF_ACCOUNTS.encode(), template="salesforce")
    rep = tenant.user("Importer")
    # Other names, so the company-wide duplicate check (查重) stays out of the picture.
    theirs = SF_ACCOUNTS.replace("Acme Robotics", "Acme East").replace("Globex 上海", "Globex 北京")
    for mode in ("upsert", "insert"):
        status = run_import(rep, worker, "accounts", theirs.encode(), template="salesforce",
                            mode=mode)
        # As in an empty company: two rows created, the one without a name fails.
        assert (status["created"], status["updated"], status["failed"]) == (2, 0, 1), status
        assert [e["code"] for e in status["errors"]] == ["field.required"]
        for item in rep.get("accounts?limit=500").json()["items"]:
            rep.delete(f"accounts/{item['id']}")
    mine = {a["name"]: a for a in admin.get("accounts?limit=500").json()["items"]
            if a["owner_id"] == admin.user["id"]}
    assert mine["Acme Robotics"]["industry"] == "Manufacturing"
    # The source ids still name the administrator's records.
    changed = SF_ACCOUNTS.replace('"Manufacturing"', '"Robotics"')
    again = run_import(admin, worker, "accounts", changed.encode(), template="salesforce",
                       mode="upsert")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 1, 1), again
