"""Dates as spreadsheets write them, read in the format the user chose per column.

``2017-03-01``, ``01/03/2017``, ``01-03-17``, ``3/1/2017``, ``2017/3/1``, the
Excel serial ``42795`` and ``2017年3月1日`` are the same day; only the user knows
whether ``01/03/2017`` is the 1st of March or the 3rd of January. ``auto`` reads
what cannot be misread (year first, Chinese, a day above 12, an Excel serial) and
refuses the rest with a request to choose the column's format — it never guesses.

A value that starts with a four-digit year is read year-month-day whatever the
chosen format: that is how a spreadsheet's real date cells arrive (ISO text), and
no format puts the year first otherwise.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

AUTO = "auto"
EXCEL = "excel"
# The choices offered per column, in the order the import page lists them.
DATE_FORMATS = (AUTO, "YYYY-MM-DD", "DD/MM/YYYY", "DD-MM-YY", "MM/DD/YYYY", "YYYY/M/D",
                EXCEL, "YYYY年M月D日")
# Which order of day, month and year each format reads (separators - / . alike).
_ORDER = {"YYYY-MM-DD": "ymd", "YYYY/M/D": "ymd", "YYYY年M月D日": "ymd",
          "DD/MM/YYYY": "dmy", "DD-MM-YY": "dmy", "MM/DD/YYYY": "mdy"}
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug aside)
_EXCEL_MAX = 2958465  # 9999-12-31

_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_THREE = re.compile(r"^(\d{1,4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,4})$")
_SERIAL = re.compile(r"^\d{1,7}(\.\d+)?$")
# What ``auto`` takes for a serial: five digits (1927–2173). ``2017`` or ``20170301``
# would be read as days in 1905 or in the year 56,000: refused, never guessed.
_AUTO_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


class DateUnreadable(Exception):
    """``key``: ``import.date_unreadable`` or ``import.date_ambiguous``."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _year(text: str) -> int:
    """Two-digit years as POSIX reads them: 69–99 → 19xx, 00–68 → 20xx."""
    y = int(text)
    if len(text) == 2:
        return y + (1900 if y >= 69 else 2000)
    if len(text) != 4:
        raise DateUnreadable("import.date_unreadable")
    return y


def _day(y: int, m: int, d: int) -> date:
    try:
        return date(y, m, d)
    except ValueError as exc:
        raise DateUnreadable("import.date_unreadable") from exc


def _serial(text: str) -> datetime:
    number = float(text)
    if not 1 <= number <= _EXCEL_MAX:
        raise DateUnreadable("import.date_unreadable")
    moment = datetime.combine(_EXCEL_EPOCH, datetime.min.time()) + timedelta(days=number)
    return moment.replace(microsecond=0)


def _ordered(a: str, b: str, c: str, order: str) -> date:
    if order == "dmy":
        return _day(_year(c), int(b), int(a))
    if order == "mdy":
        return _day(_year(c), int(a), int(b))
    return _day(_year(a), int(b), int(c))


def _auto_three(a: str, b: str, c: str) -> date:
    """Day/month or month/day only when the numbers say which."""
    if len(a) == 4:
        return _day(int(a), int(b), int(c))
    if len(c) != 4:
        raise DateUnreadable("import.date_ambiguous")  # 01-03-17: which part is the year?
    first, second = int(a), int(b)
    if first > 12 >= second:
        return _ordered(a, b, c, "dmy")
    if second > 12 >= first:
        return _ordered(a, b, c, "mdy")
    if first == second:
        return _ordered(a, b, c, "dmy")
    if first > 12 and second > 12:
        raise DateUnreadable("import.date_unreadable")
    raise DateUnreadable("import.date_ambiguous")


