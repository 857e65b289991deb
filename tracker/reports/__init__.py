"""Reports: the overdue list for a meeting, any task list, and their DOCX, XLSX, PDF and print renderings.

    data = build_overdue_list(as_of, Filters(...), user=None, meeting=meeting)
    render(data, "docx") -> bytes   (FORMATS names every format: renderer, MIME type, row cap, label)
"""
import importlib
from dataclasses import dataclass
from typing import Callable

from tracker.filters import Filters
from tracker.reports.data import Report
from tracker.reports.overdue import TooManyRows, build_overdue_list
from tracker.reports.render_html import render_html, render_pdf
from tracker.reports.tasklist import build_task_list


def imported_on_use(module: str, name: str) -> Callable:
    """`tracker.reports.<module>.<name>`, imported at its first call. python-docx (with lxml) and openpyxl take
    30 MB that a process which never exports (the reminder scheduler, a web worker until someone exports)
    need not hold; WeasyPrint is imported the same way, in render_pdf."""
    def call(*args, **kwargs):
        return getattr(importlib.import_module(f"tracker.reports.{module}"), name)(*args, **kwargs)
    call.__name__ = call.__qualname__ = name
    return call


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    renderer: Callable[[Report], bytes | str]
    mimetype: str
    #: Longest list made in this format within a web request (WeasyPrint lays out ~100 rows a second on a
    #: small server; python-docx ~1,500, openpyxl ~5,000). A paper list of thousands of rows helps nobody at a
    #: meeting: the message asks to filter by unit, period or directive.
    max_rows: int
    #: Opened in the browser (the print view) rather than downloaded.
    inline: bool = False


#: Every export format, in the order the pages offer them.
FORMATS = {f.name: f for f in (
    Format("docx", "Word (DOCX)", imported_on_use("render_docx", "render_docx"),
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 3000),
    Format("xlsx", "Excel (XLSX)", imported_on_use("render_xlsx", "render_xlsx"),
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 50_000),
    Format("pdf", "PDF", render_pdf, "application/pdf", 1000),
    Format("html", "Bản in", render_html, "text/html; charset=utf-8", 3000, inline=True),
)}


def render(report: Report, fmt: str) -> bytes:
    """The report in one of FORMATS, as bytes (HTML encoded as UTF-8)."""
    out = FORMATS[fmt].renderer(report)
    return out.encode("utf-8") if isinstance(out, str) else out


def filename(report: Report, fmt: str) -> str:
    return f"{report.file_stem}.{fmt}"


__all__ = ["FORMATS", "Filters", "Format", "Report", "TooManyRows", "build_overdue_list", "build_task_list",
           "filename", "imported_on_use", "render", "render_html", "render_pdf"]
