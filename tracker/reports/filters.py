"""The filters the overdue list, the drill-down lists and the dashboard share, and reading them from a URL.

Reading is by hand rather than with WTForms so that every message is Vietnamese and the same parser
serves the pages, the exports and the CLI.
"""
from dataclasses import asdict, dataclass
from datetime import date
from typing import Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.forms import parse_vn_date
from tracker.models import Assignment, Directive, Meeting, Unit


@dataclass
class ReportFilters:
    #: The directive's issuing body ("Thường trực Huyện ủy").
    committee: Optional[str] = None
    #: The lead unit.
    unit_id: Optional[int] = None
    #: Directives issued from … to … (inclusive): the period the work was given in.
    period_from: Optional[date] = None
    period_to: Optional[date] = None
    directive_id: Optional[int] = None
    #: A directive by its number as written ("152-TB/HU"), matched whole, case-insensitive.
    directive_number: Optional[str] = None

    @property
    def on_directive(self) -> bool:
        """Whether the filters look at the directive (so a query must join it)."""
        return bool(self.committee or self.period_from or self.period_to or self.directive_id
                    or self.directive_number)

    def clauses(self) -> list:
        """SQL conditions on Assignment joined to Task and Directive."""
        out = []
        if self.committee:
            out.append(Directive.issuer == self.committee)
        if self.unit_id:
            out.append(Assignment.unit_id == self.unit_id)
        if self.period_from:
            out.append(Directive.issued_on >= self.period_from)
        if self.period_to:
            out.append(Directive.issued_on <= self.period_to)
        if self.directive_id:
            out.append(Directive.id == self.directive_id)
        if self.directive_number:
            out.append(sa.func.lower(Directive.number) == self.directive_number.strip().lower())
        return out

    def to_args(self) -> dict:
        """The URL arguments that give these filters back (dates as dd/mm/yyyy)."""
        names = {"committee": "committee", "unit_id": "unit", "period_from": "from", "period_to": "to",
                 "directive_id": "directive", "directive_number": "number"}
        args = {}
        for key, value in asdict(self).items():
            if value:
                args[names[key]] = value.strftime("%d/%m/%Y") if isinstance(value, date) else value
        return args


@dataclass
class ParsedArgs:
    filters: ReportFilters
    as_of: Optional[date]
    meeting: Optional[Meeting]
    errors: dict  # field name → Vietnamese message

    @property
    def ok(self) -> bool:
        return not self.errors


def _date(args, name, errors, label):
    text = (args.get(name) or "").strip()
    if not text:
        return None
    try:
        return parse_vn_date(text)
    except ValueError as exc:
        errors[name] = f"{label}: {exc}"
        return None


def _positive_int(args, name, errors, message):
    text = (args.get(name) or "").strip()
    if not text or text == "0":
        return None
    if not text.isdigit():
        errors[name] = message
        return None
    return int(text)


def parse_report_args(args) -> ParsedArgs:
    """Read filters, `as_of` and `meeting` from request args (or any mapping); collect errors, never raise."""
    errors: dict[str, str] = {}
    as_of = _date(args, "as_of", errors, "Tính đến ngày")
    period_from = _date(args, "from", errors, "Từ ngày")
    period_to = _date(args, "to", errors, "Đến ngày")
    if period_from and period_to and period_from > period_to:
        errors["to"] = "Đến ngày: phải sau hoặc bằng từ ngày."
    unit_id = _positive_int(args, "unit", errors, "Đơn vị không hợp lệ.")
    if unit_id and db.session.get(Unit, unit_id) is None:
        errors["unit"] = "Không tìm thấy đơn vị."
    directive_id = _positive_int(args, "directive", errors, "Văn bản không hợp lệ.")
    if directive_id and db.session.get(Directive, directive_id) is None:
        errors["directive"] = "Không tìm thấy văn bản."
    meeting = None
    meeting_id = _positive_int(args, "meeting", errors, "Hội nghị không hợp lệ.")
    if meeting_id:
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None:
            errors["meeting"] = "Không tìm thấy hội nghị."
        elif as_of is None:
            as_of = meeting.held_on
    committee = (args.get("committee") or "").strip()[:200] or None
    number = (args.get("number") or "").strip()[:60] or None
    filters = ReportFilters(committee=committee, unit_id=unit_id, period_from=period_from, period_to=period_to,
                            directive_id=directive_id, directive_number=number)
    return ParsedArgs(filters, as_of, meeting, errors)


def next_meeting(today: date) -> Optional[Meeting]:
    """The first meeting on or after `today`."""
    return db.session.scalar(sa.select(Meeting).where(Meeting.held_on >= today)
                             .order_by(Meeting.held_on, Meeting.id).limit(1))


def committee_choices() -> list[str]:
    """The issuing bodies that appear on directives."""
    return list(db.session.scalars(sa.select(Directive.issuer).distinct().order_by(Directive.issuer)))

