"""The follow-up reports offices and units write: per notice, per period, the unit's own report; and
carry-over of open tasks into a later notice. Builders in tracker/reports/, rules in tracker/services/."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.extensions import db
from tracker.filters import parse_filters
from tracker.followup.forms import CarryOverForm, ReportTextForm
from tracker.forms import parse_vn_date, show_service_error
from tracker.loaders import visible_directive
from tracker.models import ReportKind, Task
from tracker.permissions import READ_ALL, STAFF, UNIT_USERS, abort_unless, allow
from tracker.queries.directives import committee_choices
from tracker.queries.followup import open_earlier_tasks, unit_tasks
from tracker.reports import TooManyRows
from tracker.reports.notice_report import build_notice_report
from tracker.reports.period_report import build_period_report
from tracker.reports.data import cell_text, roman
from tracker.reports.responses import export_format as _format
from tracker.reports.responses import send_report as _send
from tracker.reports.standard import period_bounds, period_words
from tracker.reports.unit_report import build_unit_report, draft
from tracker.services import ServiceError, carryover, report_texts
from tracker.services.unit_reports import submit_unit_report

bp = Blueprint("followup", __name__)

#: The period page lists this many items of each list (a province's year has thousands); the files list all.
PAGE_LIST_LIMIT = 100


def _page(template: str, **context) -> str:
    return render_template(template, roman=roman, cell_text=cell_text, **context)


def _fill(form: ReportTextForm, text, intro: str, assessment: str = "") -> None:
    """On GET: the newest saved words, else the draft."""
    if request.method == "GET":
        form.intro.data = text.intro if text else intro
        form.assessment.data = text.assessment if text else assessment


# --- per notice ------------------------------------------------------------------------------------

def _notice_page(directive, form, status=200):
    scope = report_texts.notice_scope(directive.id)
    text = report_texts.latest(ReportKind.NOTICE, scope)
    report = build_notice_report(directive, clock.today(), text)
    _fill(form, text, report.intro[0])
    return _page("followup/notice.html", directive=directive, report=report, form=form,
                           versions=report_texts.versions(ReportKind.NOTICE, scope)), status


@bp.get("/directives/<int:directive_id>/report")
@allow(*READ_ALL)
def notice_report(directive_id):
    return _notice_page(visible_directive(directive_id), ReportTextForm())


@bp.post("/directives/<int:directive_id>/report")
@allow(*STAFF)
def notice_text(directive_id):
    directive = visible_directive(directive_id)
    form = ReportTextForm()
    if form.validate_on_submit():
        try:
            report_texts.save(ReportKind.NOTICE, report_texts.notice_scope(directive.id), current_user,
                              intro=form.intro.data, assessment=form.assessment.data, directive_id=directive.id)
            db.session.commit()
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash("Đã lưu nội dung báo cáo.", "success")
            return redirect(url_for("followup.notice_report", directive_id=directive.id))
    return _notice_page(directive, form)


@bp.get("/directives/<int:directive_id>/report/<fmt>")
@allow(*READ_ALL)
def notice_export(directive_id, fmt):
    _format(fmt)
    directive = visible_directive(directive_id)
    text = report_texts.latest(ReportKind.NOTICE, report_texts.notice_scope(directive.id))
    return _send(build_notice_report(directive, clock.today(), text), fmt,
                 url_for("followup.notice_report", directive_id=directive.id))


# --- per period ------------------------------------------------------------------------------------

def _period_args(args):
    """(parsed filters with the period, the day, by_kind, args to repeat): the one parser; the current
    quarter when no period is given."""
    parsed = parse_filters(args)
    f = parsed.filters
    if not f.period_from and not f.period_to and parsed.ok:
        today = clock.today()
        f.period_from, f.period_to = period_bounds("quarter", today.year, (today.month - 1) // 3 + 1)
    elif parsed.ok and not (f.period_from and f.period_to):
        parsed.errors["to" if f.period_from else "from"] = "Vui lòng nhập cả từ ngày và đến ngày."
    as_of = parsed.as_of or clock.today()
    by_kind = args.get("by_kind") in ("1", "on", "y")
    out = {"from": f.period_from.strftime("%d/%m/%Y") if f.period_from else "",
           "to": f.period_to.strftime("%d/%m/%Y") if f.period_to else "",
           "as_of": as_of.strftime("%d/%m/%Y")}
    if f.committee:
        out["committee"] = f.committee
    if by_kind:
        out["by_kind"] = "1"
    return parsed, as_of, by_kind, out


def _quick_periods(year: int) -> list[tuple[str, date, date]]:
    spans = [period_bounds("quarter", year, q) for q in (1, 2, 3, 4)]
    spans += [period_bounds("half", year, 1), period_bounds("half", year, 2), period_bounds("year", year)]
    return [(period_words(a, b), a, b) for a, b in spans]


def _period_page(args, form, status=200):
    parsed, as_of, by_kind, page_args = _period_args(args)
    context = {"parsed": parsed, "as_of": as_of, "by_kind": by_kind, "args": page_args, "form": form,
               "committees": committee_choices(), "quick": _quick_periods(clock.today().year),
               "quick_last": _quick_periods(clock.today().year - 1)}
    if not parsed.ok:
        return _page("followup/period.html", report=None, versions=[], **context), 400
    f = parsed.filters
    scope = report_texts.period_scope(f.period_from, f.period_to, f.committee)
    text = report_texts.latest(ReportKind.PERIOD, scope)
    report = build_period_report(f.period_from, f.period_to, issuer=f.committee, as_of=as_of, by_kind=by_kind,
                                 text=text, list_limit=PAGE_LIST_LIMIT)
    _fill(form, text, report.intro[0])
    return _page("followup/period.html", report=report,
                           versions=report_texts.versions(ReportKind.PERIOD, scope), **context), status


@bp.get("/reports/period")
@allow(*READ_ALL)
def period_report():
    return _period_page(request.args, ReportTextForm())


@bp.post("/reports/period")
@allow(*STAFF)
def period_text():
    form = ReportTextForm()
    parsed, _as_of, _by_kind, page_args = _period_args(request.form)
    if not parsed.ok:
        return _period_page(request.form, form)
    if form.validate_on_submit():
        f = parsed.filters
        try:
            report_texts.save(ReportKind.PERIOD, report_texts.period_scope(f.period_from, f.period_to, f.committee),
                              current_user, intro=form.intro.data, assessment=form.assessment.data)
            db.session.commit()
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash("Đã lưu nội dung báo cáo.", "success")
            return redirect(url_for("followup.period_report", **page_args))
    return _period_page(request.form, form)


@bp.get("/reports/period/export/<fmt>")
@allow(*READ_ALL)
def period_export(fmt):
    export = _format(fmt)
    parsed, as_of, by_kind, page_args = _period_args(request.args)
    if not parsed.ok:
        abort(400, "Bộ lọc không hợp lệ: " + " ".join(parsed.errors.values()))
    f = parsed.filters
    text = report_texts.latest(ReportKind.PERIOD, report_texts.period_scope(f.period_from, f.period_to, f.committee))
    try:
        report = build_period_report(f.period_from, f.period_to, issuer=f.committee, as_of=as_of, by_kind=by_kind,
                                     text=text, max_rows=export.max_rows)
    except TooManyRows as error:
        abort(400, f"Báo cáo có {error.total} dòng (bảng tổng hợp và danh sách), quá dài để xuất ra {fmt.upper()} "
                   f"(tối đa {error.limit} dòng). Vui lòng chọn khoảng thời gian ngắn hơn hoặc một cơ quan ban hành.")
    return _send(report, fmt, url_for("followup.period_report", **page_args))


# --- the unit's own report -------------------------------------------------------------------------

def _unit_directive(directive_id):
    """The notice, if the unit user's unit has a part in it (else 404)."""
    directive = visible_directive(directive_id)
    abort_unless(current_user.unit_id is not None and bool(unit_tasks(directive, current_user.unit_id)), 404)
    return directive


