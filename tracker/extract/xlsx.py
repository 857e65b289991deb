"""A task table kept in Excel (STT | Nội dung | Chủ trì | Phối hợp | Thời hạn) → the text the extractor reads.

Each row becomes one tab-separated line, as sources.py writes a .docx table, so tables.py finds the header and
reads one task per row; rows above the header (a title, a date line) stay plain lines. Date cells are written
dd/mm/yyyy so the deadline parser reads them as it reads a typed date.
"""
import io
from datetime import date, datetime

MAX_ROWS = 5000
MAX_COLUMNS = 20


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def xlsx_text(data: bytes) -> str:
    """The workbook's sheets as lines of text, one tab-separated line per row. Raises ValueError when the file
    is not a readable workbook (the caller words the refusal)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValueError("not a workbook") from error
    lines = []
    try:
        for sheet in book.worksheets:
            for count, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)):
                if count >= MAX_ROWS:
                    break
                cells = [_cell_text(c) for c in row]
                while cells and not cells[-1]:
                    cells.pop()
                if any(cells):
                    filled = [c for c in cells if c]
                    lines.append(filled[0] if len(filled) == 1 else "\t".join(cells))
            lines.append("")
    finally:
        book.close()
    return "\n".join(lines).strip()
