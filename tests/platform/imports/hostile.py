"""Hostile spreadsheets built by hand (a few MB on disk, huge once unpacked)."""

from __future__ import annotations

import io
import struct
import zipfile

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b'</Types>')
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b'</Relationships>')
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    b'</Relationships>')
COLUMNS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def package(z: zipfile.ZipFile) -> None:
    """The parts every XLSX has around its worksheet and shared strings."""
    for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                       ("xl/workbook.xml", WORKBOOK),
                       ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)):
        z.writestr(name, data)


def one_string_sheet(rows: int, columns: int = 10, header: tuple[str, ...] = ("Name",)
                     ) -> bytes:
    """``rows`` rows × ``columns`` cells that all point at one shared string, under a
    header row: the 300k × 10 file of the incident compresses to a few MB."""
    strings = [*header, "x" * 20]
    shared = len(header)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        package(z)
        z.writestr("xl/sharedStrings.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>").encode())
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b'<sheetData><row r="1">')
            sheet.write("".join(f'<c r="{COLUMNS[i]}1" t="s"><v>{i}</v></c>'
                                for i in range(len(header))).encode())
            sheet.write(b"</row>")
            block = []
            for r in range(2, rows + 2):
                block.append(f'<row r="{r}">' + "".join(
                    f'<c r="{COLUMNS[i]}{r}" t="s"><v>{shared}</v></c>'
                    for i in range(columns)) + "</row>")
                if len(block) == 5000:
                    sheet.write("".join(block).encode())
                    block = []
            sheet.write("".join(block).encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def zip_bomb(declared_bytes: int = 50 * 2**30) -> bytes:
    """A valid-looking XLSX whose worksheet claims to unpack to ``declared_bytes`` (the
    zip's own size fields, which is all a reader has before inflating)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        package(z)
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
    data = bytearray(out.getvalue())
    # Rewrite the worksheet's uncompressed size in its central directory entry.
    name = b"xl/worksheets/sheet1.xml"
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[at + 24:at + 28] = struct.pack("<I", min(declared_bytes, 0xFFFFFFFE))
    return bytes(data)


def sparse_sheet() -> bytes:
    """Two cells, A1 and XFD1048576: tiny everywhere, but a reader that holds the sheet
    as a grid (python-calamine does) needs 16,384 × 1,048,576 cells."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        package(z)
        z.writestr("xl/worksheets/sheet1.xml", (
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b'</sheetData></worksheet>'))
    return out.getvalue()
