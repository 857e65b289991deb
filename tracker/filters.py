"""The one filter model of every list (tasks, the overdue list, the dashboard's lists, exports, the API and
the CLI) and the one parser that reads it from URL arguments (or any mapping).

The parser is written by hand rather than with WTForms so that every message is Vietnamese and the same
code serves pages, exports, the API and the CLI; it collects errors and never raises.
"""
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Optional

import sqlalchemy as sa

from tracker.extensions import db
from tracker.forms import parse_vn_date
from tracker.models import Directive, Meeting, Task, Unit
from tracker.permissions import is_unit_user
from tracker.search import exact_first, matches
from tracker.services.status import StatusClass

#: URL argument of each filter field.
ARG_NAMES = {"q": "q", "unit_id": "unit", "status": "status", "deadline_from": "deadline_from",
             "deadline_to": "deadline_to", "committee": "committee", "period_from": "from", "period_to": "to",
             "directive_id": "directive", "directive_number": "number"}


@dataclass
class Filters:
    #: Words of the task's text, each found with or without diacritics, in any case (tracker.search).
    q: Optional[str] = None
    #: A unit: on the task lists, any unit with a part in the task; on reports, the lead unit.
    unit_id: Optional[int] = None
    status: Optional[StatusClass] = None
    #: The task's own deadline from … to … (inclusive).
    deadline_from: Optional[date] = None
    deadline_to: Optional[date] = None
    #: The directive's issuing body ("Thường trực Huyện ủy").
    committee: Optional[str] = None
    #: Directives issued from … to … (inclusive): the period the work was given in.
    period_from: Optional[date] = None
    period_to: Optional[date] = None
    directive_id: Optional[int] = None
    #: Part of a directive's number ("152-TB", "TB/HU"), case-insensitive.
    directive_number: Optional[str] = None

    @property
    def on_directive(self) -> bool:
        """Whether the filters look at the directive (so a query must join it)."""
        return bool(self.committee or self.period_from or self.period_to or self.directive_id
                    or self.directive_number)

    def task_clauses(self) -> list:
        """SQL conditions on Task joined to Directive: every filter but the unit and the class, whose meaning
        depends on the list (any assignment vs the lead one; a task's class vs an assignment's)."""
        out = []
        if self.q:
            out.append(matches(Task.text_folded, self.q))
        if self.deadline_from:
            out.append(Task.deadline_on >= self.deadline_from)
        if self.deadline_to:
            out.append(Task.deadline_on <= self.deadline_to)
        if self.committee:
            out.append(Directive.issuer == self.committee)
        if self.period_from:
            out.append(Directive.issued_on >= self.period_from)
        if self.period_to:
            out.append(Directive.issued_on <= self.period_to)
        if self.directive_id:
            out.append(Directive.id == self.directive_id)
        if self.directive_number:
            out.append(sa.func.lower(Directive.number).contains(self.directive_number.strip().lower(), autoescape=True))
        return out

    def rank(self) -> list:
        """ORDER BY terms to put before a list's own order: tasks that hold the query as typed first."""
        return exact_first(self.q, Task.text) if self.q else []

    def to_args(self) -> dict:
        """The URL arguments that give these filters back (dates as dd/mm/yyyy)."""
        args = {}
        for key, value in asdict(self).items():
            if value:
                args[ARG_NAMES[key]] = value.strftime("%d/%m/%Y") if isinstance(value, date) else value
        return args


@dataclass
class ParsedArgs:
    filters: Filters
    #: The day a report is made for, and the meeting it is made for (reports only).
    as_of: Optional[date] = None
    meeting: Optional[Meeting] = None
    #: URL argument → Vietnamese message.
    errors: dict = field(default_factory=dict)

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


def _row_id(args, name, errors, model, invalid, missing):
    """A positive id that names an existing row; "" and "0" mean none."""
    text = (args.get(name) or "").strip()
    if not text or text == "0":
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        errors[name] = invalid
        return None
    row = db.session.get(model, int(text))
    if row is None:
        errors[name] = missing
        return None
    return row


def _text(args, name, limit):
    return (args.get(name) or "").strip()[:limit] or None


def parse_filters(args, user=None) -> ParsedArgs:
    """Read the filters (and a report's `as_of` and `meeting`) from a mapping; collect errors, never raise.

    With `user` a unit user and no `unit` argument, the list opens on the user's own unit (it may still
    widen to everything it can see with unit=0).
    """
    errors: dict[str, str] = {}
    as_of = _date(args, "as_of", errors, "Tính đến ngày")
    period_from = _date(args, "from", errors, "Từ ngày")
    period_to = _date(args, "to", errors, "Đến ngày")
    if period_from and period_to and period_from > period_to:
        errors["to"] = "Đến ngày: phải sau hoặc bằng từ ngày."
    deadline_from = _date(args, "deadline_from", errors, "Hạn từ ngày")
    deadline_to = _date(args, "deadline_to", errors, "Hạn đến ngày")
    unit = _row_id(args, "unit", errors, Unit, "Đơn vị không hợp lệ.", "Không tìm thấy đơn vị.")
    directive = _row_id(args, "directive", errors, Directive, "Văn bản không hợp lệ.", "Không tìm thấy văn bản.")
    meeting = _row_id(args, "meeting", errors, Meeting, "Hội nghị không hợp lệ.", "Không tìm thấy hội nghị.")
    if meeting is not None and as_of is None:
        as_of = meeting.held_on
    status = None
    status_text = (args.get("status") or "").strip()
    if status_text:
        try:
            status = StatusClass(status_text)
        except ValueError:
            errors["status"] = "Tình trạng: giá trị không hợp lệ."
    filters = Filters(q=_text(args, "q", 200), unit_id=unit.id if unit else None, status=status,
                      deadline_from=deadline_from, deadline_to=deadline_to, committee=_text(args, "committee", 200),
                      period_from=period_from, period_to=period_to, directive_id=directive.id if directive else None,
                      directive_number=_text(args, "number", 60))
    if user is not None and is_unit_user(user) and args.get("unit") is None:
        filters.unit_id = user.unit_id
    return ParsedArgs(filters, as_of, meeting, errors)


__all__ = ["ARG_NAMES", "Filters", "ParsedArgs", "parse_filters"]