def read_day(text: str, fmt: str = AUTO) -> date:
    """One date cell (no time) in the column's format."""
    text = text.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d", text):  # a date-time cell in a date column
        text = text[:10]
    match = _YMD.match(text)
    if match:
        y, m, d = match.groups()
        return _day(int(y), int(m), int(d))
    if fmt == EXCEL or (fmt == AUTO and _AUTO_SERIAL.match(text)):
        if not _SERIAL.match(text):
            raise DateUnreadable("import.date_unreadable")
        return _serial(text).date()
    three = _THREE.match(text)
    if three is None:
        raise DateUnreadable("import.date_unreadable")
    a, b, c = three.groups()
    if fmt == AUTO:
        return _auto_three(a, b, c)
    order = _ORDER.get(fmt, "ymd")
    if order == "ymd" and len(a) != 4:
        raise DateUnreadable("import.date_unreadable")
    if order != "ymd" and fmt.endswith("YYYY") and len(c) != 4:
        raise DateUnreadable("import.date_unreadable")
    return _ordered(a, b, c, order)


def read_moment(text: str, fmt: str = AUTO) -> str:
    """One date-time cell as ISO 8601 text (no zone stays without one: UTC)."""
    text = text.strip()
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}T", text):
            return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError as exc:
        raise DateUnreadable("import.date_unreadable") from exc
    if fmt == EXCEL or (fmt == AUTO and _AUTO_SERIAL.match(text)):
        if not _SERIAL.match(text):
            raise DateUnreadable("import.date_unreadable")
        return _serial(text).isoformat()
    day_part, _, clock = text.partition(" ")
    if "日" in day_part and not clock:  # 2017年3月1日14:30
        day_part, _, clock = text.partition("日")
        day_part += "日"
    day = read_day(day_part, fmt)
    clock = clock.strip()
    if not clock:
        return f"{day.isoformat()}T00:00:00"
    match = _CLOCK.match(clock)
    if match is None:
        raise DateUnreadable("import.date_unreadable")
    hour, minute, second, fraction, zone = match.groups()
    if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
        raise DateUnreadable("import.date_unreadable")
    zone = "+00:00" if zone == "Z" else (zone or "")
    if zone and ":" not in zone:
        zone = f"{zone[:3]}:{zone[3:]}"
    return (f"{day.isoformat()}T{int(hour):02d}:{minute}:{second or '00'}"
            f"{fraction or ''}{zone}")


# How a format is named in an error, as the import page's format picker names it: a
# Chinese reader sees an example date, not the pattern's letters.
FORMAT_NAMES: dict[str, dict[str, str]] = {
    AUTO: {"en": "auto-detected", "zh-CN": "自动识别"},
    "YYYY-MM-DD": {"en": "YYYY-MM-DD", "zh-CN": "2017-03-01"},
    "DD/MM/YYYY": {"en": "DD/MM/YYYY", "zh-CN": "01/03/2017（日在前）"},
    "DD-MM-YY": {"en": "DD-MM-YY", "zh-CN": "01-03-17（日在前）"},
    "MM/DD/YYYY": {"en": "MM/DD/YYYY", "zh-CN": "03/01/2017（月在前）"},
    "YYYY/M/D": {"en": "YYYY/M/D", "zh-CN": "2017/3/1"},
    EXCEL: {"en": "Excel serial number", "zh-CN": "Excel 序列号"},
    "YYYY年M月D日": {"en": "YYYY年M月D日", "zh-CN": "2017年3月1日"},
}


def guess_format(values: list[str]) -> str | None:
    """The format that reads the most samples, when the samples say which (for the
    preview's suggestion); None when formats of different orders read as many (day or
    month first cannot be told) or none reads any. A cell no format reads (31/02/2017)
    does not hide the format the rest of the column is written in."""
    read: dict[str, int] = {}
    for fmt in DATE_FORMATS[1:]:
        count = 0
        for value in values:
            try:
                read_day(value.split(" ")[0] if fmt != EXCEL else value, fmt)
            except DateUnreadable:
                continue
            count += 1
        if count:
            read[fmt] = count
    if not read:
        return None
    most = max(read.values())
    fitting = [f for f, n in read.items() if n == most]
    orders = {_ORDER.get(f, f) for f in fitting}
    return fitting[0] if len(orders) == 1 else None
