"""The notice's own time: the year a date without a year takes, and the date that is "now" for its deadlines.

A notice says "Sáng ngày 26/4, …" or "nhiệm vụ tháng 11 này" without a year; the year is the document's, never
the machine's when the text tells. Evidence, in order:

1. the date line ("Trà Cú, ngày 05 tháng 9 năm 2023");
2. the title ("… THÁNG 4 NĂM 2021", "… quý II/2022");
3. the web page's date ("Thứ sáu - 25/03/2022 16:19", "Ngày đăng: 22-1-2021"), unless it has no time of day and
   is more than a year after every date the text gives (a portal that prints the day it served the page);
4. the other full dates in the text ("trước ngày 20.7.2020", "tháng 11 năm 2020", "quý I năm 2019"): the latest;
5. the year the text names most ("6 tháng đầu năm 2023");
6. today, only when the text gives no year at all.

`reference(paras, text, today)` returns a `DocumentTime` naming the evidence, so the reviewer can see why.
"""
import re
from dataclasses import dataclass
from datetime import date

from tracker.extract import metadata
from tracker.extract.text import fold

_Y = r"((?:19|20)\d\d)(?!\d)"
# full dates and month/quarter-year phrases, on folded text
_FULL_DATE = re.compile(r"(?<![\d/.])(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?" + _Y)
_WORDY_DATE = re.compile(r"(?<!\w)ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s*,?\s*nam\s+" + _Y)
_MONTH_YEAR = re.compile(r"(?<!\w)thang\s+(\d{1,2})\s?(?:/|-|,?\s*nam)\s?" + _Y)
_QUARTER_YEAR = re.compile(r"(?<!\w)quy\s+(?:i{1,3}|iv|[1-4])\s?(?:/|-|,?\s*nam)\s?" + _Y)
_TITLE_YEAR = re.compile(r"(?<!\w)(?:nam|/|-)\s?" + _Y)


@dataclass
class DocumentTime:
    """`year`: the year of a date without one. `today`: the notice's "now" (its date, its meeting's date, else
    1 January of its year, else the machine's today). `source`/`phrase`: the evidence for the year."""
    year: int
    today: date
    source: str
    phrase: str | None = None


def text_years(text: str, limit: int) -> list:
    """(year, phrase) of every full date, month-year and quarter-year phrase in `text`, years up to `limit`."""
    f = fold(text[:60000])
    out = []
    for rx in (_FULL_DATE, _WORDY_DATE, _MONTH_YEAR, _QUARTER_YEAR):
        for m in rx.finditer(f):
            y = int(m.group(m.lastindex))
            if rx in (_FULL_DATE, _WORDY_DATE) and not (1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12):
                continue
            if rx is _MONTH_YEAR and not 1 <= int(m.group(1)) <= 12:
                continue
            if y <= limit:
                out.append((y, text[m.start():m.end()]))
    return out


def document_year(paras, text: str, title: str | None, today: date):
    """(year, source, phrase) by the order of evidence above."""
    issued = metadata.issue_date(paras)
    if issued:
        return issued.year, "date line", None
    if title:
        m = _TITLE_YEAR.search(fold(title))
        if m and int(m.group(1)) <= today.year + 1:
            return int(m.group(1)), "title", title
    web, web_line = metadata.web_date_line(paras)
    found = text_years(text.replace(web_line, " ") if web_line else text, today.year + 1)
    latest = max(found, default=None)
    served = web and not metadata.CLOCK_RE.search(web_line) and latest and web.year > latest[0] + 1
    if web and not served:
        return web.year, "web date", web.isoformat()
    if latest:
        return latest[0], "dates in the text", latest[1]
    named = named_years(text, today.year + 1)
    if named:
        return named[0], "years in the text", named[1]
    return today.year, "today", None


_NAMED_YEAR = re.compile(r"(?<!\w)nam\s" + _Y)


def named_years(text: str, limit: int):
    """(year, phrase) of the year the text names most ("6 tháng đầu năm 2023"), the latest on a tie; or None."""
    f = fold(text[:60000])
    counts: dict = {}
    for m in _NAMED_YEAR.finditer(f):
        y = int(m.group(1))
        if y <= limit:
            counts.setdefault(y, [0, text[m.start():m.end()]])[0] += 1
    if not counts:
        return None
    year = max(counts, key=lambda y: (counts[y][0], y))
    return year, counts[year][1]


def reference(paras, text: str, title: str | None, today: date, region_start: int) -> DocumentTime:
    """The notice's year and its "now": the date line, else the web date of that year, else the meeting's date."""
    year, source, phrase = document_year(paras, text, title, today)
    web = metadata.web_date(paras)
    for when in (metadata.issue_date(paras), web if web and web.year == year else None,
                 metadata.meeting_date(paras, region_start, year)):
        if when:
            return DocumentTime(year, when, source, phrase)
    return DocumentTime(year, today if year == today.year else date(year, 1, 1), source, phrase)
