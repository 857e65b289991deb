"""What the three follow-up reports share: the standard table per unit (the dashboard's scorecard, so its
numbers are the dashboard's), percentages written the Vietnamese way, the counts in one sentence, the
result of an assignment in words, and the period in words."""
from datetime import date
from typing import Optional

from tracker.models import UNIT_KIND_LABELS, Assignment, AssignmentState
from tracker.queries.followup import accepted_note, unit_kinds
from tracker.queries.reports import Score
from tracker.reports.data import StatsTable
from tracker.services.status import LABELS, REPORT_ORDER, StatusClass, assignment_class

HEADERS = ["TT", "Đơn vị", "Tổng số nhiệm vụ được giao"] + [
    "Quá hạn chưa hoàn thành" if c == StatusClass.OVERDUE else LABELS[c] for c in REPORT_ORDER
] + ["Tỷ lệ hoàn thành (%)", "Tỷ lệ hoàn thành đúng hạn (%)"]
WIDTHS = [1.1, 5.0, 2.05] + [2.05] * len(REPORT_ORDER) + [2.0, 2.0]


def percent(rate: Optional[float]) -> str:
    """0.857 → "85,7"; no rate → "-"."""
    return "-" if rate is None else f"{rate * 100:.1f}".replace(".", ",")


def done_rate(score: Score) -> Optional[float]:
    """Done (on time or late) out of everything given."""
    done = score.counts[StatusClass.DONE_ON_TIME] + score.counts[StatusClass.DONE_LATE]
    return done / score.assigned if score.assigned else None


def _cells(number, label: str, score: Score) -> list:
    return ([number, label, score.assigned] + [score.counts[c] for c in REPORT_ORDER]
            + [percent(done_rate(score)), percent(score.on_time_rate)])


def standard_table(rows: list[Score], total: Score, *, by_kind: bool = False) -> StatsTable:
    """The standard table: one row per unit, then the total; `by_kind` groups the units by their kind
    (party boards, government offices, communes …) with a subtotal each."""
    out = []
    if by_kind:
        kinds = unit_kinds(s.unit_id for s in rows)
        groups: dict = {}
        for score in rows:
            groups.setdefault(kinds.get(score.unit_id), []).append(score)
        number = 0
        for ordinal, (kind, scores) in enumerate(sorted(groups.items(), key=lambda kv: _kind_order(kv[0])), 1):
            out.append(("group", [f"{ordinal}. {UNIT_KIND_LABELS.get(kind, 'Khác')}"]))
            subtotal = Score("Cộng")
            for score in scores:
                number += 1
                out.append(("row", _cells(number, score.label, score)))
                for cls, n in score.counts.items():
                    subtotal.add(cls, n)
            out.append(("subtotal", _cells("", "Cộng", subtotal)))
    else:
        out = [("row", _cells(i, score.label, score)) for i, score in enumerate(rows, start=1)]
    out.append(("total", _cells("", "Tổng cộng", total)))
    return StatsTable(headers=HEADERS, widths_cm=WIDTHS, rows=out)


def _kind_order(kind) -> int:
    order = list(UNIT_KIND_LABELS)
    return order.index(kind) if kind in order else len(order)


def counts_sentence(total: Score, what: str = "lượt đơn vị chủ trì") -> str:
    """The counts in one sentence, for the text of a report."""
    c = total.counts
    done = c[StatusClass.DONE_ON_TIME] + c[StatusClass.DONE_LATE]
    text = (f"Tổng số {total.assigned} {what}; đã hoàn thành {done} (đúng hạn {c[StatusClass.DONE_ON_TIME]}, "
            f"quá hạn {c[StatusClass.DONE_LATE]}); đang thực hiện trong hạn {c[StatusClass.IN_PROGRESS]}; "
            f"quá hạn chưa hoàn thành {c[StatusClass.OVERDUE]}; thường xuyên {c[StatusClass.ONGOING]}")
    if c[StatusClass.CARRIED_OVER]:
        text += f"; chuyển sang văn bản sau {c[StatusClass.CARRIED_OVER]}"
    return text + f". Tỷ lệ hoàn thành đúng hạn: {percent(total.on_time_rate)}%."


def cite(directive) -> str:
    """"số 152-TB/HU, ngày 14/09/2023" as a sentence cites a notice."""
    reference = directive.reference
    return reference[0].lower() + reference[1:]


def dmy(day: Optional[date]) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def result_text(assignment: Assignment, today: date, carried: str = "", skip=None) -> str:
    """An assignment's state and its latest progress that counts, in words:
    "Hoàn thành đúng hạn (15/09/2023). 12/09/2023: Đã tổ chức …"."""
    cls = assignment_class(assignment, today)
    if assignment.state == AssignmentState.CARRIED_OVER:
        head = carried or LABELS[cls]
    elif assignment.state == AssignmentState.DONE:
        head = f"{LABELS[cls]} ({dmy(assignment.done_on)})"
    else:
        head = LABELS[cls]
    note = accepted_note(assignment, skip)
    if note is None:
        return head + "."
    pending = " (báo cáo hoàn thành, chờ xác nhận)" if note.pending else ""
    return f"{head}. {dmy(note.reported_on)}{pending}: {note.text}"


def period_words(period_from: date, period_to: date) -> str:
    """"quý III năm 2023", "6 tháng đầu năm 2024", "năm 2023", else "từ ngày … đến ngày …"."""
    y = period_from.year
    if period_from.day == 1 and period_to.year == y:
        end = period_to
        quarter_ends = {3: "I", 6: "II", 9: "III", 12: "IV"}
        if (period_from.month, end.month) in ((1, 3), (4, 6), (7, 9), (10, 12)) and _month_end(end):
            return f"quý {quarter_ends[end.month]} năm {y}"
        if period_from.month == 1 and end.month == 6 and _month_end(end):
            return f"6 tháng đầu năm {y}"
        if period_from.month == 7 and end.month == 12 and end.day == 31:
            return f"6 tháng cuối năm {y}"
        if period_from.month == 1 and end.month == 12 and end.day == 31:
            return f"năm {y}"
    return f"từ ngày {dmy(period_from)} đến ngày {dmy(period_to)}"


def _month_end(day: date) -> bool:
    from calendar import monthrange

    return day.day == monthrange(day.year, day.month)[1]


def period_bounds(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    """("quarter", 2023, 3) → 01/07–30/09/2023; ("half", 2024, 1) → 01/01–30/06; ("year", 2023) → the year."""
    from calendar import monthrange

    if kind == "quarter":
        first = 3 * (number - 1) + 1
        return date(year, first, 1), date(year, first + 2, monthrange(year, first + 2)[1])
    if kind == "half":
        return (date(year, 1, 1), date(year, 6, 30)) if number == 1 else (date(year, 7, 1), date(year, 12, 31))
    return date(year, 1, 1), date(year, 12, 31)
