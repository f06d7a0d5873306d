"""Webhooks never make the server call a loopback, private or link-local address
unless the operator allows it (SALESCRM_WEBHOOK_ALLOW_PRIVATE): refused when saved,
and checked again, after resolving the name, right before each delivery."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from salescrm.config import get_settings
from salescrm.platform.webhooks.delivery import _post
from salescrm.platform.webhooks.destinations import named_private, pinned, resolves_private
from tests.factories import Tenant
from tests.platform.lowcode.test_webhooks import Receiver, deliveries, receiver, subscribe

__all__ = ["receiver"]  # the fixture, imported for this module's tests


@contextmanager
def refusing_private() -> Iterator[None]:
    """The server as deployed: private destinations refused (the tests allow them)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SALESCRM_WEBHOOK_ALLOW_PRIVATE", "false")
        get_settings.cache_clear()
        try:
            yield
        finally:
            mp.undo()
            get_settings.cache_clear()


@pytest.fixture
def private_refused() -> Iterator[None]:
    with refusing_private():
        yield


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/x", "https://localhost/x", "http://app.localhost/x",
    "http://10.1.2.3/x", "http://192.168.1.10:8080/", "http://172.16.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]:9000/", "http://0.0.0.0/",
    "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "http://[fd00::1]/"])
def test_non_public_addresses_are_named_private(url: str) -> None:
    assert named_private(url)
    assert resolves_private(url) is not None


@pytest.mark.parametrize("url", ["https://hooks.example.com/x", "http://93.184.216.34/x",
                                 "https://[2606:4700::1111]/x"])
def test_public_addresses_pass(url: str) -> None:
    assert not named_private(url)


def test_a_name_resolving_to_this_machine_is_caught_at_delivery() -> None:
    # The machine's own name resolves to a loopback or private address everywhere.
    assert resolves_private(f"http://{socket.gethostname()}:8000/hook") is not None


@pytest.mark.usefixtures("private_refused")
def test_saving_a_private_address_is_refused_in_both_languages(tenant: Tenant) -> None:
    for locale, words in (("en", "private or local network"), ("zh-CN", "内网")):
        tenant.admin.locale = locale
        r = tenant.admin.post("webhooks", {"url": "http://169.254.169.254/latest",
                                           "events": ["accounts.created"]})
        assert r.status_code == 422, r.text
        [error] = r.json()["errors"]
        assert error["field"] == "url" and words in error["message"]
    r = tenant.admin.post("automation_rules", {
        "name": "leak", "object": "accounts", "trigger": "created",
        "actions": [{"type": "webhook", "url": "http://10.0.0.5/internal"}]})
    assert r.status_code == 422, r.text
    assert r.json()["errors"][0]["field"] == "actions[0].url"
    assert tenant.admin.get("webhooks").json()["items"] == []


def test_delivery_to_an_address_that_became_private_is_blocked(
        tenant: Tenant, worker: Any, receiver: Receiver) -> None:
    hook = subscribe(tenant.admin, receiver.url, ["accounts.created"])  # allowed then
    with refusing_private():
        tenant.admin.create("accounts", name="不应外发")
        worker.run_until_idle()
    assert receiver.requests == []
    [log] = deliveries(tenant.admin, hook["id"])
    assert log["status"] == "pending" and log["attempts"] == 1
    assert "127.0.0.1 is not a public address" in log["log"][0]["error"]


def test_a_pinned_request_goes_to_the_checked_address_under_its_own_name(
        receiver: Receiver) -> None:
    # The name does not resolve at all: only the pinned address can carry the request.
    port = receiver.server.server_address[1]
    request = pinned(f"http://hooks.example.invalid:{port}/hook?x=1", "127.0.0.1",
                     {"Content-Type": "application/json"})
    assert request.url == f"http://127.0.0.1:{port}/hook?x=1"
    status, error, _ = _post(request.url, b"{}", request.headers, request.extensions)
    assert (status, error) == (200, None)
    assert receiver.requests[0]["headers"]["Host"] == f"hooks.example.invalid:{port}"


def test_pinning_keeps_the_name_for_tls_and_brackets_ipv6() -> None:
    tls = pinned("https://hooks.example.com/in", "2606:4700::1111", {})
    assert tls.url == "https://[2606:4700::1111]/in"
    assert tls.headers["Host"] == "hooks.example.com"
    assert tls.extensions == {"sni_hostname": "hooks.example.com"}


def test_an_unresolvable_name_is_not_sent_anywhere(
        tenant: Tenant, worker: Any, receiver: Receiver) -> None:
    hook = subscribe(tenant.admin, "https://hooks.example.invalid/in", ["accounts.created"])
    with refusing_private():
        tenant.admin.create("accounts", name="无处可去")
        worker.run_until_idle()
    [log] = deliveries(tenant.admin, hook["id"])
    assert log["status"] == "pending" and "does not resolve" in log["log"][0]["error"]


@pytest.mark.parametrize("address", [
    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1",  # NAT64 → 127/8, 169.254
    "::ffff:8.8.8.8", "::8.8.8.8", "::ffff:0:808:808",  # IPv4-mapped, -compatible, SIIT
    "2002:7f00:1::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # 6to4, Teredo
    "fe80::1%eth0"])
def test_ipv6_forms_that_reach_ipv4_are_refused(address: str) -> None:
    """Issue 11: through a NAT64 gateway ``[64:ff9b::7f00:1]`` is 127.0.0.1."""
    url = f"http://[{address}]/hook"
    assert named_private(url) and resolves_private(url) is not None


@pytest.mark.parametrize("url", [
    "http://[::1", "http://%00/", "http://exa%6dple.com/", "http://user:pw@example.com/",
    "http://example.com:99999/", "http://[::::]/", "http://a..b/", "http://exa mple.com/",
    "http://example.com\\@127.0.0.1/", "http:///x", "ftp://example.com/"])
def test_malformed_urls_are_refused_when_saved(url: str, tenant: Tenant,
                                               private_refused: None) -> None:
    r = tenant.admin.post("webhooks", {"url": url, "events": ["accounts.created"]})
    assert r.status_code == 422, (url, r.text)
    assert r.json()["errors"][0] == {**r.json()["errors"][0], "field": "url",
                                     "code": "webhook.url"}
    rule = {"name": "hook", "object": "accounts", "trigger": "created",
            "actions": [{"type": "webhook", "url": url}]}
    r = tenant.admin.post("automation_rules", rule)
    assert r.status_code == 422, (url, r.text)
    assert "automation.url" in {e["code"] for e in r.json()["errors"]}


def test_nat64_destination_is_refused_when_saved(tenant: Tenant, private_refused: None) -> None:
    r = tenant.admin.post("webhooks", {"url": "http://[64:ff9b::7f00:1]:8080/x",
                                       "events": ["accounts.created"]})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "webhook.private_address"
    ok = tenant.admin.post("webhooks", {"url": "https://xn--fiqs8s.example.com/hook",
                                        "events": ["accounts.created"]})
    assert ok.status_code == 201, ok.text
