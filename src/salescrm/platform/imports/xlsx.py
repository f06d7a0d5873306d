"""Looking at an uploaded XLSX without unpacking it: sizes, header row, cell count.

An XLSX is a zip of XML parts, and what costs memory is what the parts unpack to,
not the upload: a 7.9 MB file of 300k rows × 10 cells that all point at one shared
string unpacks to 100 MB of XML and to hundreds of MB once a reader (python-calamine
loads a whole sheet) holds every cell. So, during the upload request:

1. the zip's own size fields are checked first (per part, in total, and the
   compression ratio), before anything is inflated;
2. the header row is read streaming (an XML pull parser over the worksheet, stopped
   after the first non-blank row, and over the shared strings only up to the ones
   the header uses);
3. the cells are counted streaming (a byte scan of the inflated worksheet that stops
   at the limit).

Each check answers 413 ``import.too_large`` naming the limit. The full read happens
later in the job worker, in a child process with a memory limit (``sheet_reader``).
Sizes read while inflating are counted too: the size fields may lie.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree import ElementTree

from salescrm.platform.imports.files import Row, SpreadsheetTooLarge, UnreadableFile, is_blank
from salescrm.platform.imports.sheet_reader import cell_text, trim

MB = 2**20
READ_BYTES = 1 << 20
# Parts other than the worksheets and the shared strings (styles, themes, drawings)
# are small in any real workbook.
MAX_OTHER_PART_MB = 32
MAX_PARTS = 5000
# Rows looked at for a header before giving up (a sheet that starts with a million
# blank rows has no header a user could see).
HEADER_SCAN_ROWS = 10_000
# Ratios above this are only ever zip bombs; small parts are not checked (a 1 KB part
# of repeated bytes compresses very well and costs nothing).
RATIO_CHECKED_FROM = 1 * MB
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


@dataclass(frozen=True)
class Limits:
    max_cells: int
    max_unzipped_mb: int
    max_sheet_mb: int
    max_shared_strings_mb: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        from salescrm.config import get_settings

        s = get_settings()
        return cls(s.import_max_cells, s.import_max_unzipped_mb, s.import_max_sheet_mb,
                   s.import_max_shared_strings_mb, s.import_max_zip_ratio)


def is_xlsx(fileobj: IO[bytes]) -> bool:
    """A zip with a workbook part (XLSX/XLSM); ODS is a zip too, but not this one."""
    try:
        with zipfile.ZipFile(fileobj) as zf:
            return WORKBOOK in zf.NameToInfo
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        fileobj.seek(0)


def inspect(fileobj: IO[bytes], limits: Limits) -> Row | None:
    """Check an XLSX's sizes and cell count; return its header (first non-blank row)."""
    try:
        zf = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile("import.unreadable_spreadsheet") from exc
    try:
        with zf:
            sheet, strings = _parts(zf, limits)
            header = _header(zf, sheet, strings, limits)
            _count_cells(zf, sheet, limits)
            return header
    # zipfile raises NotImplementedError for a compression method it cannot read (an
    # XLSX written by an odd tool): that file is unreadable to us, not a gap in our code.
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, EOFError,
            NotImplementedError, ValueError) as exc:
        raise UnreadableFile("import.unreadable_spreadsheet") from exc
    finally:
        fileobj.seek(0)


# --- sizes -------------------------------------------------------------------------
def _cap_mb(name: str, sheet: str, strings: str, limits: Limits) -> int:
    if name == sheet or name.startswith("xl/worksheets/"):
        return limits.max_sheet_mb
    if name == strings:
        return limits.max_shared_strings_mb
    return MAX_OTHER_PART_MB


