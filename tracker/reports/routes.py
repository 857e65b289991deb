"""Report pages: the overdue list for the next meeting, its exports, the task list's exports, and the
lists behind the dashboard's numbers. Unit users see only their own unit's assignments."""
from datetime import date

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.filters import ParsedArgs, parse_filters
from tracker.forms import number_arg
from tracker.models import Meeting
from tracker.permissions import EVERYONE, allow
from tracker.queries.directives import committee_choices, next_meeting, recent_meetings
from tracker.queries.reports import assignment_page
from tracker.queries.units import unit_choices
from tracker.reports import TooManyRows, build_overdue_list, build_task_list
from tracker.reports.data import roman
from tracker.reports.responses import export_format as _format
from tracker.reports.responses import send_report as _send

bp = Blueprint("reports", __name__, url_prefix="/reports")

PER_PAGE = 100


def _as_of(parsed: ParsedArgs) -> tuple[date, Meeting | None]:
    """The day the list is made for: as given, else the chosen meeting's, else the next meeting's, else today."""
    if parsed.as_of:
        return parsed.as_of, parsed.meeting
    meeting = parsed.meeting or next_meeting(clock.today())
    return (meeting.held_on if meeting else clock.today()), meeting


def _bad_filters(messages):
    abort(400, "Bộ lọc không hợp lệ: " + " ".join(messages))


def _page() -> int:
    return number_arg(request.args)


def _list_args(parsed: ParsedArgs, as_of: date, meeting) -> dict:
    args = parsed.filters.to_args() | {"as_of": as_of.strftime("%d/%m/%Y")}
    if meeting is not None:
        args["meeting"] = meeting.id
    return args


def _too_many(error: TooManyRows, fmt: str):
    abort(400, f"Danh sách có {error.total} dòng, quá dài để xuất ra {fmt.upper()} (tối đa {error.limit} dòng). "
               "Vui lòng lọc thêm theo đơn vị, thời gian hoặc văn bản.")


@bp.get("/overdue")
@allow(*EVERYONE)
def overdue():
    parsed = parse_filters(request.args)
    as_of, meeting = _as_of(parsed)
    context = {"parsed": parsed, "as_of": as_of, "meeting": meeting, "units": unit_choices(),
               "committees": committee_choices(), "roman": roman, "meetings": recent_meetings(60)}
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
    export = _format(fmt)
    parsed = parse_filters(request.args)
    if not parsed.ok:
        _bad_filters(parsed.errors.values())
    as_of, meeting = _as_of(parsed)
    try:
        report = build_overdue_list(as_of, parsed.filters, current_user, meeting=meeting, max_rows=export.max_rows)
    except TooManyRows as error:
        _too_many(error, fmt)
    return _send(report, fmt, url_for("reports.overdue", **_list_args(parsed, as_of, meeting)))


@bp.get("/tasks/export/<fmt>")
@allow(*EVERYONE)
def task_export(fmt):
    """Any task list as /tasks/ shows it (same filters, same default for a unit user), as a file."""
    export = _format(fmt)
    parsed = parse_filters(request.args, current_user)
    if not parsed.ok:
        _bad_filters(parsed.errors.values())
    try:
        report = build_task_list(current_user, parsed.filters, clock.today(), max_rows=export.max_rows)
    except TooManyRows as error:
        _too_many(error, fmt)
    return _send(report, fmt, url_for("tasks.index", **request.args))


@bp.get("/assignments")
@allow(*EVERYONE)
def assignments():
    """The lead assignments behind one of the dashboard's numbers: a unit, a class, a period, a day."""
    args = request.args.to_dict()
    if "cls" in args:  # the dashboard's links name the class `cls`
        args.setdefault("status", args.pop("cls"))
    parsed = parse_filters(args)
    cls = parsed.filters.status
    as_of = parsed.as_of or clock.today()
    if not parsed.ok:
        return render_template("reports/assignments.html", rows=[], total=0, parsed=parsed, cls=cls,
                               as_of=as_of, page=1, pages=1, args={}), 400
    page = _page()
    rows, total = assignment_page(as_of, parsed.filters, current_user, cls, page, PER_PAGE)
    args = parsed.filters.to_args() | {"as_of": as_of.strftime("%d/%m/%Y")} | ({"cls": cls.value} if cls else {})
    args.pop("status", None)
    unit = rows[0].unit if rows and parsed.filters.unit_id else None
    return render_template("reports/assignments.html", rows=rows, total=total, parsed=parsed, cls=cls,
                           as_of=as_of, page=page, pages=max((total + PER_PAGE - 1) // PER_PAGE, 1), args=args,
                           unit=unit)
