"""Deadlines in Vietnamese text (see DESIGN.md "Deadlines in Vietnamese text").

A time expression counts as a deadline only after a trigger ("trước", "trong", "đến", "chậm nhất",
"hoàn thành", "thời hạn" …): "đánh giá … cuối năm" or "Chỉ thị số 27-CT/TU, ngày 19/10/2022" are not
deadlines. Dates before the notice's own date are never deadlines, except a date written one year before the
notice's, which is plainly a typo (a 2022 deadline in a 2023 letter): kept as written and marked `doubtful`.
The notice's date is "now". The forms of time phrases are the named RULES below.
"""
import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, NamedTuple

from tracker.extract.text import fold

_W = r"(?:một|mốt|hai|ba|bốn|tư|năm(?!\s*\d)|lăm|sáu|bảy|bẩy|tám|chín|mười|mươi)"
NUMWORDS = rf"{_W}(?:\s+{_W}){{0,3}}(?!\w)"
_NUM = rf"(?:\d{{1,2}}(?!\d)|{NUMWORDS})"
_Y = r"(?:19|20)\d\d(?!\d)"
_YSEP = r"(?:\s*(?:/|-|,?\s*năm)\s*)"
_ROMAN_Q = r"(?:IV|III|II|I|[1-4]|một|hai|ba|bốn|tư)(?!\w)"
_TIME_PREFIX = r"(?:(?P<hh>\d{1,2})\s*(?:giờ|h|g)(?:\s*\d{1,2}(?:\s*phút)?)?\s*[,;]?\s*(?:(?:sáng|chiều|tối)\s*)?)?"


def vn_number(s: str) -> int | None:
    """'12', 'mười hai', 'hai mươi lăm', 'ba mươi mốt' → int."""
    s = s.strip().lower()
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for w in s.split():
        if w == "mười":
            total += 10
        elif w == "mươi":
            total += (cur or 1) * 10
            cur = 0
        elif w in _DIGITS:
            cur = _DIGITS[w]
        else:
            return None
    return total + cur or None


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def quarter_end(y: int, q: int) -> date:
    return month_end(y, q * 3)


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _add_workdays(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


_TRIGGER = (r"(?:chậm\s+nhất|muộn\s+nhất|hạn\s+chót|thời\s+hạn|thời\s+gian|hoàn\s+thành|xong|trước|trong|đến|tới|"
            r"vào|ngay|kể\s+từ\s+nay\s+đến|từ\s+nay\s+đến|cho\s+đến)"
            r"(?:\s*[:,]?\s+(?:là|vào|ngày|hết(?!\s+(?:tháng|quý|năm))|khi|vòng|hạn|hoàn\s+thành|thực\s+hiện|báo\s+cáo|"
            r"trước|trong|đến|nội|dịp|cuối(?!\s+(?:tháng|quý|năm))|xong|cuộc\s+họp|phiên\s+họp|kỳ\s+họp|hội\s+nghị|giao\s+ban|thường\s+kỳ|sơ\s+kết|tổng\s+kết))*"
            r"\s*[:,]?\s*")
_COMPLETION = re.compile(r"hoàn\s+thành|xong|chậm\s+nhất|muộn\s+nhất|hạn\s+chót|thời\s+hạn|thời\s+gian", re.I)
_BEFORE = re.compile(r"(?<!\w)trước(?!\w)", re.I)

_DIGITS = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7,
           "bẩy": 7, "tám": 8, "chín": 9}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "một": 1, "hai": 2, "ba": 3,
          "bốn": 4, "tư": 4}
TET = {2015: date(2015, 2, 19), 2016: date(2016, 2, 8), 2017: date(2017, 1, 28), 2018: date(2018, 2, 16),
       2019: date(2019, 2, 5), 2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1),
       2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17),
       2027: date(2027, 2, 6), 2028: date(2028, 1, 26), 2029: date(2029, 2, 13), 2030: date(2030, 2, 3),
       2031: date(2031, 1, 23), 2032: date(2032, 2, 11), 2033: date(2033, 1, 31), 2034: date(2034, 2, 19),
       2035: date(2035, 2, 8)}
MAX_YEARS_AHEAD = 5


