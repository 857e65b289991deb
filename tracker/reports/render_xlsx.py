"""A report as a spreadsheet: a summary sheet and the list, with real dates and set column widths.

Text that starts with = + - @ is stored as text (and marked so), never as a formula: a task's wording
must not run in somebody's spreadsheet.
"""
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

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


def _summary_sheet(ws, report: Report):
    ws.title = "Tổng hợp"
    ws["A1"] = report.committee.name.upper()
    ws["A1"].font = Font(bold=True)
    write(ws["A2"], f"{report.title} {report.heading}".strip()).font = Font(bold=True, size=13)
    row = 3
    for line in report.subtitle:
        write(ws.cell(row, 1), line).font = Font(italic=True)
        row += 1
    ws.cell(row, 1, "Tính đến ngày")
    write(ws.cell(row, 2), report.as_of)
    row += 2
    for line in report.intro:
        write(ws.cell(row, 1), line)
        row += 1
    if report.stats is not None:
        row = _stats(ws, report.stats, row + (1 if report.intro else 0))
    else:
        row = _counts(ws, report, row)
    for line in report.assessment:
        row += 1
        write(ws.cell(row, 1), line)
    widths = [8, 60] + [16] * (len(report.stats.headers) - 2 if report.stats else 1)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _stats(ws, stats, row: int) -> int:
    """The table of numbers per unit; returns its last row."""
    for col, text in enumerate(stats.headers, start=1):
        cell = ws.cell(row, col, text)
        cell.font, cell.fill, cell.border = Font(bold=True), HEAD_FILL, BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for kind, cells in stats.rows:
        row += 1
        for col, value in enumerate(cells, start=1):
            cell = write(ws.cell(row, col), value)
            if kind != "group":
                cell.border = BOX
            if kind != "row":
                cell.font = Font(bold=True)
    return row


def _counts(ws, report: Report, row: int) -> int:
    for col, text in enumerate(["TT", report.summary_label, report.summary_header], start=1):
        cell = ws.cell(row, col, text)
        cell.font, cell.fill, cell.border = Font(bold=True), HEAD_FILL, BOX
    for i, (label, n, _unit_id) in enumerate(report.summary, start=1):
        row += 1
        ws.cell(row, 1, i).border = BOX
        write(ws.cell(row, 2), label).border = BOX
        ws.cell(row, 3, n).border = BOX
        ws.cell(row, 3).number_format = "#,##0"
    row += 1
    ws.cell(row, 2, "Tổng cộng").font = Font(bold=True)
    ws.cell(row, 3, report.total).font = Font(bold=True)
    return row


#: The list's running number (the report's own "TT" restarts in each unit's group).
RUNNING = Column("running_no", "STT", 1.2, "int", "center")


def _header(column: Column) -> str:
    return "TT trong đơn vị" if column.key == "no" else column.header


def _list_sheet(ws, report: Report):
    columns = [RUNNING] + report.columns_for("sheet")
    for col, column in enumerate(columns, start=1):
        cell = ws.cell(1, col, _header(column))
        cell.font, cell.fill, cell.border = Font(bold=True), HEAD_FILL, BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = round(column.width_cm * CHARS_PER_CM, 1)
    wrapped = {column.key for column in columns if column.width_cm >= 4}  # long text: wrap (styling every cell is slow)
    row = 1
    for group in report.groups:
        for item in group.rows:
            row += 1
            for col, column in enumerate(columns, start=1):
                value = row - 1 if column is RUNNING else item.get(column.key)
                cell = write(ws.cell(row, col), value, column)
                if column.key in wrapped:
                    cell.alignment = WRAP
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(row, 1)}"
    ws.print_options.gridLines = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def render_xlsx(report: Report) -> bytes:
    """The report as XLSX bytes."""
    workbook = Workbook()
    _summary_sheet(workbook.active, report)
    _list_sheet(workbook.create_sheet("Danh sách"), report)
    workbook.properties.title = report.title
    workbook.properties.creator = report.committee.name
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
