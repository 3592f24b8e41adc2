"""The import file: sheets and columns (Indonesian headers), reading .xlsx / CSV / zip, template.

One .xlsx workbook with the sheets ``Unit``, ``Jabatan``, ``Pegawai``, ``Penempatan`` and
``Akun`` (any may be left out), or the same sheets as CSV files named after them
(``pegawai.csv``), sent one by one or zipped. openpyxl reads and writes the workbooks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import zipfile
from dataclasses import dataclass, field
from typing import Any

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# lines read per sheet at most: the city has ~5,500 employees; a compressed workbook of a few
# MB could otherwise unfold into millions of rows in memory
MAX_LINES = 50_000
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # a file inside a zip, unpacked


@dataclass(frozen=True)
class Column:
    """One column of a sheet: ``key`` is what the code reads, ``header`` what people see."""

    key: str
    header: str
    required: bool
    hint: str
    example: str = ""
    text: bool = False  # keep as text in the template (NIP: Excel rounds 18-digit numbers)


SHEETS: dict[str, tuple[Column, ...]] = {
    "Unit": (
        Column("agency", "Kode OPD", True, "Kode OPD yang sudah terdaftar", "DINKES"),
        Column("code", "Kode Unit", True, "Unik dalam OPD: A-Z, 0-9, - _ .", "DINKES-P2P"),
        Column("name", "Nama Unit", True, "Nama lengkap unit", "Bidang P2P"),
        Column("parent", "Kode Unit Induk", False, "Kosong: langsung di bawah OPD", "DINKES"),
    ),
    "Jabatan": (
        Column("agency", "Kode OPD", True, "Kode OPD", "DINKES"),
        Column("unit", "Kode Unit", True, "Unit tempat jabatan ini", "DINKES-P2P"),
        Column("name", "Nama Jabatan", True, "Unik dalam unit", "Kepala Bidang P2P"),
        Column(
            "type",
            "Jenis Jabatan",
            True,
            "JPT, ADMINISTRATOR, PENGAWAS, FUNGSIONAL atau PELAKSANA",
            "ADMINISTRATOR",
        ),
        Column("level", "Jenjang", False, "Wajib untuk FUNGSIONAL, mis. AHLI_PERTAMA", ""),
        Column("head", "Kepala Unit", False, "Ya jika jabatan ini memimpin unit", "Ya"),
        Column("superior_agency", "Kode OPD Atasan", False, "Kosong: OPD yang sama", ""),
        Column("superior_unit", "Kode Unit Atasan", False, "Unit jabatan atasan", "DINKES"),
        Column(
            "superior_name",
            "Jabatan Atasan",
            False,
            "Nama jabatan atasan langsung (pejabat penilai)",
            "Kepala Dinas Kesehatan",
        ),
    ),
    "Pegawai": (
        Column("agency", "Kode OPD", True, "Kode OPD", "DINKES"),
        Column("nip", "NIP", True, "18 digit, ditulis sebagai teks", "198609262015051001", True),
        Column("name", "Nama", True, "Nama lengkap dengan gelar", "dr. Siti Aminah"),
        Column("kind", "Jenis Pegawai", True, "PNS atau PPPK", "PNS"),
        Column("golongan", "Golongan", False, "PNS: I/a..IV/e; PPPK: I..XVII", "III/c"),
        Column("email", "Email", False, "", "siti.aminah@pontianak.go.id"),
    ),
    "Penempatan": (
        Column("nip", "NIP", True, "NIP pegawai", "198609262015051001", True),
        Column("agency", "Kode OPD", True, "OPD jabatan", "DINKES"),
        Column("unit", "Kode Unit", True, "Unit jabatan", "DINKES-P2P"),
        Column("position", "Nama Jabatan", True, "Nama jabatan di unit itu", "Kepala Bidang P2P"),
        Column("kind", "Jenis Penempatan", False, "DEFINITIF (bawaan), PLT atau PLH", "DEFINITIF"),
        Column(
            "start", "TMT Mulai", True, "Tanggal mulai (YYYY-MM-DD atau DD-MM-YYYY)", "2024-01-02"
        ),
        Column("end", "TMT Selesai", False, "Kosong jika masih menjabat", ""),
    ),
    "Akun": (
        Column("nip", "NIP", True, "NIP pegawai", "198609262015051001", True),
        Column(
            "password",
            "Kata Sandi Awal",
            False,
            "Wajib untuk akun baru: minimal 12 karakter (bawaan), bukan NIP, bukan kata sandi"
            " umum; wajib diganti saat masuk pertama",
            "ganti-segera-2026",
        ),
        Column("agency_admin", "Admin OPD", False, "Ya: admin OPD tempat pegawai", "Tidak"),
    ),
    # one SKP's RHK and IKI, loaded by its owner with importPlanTargets (not by the org import)
    "Target": (
        Column("kind", "Jenis RHK", False, "UTAMA (bawaan) atau TAMBAHAN", "UTAMA"),
        Column(
            "work_result",
            "Rencana Hasil Kerja",
            True,
            "Uraian RHK; baris dengan RHK yang sama menambah IKI pada RHK itu",
            "Tersusunnya laporan imunisasi bulanan",
        ),
        Column(
            "parent",
            "RHK Atasan",
            False,
            "Uraian RHK pejabat penilai yang diintervensi (wajib untuk RHK UTAMA JA/JF)",
            "",
        ),
        Column("intervention", "Intervensi", False, "LANGSUNG atau TIDAK_LANGSUNG", ""),
        Column("aspect", "Aspek", False, "KUANTITAS (bawaan), KUALITAS, WAKTU, BIAYA", "KUANTITAS"),
        Column("indicator", "Indikator", False, "Uraian IKI; kosong: RHK saja", "Jumlah laporan"),
        Column("target", "Target", False, "Satu nilai (SKP kuantitatif)", "12"),
        Column("target_min", "Target Min", False, "Atau rentang: batas bawah", ""),
        Column("target_max", "Target Max", False, "Atau rentang: batas atas", ""),
        Column("narrative", "Target Naratif", False, "SKP kualitatif: target dalam kalimat", ""),
        Column(
            "unit", "Satuan", False, "Wajib untuk SKP kuantitatif: laporan, %, dokumen", "laporan"
        ),
    ),
}
SHEET_ORDER = tuple(SHEETS)
ORG_SHEETS = ("Unit", "Jabatan", "Pegawai", "Penempatan", "Akun")


def header_of(sheet: str, key: str) -> str:
    return next(c.header for c in SHEETS[sheet] if c.key == key)


@dataclass
class Row:
    """A data row: its line in the sheet (the header is line 1) and its cells by column key."""

    sheet: str
    line: int
    values: dict[str, Any]

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split())


@dataclass
class Problem:
    """A bad row (or a bad sheet, line 1): where, which column, and why as a message code."""

    sheet: str
    line: int
    column: str | None
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "params": {k: _json_safe(v) for k, v in self.params.items()},
        }


def _json_safe(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


@dataclass
class Workbook:
    sheets: dict[str, list[Row]]
    problems: list[Problem]

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.sheets.values())


def _sheet_name(name: str, only: tuple[str, ...]) -> str | None:
    wanted = name.strip().casefold()
    return next((s for s in only if s.casefold() == wanted), None)


def _rows(sheet: str, lines: list[tuple[Any, ...]], problems: list[Problem]) -> list[Row]:
    """Rows of a sheet from its raw lines; the first non-empty line is the header."""
    columns = SHEETS[sheet]
    by_header = {c.header.casefold(): c for c in columns}
    start = 0
    while start < len(lines) and not any(_filled(v) for v in lines[start]):
        start += 1
    if start == len(lines):
        return []
    header = lines[start]
    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        column = by_header.get(" ".join(str(cell or "").split()).casefold())
        if column is not None and column.key not in index:
            index[column.key] = position
    missing = [c.header for c in columns if c.required and c.key not in index]
    for name in missing:
        problems.append(Problem(sheet, start + 1, name, "import.missing_column"))
    if missing:
        return []
    rows = []
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if not any(_filled(v) for v in line):
            continue
        values = {key: line[i] if i < len(line) else None for key, i in index.items()}
        rows.append(Row(sheet, number, values))
    return rows


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _read_xlsx(
    data: bytes, sheets: dict[str, list[Row]], problems: list[Problem], only: tuple[str, ...]
) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for ws in book.worksheets:
            name = _sheet_name(ws.title, only)
            if name is not None:
                lines = list(itertools.islice(ws.iter_rows(values_only=True), MAX_LINES + 1))
                if len(lines) > MAX_LINES:
                    raise UnreadableFile("import.sheet_too_long", sheet=name, max=MAX_LINES)
                sheets[name] = _rows(name, lines, problems)
    finally:
        book.close()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel "CSV" on Windows


def _read_csv(
    name: str, data: bytes, sheets: dict[str, list[Row]], problems: list[Problem]
) -> None:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Indonesian Excel: ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    lines = [tuple(line) for line in itertools.islice(reader, MAX_LINES + 1)]
    if len(lines) > MAX_LINES:
        raise UnreadableFile("import.sheet_too_long", sheet=name, max=MAX_LINES)
    sheets[name] = _rows(name, lines, problems)


class UnreadableFile(Exception):
    """The upload is not an .xlsx workbook, a CSV named after a sheet, or a zip of them."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def read_files(files: list[tuple[str, bytes]], only: tuple[str, ...] = ORG_SHEETS) -> Workbook:
    """Read uploaded files (name, bytes) into rows per sheet of ``only``, plus the problems
    of the sheets themselves (a missing column). Other sheets are ignored."""
    sheets: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    for filename, data in files:
        _read_one(filename, data, sheets, problems, only)
    if not sheets and not problems:
        raise UnreadableFile("import.no_sheets", sheets=", ".join(only))
    return Workbook(sheets={s: sheets[s] for s in only if s in sheets}, problems=problems)