def _parts(zf: zipfile.ZipFile, limits: Limits) -> tuple[str, str | None]:
    """The first worksheet's and the shared strings' part names, once every part's
    declared size and compression ratio are within the limits."""
    infos = zf.infolist()
    if not infos or len(infos) > MAX_PARTS:
        raise UnreadableFile("import.unreadable_spreadsheet")
    biggest = max(infos, key=lambda i: i.file_size)
    if sum(i.file_size for i in infos) > limits.max_unzipped_mb * MB:
        raise _too_big(biggest.filename, limits.max_unzipped_mb)
    widest = max(limits.max_sheet_mb, limits.max_shared_strings_mb, MAX_OTHER_PART_MB)
    if biggest.file_size > widest * MB:  # before the workbook part is parsed
        raise _too_big(biggest.filename, widest)
    sheet, strings = _first_sheet(zf)
    for info in infos:
        cap = _cap_mb(info.filename, sheet, strings or "", limits)
        if info.file_size > cap * MB:
            raise _too_big(info.filename, cap)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECKED_FROM and ratio > limits.max_ratio:
            raise SpreadsheetTooLarge("import.zip_ratio", part=info.filename,
                                      max_ratio=limits.max_ratio)
    return sheet, strings


def _too_big(part: str, max_mb: int) -> SpreadsheetTooLarge:
    return SpreadsheetTooLarge("import.unzipped_too_large", part=part, max_mb=max_mb)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_sheet(zf: zipfile.ZipFile) -> tuple[str, str | None]:
    """The first sheet in the workbook's order (the one python-calamine reads) and the
    shared strings part, found through the workbook's relations."""
    workbook = ElementTree.fromstring(zf.read(WORKBOOK))
    first_id = None
    for el in workbook.iter():
        if _local(el.tag) == "sheet":
            first_id = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            break
    targets: dict[str, str] = {}
    strings = None
    if WORKBOOK_RELS in zf.NameToInfo:
        for rel in ElementTree.fromstring(zf.read(WORKBOOK_RELS)):
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
            targets[rel.get("Id") or ""] = path
            if (rel.get("Type") or "").endswith("/sharedStrings"):
                strings = path
    sheet = targets.get(first_id or "") or "xl/worksheets/sheet1.xml"
    if strings is None and "xl/sharedStrings.xml" in zf.NameToInfo:
        strings = "xl/sharedStrings.xml"
    if sheet not in zf.NameToInfo:
        raise UnreadableFile("import.unreadable_spreadsheet")
    if strings not in zf.NameToInfo:
        strings = None
    return sheet, strings


class _Capped:
    """A zip part read through a byte budget: the size fields may lie."""

    def __init__(self, zf: zipfile.ZipFile, name: str, max_mb: int) -> None:
        self.stream = zf.open(name)
        self.name = name
        self.max_mb = max_mb
        self.left = max_mb * MB

    def read(self, n: int = READ_BYTES) -> bytes:
        data = self.stream.read(min(n, READ_BYTES) if n > 0 else READ_BYTES)
        self.left -= len(data)
        if self.left < 0:
            raise _too_big(self.name, self.max_mb)
        return data

    def chunks(self) -> Iterator[bytes]:
        while data := self.read():
            yield data


# --- the header ----------------------------------------------------------------------
def _elements(stream: _Capped, wanted: str) -> Iterator[Any]:
    """Each complete ``wanted`` element, streaming. Every finished element is dropped
    from the tree unless it is inside a ``wanted`` one, so memory stays flat however
    many rows (or other elements) come before the one we need."""
    # "start" / "end" events carry the element itself.
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(
        events=("start", "end"))
    stack: list[Any] = []
    inside = 0  # wanted elements open on the stack
    for data in stream.chunks():
        parser.feed(data)
        events: Iterator[tuple[str, Any]] = parser.read_events()  # type: ignore[assignment]
        for event, el in events:
            is_wanted = _local(el.tag) == wanted
            if event == "start":
                stack.append(el)
                inside += is_wanted
                continue
            stack.pop()
            inside -= is_wanted
            if is_wanted:
                yield el
            if stack and not inside:
                stack[-1].remove(el)


