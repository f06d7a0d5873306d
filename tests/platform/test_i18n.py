from salescrm.app import load_modules
from salescrm.platform.i18n import MESSAGES, negotiate


def test_every_message_has_both_languages() -> None:
    load_modules()
    missing = [k for k, v in MESSAGES.items() if not v.get("en") or not v.get("zh-CN")]
    assert missing == []


def test_accept_language_negotiation() -> None:
    assert negotiate("en-US,en;q=0.9") == "en"
    assert negotiate("zh-TW,zh;q=0.9,en;q=0.5") == "zh-CN"
    assert negotiate("fr-FR, en;q=0.5") == "en"
    assert negotiate(None) == "zh-CN"
    assert negotiate("de") == "zh-CN"
    assert negotiate("en;q=abc") in ("en", "zh-CN")
