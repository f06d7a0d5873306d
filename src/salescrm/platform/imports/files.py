"""The uploaded file: stored in the database in pieces, read back as rows.

Stored in the database (not on a local disk) so that any worker of any server
can run the import and a restarted worker can pick it up. Read back one piece at
a time: a CSV is decoded and parsed as a stream, so a 100k-row file needs no more
memory than a 100-row one. A spreadsheet needs random access and python-calamine reads
a whole sheet at once: it is spooled to a temporary file and read in a child process
under a memory limit (``sheet_reader``), so a hostile file kills the child, not the
worker.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from salescrm.models import ImportFileChunk
from salescrm.platform.imports import sheet_reader

log = logging.getLogger("salescrm.imports")

CHUNK_BYTES = 1024 * 1024
MAX_FILE_BYTES = 200 * 1024 * 1024
SAMPLE_BYTES = 64 * 1024
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary Excel format (OLE2)
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
# Big enough for the longest text field; the csv module's default (128 KB) is too.
csv.field_size_limit(10 * 1024 * 1024)


class FileTooLarge(Exception):
    pass


class UnreadableFile(Exception):
    """The file is neither a CSV in a known encoding nor a spreadsheet we can read."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)


class SpreadsheetTooLarge(UnreadableFile):
    """Over one of the spreadsheet limits (cells, unpacked size, memory): 413."""


@dataclass
class Row:
    line: int  # 1-based line (CSV) or sheet row (XLSX) where the record starts
    cells: list[str]


# --- storing -------------------------------------------------------------------
def store(session: Session, tenant_id: str, import_id: str, upload: BinaryIO) -> tuple[int, bytes]:
    """Copy the upload into the database; return its size and its first bytes."""
    size = 0
    head = b""
    seq = 0
    while chunk := upload.read(CHUNK_BYTES):
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise FileTooLarge
        if seq == 0:
            head = chunk[:SAMPLE_BYTES]
        # Core insert: chunks do not pile up in the session's identity map.
        session.execute(insert(ImportFileChunk).values(
            tenant_id=tenant_id, import_id=import_id, seq=seq, data=chunk))
        seq += 1
    return size, head


class ChunkReader(io.RawIOBase):
    """A read-only binary stream over the stored chunks, fetched one by one."""

    def __init__(self, session: Session, import_id: str) -> None:
        self.session = session
        self.import_id = import_id
        self.seq = 0
        self.buffer = b""
        self.position = 0
        self.eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self.buffer and not self.eof:
            data = self.session.scalar(select(ImportFileChunk.data).where(
                ImportFileChunk.import_id == self.import_id, ImportFileChunk.seq == self.seq))
            self.session.rollback()  # hold no snapshot between pieces
            if data is None:
                self.eof = True
            else:
                self.buffer = bytes(data)
                self.seq += 1
        n = min(len(target), len(self.buffer))
        target[:n] = self.buffer[:n]
        self.buffer = self.buffer[n:]
        self.position += n
        return n


# --- recognising ---------------------------------------------------------------
def file_format(filename: str, head: bytes) -> str:
    if head.startswith((XLSX_MAGIC, XLS_MAGIC)) or filename.lower().endswith(
            SPREADSHEET_SUFFIXES):
        return "xlsx"
    return "csv"


def detect_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text"), else GB18030.

    GB18030 is a superset of GBK and GB2312, which Excel on Chinese Windows writes.
    A sample that is valid UTF-8 is UTF-8: GBK text almost never is.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at the sample's end is fine
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError as exc:
        raise UnreadableFile("import.unknown_encoding") from exc


def sniff_delimiter(first_line: str) -> str:
    """Comma, or semicolon/tab when the header clearly uses those (European Excel, TSV)."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


# --- reading -------------------------------------------------------------------
class CsvRows:
    """Rows of a stored CSV; ``progress`` is the share of bytes consumed so far."""

    def __init__(self, raw: Any, encoding: str, size: int) -> None:
        self.raw = raw
        self.size = max(size, 1)
        self.text = io.TextIOWrapper(io.BufferedReader(raw, 256 * 1024), encoding=encoding,
                                     errors="replace", newline="")

    def progress(self) -> float:
        return min(int(getattr(self.raw, "position", 0)) / self.size, 1.0)

    def __iter__(self) -> Iterator[Row]:
        first = self.text.readline()
        delimiter = sniff_delimiter(first)
        reader = csv.reader(_chain_first(first, self.text), delimiter=delimiter)
        last_line = 0
        for cells in reader:
            start = last_line + 1
            last_line = reader.line_num
            yield Row(start, cells)


def _chain_first(first: str, rest: IO[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


class SheetRows:
    """Rows of the first sheet of an XLSX/XLS/ODS workbook, cells as text, read by
    python-calamine in a child process under a memory limit (see ``sheet_reader``).
    ``header_only`` stops after the first non-blank row."""

    def __init__(self, raw: Any, header_only: bool = False) -> None:
        self.spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed when iterated)
        while chunk := raw.read(CHUNK_BYTES):
            self.spool.write(chunk)
        self.spool.seek(0)
        self.header_only = header_only
        self.total_rows = 1
        self.done_rows = 0

    def progress(self) -> float:
        return min(self.done_rows / self.total_rows, 1.0)

    def __iter__(self) -> Iterator[Row]:
        from salescrm.config import get_settings

        s = get_settings()
        args = [str(s.import_parse_memory_mb), str(s.import_parse_cpu_seconds),
                str(s.import_max_cells)] + (["header"] if self.header_only else [])
        errors = tempfile.TemporaryFile()  # noqa: SIM115  (closed below)
        child = subprocess.Popen([sys.executable, "-m", sheet_reader.__name__, *args],
                                 stdin=self.spool, stdout=subprocess.PIPE, stderr=errors)
        try:
            assert child.stdout is not None
            head = child.stdout.readline()
            if head:
                meta = json.loads(head)
                self.total_rows = max(int(meta["rows"]), 1)
                for n, line in enumerate(child.stdout):
                    self.done_rows = n
                    yield Row(meta["first_row"] + n, json.loads(line))
            if child.wait() != 0:
                raise _child_failure(child.returncode, errors, s)
        finally:
            if child.poll() is None:  # the reader stopped early (a header): stop the child
                child.kill()
                child.wait()
            if child.stdout is not None:
                child.stdout.close()
            errors.close()
            self.spool.close()


def _child_failure(code: int, errors: IO[bytes], s: Any) -> UnreadableFile:
    if code == sheet_reader.EXIT_UNREADABLE:
        return UnreadableFile("import.unreadable_spreadsheet")
    if code == sheet_reader.EXIT_TOO_MANY_CELLS:
        return SpreadsheetTooLarge("import.too_many_cells", max_cells=f"{s.import_max_cells:,}")
    errors.seek(max(errors.seek(0, 2) - 2000, 0))
    log.warning("spreadsheet reader exited with %s: %s", code,
                errors.read().decode("utf-8", "replace"))
    return SpreadsheetTooLarge("import.sheet_limits", max_mb=s.import_parse_memory_mb,
                               max_seconds=s.import_parse_cpu_seconds)


def open_rows(session: Session, import_id: str, fmt: str, encoding: str | None,
              size: int) -> CsvRows | SheetRows:
    raw = ChunkReader(session, import_id)
    if fmt == "xlsx":
        return SheetRows(raw)
    return CsvRows(raw, encoding or "utf-8", size)


def is_blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


def first_row(rows: CsvRows | SheetRows) -> Row | None:
    """The header: the first row that is not blank."""
    for row in rows:
        if not is_blank(row.cells):
            return row
    return None
