"""An iCalendar feed (RFC 5545) of deadlines and meetings, for Outlook, Thunderbird and phone calendars.

Every deadline and meeting is an all-day event whose UID names the assignment or meeting, so when an
extension moves a deadline the calendar moves the same event instead of adding one.
"""
from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar, Event, Timezone

TZID = "Asia/Ho_Chi_Minh"


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime, url: str | None = None,
           sequence: int = 0) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("sequence", sequence)
    event.add("transp", "TRANSPARENT")
    if url:
        event.add("url", url)
    return event


def build_calendar(name: str, deadlines, meetings, host: str, task_url) -> bytes:
    """`deadlines`: rows of queries.calendar.open_deadlines; `task_url(task_id)` → the task page's address."""
    cal = Calendar()
    cal.add("prodid", "-//Don doc//Lich han nhiem vu//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", timedelta(hours=4), parameters={"VALUE": "DURATION"})
    cal.add_component(Timezone.from_tzid(TZID))
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    for r in deadlines:
        ref = f" (mục {r.source_ref})" if r.source_ref else ""
        role = "chủ trì" if r.role.value == "lead" else "phối hợp"
        directive = f"{r.number} ngày {r.issued_on:%d/%m/%Y}" if r.number else f"văn bản ngày {r.issued_on:%d/%m/%Y}"
        text = " ".join(r.text.split())
        summary = f"Hạn: {text[:90]}{'…' if len(text) > 90 else ''}"
        description = (f"{r.unit} ({role}). Theo {directive}{ref}.\n"
                       + (f"Đã gia hạn đến {r.deadline:%d/%m/%Y}.\n" if r.extended_deadline_on else "") + text)
        cal.add_component(_event(f"assignment-{r.id}@{host}", r.deadline, summary, description, stamp,
                                 task_url(r.task_id), sequence=1 if r.extended_deadline_on else 0))
    for m in meetings:
        title = " ".join(x for x in (m.kind, m.title) if x)
        cal.add_component(_event(f"meeting-{m.id}@{host}", m.held_on, title,
                                 f"{m.committee or ''} {('— chủ trì: ' + m.chair) if m.chair else ''}".strip(), stamp))
    return cal.to_ical()
