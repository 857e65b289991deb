"""A report as the answer to a request: the format from the URL (404 for an unknown one) and the file sent
as a download, or the print view in the browser. Shared by the report pages' blueprints.

DOCX and XLSX are written as their rows stream from the database into a spooled temporary file (memory up to
SPOOL_BYTES, then disk) and sent from it in chunks: a list of 40,000 rows is never held whole."""
import tempfile

from flask import Response, abort, request
from werkzeug.wsgi import wrap_file

from tracker.reports import FORMATS, Format, filename, imported_on_use, render
from tracker.reports.render_html import render_html

#: Formats written to a file as they stream, rather than made as bytes.
WRITERS = {"docx": imported_on_use("render_docx", "write_docx"),
           "xlsx": imported_on_use("render_xlsx", "write_xlsx")}
SPOOL_BYTES = 4 * 1024 * 1024


def export_format(fmt: str) -> Format:
    if fmt not in FORMATS:
        abort(404)
    return FORMATS[fmt]


def send_report(report, fmt: str, back_url: str):
    if FORMATS[fmt].inline:
        return render_html(report, toolbar=True, back_url=back_url)
    if fmt in WRITERS:
        out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
        WRITERS[fmt](report, out)
        size = out.tell()
        out.seek(0)
        response = Response(wrap_file(request.environ, out), mimetype=FORMATS[fmt].mimetype, direct_passthrough=True)
        response.content_length = size
    else:
        response = Response(render(report, fmt), mimetype=FORMATS[fmt].mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(report, fmt)}"'
    return response
