"""Digest items and the emails made of them: one message per recipient group, HTML and plain text.

A `Digest` is made once, complete, and never changed: the ledger records it, the mailer sends it, and what
became of it is a separate `Delivery`.
"""
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from html import escape as html_escape
from datetime import date
from typing import Optional

from flask import current_app
from markupsafe import Markup

from tracker.reminders.due import (
    GROUPS, OFFICE_OVERDUE, REPEAT_GROUPS, REPORT_DUE, WEEKDAY_LABELS, group_of, kind_label,
)

TEXT_LIMIT = 300
#: A digest lists at most this many new items (the rest are counted, with a link to the full list): the
#: very first pass on years of old data would otherwise make messages no mail server accepts.
LIST_LIMIT = 500
#: A round-up lists at most this many repeated items, longest overdue first; the rest are counted, with a
#: link to the unit's list. A person reads that many; the list on the site has them all.
REPEAT_LIMIT = 30


@dataclass(slots=True)
class Item:
    """One reminder: a ledger key plus what a person reads about it."""

    kind: str
    due_on: date
    assignment_id: int
    task_id: int
    unit_id: int
    unit_name: str
    role: str
    directive_number: Optional[str]
    directive_issued_on: date
    source_ref: Optional[str]
    text: str
    deadline: Optional[date]
    today: date
    period_end: Optional[date] = None
    note: Optional[str] = None

    @property
    def key(self) -> tuple[int, str, date]:
        return self.assignment_id, self.kind, self.due_on

    @property
    def group(self) -> str:
        return group_of(self.kind)

    @property
    def label(self) -> str:
        return kind_label(self.kind)

    @property
    def reference(self) -> str:
        return _reference(self.directive_number, self.directive_issued_on, self.source_ref)

    @property
    def role_label(self) -> str:
        return "chủ trì" if self.role == "lead" else "phối hợp"

    @property
    def when(self) -> str:
        """Days left or overdue, in words."""
        if self.kind == REPORT_DUE and self.period_end:
            return f"Kỳ báo cáo đến {_day(self.period_end)}"
        if self.deadline is None:
            return "Nhiệm vụ thường xuyên"
        days = (self.deadline - self.today).days
        if days > 0:
            return f"Còn {days} ngày"
        if days == 0:
            return "Hạn chót hôm nay"
        return f"Quá hạn {-days} ngày"

    def link(self, base_url: str) -> str:
        return f"{base_url.rstrip('/')}/tasks/{self.task_id}"

    def office_copy(self) -> "Item":
        return replace(self, kind=OFFICE_OVERDUE)


@lru_cache(maxsize=8192)
def _reference(number: Optional[str], issued_on: date, source_ref: Optional[str]) -> str:
    """Kept for a while: a digest's HTML and plain text ask for the same ones, one after the other."""
    day = _day(issued_on)
    ref = f"Số {number}, ngày {day}" if number else f"Văn bản ngày {day}"
    return f"{ref}, mục {source_ref}" if source_ref else ref


def short(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1].rstrip() + "…"


def _sort_key(item: Item):
    return (item.deadline or item.period_end or item.due_on, item.directive_issued_on, item.task_id, item.assignment_id)


def grouped(items: list[Item]) -> list[tuple[str, str, list[Item]]]:
    """[(group, heading, items)] in the fixed order: overdue, due soon, requests, notices; empty groups left out."""
    by_group: dict[str, list[Item]] = {}
    for item in items:
        by_group.setdefault(item.group, []).append(item)
    return [(g, heading, sorted(by_group[g], key=_sort_key)) for g, heading in GROUPS if g in by_group]


def by_unit(items: list[Item]) -> list[tuple[str, list[Item]]]:
    units: dict[str, list[Item]] = {}
    for item in sorted(items, key=lambda i: (i.unit_name, _sort_key(i))):
        units.setdefault(item.unit_name, []).append(item)
    return list(units.items())


@dataclass(frozen=True)
class Digest:
    """An email, complete: what the outbox row records and what the mailer sends."""

    kind: str
    subject: str
    recipients: tuple[str, ...]
    html: str
    text: str
    #: How many items it tells of (new and repeated).
    item_count: int = 0
    unit_id: Optional[int] = None
    #: The exactly-once key of a digest not about one assignment ("weekly:…", "meeting:…").
    key: Optional[str] = None
    #: (file name, MIME type, bytes): the meeting list's DOCX and PDF.
    attachments: tuple[tuple[str, str, bytes], ...] = ()


