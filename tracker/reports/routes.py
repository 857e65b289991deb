"""Report pages: the overdue list for the next meeting, its exports, the task list's exports, and the
lists behind the dashboard's numbers. Unit users see only their own unit's assignments (scope_clause)."""
from datetime import date

import sqlalchemy as sa
from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.extensions import db
from tracker.models import Meeting, Role
from tracker.permissions import EVERYONE, allow
from tracker.queries import TaskFilters, unit_choices
from tracker.reports import MIMETYPES, RENDERERS, TooManyRows, build_overdue_list, build_task_list, filename, render
from tracker.reports.data import roman
from tracker.reports.filters import ParsedArgs, committee_choices, next_meeting, parse_report_args
from tracker.reports.render_html import render_html
from tracker.reports.scorecard import SHORT_LABELS, assignment_page
from tracker.services.status import StatusClass
from tracker.tasks.forms import TaskFilterForm

bp = Blueprint("reports", __name__, url_prefix="/reports")

PER_PAGE = 100
#: Longest list each format is made for within a web request (WeasyPrint lays out ~100 rows a second on a
#: small server; python-docx ~1,500, openpyxl ~5,000). A paper list of thousands of rows helps nobody at a
#: meeting: the message asks to filter by unit, period or directive.
MAX_ROWS = {"docx": 3000, "pdf": 1000, "html": 3000, "xlsx": 50_000}


def _as_of(parsed: ParsedArgs) -> tuple[date, Meeting | None]:
    """The day the list is made for: as given, else the chosen meeting's, else the next meeting's, else today."""
    if parsed.as_of:
        return parsed.as_of, parsed.meeting
    meeting = parsed.meeting or next_meeting(clock.today())
    return (meeting.held_on if meeting else clock.today()), meeting


def _bad_filters(messages):
    abort(400, "Bộ lọc không hợp lệ: " + " ".join(messages))


def _page() -> int:
    return max(request.args.get("page", 1, type=int), 1)


def _list_args(parsed: ParsedArgs, as_of: date, meeting) -> dict:
    args = parsed.filters.to_args() | {"as_of": as_of.strftime("%d/%m/%Y")}
    if meeting is not None:
        args["meeting"] = meeting.id
    return args


def _send(report, fmt: str, back_url: str):
    if fmt == "html":
        return render_html(report, toolbar=True, back_url=back_url)
    response = Response(render(report, fmt), mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(report, fmt)}"'
    return response


def _too_many(error: TooManyRows, fmt: str):
    abort(400, f"Danh sách có {error.total} dòng, quá dài để xuất ra {fmt.upper()} (tối đa {error.limit} dòng). "
               "Vui lòng lọc thêm theo đơn vị, thời gian hoặc văn bản.")


@bp.get("/overdue")
@allow(*EVERYONE)
def overdue():
    parsed = parse_report_args(request.args)
    as_of, meeting = _as_of(parsed)
    context = {"parsed": parsed, "as_of": as_of, "meeting": meeting, "units": unit_choices(),
               "committees": committee_choices(), "roman": roman,
               "meetings": db.session.scalars(sa.select(Meeting).order_by(Meeting.held_on.desc()).limit(60)).all()}
    if not parsed.ok:
        return render_template("reports/overdue.html", report=None, **context), 400
    page = _page()
    report = build_overdue_list(as_of, parsed.filters, current_user, meeting=meeting, limit=PER_PAGE,
                                offset=(page - 1) * PER_PAGE)
    pages = max((report.total + PER_PAGE - 1) // PER_PAGE, 1)
    return render_template("reports/overdue.html", report=report, page=page, pages=pages,
                           args=_list_args(parsed, as_of, meeting), **context)


@bp.get("/overdue/export/<fmt>")
@allow(*EVERYONE)
def overdue_export(fmt):
    if fmt not in RENDERERS:
        abort(404)
    parsed = parse_report_args(request.args)
    if not parsed.ok:
        _bad_filters(parsed.errors.values())
    as_of, meeting = _as_of(parsed)
    try:
        report = build_overdue_list(as_of, parsed.filters, current_user, meeting=meeting, max_rows=MAX_ROWS[fmt])
    except TooManyRows as error:
        _too_many(error, fmt)
    return _send(report, fmt, url_for("reports.overdue", **_list_args(parsed, as_of, meeting)))


def task_filters_from_args(args) -> TaskFilters:
    """The task list's filters exactly as /tasks/ reads them; 400 with the reason when they are wrong."""
    form = TaskFilterForm(args)
    form.unit.choices = [(0, "— Tất cả —")] + unit_choices()
    if not form.validate():
        problems = []
        for field in form:
            if field.errors:
                message = field.errors[0] if field.type == "VnDateField" else "giá trị không hợp lệ."
                problems.append(f"{field.label.text}: {message}")
        _bad_filters(problems)
    filters = form.filters()
    if args.get("unit") is None and current_user.role == Role.UNIT:
        filters.unit_id = current_user.unit_id  # as the list opens for a unit: its own tasks
    return filters


@bp.get("/tasks/export/<fmt>")
@allow(*EVERYONE)
def task_export(fmt):
    if fmt not in RENDERERS:
        abort(404)
    filters = task_filters_from_args(request.args)
    try:
        report = build_task_list(current_user, filters, clock.today(), max_rows=MAX_ROWS[fmt])
    except TooManyRows as error:
        _too_many(error, fmt)
    return _send(report, fmt, url_for("tasks.index", **request.args))


@bp.get("/assignments")
@allow(*EVERYONE)
def assignments():
    """The lead assignments behind one of the dashboard's numbers: a unit, a class, a period, a day."""
    parsed = parse_report_args(request.args)
    cls_arg = request.args.get("cls") or ""
    cls = None
    if cls_arg:
        try:
            cls = StatusClass(cls_arg)
        except ValueError:
            parsed.errors["cls"] = "Tình trạng không hợp lệ."
    as_of = parsed.as_of or clock.today()
    if not parsed.ok:
        return render_template("reports/assignments.html", rows=[], total=0, parsed=parsed, cls=cls,
                               as_of=as_of, page=1, pages=1, args={}, short_labels=SHORT_LABELS), 400
    page = _page()
    rows, total = assignment_page(as_of, parsed.filters, current_user, cls, page, PER_PAGE)
    args = parsed.filters.to_args() | {"as_of": as_of.strftime("%d/%m/%Y")} | ({"cls": cls.value} if cls else {})
    unit = rows[0].unit if rows and parsed.filters.unit_id else None
    return render_template("reports/assignments.html", rows=rows, total=total, parsed=parsed, cls=cls,
                           as_of=as_of, page=page, pages=max((total + PER_PAGE - 1) // PER_PAGE, 1), args=args,
                           short_labels=SHORT_LABELS, unit=unit)
