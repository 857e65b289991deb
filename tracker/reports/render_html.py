"""A report as a print-friendly HTML page, and as PDF made from that same page by WeasyPrint.

The page names its fonts itself (Times New Roman, else the metric-compatible Liberation Serif, else
DejaVu Serif): all have the Vietnamese letters, so the PDF's text is whole when copied out.
Needs an app context (the template), not a request.
"""
from typing import Optional

from flask import current_app

from tracker.reports.data import Report, cell_text, header_lines, number_line, place_date_line, roman


def render_html(report: Report, *, toolbar: bool = False, back_url: Optional[str] = None) -> str:
    """The standalone print page; `toolbar` adds a "print" button for the browser (hidden on paper)."""
    template = current_app.jinja_env.get_template("reports/print.html")
    return template.render(report=report, number_line=number_line(report), place_date=place_date_line(report),
                           header=header_lines(report),
                           cell_text=cell_text, roman=roman, toolbar=toolbar, back_url=back_url)


def render_pdf(report: Report) -> bytes:
    """The print page as PDF bytes. WeasyPrint is imported here so the app starts where Pango is missing."""
    from weasyprint import HTML

    return HTML(string=render_html(report)).write_pdf()