@dataclass(frozen=True)
class Delivery:
    """What became of one outbox message: sent, or the error that stopped it."""

    message_id: int
    ok: bool
    error: Optional[str] = None
    file_name: Optional[str] = None


def _counts_phrase(items: list[Item], unlisted: int = 0) -> str:
    counts = Counter(i.group for i in items)
    counts["repeat_overdue"] += unlisted
    parts = [f"{counts[group]} {label}" for group, label in (
        ("overdue", "quá hạn"), ("due_soon", "sắp đến hạn"), ("requests", "đề nghị báo cáo"), ("notices", "thông báo"))
        if counts[group]]
    repeated = sum(counts[g] for g in REPEAT_GROUPS)
    if repeated:
        parts.append(f"nhắc lại {repeated} việc chưa xong")
    return ", ".join(parts)


def item_rows(items: list[Item], base_url: str, show_unit: bool = False) -> Markup:
    """The HTML rows of an item table (see email/_items.html)."""
    return _items(items, base_url, show_unit, text=False)[0]


def _items(items: list[Item], base_url: str, show_unit: bool = False, text: bool = True) -> tuple[Markup, str]:
    """The HTML rows of an item table and (with `text`) the plain-text lines of the same items, in one loop.
    Made here, not by a Jinja loop: a first pass writes a hundred thousand of them, and a format string is
    several times faster. A row is one line (an SMTP server reads a message line by line; the mailer folds a
    row longer than SMTP allows between its cells)."""
    rows, lines = [], []
    escape = html_escape  # a str, where markupsafe made a Markup of every cell
    for n, i in enumerate(items, 1):
        group, reference, deadline, when = group_of(i.kind), i.reference, _day(i.deadline), i.when
        link = f"{base_url}/tasks/{i.task_id}"
        unit = f"<td>{escape(i.unit_name)} ({i.role_label})</td>" if show_unit else ""
        supporting = i.role != "lead"
        support = " <em>(đơn vị phối hợp)</em>" if not show_unit and supporting else ""
        notice = (f"<br><b>{escape(i.label)}</b>" + (f": {escape(i.note)}" if i.note else "")
                  if group == "notices" else "")
        late = ' class="late"' if group in LATE_GROUPS else ""
        rows.append(
            f'<tr data-assignment="{i.assignment_id}" data-kind="{i.kind}"><td>{escape(reference)}</td>{unit}'
            f'<td>{escape(i.text)}{support}{notice}<br><a href="{link}">Xem nhiệm vụ</a></td>'
            f'<td class="d">{deadline}</td><td{late}>{when}</td></tr>')
        if text:
            support = " (đơn vị phối hợp)" if supporting else ""
            notice = (f"   {i.label}" + (f": {i.note}" if i.note else "") + "\n") if group == "notices" else ""
            lines.append(f"\n{n}. {reference}{support}\n   {i.text}\n{notice}   Thời hạn: {deadline} · {when}\n"
                         f"   {link}\n")
    return Markup("\n".join(rows)), "".join(lines)


def item_lines(items: list[Item], base_url: str) -> str:
    """The plain-text lines of the same items."""
    lines = []
    for n, i in enumerate(items, 1):
        support = " (đơn vị phối hợp)" if i.role != "lead" else ""
        notice = (f"   {i.label}" + (f": {i.note}" if i.note else "") + "\n") if group_of(i.kind) == "notices" else ""
        lines.append(f"\n{n}. {i.reference}{support}\n   {i.text}\n{notice}   Thời hạn: {_day(i.deadline)} · {i.when}\n"
                     f"   {base_url}/tasks/{i.task_id}\n")
    return "".join(lines)


LATE_GROUPS = ("overdue", "repeat_overdue")


@lru_cache(maxsize=4096)
def _day(value: Optional[date]) -> str:
    """dd/mm/yyyy (as vn_date; strftime cost a fifth of building a digest). A pass formats the same few
    hundred days a hundred thousand times: they are kept."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else "—"


def render(name: str, **context) -> tuple[str, str]:
    """templates/email/<name>.html and .txt. Straight from the Jinja environment, not render_template:
    the web pages' context processors may ask for the request (locale, user), and a job has none."""
    context.setdefault("base_url", current_app.config["BASE_URL"].rstrip("/"))
    context.setdefault("committee_name", current_app.config["COMMITTEE_NAME"])
    env = current_app.jinja_env
    env.globals.setdefault("email_item_rows", item_rows)  # globals: the imported macro sees them too
    env.globals.setdefault("email_item_lines", item_lines)
    return (env.get_template(f"email/{name}.html").render(**context),
            env.get_template(f"email/{name}.txt").render(**context))