def _read_one(
    filename: str,
    data: bytes,
    sheets: dict[str, list[Row]],
    problems: list[Problem],
    only: tuple[str, ...],
) -> None:
    lower = filename.lower()
    stem = lower.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if data[:2] == b"PK":  # both .xlsx and .zip are zip archives
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:  # cut short in transit, or not a zip after all
            raise UnreadableFile("import.bad_workbook", reason=str(exc)[:200]) from None
        with archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:  # an Office Open XML workbook
                try:
                    _read_xlsx(data, sheets, problems, only)
                except UnreadableFile:
                    raise
                except Exception as exc:  # openpyxl raises many kinds on a damaged file
                    raise UnreadableFile("import.bad_workbook", reason=str(exc)[:200]) from None
                return
            for inner in names:
                if inner.lower().endswith((".csv", ".xlsx")) and not inner.startswith("__MACOSX"):
                    if archive.getinfo(inner).file_size > MAX_UNZIPPED_BYTES:
                        raise UnreadableFile("import.file_too_large", filename=inner)
                    _read_one(inner, archive.read(inner), sheets, problems, only)
        return
    if lower.endswith(".csv") or lower.endswith(".txt"):
        name = _sheet_name(stem, only)
        if name is None:
            raise UnreadableFile("import.csv_name", filename=filename, sheets=", ".join(only))
        _read_csv(name, data, sheets, problems)
        return
    raise UnreadableFile("import.file_type", filename=filename)


