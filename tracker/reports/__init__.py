"""Reports: the overdue list for a meeting, any task list, and their DOCX, XLSX, PDF and print renderings.

    data = build_overdue_list(as_of, ReportFilters(...), user=None, meeting=meeting)
    render_docx(data) -> bytes; render_xlsx(data) -> bytes; render_pdf(data) -> bytes; render_html(data) -> str
"""
from tracker.reports.data import Report
from tracker.reports.filters import ReportFilters
from tracker.reports.overdue import TooManyRows, build_overdue_list
from tracker.reports.render_docx import render_docx
from tracker.reports.render_html import render_html, render_pdf
from tracker.reports.render_xlsx import render_xlsx
from tracker.reports.tasklist import build_task_list

RENDERERS = {"docx": render_docx, "xlsx": render_xlsx, "pdf": render_pdf, "html": render_html}
MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def render(report: Report, fmt: str) -> bytes:
    """The report in one of RENDERERS' formats, as bytes (HTML encoded as UTF-8)."""
    out = RENDERERS[fmt](report)
    return out.encode("utf-8") if isinstance(out, str) else out


def filename(report: Report, fmt: str) -> str:
    return f"{report.file_stem}.{fmt}"


__all__ = ["MIMETYPES", "RENDERERS", "Report", "ReportFilters", "TooManyRows", "build_overdue_list",
           "build_task_list", "filename", "render", "render_docx", "render_html", "render_pdf", "render_xlsx"]