def _column(ref: str | None, previous: int) -> int:
    letters = "".join(ch for ch in (ref or "") if ch.isalpha())
    if not letters:
        return previous + 1
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _text(el: Any) -> str:
    """A shared string or inline string: its ``t`` runs, without phonetic guides."""
    parts: list[str] = []
    for child in el:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _raw_cells(row: Any) -> dict[int, tuple[str, str]]:
    """column → (type, raw value) for each cell of a ``row`` element."""
    cells: dict[int, tuple[str, str]] = {}
    col = -1
    for c in row:
        if _local(c.tag) != "c":
            continue
        col = _column(c.get("r"), col)
        kind = c.get("t") or "n"
        raw = ""
        for child in c:
            name = _local(child.tag)
            if name == "v":
                raw = child.text or ""
            elif name == "is":
                raw = _text(child)
        cells[col] = (kind, raw)
    return cells


def _value(kind: str, raw: str, strings: dict[int, str]) -> str:
    if kind == "s":
        return strings.get(int(raw), "") if raw.strip().isdigit() else ""
    if kind == "b":
        return "true" if raw.strip() == "1" else "false"
    if kind == "n" and raw:
        try:
            return cell_text(float(raw))
        except ValueError:
            return raw
    return raw


def _header(zf: zipfile.ZipFile, sheet: str, strings_part: str | None,
            limits: Limits) -> Row | None:
    stream = _Capped(zf, sheet, limits.max_sheet_mb)
    line = 0
    for scanned, row in enumerate(_elements(stream, "row")):
        if scanned >= HEADER_SCAN_ROWS:
            return None
        ref = row.get("r")
        line = int(ref) if ref and ref.isdigit() else line + 1
        cells = _raw_cells(row)
        wanted = {int(raw) for kind, raw in cells.values()
                  if kind == "s" and raw.strip().isdigit()}
        strings = _shared_strings(zf, strings_part, wanted, limits)
        texts = [""] * (max(cells) + 1 if cells else 0)
        for col, (kind, raw) in cells.items():
            texts[col] = _value(kind, raw, strings)
        texts = trim(texts)
        if not is_blank(texts):
            return Row(line, texts)
    return None


def _shared_strings(zf: zipfile.ZipFile, part: str | None, wanted: set[int],
                    limits: Limits) -> dict[int, str]:
    """The shared strings at the ``wanted`` indexes, read only as far as the last one."""
    found: dict[int, str] = {}
    if not wanted or part is None:
        return found
    last = max(wanted)
    stream = _Capped(zf, part, limits.max_shared_strings_mb)
    for index, si in enumerate(_elements(stream, "si")):
        if index in wanted:
            found[index] = _text(si)
        if index >= last:
            break
    return found


# --- counting cells --------------------------------------------------------------------
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")


def _count_cells(zf: zipfile.ZipFile, sheet: str, limits: Limits) -> None:
    """Count the worksheet's cell elements (``<c …>``) with a byte scan of the inflated
    XML, stopping as soon as the limit is passed. A tag's ``<`` is never text (text
    escapes it), so the count is exact; the namespace prefix, if any, is the root's."""
    stream = _Capped(zf, sheet, limits.max_sheet_mb)
    tail = b""
    prefix: bytes | None = None
    count = 0
    for data in stream.chunks():
        buf = tail + data
        if prefix is None:
            root = _ROOT.search(buf)
            if root is None and len(buf) < 64 * 1024:
                tail = buf
                continue
            prefix = (root.group(1) or b"") if root else b""
            patterns = [b"<" + prefix + b"c" + end for end in (b" ", b">", b"/", b"\t",
                                                                b"\n", b"\r")]
        cut = buf.rfind(b"<")
        cut = len(buf) if cut < 0 else cut
        count += sum(buf.count(p, 0, cut) for p in patterns)
        tail = buf[cut:]
        if count > limits.max_cells:
            raise SpreadsheetTooLarge("import.too_many_cells",
                                      max_cells=f"{limits.max_cells:,}")