# ---- the rules: pattern → resolver, each with examples (test_extract_deadlines.py runs every example) -----
#
# A rule's pattern is a regex on the NFC text (case-insensitive); its named groups are its own. Its resolver
# gets the match's groups, the whole phrase and the notice's "now" (`ref`) and returns a `Resolved` date, or
# None. The first rule that matches at a position wins, so longer forms come first. To add a form: add a Rule
# with examples, run tests/extract/test_extract_deadlines.py.


class Resolved(NamedTuple):
    date: date
    year_given: bool   # the phrase wrote its year (relative phrases count as given: they need none)
    kind: str          # day | month | quarter | year | relative | end — what "trước" takes one step back from
    #                    ("end": the end of a period, "trước cuối tháng 10" is 31/10 itself)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str
    resolve: Callable
    examples: tuple = ()   # (phrase with its trigger, the notice's date, the deadline), ISO dates


def _year(g, key, ref):
    return int(g[key]) if g.get(key) else ref.year


def _day_month_year(g, whole, ref):
    return Resolved(date(int(g["y"]), int(g["m"]), int(g["d"])), True, "day")


def _day_month_words(g, whole, ref):
    return Resolved(date(_year(g, "y2", ref), vn_number(g["m2"]), vn_number(g["d2"])), bool(g["y2"]), "day")


def _day_month(g, whole, ref):
    return Resolved(date(ref.year, int(g["m3"]), int(g["d3"])), False, "day")


def _half_year(g, whole, ref):
    yr = _year(g, "hy", ref)
    if g["hw"].lower() == "cuối":
        return Resolved(date(yr, 12, 31), bool(g["hy"]), "year")
    return Resolved(month_end(yr, vn_number(g["hn"])), bool(g["hy"]), "month")


def _last_months(g, whole, ref):
    return Resolved(date(_year(g, "ly", ref), 12, 31), bool(g["ly"]), "year")


def _year_end(g, whole, ref):
    return Resolved(date(_year(g, "ey", ref), 12, 31), bool(g["ey"]), "end")


def _quarter_end(g, whole, ref):
    q = _ROMAN[g["eq"].lower()] if g["eq"] else (ref.month - 1) // 3 + 1
    return Resolved(quarter_end(_year(g, "eqy", ref), q), bool(g["eqy"]), "end")


def _month_end(g, whole, ref):
    mo = vn_number(g["emo"]) if g["emo"] else ref.month
    return Resolved(month_end(_year(g, "emoy", ref), mo), bool(g["emoy"]), "end")


def _part_of_month(g, whole, ref):
    mo, yr = vn_number(g["pmo"]), _year(g, "pmoy", ref)
    if (g["wk"] or "").lower() == "cuối":
        return Resolved(month_end(yr, mo), bool(g["pmoy"]), "day")
    day = 7 if g["wk"] else (10 if g["part"].lower() == "đầu" else 15)
    return Resolved(date(yr, mo, day), bool(g["pmoy"]), "day")


def _month(g, whole, ref):
    mo = {"giêng": 1, "chạp": 12}.get(g["mo"].lower()) or vn_number(g["mo"])
    return Resolved(month_end(_year(g, "moy", ref), mo), bool(g["moy"]), "month")


def _quarter(g, whole, ref):
    return Resolved(quarter_end(_year(g, "qy", ref), _ROMAN[g["q"].lower()]), bool(g["qy"]), "quarter")


def _year_only(g, whole, ref):
    return Resolved(date(int(g["yr"]), 12, 31), True, "year")


def _tet(g, whole, ref):
    if g["ty"]:
        return Resolved(TET.get(int(g["ty"])), True, "day")
    nxt = [t for y, t in sorted(TET.items()) if t >= ref]
    return Resolved(nxt[0], True, "day") if nxt else None


def _within(g, whole, ref):
    n, unit = vn_number(g["rn"]), g["ru"].lower()
    if not n or n > 400:
        return None
    if "làm" in unit:
        return Resolved(_add_workdays(ref, n), True, "relative")
    days = {"ngày": n, "tuần": 7 * n}.get(unit)
    return Resolved(ref + timedelta(days=days) if days else _add_months(ref, n), True, "relative")