@bp.route("/directives/<int:directive_id>/unit-report", methods=["GET", "POST"])
@allow(*UNIT_USERS)
def unit_report(directive_id):
    directive = _unit_directive(directive_id)
    unit = current_user.unit
    scope = report_texts.unit_scope(directive.id, unit.id)
    form = ReportTextForm()
    if form.validate_on_submit():
        try:
            if request.form.get("action") == "submit":
                reports = submit_unit_report(directive, current_user, intro=form.intro.data,
                                             assessment=form.assessment.data)
                message = f"Đã gửi báo cáo, đính kèm vào {len(reports)} nhiệm vụ của đơn vị."
            else:
                report_texts.save(ReportKind.UNIT, scope, current_user, intro=form.intro.data,
                                  assessment=form.assessment.data, directive_id=directive.id, unit_id=unit.id)
                message = "Đã lưu bản nháp báo cáo."
            db.session.commit()
        except ServiceError as error:
            show_service_error(form, error)
        else:
            flash(message, "success")
            return redirect(url_for("followup.unit_report", directive_id=directive.id))
    text = report_texts.latest(ReportKind.UNIT, scope)
    today = clock.today()
    _fill(form, text, *draft(directive, unit, today))
    report = build_unit_report(directive, unit, current_user, today, text)
    return _page("followup/unit.html", directive=directive, unit=unit, report=report, form=form,
                           versions=report_texts.versions(ReportKind.UNIT, scope))


