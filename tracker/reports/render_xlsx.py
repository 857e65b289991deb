"""A report as a spreadsheet: a summary sheet and the list, with real dates and set column widths.

Text that starts with = + - @ is stored as text (and marked so), never as a formula: a task's wording
must not run in somebody's spreadsheet.
"""
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tracker.reports.data import Column, Report

FORMULA_START = ("=", "+", "-", "@")
DATE_FORMAT = "DD/MM/YYYY"
CHARS_PER_CM = 5.0
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="F2DCDB")
WRAP = Alignment(wrap_text=True, vertical="top")


def write(cell, value, column: Column | None = None):
    """Put a value in a cell: dates as dates, numbers as numbers, text as text (never a formula)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    if isinstance(value, date) or (column is not None and column.kind == "date"):
        cell.number_format = DATE_FORMAT
    return cell


class _Sheet:
    """A write-only sheet written row after row (openpyxl keeps nothing of a row once it is written): cells
    are made with `cell`, a row goes out with `row`."""

    def __init__(self, ws):
        self.ws = ws
        self.rows = 0

    def cell(self, value=None, column: Column | None = None, **style):
        cell = write(WriteOnlyCell(self.ws), value, column)
        for key, v in style.items():
            setattr(cell, key, v)
        return cell

    def row(self, *cells):
        self.ws.append(list(cells))
        self.rows += 1


def _summary_sheet(ws, report: Report):
    widths = [8, 60] + [16] * (len(report.stats.headers) - 2 if report.stats else 1)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    sheet = _Sheet(ws)
    sheet.row(sheet.cell(report.committee.name.upper(), font=Font(bold=True)))
    sheet.row(sheet.cell(f"{report.title} {report.heading}".strip(), font=Font(bold=True, size=13)))
    for line in report.subtitle:
        sheet.row(sheet.cell(line, font=Font(italic=True)))
    sheet.row("Tính đến ngày", sheet.cell(report.as_of))
    sheet.row()
    for line in report.intro:
        sheet.row(sheet.cell(line))
    if report.stats is not None:
        if report.intro:
            sheet.row()
        _stats(sheet, report.stats)
    else:
        _counts(sheet, report)
    for line in report.assessment:
        sheet.row(sheet.cell(line))


def _stats(sheet: _Sheet, stats):
    """The table of numbers per unit."""
    head = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.row(*(sheet.cell(text, font=Font(bold=True), fill=HEAD_FILL, border=BOX, alignment=head)
                for text in stats.headers))
    for kind, cells in stats.rows:
        out = []
        for value in cells:
            cell = sheet.cell(value)
            if kind != "group":
                cell.border = BOX
            if kind != "row":
                cell.font = Font(bold=True)
            out.append(cell)
        sheet.row(*out)


def _counts(sheet: _Sheet, report: Report):
    sheet.row(*(sheet.cell(text, font=Font(bold=True), fill=HEAD_FILL, border=BOX)
                for text in ["TT", report.summary_label, report.summary_header]))
    for i, (label, n, _unit_id) in enumerate(report.summary, start=1):
        sheet.row(sheet.cell(i, border=BOX), sheet.cell(label, border=BOX),
                  sheet.cell(n, border=BOX, number_format="#,##0"))
    sheet.row(None, sheet.cell("Tổng cộng", font=Font(bold=True)), sheet.cell(report.total, font=Font(bold=True)))


#: The list's running number (the report's own "TT" restarts in each unit's group).
RUNNING = Column("running_no", "STT", 1.2, "int", "center")


def _header(column: Column) -> str:
    return "TT trong đơn vị" if column.key == "no" else column.header


def _list_sheet(ws, report: Report):
    """The list, streamed: each row is written as the report's groups yield it."""
    columns = [RUNNING] + report.columns_for("sheet")
    for col, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = round(column.width_cm * CHARS_PER_CM, 1)
    ws.freeze_panes = "A2"
    ws.print_options.gridLines = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet = _Sheet(ws)
    head = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.row(*(sheet.cell(_header(column), font=Font(bold=True), fill=HEAD_FILL, border=BOX, alignment=head)
                for column in columns))
    wrapped = {column.key for column in columns if column.width_cm >= 4}  # long text: wrap (styling every cell is slow)
    for group in report.groups:
        for item in group.rows:
            cells = []
            for column in columns:
                value = sheet.rows if column is RUNNING else item.get(column.key)
                cell = write(WriteOnlyCell(ws), value, column)
                if column.key in wrapped:
                    cell.alignment = WRAP
                cells.append(cell)
            sheet.row(*cells)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.rows, 1)}"


def write_xlsx(report: Report, out) -> None:
    """Write the report as XLSX to a binary file. Write-only: the rows go out as the report yields them, so
    memory stays flat however long the list (openpyxl's own rows are kept in a temporary file until the end)."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = report.title
    workbook.properties.creator = report.committee.name
    _summary_sheet(workbook.create_sheet("Tổng hợp"), report)
    _list_sheet(workbook.create_sheet("Danh sách"), report)
    workbook.save(out)


def render_xlsx(report: Report) -> bytes:
    """The report as XLSX bytes."""
    out = io.BytesIO()
    write_xlsx(report, out)
    return out.getvalue()