def _this_or_next(g, whole, ref):
    unit, rel = g["bare"].lower(), (g["rel"] or "").lower()
    nxt = rel in ("tới", "sau", "kế tiếp", "tiếp theo")
    if unit == "tuần":
        return Resolved(ref + timedelta(days=14 if nxt else 7), True, "relative")
    if unit == "tháng":
        d = _add_months(ref.replace(day=1), 1 if nxt else 0)
        return Resolved(month_end(d.year, d.month), True, "relative")
    if unit == "quý":
        q = (ref.month - 1) // 3 + 1 + (1 if nxt else 0)
        return Resolved(quarter_end(ref.year + (q - 1) // 4, (q - 1) % 4 + 1), True, "relative")
    return Resolved(date(ref.year + (1 if nxt else 0), 12, 31), True, "relative")


_SEP = r"\s*[/.-]\s*"
RULES = [
    Rule("day_month_year",
         rf"{_TIME_PREFIX}(?:(?:ngày|hôm)\s*)?(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}|\s+|\s*,?\s*năm\s+)(?P<y>{_Y})",
         _day_month_year,
         (("trước ngày 15/10/2023", "2023-09-12", "2023-10-14"), ("trước ngày 20.7.2020", "2020-07-07", "2020-07-19"),
          ("trước ngày 25.2 2023", "2023-02-01", "2023-02-24"), ("trước 14 giờ, ngày 05/12/2017", "2017-12-04", "2017-12-05"),
          ("chậm nhất ngày 14/5/2021", "2021-05-04", "2021-05-14"))),
    Rule("day_month_in_words",
         rf"{_TIME_PREFIX.replace('hh', 'hh2')}(?:(?:ngày|hôm)\s+)?(?P<d2>{_NUM})\s+tháng\s+(?P<m2>{_NUM})"
         rf"(?:{_YSEP}(?P<y2>{_Y}))?",
         _day_month_words,
         (("xong trước ngày 05 tháng 12 năm 2017", "2017-12-01", "2017-12-04"),
          ("xong trước ngày mười lăm tháng mười một năm 2023", "2023-09-12", "2023-11-14"))),
    Rule("day_month",
         r"(?:(?:ngày|hôm)\s*)?(?P<d3>\d{1,2})\s*[/.]\s*(?P<m3>\d{1,2})(?![\d/])(?!\.\d)(?!\s*[/.-]\s*\d)(?!\s+(?:19|20)\d\d)",
         _day_month,
         (("thực hiện đến ngày 15/10", "2023-09-12", "2023-10-15"), ("hoàn thành trước ngày 25.3", "2021-03-01", "2021-03-24"))),
    Rule("half_year", rf"(?P<hn>0?6|sáu|0?9|chín|0?3|ba)\s+tháng\s+(?P<hw>đầu|cuối)\s+năm(?:\s*(?P<hy>{_Y}))?",
         _half_year, (("trong 6 tháng đầu năm 2024", "2023-09-12", "2024-06-30"),)),
    Rule("last_months_of_year", rf"(?:những|các)\s+tháng\s+cuối\s+năm(?:\s*(?P<ly>{_Y}))?", _last_months,
         (("trong những tháng cuối năm", "2023-09-12", "2023-12-31"),)),
    Rule("year_end", rf"(?:cuối|hết)\s+năm(?!\s+học)(?:\s*(?P<ey>{_Y}))?", _year_end,
         (("từ nay đến cuối năm 2023", "2023-09-12", "2023-12-31"), ("hoàn thành trước cuối năm 2023", "2023-09-12", "2023-12-31"))),
    Rule("quarter_end", rf"(?:cuối|hết)\s+quý(?:\s+(?P<eq>{_ROMAN_Q}))?(?:{_YSEP}(?P<eqy>{_Y}))?", _quarter_end,
         (("hoàn thành trước cuối quý", "2023-08-01", "2023-09-30"), ("trước hết quý III", "2023-08-01", "2023-09-30"))),
    Rule("month_end", rf"(?:cuối|hết)\s+tháng(?:\s+(?P<emo>{_NUM}))?(?:{_YSEP}(?P<emoy>{_Y}))?", _month_end,
         (("từ nay đến hết tháng 6", "2021-05-04", "2021-06-30"), ("trước cuối tháng 10", "2023-09-12", "2023-10-31"),
          ("hoàn thành trước hết tháng 10/2023", "2023-09-12", "2023-10-31"))),
    Rule("part_of_month",
         rf"(?:tuần\s+(?P<wk>đầu|cuối|thứ\s+nhất)\s+(?:của\s+)?|(?P<part>đầu|giữa)\s+)tháng\s+(?P<pmo>{_NUM})"
         rf"(?:{_YSEP}(?P<pmoy>{_Y}))?", _part_of_month,
         (("hoàn thành trong tuần đầu tháng 11", "2023-09-12", "2023-11-07"),)),
    Rule("month", rf"tháng\s+(?P<mo>{_NUM}|giêng|chạp)(?:{_YSEP}(?P<moy>{_Y}))?", _month,
         (("hoàn thành trong tháng 9/2023", "2023-09-12", "2023-09-30"), ("trong tháng 2-2021", "2021-01-10", "2021-02-28"))),
    Rule("quarter", rf"quý\s+(?P<q>{_ROMAN_Q})(?:{_YSEP}(?P<qy>{_Y}))?", _quarter,
         (("hoàn thành trong quý IV/2023", "2023-09-12", "2023-12-31"),)),
    Rule("year", rf"năm\s+(?P<yr>{_Y})(?!\s*[-–]\s*\d)", _year_only, (("trong năm 2024", "2023-09-12", "2024-12-31"),)),
    Rule("tet", rf"tết\s+nguyên\s+đán(?:\s+(?:năm\s+)?(?:[A-ZĐ]\w+\s+[A-ZĐ]\w+\s*)?(?P<ty>{_Y}))?", _tet,
         (("trước Tết Nguyên đán", "2023-09-12", "2024-02-09"),)),
    Rule("within_days_weeks_months",
         rf"(?P<rn>\d{{1,3}}(?!\d)|{NUMWORDS})\s+(?P<ru>ngày\s+làm\s+việc|ngày|tuần|tháng)(?!\s+(?:đầu|cuối|năm|\d))",
         _within, (("trong 10 ngày", "2023-09-12", "2023-09-22"), ("trong 5 ngày làm việc", "2023-09-12", "2023-09-19"))),
    Rule("this_or_next_period",
         r"(?P<bare>tuần|tháng|quý|năm)(?:\s+(?P<rel>này|nay|tới|sau|kế tiếp|tiếp theo))?(?![\w/])(?!\s*(?:\d|học|[IV]))",
         _this_or_next, (("trong tháng tới", "2023-09-12", "2023-10-31"), ("trong quý này", "2023-08-01", "2023-09-30"))),
]
# rules that read a period ("trong 6 tháng cuối năm", "trong quý IV") rather than a day
PERIOD_RULES = frozenset({"half_year", "last_months_of_year", "year_end", "quarter_end", "month_end", "month",
                          "quarter", "year"})
_TIME = r"(?P<time>" + "|".join(f"(?P<r_{r.name}>{r.pattern})" for r in RULES) + ")"
TIME_RE = re.compile(r"(?<!\w)" + _TIME, re.I)
DEADLINE_RE = re.compile(r"(?<!\w)(?P<trig>" + _TRIGGER + ")" + _TIME, re.I)


def _before(d: date, kind: str) -> date:
    """'trước ngày 15/10' → 14/10; 'trước tháng 10' → 30/9; 'trước quý IV' → 30/9; 'trước năm 2025' → 31/12/2024."""
    if kind == "day":
        return d - timedelta(days=1)
    if kind == "month":
        return d.replace(day=1) - timedelta(days=1)
    if kind == "quarter":
        return _add_months(d.replace(day=1), -2) - timedelta(days=1)
    if kind == "year":
        return date(d.year - 1, 12, 31)
    return d


class Deadline(NamedTuple):
    """One deadline phrase found in a text."""
    date: date
    phrase: str
    start: int
    end: int
    completion: bool        # "hoàn thành/xong/chậm nhất …": a completion phrase wins over a mere time phrase
    rule: str = ""          # the name of the Rule that read it
    doubtful: bool = False  # its written year looks like a typo (one year before the notice)


_RULE_GROUPS = [(DEADLINE_RE.groupindex[f"r_{r.name}"], r) for r in RULES]
# the first word of every trigger, folded: DEADLINE_RE is tried only where one of them starts a word
_TRIGGER_FIRST = re.compile(r"cham|muon|han|thoi|hoan|xong|truoc|trong|den|toi|vao|ngay|ke|tu|cho")


class _Groups:
    """A match's named groups, read on demand (groupdict() would build all ~70 for every phrase)."""
    __slots__ = ("m",)

    def __init__(self, m: re.Match):
        self.m = m

    def __getitem__(self, key):
        return self.m.group(key)

    def get(self, key, default=None):
        value = self.m.group(key)
        return default if value is None else value


def _rule_of(m: re.Match) -> Rule:
    return next(r for i, r in _RULE_GROUPS if m.start(i) >= 0)


def _deadline_matches(text: str, folded: str | None):
    """DEADLINE_RE.finditer(text), trying the big regex only at a trigger's first word (found on the fold)."""
    folded = fold(text) if folded is None else folded
    pos = 0
    while True:
        t = _TRIGGER_FIRST.search(folded, pos)
        if t is None:
            return
        p = t.start()
        m = DEADLINE_RE.match(text, p) if not (p and (text[p - 1].isalnum() or text[p - 1] == "_")) else None
        if m:
            yield m
            pos = m.end()
        else:
            pos = p + 1


def find_deadlines(text: str, ref: date, folded: str | None = None) -> list:
    """Every explicit deadline in `text`, as Deadline tuples. `folded`: text.fold(text), when the caller has it."""
    out = []
    for m in _deadline_matches(text, folded):
        rule = _rule_of(m)
        try:
            res = rule.resolve(_Groups(m), m.group("time"), ref)
        except (ValueError, TypeError, KeyError):
            res = None
        if not res or res.date is None:
            continue
        d, year_given, kind = res
        trig_text = m.group("trig")
        timed = bool(m.group("hh") or m.group("hh2"))
        if _BEFORE.search(trig_text) and not timed:
            d = _before(d, kind)
        if d < ref and not year_given:
            try:
                d = d.replace(year=d.year + 1) if kind not in ("month", "end") else month_end(d.year + 1, d.month)
            except ValueError:
                d = d + timedelta(days=365)
        completion = bool(_COMPLETION.search(trig_text))
        doubtful = (d < ref and kind == "day" and rule.name.startswith("day") and d.year == ref.year - 1
                    and (completion or bool(_BEFORE.search(trig_text))) and _plus_year(d) >= ref)
        if (d < ref and not doubtful) or d.year > ref.year + MAX_YEARS_AHEAD:
            continue
        phrase = " ".join(m.group().split()).rstrip(" ,:")
        out.append(Deadline(d, phrase, m.start(), m.end(), completion, rule.name, doubtful))
    return out


def _plus_year(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d + timedelta(days=365)


def pick(found: list):
    """The deadline of a task: the latest completion phrase, else the latest phrase (a doubtful one only if alone)."""
    if not found:
        return None
    sure = [f for f in found if not f.doubtful] or found
    done = [f for f in sure if f.completion]
    return max(done or sure, key=lambda f: f.date)


def parse_deadline(phrase_or_sentence: str, ref_date: date, period_end: date | None = None,
                   period_phrase: str | None = None):
    """(date, phrase, "explicit") from the text, else (period_end, period_phrase, "period"), else (None, None, None)."""
    try:
        best = pick(find_deadlines(phrase_or_sentence or "", ref_date))
    except (RecursionError, OverflowError):
        best = None
    if best:
        return best[0], best[1], "explicit"
    if period_end:
        return period_end, period_phrase, "period"
    return None, None, None


# ---- the period a notice plans for -------------------------------------------------------------

PERIOD_RE = re.compile(
    r"(?<!\w)(?:(?P<hn>0?6|sáu|0?9|chín)\s+tháng\s+(?P<hw>đầu|cuối)\s+năm(?:\s*(?P<hy>" + _Y + r"))?"
    r"|(?:những|các)\s+tháng\s+cuối\s+năm(?:\s*(?P<ly>" + _Y + r"))?"
    r"|tháng\s+(?P<mo>" + _NUM + r")(?:" + _YSEP + r"(?P<moy>" + _Y + r"))?"
    r"|quý\s+(?P<q>" + _ROMAN_Q + r")(?:" + _YSEP + r"(?P<qy>" + _Y + r"))?"
    r"|năm\s+(?P<yr>" + _Y + r")(?!\s*[-–]\s*\d))", re.I)
# a meeting named after its period ("phiên họp thường kỳ tháng 10 năm 2023", "giao ban quý III", "sơ kết 6 tháng
# đầu năm", "sơ kết tình hình công tác tháng 8") plans for that period, or for the next one when it meets after the
# period's end: a review meeting's conclusions are for the period that follows it
_MEETING = (r"(?P<meet>phiên\s+họp(?:\s+thường\s+kỳ)?|họp\s+(?:phiên\s+)?thường\s+kỳ|hội\s+nghị\s+thường\s+kỳ|"
            r"giao\s+ban(?:\s+(?:định\s+kỳ|thường\s+kỳ))?|"
            r"(?:sơ|tổng)\s+kết(?:\s+(?:tình\s+hình|công\s+tác|kết\s+quả|thực\s+hiện|nhiệm\s+vụ|chương\s+trình))*)")
PLAN_RE = re.compile(
    r"(?<!\w)(?:chương\s+trình\s+công\s+tác|chương\s+trình|nhiệm\s+vụ|phương\s+hướng|kế\s+hoạch|giải\s+pháp|"
    r"triển\s+khai|mục\s+tiêu|trọng\s+tâm|" + _MEETING + r")(?!\w)", re.I)
_RESULT_BEFORE = re.compile(r"(?:kết\s+quả|đánh\s+giá|sơ\s+kết|tổng\s+kết|tình\s+hình)(?:\s+(?:thực\s+hiện|lãnh\s+đạo|"
                            r"công\s+tác))*\s*$", re.I)
_NEXT_YEAR = re.compile(r"năm\s+(" + _Y + r")|/\s*(" + _Y + r")", re.I)


PLAN_STRICT_RE = re.compile(r"(?<!\w)(?:chương\s+trình\s+công\s+tác|phương\s+hướng|nhiệm\s+vụ\s+trọng\s+tâm|"
                            r"triển\s+khai\s+nhiệm\s+vụ|triển\s+khai\s+chương\s+trình|mục\s+tiêu,\s+nhiệm\s+vụ|"
                            + _MEETING + r")(?!\w)", re.I)


_STOP = re.compile(r"[.;:\n]")


def _next_period(end: date, g: dict) -> date:
    """The period after the one that ended on `end`: the next month, quarter, the rest of the year, the next year."""
    if g["mo"]:
        return month_end(end.year + end.month // 12, end.month % 12 + 1)
    if g["q"]:
        return quarter_end(end.year + end.month // 12, (end.month % 12) // 3 + 1)
    return date(end.year + (end.month == 12), 12, 31)


def find_period(text: str, ref: date, strict: bool = False):
    """(last day, phrase) of the latest period that `text` plans for ("triển khai nhiệm vụ quý II năm 2022").
    `strict` only believes the plainest plan words, for text that is not a title or an introduction."""
    best, best_from_meeting = None, False
    plan_re = PLAN_STRICT_RE if strict else PLAN_RE
    for m in PERIOD_RE.finditer(text):
        plans = list(plan_re.finditer(text, max(0, m.start() - 70), m.start()))
        plan = plans[-1] if plans else None
        if not plan or _STOP.search(text, plan.end(), m.start()) or m.start() - plan.end() > 50:
            continue
        while len(plans) > 1 and plans[-2].end() >= plan.start() - 2:
            plans.pop()
            plan = plans[-1]
        meeting = bool(plan.group("meet"))
        if not meeting and _RESULT_BEFORE.search(text, max(0, plan.start() - 30), plan.start()):
            continue
        g = m.groupdict()
        year = g["hy"] or g["ly"] or g["moy"] or g["qy"] or g["yr"]
        if not year:
            nxt = _NEXT_YEAR.search(text, m.end(), m.end() + 120)
            year = (nxt.group(1) or nxt.group(2)) if nxt else None
        given = bool(year)
        y = int(year) if year else ref.year
        try:
            if g["hn"]:
                end = date(y, 12, 31) if g["hw"].lower() == "cuối" else month_end(y, vn_number(g["hn"]))
            elif g["mo"]:
                end = month_end(y, vn_number(g["mo"]))
            elif g["q"]:
                end = quarter_end(y, _ROMAN[g["q"].lower()])
            else:
                end = date(y, 12, 31)
        except (ValueError, TypeError, KeyError):
            continue
        if meeting and end < ref:
            end = _next_period(end, g)
        elif not given and end < ref:
            end = end.replace(year=end.year + 1) if end.month != 2 else month_end(end.year + 1, 2)
        phrase = " ".join(text[plan.start():m.end()].split())
        if best is None or end > best[0] or (end == best[0] and best_from_meeting and not meeting):
            best, best_from_meeting = (end, phrase), meeting   # on a tie, the plan's own words over the meeting's name
    return best
