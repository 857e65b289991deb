"""Reading the directory import's spreadsheets (XLSX or CSV) into rows of fields, and the template to fill in.

Columns are found by their header (accents and case aside), so a sheet may order them as it likes and carry
other columns; a workbook may hold the units' sheet, the accounts' sheet, or both.
"""
import csv
import io
import re
import unicodedata
from typing import Optional

from tracker.models import ROLE_LABELS, UNIT_KIND_LABELS

MAX_ROWS = 20_000
#: The header row is looked for among a sheet's first rows (a title or a note may come before it).
HEADER_WITHIN = 10

#: Field → the column headers it is read from (folded: no accents, lower case).
UNIT_COLUMNS = {
    "name": ("ten don vi", "ten co quan, don vi", "ten co quan"),
    "short_name": ("ten viet tat", "viet tat", "ten ngan"),
    "kind": ("loai", "loai don vi"),
    "parent": ("don vi cap tren", "cap tren", "truc thuoc"),
    "aliases": ("ten goi khac", "ten khac", "bi danh"),
    "groups": ("nhom", "nhom don vi"),
    "email": ("email", "thu dien tu", "hop thu"),
}
USER_COLUMNS = {
    "username": ("ten dang nhap", "tai khoan"),
    "full_name": ("ho va ten", "ho ten"),
    "role": ("vai tro", "quyen"),
    "unit": ("don vi", "ten don vi"),
    "email": ("email", "thu dien tu"),
}
#: The template's header row and example row, per sheet.
TEMPLATE = {
    "Đơn vị": (["Tên đơn vị", "Tên viết tắt", "Loại", "Đơn vị cấp trên", "Tên gọi khác", "Nhóm", "Email"],
               ["Ủy ban nhân dân xã Kim Sơn", "UBND xã Kim Sơn", "Xã, thị trấn", "Huyện ủy Đông Triều",
                "UBND Kim Sơn; Xã Kim Sơn", "các xã, thị trấn", "kimson@example.vn"]),
    "Tài khoản": (["Tên đăng nhập", "Họ và tên", "Vai trò", "Đơn vị", "Email"],
                  ["kimson.vp", "Nguyễn Văn An", "Đơn vị", "Ủy ban nhân dân xã Kim Sơn", "an.nv@example.vn"]),
}


class DirectoryFileError(ValueError):
    """A file we cannot read as a table (the message is Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NoTable(DirectoryFileError):
    """The file has no sheet with this table's header (a workbook may hold only units or only accounts)."""


def fold(text) -> str:
    text = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\(.*?\)|\*", " ", text.lower())
    return " ".join(text.split())


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _header_map(cells, columns: dict) -> Optional[dict]:
    """Column index of each field, or None when the row is not this table's header."""
    found = {}
    for index, cell in enumerate(cells):
        folded = fold(cell)
        for name, headers in columns.items():
            if name not in found and folded in headers:
                found[name] = index
                break
    first = next(iter(columns))
    return found if first in found else None


def _rows_of(table, columns: dict):
    """(line number, {field: text}) of the data rows under the first row that is this table's header."""
    mapping, out = None, []
    for line, cells in enumerate(table, start=1):
        cells = [_cell(c) for c in cells]
        if mapping is None:
            if line > HEADER_WITHIN:
                return None  # another table (the other sheet of the workbook): not worth reading to its end
            mapping = _header_map(cells, columns)
            continue
        if not any(cells):
            continue
        out.append((line, {name: cells[i] if i < len(cells) else "" for name, i in mapping.items()}))
        if len(out) > MAX_ROWS:
            raise DirectoryFileError(f"Tệp có quá {MAX_ROWS:,} dòng.".replace(",", "."))
    return out if mapping is not None else None


def read_rows(filename: str, data: bytes, columns: dict) -> list[tuple[int, dict]]:
    """The rows of the sheet (XLSX: the first sheet whose header fits; CSV: the file) as field dicts."""
    name = (filename or "").lower()
    if not data:
        raise DirectoryFileError("Tệp tải lên rỗng.")
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DirectoryFileError("Tệp CSV cần lưu với bảng mã UTF-8.") from None
        dialect = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            pass
        rows = _rows_of(csv.reader(io.StringIO(text), dialect), columns)
    elif name.endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged or foreign file
            raise DirectoryFileError("Tệp .xlsx bị hỏng hoặc không phải tệp Excel.") from None
        rows = None
        for sheet in book.worksheets:
            rows = _rows_of(sheet.iter_rows(values_only=True), columns)
            if rows is not None:
                break
        book.close()
    else:
        raise DirectoryFileError("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")
    if rows is None:
        first = next(iter(columns))
        header = {"name": "Tên đơn vị", "username": "Tên đăng nhập"}[first]
        raise NoTable(f"Không tìm thấy dòng tiêu đề có cột “{header}”. Hãy dùng tệp mẫu.")
    return rows


def template_workbook() -> bytes:
    """The import template: a sheet of units and one of accounts, each with its header and an example row."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, (header, example) in TEMPLATE.items():
        sheet = book.create_sheet(title)
        sheet.append(header)
        sheet.append(example)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column, width in zip("ABCDEFG", (40, 20, 24, 36, 30, 24, 28)):
            sheet.column_dimensions[column].width = width
    notes = book.create_sheet("Hướng dẫn")
    for line in (
        "Loại đơn vị: " + "; ".join(UNIT_KIND_LABELS.values()),
        "Vai trò: " + "; ".join(ROLE_LABELS.values()),
        "Tên gọi khác, Nhóm: nhiều giá trị cách nhau bằng dấu chấm phẩy (;).",
        "Đơn vị cấp trên, Đơn vị (của tài khoản): ghi đúng tên đơn vị đã có hoặc có trong sheet Đơn vị.",
        "Nhập lại cùng tệp không thay đổi gì; dòng đã có được cập nhật theo tệp.",
    ):
        notes.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
