"""The notice's own facts: number, dates, title, issuing body, signer, and the period it plans for."""
import re
from datetime import date

from tracker.extract.deadlines import find_period
from tracker.extract.segment import CHROME_RE, CLOSING_RE, SIGN_TITLE_RE, is_closing
from tracker.extract.text import UPPER, _mostly_upper, squash

_L = r"[^\W\d_]"
NUMBER_RE = re.compile(
    r"(?<!\w)số\s*:?\s*(\d{1,5})\s*(?:[-–]\s*(" + _L + r"{1,8})\s*/\s*(" + _L + r"{1,10}(?:\s*-\s*" + _L + r"{1,10})?)"
    r"|/\s*(?:(\d{4})\s*/\s*)?(" + _L + r"{1,8})\s*-\s*(" + _L + r"{1,10}(?:\s*-\s*" + _L + r"{1,10})?))", re.I)
PLACE_DATE_RE = re.compile(r"^[^\d,]{2,50},\s*ngày\s+(\d{1,2})\s*(?:tháng\s+|/\s*)(\d{1,2})\s*(?:năm\s+|/\s*)(\d{4})", re.I)
WEB_DATE_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d\d)(?!\d)")
MEETING_RE = re.compile(r"hội\s+nghị|họp|cuộc\s+họp|phiên\s+họp|buổi\s+làm\s+việc|làm\s+việc\s+với|kỳ\s+họp|"
                        r"hội\s+thảo|tọa\s+đàm|toạ\s+đàm", re.I)
MEETING_DATE_RE = re.compile(
    r"(?<![\w/])(?:(?:sáng|chiều|tối|trưa)\s+)?(?:ngày\s+)?(\d{1,2})\s*(?:/|-|\s+tháng\s+)\s*(\d{1,2})"
    r"(?:\s*(?:/|-|,?\s*năm\s+)\s*((?:19|20)\d\d))?(?![\d/])", re.I)
CITE_BEFORE = re.compile(r"(?:số\s*[\w/.-]*|\d+\s*[-/]\s*[^\W\d_]+(?:\s*[/-]\s*[^\W\d_]+)*)\s*,?\s*$", re.I)
DOCTYPE_RE = re.compile(r"^(?:thong\s+bao|bao\s+cao|ket\s+luan|ke\s+hoach|chi\s+thi|nghi\s+quyet|cong\s+van|"
                        r"chuong\s+trinh|to\s+trinh|quyet\s+dinh)(?!\w)")
ORG_LINE_RE = re.compile(r"^(?:dang\s+bo|dang\s+uy|huyen\s+uy|tinh\s+uy|thanh\s+uy|thi\s+uy|quan\s+uy|ban\s|uy\s+ban|"
                         r"ubnd|hoi\s+dong|van\s+phong|so\s|phong\s|mat\s+tran|chi\s+bo|hoi\s)")
ISSUER_BODY_RE = re.compile(r"([" + re.escape(UPPER) + r"][\w ,-]{3,60}?)\s+(?:xin\s+)?thông\s+báo\s+(?:đến|để|tới)")
ISSUER_TITLE_RE = re.compile(r"(?:kết\s+luận|ý\s+kiến(?:\s+chỉ\s+đạo)?)\s+của\s+([" + re.escape(UPPER) + r"][\w ]{3,50}?)"
                             r"(?=\s+(?:tại|về|trong|đối|ngày)|[,.]|$)", re.I)
# "Chiều ngày 3/11, Ban Thường vụ Huyện ủy Châu Thành tổ chức hội nghị …": the body that held the meeting
HOST_RE = re.compile(r"(?:^|[.(-]\s*)(?:(?:sáng|chiều|tối|trưa)\s+)?(?:ngày\s+)?\d{1,2}\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{4})?,\s*"
                     r"([" + re.escape(UPPER) + r"][\w\s-]{3,80}?)\s+(?:đã\s+)?(?:tổ\s+chức|họp|có\s+cuộc\s+họp)", re.I)
_NAME_WORD = re.compile(r"^[" + re.escape(UPPER) + r"][\w]*\.?$")
_NOT_NAME = {"Huyện", "Tỉnh", "Ủy", "Uỷ", "Ban", "Đảng", "Nơi", "Lưu", "Chủ", "Trưởng", "Phó", "Bí", "Xã", "Hội", "Các",
             "Tổng", "Click", "Thăm", "Bạn", "Tin", "Trang", "Thống", "Ý", "Thứ", "Ngày"}


def _date(y, m, d):
    try:
        return date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def _nospace(s: str) -> str:
    return re.sub(r"\s+", "", s)


def number(paras) -> str | None:
    for p in paras[:30]:
        m = NUMBER_RE.search(p.text)
        if m and (p.text.lower().lstrip().startswith("số") or len(p.text) < 60 or "thông báo số" in p.text.lower()):
            if m.group(2):
                return f"{m.group(1)}-{m.group(2)}/{_nospace(m.group(3))}"
            year = f"{m.group(4)}/" if m.group(4) else ""
            return f"{m.group(1)}/{year}{m.group(5)}-{_nospace(m.group(6))}"
    return None


