"""A report as a print-friendly HTML page, and as PDF made from that same page by WeasyPrint.

The page brings its font: Liberation Serif 2 (Times New Roman's metrics, every Vietnamese letter) from
tracker/static/fonts through @font-face, so a PDF looks the same on any machine, whatever fonts it has.
Needs an app context (the template), not a request.
"""
from pathlib import Path
from typing import Optional

from flask import current_app, url_for

from tracker.reports.data import Report, cell_text, header_lines, number_line, place_date_line, roman


FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"


def render_html(report: Report, *, toolbar: bool = False, back_url: Optional[str] = None) -> str:
    """The standalone print page; `toolbar` adds a "print" button for the browser (hidden on paper)."""
    template = current_app.jinja_env.get_template("reports/print.html")
    # The browser fetches the fonts from the app; WeasyPrint reads the files.
    fonts_url = url_for("static", filename="fonts/") if toolbar else FONTS.as_uri() + "/"
    return template.render(report=report, number_line=number_line(report), place_date=place_date_line(report),
                           header=header_lines(report),
                           cell_text=cell_text, roman=roman, toolbar=toolbar, back_url=back_url, fonts_url=fonts_url)


def render_pdf(report: Report) -> bytes:
    """The print page as PDF bytes. WeasyPrint is imported here so the app starts where Pango is missing."""
    from weasyprint import HTML

    return HTML(string=render_html(report)).write_pdf()