@dataclass(frozen=True)
class Listed:
    """One part of a unit's digest as written: the items it lists (made into rows and lines), how many it has."""

    group: str
    heading: str
    shown: int
    count: int
    rows: Markup
    lines: str


def _capped(groups: list[tuple[str, str, list[Item]]], base_url: str, unlisted: int = 0) -> list[Listed]:
    """The groups with at most LIST_LIMIT new items in all (overdue first) and REPEAT_LIMIT repeated ones;
    each with how many it has (`unlisted`: repeated overdue items that were counted, not read)."""
    out, room = [], {False: LIST_LIMIT, True: REPEAT_LIMIT}
    for group, heading, items in groups:
        repeat = group in REPEAT_GROUPS
        shown = items[:max(room[repeat], 0)]
        room[repeat] -= len(shown)
        count = len(items) + (unlisted if group == "repeat_overdue" else 0)
        out.append(Listed(group, heading, len(shown), count, *_items(shown, base_url)))
    return out


def unit_subject(unit_name: str, items: list[Item], today: date, unlisted: int = 0) -> str:
    return f"[Đôn đốc] Nhắc việc ngày {_day(today)} – {unit_name}: {_counts_phrase(items, unlisted)}"[:300]


def unit_digest(unit_id: int, unit_name: str, recipients: list[str], items: list[Item], today: date,
                roundup_on: Optional[date] = None, unlisted: int = 0) -> Digest:
    """A unit's digest of the day: what is new first, then (on its round-up day) what is repeated.
    `unlisted`: long-overdue items of the round-up that were counted but not read (they come after the
    listed ones in the digest's order, so they would not be listed anyway)."""
    subject = unit_subject(unit_name, items, today, unlisted)
    groups = _capped(grouped(items), current_app.config["BASE_URL"].rstrip("/"), unlisted)
    total = len(items) + unlisted
    new = sum(g.count for g in groups if g.group not in REPEAT_GROUPS)
    # Each cut group says how many it leaves out; the sum is said again only when two or more groups are cut
    # (one cut group's number twice read as a mistake).
    cut = [g for g in groups if g.count > g.shown]
    more = sum(g.count - g.shown for g in cut) if len(cut) > 1 else 0
    html, text = render("unit_digest", unit_name=unit_name, unit_id=unit_id, groups=groups, today=today,
                        total=total, new=new, repeated=total - new, more=more,
                        roundup_on=roundup_on, roundup_weekday=WEEKDAY_LABELS[roundup_on.isoweekday()] if roundup_on else "",
                        repeat_groups=REPEAT_GROUPS)
    return Digest("unit", subject, tuple(recipients), html, text, item_count=total, unit_id=unit_id)


class OfficeList:
    """The office's overdue items of a pass, gathered batch by batch: all counted (by unit), the first
    LIST_LIMIT kept for the listing, so memory stays flat however many there are."""

    def __init__(self, limit: Optional[int] = None):
        self.limit = limit or LIST_LIMIT
        self.items: list[Item] = []
        self.per_unit: Counter = Counter()

    @property
    def total(self) -> int:
        return sum(self.per_unit.values())

    def add(self, item: Item) -> None:
        self.per_unit[item.unit_name] += 1
        if len(self.items) < self.limit:
            self.items.append(item)


def office_digest(recipients: list[str], office: OfficeList, today: date) -> Digest:
    total = office.total
    subject = (f"[Đôn đốc] Nhiệm vụ quá hạn ngày {today:%d/%m/%Y}: {total} nhiệm vụ của "
               f"{len(office.per_unit)} đơn vị")
    more = total - len(office.items)
    html, text = render("office_digest", units=by_unit(office.items), today=today, total=total, more=more,
                        per_unit=sorted(office.per_unit.items(), key=lambda kv: (-kv[1], kv[0])) if more else [])
    return Digest("office", subject[:300], tuple(recipients), html, text, item_count=total)


__all__ = ["LIST_LIMIT", "REPEAT_LIMIT", "Delivery", "Digest", "Item", "OfficeList", "by_unit", "grouped",
           "office_digest", "render", "short", "unit_digest", "unit_subject"]
