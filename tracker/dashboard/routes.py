"""The leaders' dashboard: per-unit scorecard for a period, the month-by-month trend, charts.

Every number links to the list behind it (reports.assignments; the overdue cell to reports.overdue).
"""
from calendar import monthrange
from dataclasses import replace
from datetime import date

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from tracker import clock
from tracker.filters import parse_filters
from tracker.forms import number_arg
from tracker.numbers import vn_number, vn_percent
from tracker.permissions import READ_ALL, allow
from tracker.queries.directives import committee_choices
from tracker.queries.dashboard import overdue_total
from tracker.queries.reports import scorecard, scored_units, summed, trend
from tracker.queries.units import unit_choices
from tracker.services.status import BADGES, LABELS, REPORT_ORDER, StatusClass

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

#: Units per page of the scorecard (a province has 2,000; the total row sums them all, on every page).
UNITS_PER_PAGE = 100
#: Chart colours, in the badges' Bootstrap hues.
COLOURS = {"primary": "#0d6efd", "danger": "#dc3545", "success": "#198754", "warning": "#ffc107",
           "secondary": "#6c757d", "info": "#0dcaf0"}


def default_period(today: date) -> tuple[date, date]:
    """The twelve months up to and including this one."""
    year, month = (today.year, today.month - 11) if today.month == 12 else (today.year - 1, today.month + 1)
    return date(year, month, 1), today


def month_bounds(label: str, period_from, period_to) -> tuple[date, date]:
    """"03/2024" → (first, last day of the month), kept inside the chosen period."""
    month, year = (int(x) for x in label.split("/"))
    first, last = date(year, month, 1), date(year, month, monthrange(year, month)[1])
    return max(first, period_from) if period_from else first, min(last, period_to) if period_to else last


def rate_text(score) -> str:
    return vn_percent(score.on_time_rate)


def table_row(score, number: int, links: dict, filter_unit) -> Markup:
    """One scorecard row as HTML (the total when `number` is 0); each number links to the list behind it.
    Made here rather than in the template: a province has 2,000 units, and 14,000 url_for calls or escaped
    template cells would cost more than the queries. `links` are the two base URLs, already HTML-escaped."""
    unit = score.unit_id or filter_unit
    q = f"&amp;unit={int(unit)}" if unit else ""
    cells = [(score.assigned, links["assignments"] + q, "assigned")]
    for cls in REPORT_ORDER:
        href = links["overdue"] + q if cls == StatusClass.OVERDUE else f"{links['assignments']}{q}&amp;cls={cls.value}"
        cells.append((score.counts[cls], href, cls.value))
    numbers = "".join(
        f'<td class="text-end" data-col="{col}"><a href="{href}" class="cell-link'
        f'{" text-danger fw-semibold" if col == "overdue" else ""}" data-cls="{col}">{vn_number(int(n))}</a></td>'
        for n, href, col in cells)
    head = (f'<tr data-unit="{score.unit_id}"><td>{number}</td>' if number else
            '<tr data-unit="total" class="fw-semibold table-light"><td></td>')
    return Markup(f'{head}<td>{escape(score.label)}</td>{numbers}<td class="text-end">{rate_text(score)}</td></tr>')


@bp.get("/")
@allow(*READ_ALL)
def index():
    parsed = parse_filters(request.args)
    today = clock.today()
    as_of = parsed.as_of or today
    if "from" not in request.args and "to" not in request.args:
        parsed.filters.period_from, parsed.filters.period_to = default_period(today)
    context = {"parsed": parsed, "as_of": as_of, "units": unit_choices(), "committees": committee_choices(),
               "columns": REPORT_ORDER, "labels": LABELS}
    if not parsed.ok:
        return render_template("dashboard/index.html", units_scored=0, total=None, months=[], **context), 400
    # Only the page's units are scored; the total is the months' sum (every unit of the period).
    unit_ids = scored_units(as_of, parsed.filters, current_user)
    pages = max((len(unit_ids) + UNITS_PER_PAGE - 1) // UNITS_PER_PAGE, 1)
    page = min(number_arg(request.args), pages)
    first = (page - 1) * UNITS_PER_PAGE
    rows, _ = scorecard(as_of, parsed.filters, current_user, unit_ids=unit_ids[first:first + UNITS_PER_PAGE])
    months = trend(as_of, parsed.filters, current_user)
    total = summed(months)
    # The overdue list counts the work of every period; say so beside this period's number.
    every_period = replace(parsed.filters, period_from=None, period_to=None)
    overdue_everywhere = overdue_total(as_of, every_period, current_user)
    args = parsed.filters.to_args() | {"as_of": as_of.strftime("%d/%m/%Y")}
    without_unit = {k: v for k, v in args.items() if k != "unit"}
    links = {"assignments": str(escape(url_for("reports.assignments", **without_unit))),
             "overdue": str(escape(url_for("reports.overdue", **without_unit)))}
    table = [table_row(total, 0, links, args.get("unit"))] + [
        table_row(score, first + i, links, args.get("unit")) for i, score in enumerate(rows, start=1)]
    chart = {
        "labels": [m.label for m in months],
        "series": [{"key": c.value, "label": LABELS[c], "colour": COLOURS[BADGES[c]],
                    "data": [m.counts[c] for m in months]} for c in REPORT_ORDER],
        "rate": [None if m.on_time_rate is None else round(m.on_time_rate * 100, 1) for m in months],
        "totals": {"labels": [LABELS[c] for c in REPORT_ORDER], "data": [total.counts[c] for c in REPORT_ORDER],
                   "colours": [COLOURS[BADGES[c]] for c in REPORT_ORDER]},
    }
    month_args = {}
    for m in months:
        first, last = month_bounds(m.label, parsed.filters.period_from, parsed.filters.period_to)
        month_args[m.label] = args | {"from": first.strftime("%d/%m/%Y"), "to": last.strftime("%d/%m/%Y")}
    chart["links"] = [url_for("reports.assignments", **month_args[m.label]) for m in months]
    return render_template("dashboard/index.html", units_scored=len(unit_ids), total=total, months=months, args=args,
                           chart=chart,
                           month_args=month_args, table=table, rate_text=rate_text, page=page, pages=pages,
                           page_args={k: v for k, v in request.args.items() if k != "page"},
                           overdue_everywhere=overdue_everywhere,
                           overdue_list_args=every_period.to_args() | {"as_of": as_of.strftime("%d/%m/%Y")}, **context)
