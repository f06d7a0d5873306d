from tests.factories import Api


def test_signed_in_admin_creates_and_reads_an_account(admin: Api) -> None:
    created = admin.create("accounts", name="华为技术有限公司", province="广东")
    got = admin.get(f"accounts/{created['id']}").json()
    assert got["name"] == "华为技术有限公司"
    assert got["owner_id"] == admin.user["id"]
    assert got["version"] == 1