@bp.get("/directives/<int:directive_id>/unit-report/<fmt>")
@allow(*UNIT_USERS)
def unit_export(directive_id, fmt):
    _format(fmt)
    directive = _unit_directive(directive_id)
    text = report_texts.latest(ReportKind.UNIT, report_texts.unit_scope(directive.id, current_user.unit_id))
    report = build_unit_report(directive, current_user.unit, current_user, clock.today(), text)
    return _send(report, fmt, url_for("followup.unit_report", directive_id=directive.id))


# --- carry-over ------------------------------------------------------------------------------------

def _carry_choices(form_data, candidates: dict[int, Task]):
    """[(task, mode, deadline)] chosen on the form, or a list of messages."""
    chosen, errors = [], []
    for raw in form_data.getlist("task"):
        task = candidates.get(int(raw)) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None
        if task is None:
            errors.append("Có nhiệm vụ không còn trong danh sách; vui lòng tải lại trang.")
            continue
        mode = form_data.get(f"mode-{task.id}", "carry")
        text = (form_data.get(f"deadline-{task.id}") or "").strip()
        deadline = None
        if text:
            try:
                deadline = parse_vn_date(text)
            except ValueError as exc:
                errors.append(f"Mục {task.source_ref or task.id}: thời hạn mới: {exc}")
                continue
        chosen.append((task, "restate" if mode == "restate" else "carry", deadline))
    return chosen, errors


@bp.route("/directives/<int:directive_id>/carry-over", methods=["GET", "POST"])
@allow(*STAFF)
def carry_over(directive_id):
    directive = visible_directive(directive_id)
    form = CarryOverForm()
    candidates = {t.id: t for t in open_earlier_tasks(directive)}
    errors = []
    if form.validate_on_submit():
        chosen, errors = _carry_choices(request.form, candidates)
        if not chosen and not errors:
            errors.append("Vui lòng chọn ít nhất một nhiệm vụ.")
        if not errors:
            try:
                for task, mode, deadline in chosen:
                    if mode == "restate":
                        carryover.restate(task, directive, current_user, deadline_on=deadline)
                    else:
                        carryover.carry(task, directive, current_user, deadline_on=deadline)
                db.session.commit()
            except ServiceError as error:
                db.session.rollback()
                errors.append(error.message)
            else:
                flash(f"Đã chuyển {len(chosen)} nhiệm vụ vào văn bản này.", "success")
                return redirect(url_for("directives.detail", directive_id=directive.id))
    return _page("followup/carry_over.html", directive=directive, form=form, tasks=list(candidates.values()),
                           errors=errors, today=clock.today())