def issue_date(paras):
    for p in paras[:40]:
        m = PLACE_DATE_RE.match(p.text)
        if m:
            return _date(m.group(3), m.group(2), m.group(1))
    return None


CLOCK_RE = _CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_DATE_LINE = re.compile(r"^\W*(?:thu\s+\w+|chu\s+nhat|cap\s+nhat|ngay\s+dang|dang\s+ngay|ngay\s+cap\s+nhat)?[\s,:-]*\d")


def web_date(paras):
    """A news page's date line near the top ("Thứ sáu - 25/03/2022 16:19", "Cập nhật: 03/11/2023")."""
    return web_date_line(paras)[0]


def web_date_line(paras):
    """(date, the paragraph's text) of the page's date line, or (None, None)."""
    for p in paras[:12]:
        if len(p.text) < 70 and (_CLOCK.search(p.text) or _DATE_LINE.match(p.fold)):
            m = WEB_DATE_RE.search(p.text)
            if m:
                return _date(m.group(3), m.group(2), m.group(1)), p.text
    return None, None


def meeting_date(paras, upto: int, year_hint: int | None):
    for p in paras[:max(upto, 1) + 1][:15]:
        for sent in re.split(r"(?<=[.!?])\s+", p.text):
            if not MEETING_RE.search(sent):
                continue
            for m in MEETING_DATE_RE.finditer(sent):
                if CITE_BEFORE.search(sent[max(0, m.start() - 30):m.start()]):
                    continue
                y = m.group(3) or year_hint
                if y:
                    d = _date(y, m.group(2), m.group(1))
                    if d:
                        return d
    return None


def title(paras) -> str | None:
    for i, p in enumerate(paras[:15]):
        words = p.text.split()
        if DOCTYPE_RE.match(p.fold.strip()) and len(words) >= 2 and words[0].isupper() and words[1].isupper():
            parts = [p.text]
            for q in paras[i + 1:i + 4]:
                if q.style is None and len(q.text) < 200 and (len(" ".join(parts)) < 15 or parts[-1].rstrip()[-1:] in ",-"
                                                             or (_mostly_upper(q.text) and _mostly_upper(parts[-1]))):
                    parts.append(q.text)
                else:
                    break
            return squash(" ".join(parts))
    for p in paras[:10]:
        if 20 <= len(p.text) <= 250 and not p.text.endswith(".") and not CHROME_RE.match(p.fold) \
                and not WEB_DATE_RE.search(p.text[:40]):
            return squash(p.text)
    return None


_BARE_SUB = re.compile(r"^(?:van\s+phong|ban\s+(?:to\s+chuc|tuyen\s+giao|dan\s+van|noi\s+chinh)|uy\s+ban\s+kiem\s+tra)\s*$")


def issuer(paras, title_text: str | None) -> str | None:
    found = None
    for p in paras[:14]:
        f = p.fold.strip()
        if len(p.text) < 80 and _mostly_upper(p.text) and ORG_LINE_RE.match(f) and "cong san viet nam" not in f:
            sub = found and _BARE_SUB.match(f)
            found = f"{squash(p.text)} {found}" if sub else squash(p.text)
        elif found and (f.startswith("so") or f == "*"):
            break
    if found:
        return found
    for p in paras:
        m = ISSUER_BODY_RE.search(p.text)
        if m and is_closing(p):
            return squash(m.group(1))
    if title_text:
        m = ISSUER_TITLE_RE.search(title_text)
        if m:
            return squash(m.group(1))
    for p in paras[:12]:
        m = HOST_RE.search(p.text)
        if m:
            return squash(m.group(1))
    return None


def signer(paras, start: int) -> str | None:
    """The last name in the signature block after the directive part (only if there is a signature block)."""
    signed, name = False, None
    for p in paras[start:]:
        f = p.fold.strip()
        if CHROME_RE.match(f):
            break
        if CLOSING_RE.match(f) or SIGN_TITLE_RE.match(f) or (_mostly_upper(p.text) and len(f) < 40):
            signed = True
            continue
        words = p.text.strip().split()
        if (p.style is None and 2 <= len(words) <= 5 and len(p.text) <= 40 and all(_NAME_WORD.match(w) for w in words)
                and not any(w.strip(".") in _NOT_NAME for w in words)):
            name = " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in words)
    return name if signed else None


def period(sources, ref: date, body: str = ""):
    """From the directive part's heading or lead-in, the title or the introduction; else the body's plainest
    plan phrase ("triển khai chương trình công tác quý IV năm 2017")."""
    for s in sources:
        if s:
            found = find_period(s, ref)
            if found:
                return found
    return find_period(body[:5000], ref, strict=True) if body else None
