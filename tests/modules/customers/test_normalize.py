"""Every normalization case of the duplicate check (查重), table-driven."""

from __future__ import annotations

import pytest

from salescrm.platform.dedupe.normalize import (
    clean_text,
    company_core,
    company_name_key,
    email_key,
    person_name_key,
    phone_key,
)

CLEAN_TEXT = [
    ("  Acme  ", "acme"),                    # trim
    ("ＡＢＣ　ｄｅｆ", "abc def"),            # full-width letters and ideographic space
    ("ＡＣＭＥ１２３", "acme123"),            # full-width digits
    ("Straße", "strasse"),                   # case-fold, not just lower()
    ("a \t\n b", "a b"),                     # inner whitespace collapses
    ("", None),
    ("   ", None),
    (None, None),
]

COMPANY = [
    ("华为技术有限公司", "华为技术"),
    ("华为技术有限责任公司", "华为技术"),
    ("华为技术股份有限公司", "华为技术"),
    (" 华为技术 有限公司 ", "华为技术"),
    ("华为技术（有限公司）", "华为技术"),               # full-width brackets are punctuation
    ("阿里巴巴集团", "阿里巴巴"),
    ("阿里巴巴集团控股有限公司", "阿里巴巴"),           # suffixes strip repeatedly
    ("腾讯控股", "腾讯"),
    ("小米公司", "小米"),
    ("集团", "集团"),                                    # never stripped to nothing
    ("有限公司", "有限公司"),
    ("Acme Co., Ltd.", "acme"),
    ("ACME CO.,LTD", "acme"),
    ("Acme Company Limited", "acme"),
    ("Acme Inc.", "acme"),
    ("acme, inc", "acme"),
    ("Acme LLC", "acme"),
    ("Acme Corp.", "acme"),
    ("Acme Corporation", "acme"),
    ("Acme GmbH", "acme"),
    ("Acme Widgets Co., Ltd.", "acmewidgets"),
    ("ＡＣＭＥ　Ｉｎｃ．", "acme"),                     # full-width company name
    ("Disco", "disco"),                                  # "co" only as a whole word
    ("Costco", "costco"),
    ("Tesla Inc", "tesla"),
    ("", None),
    (None, None),
]

PERSON = [
    ("张三", "张三"),
    (" 张 三 ", "张三"),                     # spaces inside a Chinese name do not count
    ("张　三", "张三"),                       # ideographic space
    ("John  SMITH", "john smith"),
    ("ＪＯＨＮ Ｓｍｉｔｈ", "john smith"),
    ("阿卜杜·热合曼", "阿卜杜热合曼"),         # middle dot variants
    ("阿卜杜•热合曼", "阿卜杜热合曼"),
    ("", None),
]

PHONE = [
    ("13812345678", "+8613812345678"),
    ("138 1234 5678", "+8613812345678"),
    ("138-1234-5678", "+8613812345678"),
    ("+86 138 1234 5678", "+8613812345678"),
    ("+86-138-1234-5678", "+8613812345678"),
    ("(+86)13812345678", "+8613812345678"),
    ("008613812345678", "+8613812345678"),
    ("8613812345678", "+8613812345678"),
    ("１３８１２３４５６７８", "+8613812345678"),   # full-width digits
    ("010-12345678", "+861012345678"),              # Beijing landline: trunk 0 dropped
    ("021 6123 4567", "+862161234567"),
    ("0755-86001234 转 8001", "+8675586001234"),   # extension ignored
    ("+1 (415) 555-2671", "+14155552671"),
    ("001 415 555 2671", "+14155552671"),
    ("+44 20 7946 0958", "+442079460958"),
    ("1234", None),                                 # too short to compare
    ("n/a", None),
    ("", None),
    (None, None),
]

EMAIL = [
    ("Foo@Example.COM", "foo@example.com"),
    ("  foo@example.com ", "foo@example.com"),
    ("ｆｏｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "foo@example.com"),
    ("not-an-email", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("raw", "expected"), CLEAN_TEXT)
def test_clean_text(raw: str | None, expected: str | None) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), COMPANY)
def test_company_name_key(raw: str | None, expected: str | None) -> None:
    assert company_name_key(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), PERSON)
def test_person_name_key(raw: str | None, expected: str | None) -> None:
    assert person_name_key(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), PHONE)
def test_phone_key(raw: str | None, expected: str | None) -> None:
    assert phone_key(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), EMAIL)
def test_email_key(raw: str | None, expected: str | None) -> None:
    assert email_key(raw) == expected


CORE = [
    ("北京字节跳动科技", "字节跳动"),
    ("深圳市腾讯计算机系统", "腾讯"),
    ("广东省华为", "华为"),
    ("腾讯计算机系统", "腾讯"),
    ("上海", "上海"),                               # never reduced to (almost) nothing
    ("科技", "科技"),
    ("acme", "acme"),
    (None, None),
]


@pytest.mark.parametrize(("key", "expected"), CORE)
def test_company_core_for_fuzzy_search(key: str | None, expected: str | None) -> None:
    assert company_core(key) == expected
