"""A report as the answer to a request: the format from the URL (404 for an unknown one) and the file sent
as a download, or the print view in the browser. Shared by the report pages' blueprints."""
from flask import Response, abort

from tracker.reports import FORMATS, Format, filename, render
from tracker.reports.render_html import render_html


def export_format(fmt: str) -> Format:
    if fmt not in FORMATS:
        abort(404)
    return FORMATS[fmt]


def send_report(report, fmt: str, back_url: str):
    if FORMATS[fmt].inline:
        return render_html(report, toolbar=True, back_url=back_url)
    response = Response(render(report, fmt), mimetype=FORMATS[fmt].mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(report, fmt)}"'
    return response
