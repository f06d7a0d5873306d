"""Reading a whole spreadsheet in a child process with a memory limit.

python-calamine has no streaming reader: it holds the whole first sheet in memory,
and a small hostile file (one shared string in millions of cells, a sparse sheet
whose last cell is XFD1048576) can need gigabytes. Done in the server or worker
process, that kills it along with every other request and job; done here, in a
child whose address space is capped (``RLIMIT_AS``) and CPU time too
(``RLIMIT_CPU``), only the child dies and the import fails with a message naming
the limit.

The child reads the spooled file on its stdin and writes JSON lines on stdout: first
``{"first_row": n, "rows": height}``, then each row's cells as text, column A first
(so column numbers agree with the streaming XLSX header reader) and without the
empty cells after the last filled one. This module is also the child's program
(``python -m salescrm.platform.imports.sheet_reader``): it imports nothing heavy.
"""

from __future__ import annotations

import json
import resource
import sys
from datetime import date, datetime, time
from typing import Any

MB = 2**20
EXIT_UNREADABLE = 2
EXIT_TOO_MANY_CELLS = 3


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a user typed: 13812345678.0 → "13812345678"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def trim(cells: list[str]) -> list[str]:
    """Without the empty cells after the last filled one (a spreadsheet row is as wide
    as the widest row; a header is as wide as its last name)."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def row_texts(cells: list[Any], pad: int) -> list[str]:
    return trim([""] * pad + [cell_text(c) for c in cells])


def main(argv: list[str]) -> int:
    memory_mb, cpu_seconds, max_cells = (int(a) for a in argv[:3])
    header_only = argv[3:4] == ["header"]
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * MB, memory_mb * MB))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    from python_calamine import CalamineError, CalamineWorkbook

    out = sys.stdout
    try:
        with open(0, "rb", closefd=False) as stdin:
            sheet = CalamineWorkbook.from_filelike(stdin).get_sheet_by_index(0)
    except (CalamineError, ValueError, OSError):
        return EXIT_UNREADABLE
    first_row, first_col = sheet.start or (0, 0)
    if sheet.height * sheet.width > max_cells:
        return EXIT_TOO_MANY_CELLS
    out.write(json.dumps({"first_row": first_row + 1, "rows": sheet.height}) + "\n")
    for cells in sheet.iter_rows():
        texts = row_texts(cells, first_col)
        out.write(json.dumps(texts) + "\n")
        if header_only and any(t.strip() for t in texts):
            break
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