# --- values --------------------------------------------------------------------------------

YES = {"ya", "y", "yes", "true", "1", "benar"}
NO = {"tidak", "t", "no", "n", "false", "0", "bukan", ""}


def parse_bool(text: str) -> bool | None:
    lowered = text.strip().casefold()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    return None


def parse_date(value: Any) -> dt.date | None:
    """A date cell, or text as YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY; None when unreadable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# --- template ------------------------------------------------------------------------------


def template_workbook() -> bytes:
    """An .xlsx with every sheet, its headers, one example row and a sheet of instructions."""
    from openpyxl import Workbook as XlsxBook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    book = XlsxBook()
    guide = book.active
    guide.title = "Petunjuk"
    guide.append(["Lembar", "Kolom", "Wajib", "Keterangan"])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in guide[1]:
        cell.font = bold
    for sheet, columns in SHEETS.items():
        ws = book.create_sheet(sheet)
        ws.append([c.header for c in columns])
        for position, column in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=position)
            cell.font = bold
            cell.fill = fill
            cell.comment = Comment(column.hint or column.header, "Kinerja")
            letter = cell.column_letter
            ws.column_dimensions[letter].width = max(14, len(column.header) + 4)
            if column.text:  # text format, so Excel keeps all 18 digits
                ws.column_dimensions[letter].number_format = "@"
            guide.append([sheet, column.header, "Ya" if column.required else "", column.hint])
        ws.append([c.example for c in columns])
        for position, column in enumerate(columns, start=1):
            if column.text:
                ws.cell(row=2, column=position).number_format = "@"
    guide.append([])
    guide.append(
        ["", "", "", "Unit..Akun: impor organisasi (importOrganization, kinerja import org)."]
    )
    guide.append(
        ["", "", "", "Target: RHK dan IKI satu SKP DRAFT, diimpor pemiliknya (importPlanTargets)."]
    )
    guide.column_dimensions["A"].width = 12
    guide.column_dimensions["B"].width = 20
    guide.column_dimensions["D"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_workbook(sheets: dict[str, list[dict[str, Any]]]) -> bytes:
    """An import workbook from rows by column key (the template's headers, NIP as text)."""
    from openpyxl import Workbook as XlsxBook

    book = XlsxBook(write_only=True)
    for sheet in SHEET_ORDER:
        if sheet not in sheets:
            continue
        ws = book.create_sheet(sheet)
        columns = SHEETS[sheet]
        ws.append([c.header for c in columns])
        for row in sheets[sheet]:
            ws.append([row.get(c.key, "") for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
