"""Normalization for the duplicate check (查重): two spellings of one customer get one key.

Every function returns ``None`` when nothing comparable is left, so an empty value
never "matches" another empty value.
"""

from __future__ import annotations

import re
import unicodedata

# Legal-form suffixes that do not tell two companies apart, longest first so that
# "股份有限公司" is removed whole rather than leaving "股份".
_COMPANY_SUFFIXES = sorted({
    "集团股份有限公司", "集团有限责任公司", "集团有限公司", "控股有限公司",
    "股份有限公司", "有限责任公司", "有限公司", "责任公司", "股份公司", "控股集团",
    "集团公司", "集团", "控股", "公司",
    "company limited", "co ltd", "co limited", "corporation", "incorporated", "limited",
    "company", "group", "holdings", "corp", "inc", "llc", "ltd", "gmbh", "plc", "co",
}, key=len, reverse=True)
_PUNCTUATION = re.compile(
    r"[\s\.,;:'\"`!?&/\\\-_·•・()\[\]{}<>（）【】《》「」『』，。、；：！？]+")
_SPACES = re.compile(r"\s+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_EXTENSION = re.compile(r"(转|ext\.?|x|#).*$", re.IGNORECASE)
DEFAULT_COUNTRY_CODE = "86"


def clean_text(value: object) -> str | None:
    """Trim, full-width → half-width (NFKC), case-fold and collapse inner whitespace."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    text = _SPACES.sub(" ", text).strip()
    return text or None


def person_name_key(value: object) -> str | None:
    """"张 三" and "张三" are one name; "John  SMITH" is "john smith"."""
    text = clean_text(value)
    if text is None:
        return None
    text = _SPACE_NEAR_CJK.sub("", text)
    text = re.sub(r"[·•・.]", "", text)
    return text.strip() or None


def company_name_key(value: object) -> str | None:
    """Company name without legal form, punctuation or spaces.

    "华为技术有限公司" and "华为技术股份有限公司" both become "华为技术";
    "Acme Co., Ltd." and "ACME Inc" both become "acme".
    """
    text = clean_text(value)
    if text is None:
        return None
    words = _PUNCTUATION.sub(" ", text).strip()
    # Strip legal forms from the end, repeatedly ("…集团股份有限公司" → "…").
    changed = True
    while changed and words:
        changed = False
        for suffix in _COMPANY_SUFFIXES:
            if _ends_with_suffix(words, suffix):
                shorter = words[: len(words) - len(suffix)].strip()
                if shorter:  # never strip a name down to nothing ("集团" stays "集团")
                    words, changed = shorter, True
                break
    key = words.replace(" ", "")
    return key or None


def _ends_with_suffix(words: str, suffix: str) -> bool:
    if not words.endswith(suffix):
        return False
    if suffix.isascii():
        # Latin suffixes must be whole words: "disco" is not "dis" + "co".
        head = words[: len(words) - len(suffix)]
        return head == "" or head.endswith(" ")
    return True


# Places and trade words that frame a Chinese company name ("北京" … "科技"): the
# fuzzy search also looks for the name without them, so "北京字节跳动科技" finds "字节跳动".
_PLACES = sorted({
    "北京", "上海", "天津", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港",
    "澳门", "深圳", "广州", "杭州", "南京", "苏州", "成都", "武汉", "西安", "长沙", "郑州",
    "青岛", "宁波", "厦门", "合肥", "济南", "沈阳", "大连", "东莞", "佛山", "无锡", "福州",
    "中国",
}, key=len, reverse=True)
_TRADES = sorted({
    "科技", "技术", "网络", "信息", "电子", "软件", "实业", "贸易", "商贸", "发展", "投资",
    "管理", "咨询", "服务", "工程", "建设", "制造", "电器", "医药", "生物", "文化", "传媒",
    "广告", "教育", "物流", "能源", "环保", "智能", "数字", "系统", "计算机", "通信",
}, key=len, reverse=True)


def company_core(key: str | None) -> str | None:
    """A company key without a leading place and trailing trade words (fuzzy search only)."""
    if not key:
        return None
    core = key
    for place in _PLACES:
        if core.startswith(place) and len(core) > len(place) + 1:
            core = core[len(place):]
            if core[0] in "省市" and len(core) > 2:
                core = core[1:]
            break
    changed = True
    while changed:
        changed = False
        for trade in _TRADES:
            if core.endswith(trade) and len(core) > len(trade) + 1:
                core, changed = core[: -len(trade)], True
                break
    return core


def phone_key(value: object, default_country: str = DEFAULT_COUNTRY_CODE) -> str | None:
    """A phone or mobile number in E.164 (``+8613812345678``); +86 unless it says otherwise.

    Chinese mobiles are 11 digits starting with 1; a national number starting with 0
    (a landline with its area code, 010-…) drops the trunk 0. Extensions are ignored.
    """
    text = clean_text(value)
    if text is None:
        return None
    text = _EXTENSION.sub("", text) if re.search(r"\d", text) else text
    plus = text.lstrip("( ").startswith("+")
    digits = re.sub(r"\D", "", text)
    if len(digits) < 5:
        return None
    if plus:
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if default_country == "86":
        if len(digits) == 13 and digits.startswith("861"):
            return "+" + digits
        if len(digits) == 11 and digits.startswith("1"):
            return "+86" + digits
    if digits.startswith("0"):
        return f"+{default_country}{digits[1:]}"
    return f"+{default_country}{digits}"


def email_key(value: object) -> str | None:
    """E-mail addresses compare case-insensitively and without surrounding spaces."""
    text = clean_text(value)
    if text is None or "@" not in text:
        return None
    return text.replace(" ", "")


NORMALIZERS = {
    "company": company_name_key,
    "person": person_name_key,
    "phone": phone_key,
    "email": email_key,
    "text": clean_text,
}
