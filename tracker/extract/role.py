"""What a sentence does in a notice: it orders work, reports results, records a decision already taken, only sets
the deadline or report of the task above it, or describes the meeting (captions, who chaired, who attended).

`sentence_role(folded)` looks at the cues below, which are data: to teach it a new habit of the offices, add a
pattern (on folded text: lowercase, no diacritics) with an example in tests/extract/test_extract_role.py.
Whether an "orders" sentence really is a task stays with classify.is_directive; this module answers the
questions is_directive does not ask: "does this sentence belong to the task above?", "is it a decision or a
caption?", "may it be narrative?".
"""
import re
from enum import Enum
from typing import NamedTuple


class Role(str, Enum):
    ORDERS = "orders"
    REPORTS = "reports"
    DECIDES = "decides"
    SETS_DEADLINE = "sets_deadline"   # "Yêu cầu gửi báo cáo … trước ngày …", "Thời gian hoàn thành …"
    DESCRIBES = "describes"


_REPORT_DOC = r"(?:(?:cac\s+)?bao\s+cao|van\s+ban|ket\s+qua|danh\s+sach|y\s+kien(?:\s+gop\s+y)?)"
_WHEN = r"(?:truoc|cham\s+nhat|muon\s+nhat|trong|den|tu\s+ngay|xong\s+truoc|ngay\s+\d)"

CUES = {
    # the sentence only says when (or where to) the task above is to be done or reported
    Role.SETS_DEADLINE: [
        rf"^(?:yeu\s+cau\s+|de\s+nghi\s+)?(?:gui\s+)?{_REPORT_DOC}(?:\s+(?:hoan\s+thanh|yeu\s+cau|ket\s+qua|thuc\s+hien))*"
        rf"[^.;:]{{0,80}}?\s(?:gui|nop|ve)\s[^.;]{{0,140}}?{_WHEN}",
        rf"^(?:cac\s+\S+\s+)?(?:tham\s+gia\s+)?(?:gop\s+y\s+)?gui\s+(?:van\s+ban|bao\s+cao|y\s+kien)[^.;]{{0,140}}?{_WHEN}",
        r"^thoi\s+(?:gian|han)(?:\s+(?:hoan\s+thanh|thuc\s+hien|nop|gui))?(?:\s+viec\s+[^.;,:]{1,60})?\s*[:,]?\s*"
        r"(?:la\s+)?(?:truoc|cham\s+nhat|muon\s+nhat|trong|den|tu|xong|ngay|\d)",
        r"^(?:hoan\s+thanh|xong)\s+(?:truoc|cham\s+nhat|trong)\s",
        r"^(?:va\s+)?(?:bao\s+cao|gui)\s+(?:ket\s+qua\s+)?(?:ve|cho)\s[^.;]{0,100}?(?:truoc|cham\s+nhat|trong)\s",
    ],
    # a decision already taken: a recognition, an adopted text, a vote
    Role.DECIDES: [
        r"(?:quyet\s+dinh|ky\s+quyet\s+dinh|co\s+quyet\s+dinh)[^.;]{0,40}?cong\s+nhan",
        r"(?<!de\s)(?<!duoc\s)cong\s+nhan\s+(?:them\s+)?\d+\s+xa",
        r"(?:bieu\s+quyet\s+)?thong\s+qua\s+(?:mot\s+so\s+)?(?:nghi\s+quyet|du\s+thao|ke\s+hoach)(?!\s+(?:va|de))",
        r"^(?:ngay\s+[\d/]+\s*,\s*)?(?:ubnd|uy\s+ban\s+nhan\s+dan|chu\s+tich)[^.;]{0,60}?(?:ban\s+hanh|ky\s+ban\s+hanh|"
        r"da\s+ky)\s+(?:cong\s+van|quyet\s+dinh|van\s+ban|chi\s+thi)",
    ],
    # results, statistics, what was said at the meeting
    Role.REPORTS: [
        # "đã" + a verb, except the verbs that report an order being given ("đồng chí … đã thống nhất, chỉ đạo …")
        r"(?<!\w)da\s+(?!de\s+ra|neu|duoc\s+giao|ban\s+hanh|cam\s+ket|phe\s+duyet|dang\s+ky|xac\s+dinh|giao|de\s+xuat|"
        r"thong\s+nhat|yeu\s+cau|de\s+nghi|nhan\s+manh|ket\s+luan|dong\s+vien|luu\s+y|co\s+y\s+kien)\w",
        r"(?<!\w)(?:giao|thuc\s+hien|hoan\s+thanh|trien\s+khai)\s+\d[\d.,]*\s+(?:nhiem\s+vu|cong\s+trinh|du\s+an)",
        r"(?<!\w)(?:to\s+chuc|dien\s+ra)\s+thanh\s+cong|(?<!\w)(?:duoc|van)\s+(?:dam\s+bao|giu\s+vung|on\s+dinh)(?!\w)",
        r"^(?:noi\s+bat|ket\s+qua\s+noi\s+bat|trong\s+(?:thang|quy|nam)\s+[\divx]+[^,]{0,12},\s*(?:ubnd|huyen|xa))",
        r"^(?:[^,.;]{0,40},\s*)?cac\s+dai\s+bieu\s+(?:da\s+)?(?:thao\s+luan|nghe|tap\s+trung|tham\s+gia|phat\s+bieu)",
        r"(?<!\w)bao\s+cao\s+(?:voi|tai|truoc)\s+hoi\s+nghi|^(?:theo\s+)?bao\s+cao\s+cua\s[^,.;]{0,60}(?:cho\s+thay|cho\s+biet)",
    ],
    # captions, chairing and attendance, page chrome
    Role.DESCRIBES: [
        r"^(?:toan\s+canh|quang\s+canh|anh\s*:|anh\.|ban\s+de\s+in|in\s+bai)",
        r"(?:chu\s+tri|du\s+va\s+chi\s+dao|du\s+va\s+chu\s+tri|phat\s+bieu(?:\s+(?:chi\s+dao|ket\s+luan))?\s+tai)"
        r"\s+(?:hoi\s+nghi|phien\s+hop|cuoc\s+hop|buoi\s+lam\s+viec)\s*\.?$",
        r"^(?:[^.;]{0,80}\s)?(?:tran\s+trong\s+don\s+tiep|tham\s+du\s+hoi\s+nghi\s+co)",
        r"^(?:du\s+va\s+)?chu\s+tri\s+(?:hoi\s+nghi|phien\s+hop|cuoc\s+hop)\s+co\s",
        # a decision's recitals, unless the sentence goes on to order ("Căn cứ quy chế …, Văn phòng đề nghị Sở …")
        r"^(?:can\s+cu|xet\s+de\s+nghi|theo\s+de\s+nghi\s+cua)(?!\w)(?![^.;]*,[^,.;]{0,80}?(?:de\s+nghi|yeu\s+cau|giao)\s)",
        # "Chiều 31/10/2025, …, Ban Thường vụ … tổ chức Hội nghị giao ban …": the meeting took place
        r"^(?:(?:sang|chieu|toi|trua)\s+)?(?:ngay\s+)?\d{1,2}\s*[/-]\s*\d{1,2}(?:\s*[/-]\s*\d{4})?\s*,[^.;]{0,160}?"
        r"(?:to\s+chuc|tien\s+hanh|hop)\s+(?:hoi\s+nghi|phien\s+hop|cuoc\s+hop|giao\s+ban|ky\s+hop|phien\s+thuong\s+ky|"
        r"thuong\s+ky)",
    ],
}
class _Cues:
    """A role's cues: those anchored at the start in one regex (tried once, with match); each other alternative on
    its own, without its leading "(?<!\\w)" (checked by hand), so that the regex engine can scan for its first
    letters instead of trying every position: read_sentence runs for every piece of every notice."""

    def __init__(self, patterns, needles=()):
        self.needles = needles   # words one of which any floating cue contains: a cheap test before the regexes
        anchored = [p[1:] for p in patterns if p.startswith("^")]
        self.anchored = re.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None
        self.floating = []
        for alt in (a for p in patterns if not p.startswith("^") for a in _top_alternatives(p)):
            bounded = alt.startswith(_NO_WORD_BEFORE)
            self.floating.append((re.compile(alt[len(_NO_WORD_BEFORE):] if bounded else alt), bounded))

    def search(self, f: str):
        """The earliest match of any cue, or None."""
        if self.anchored:
            m = self.anchored.match(f)
            if m:
                return m
        if not self.floating or (self.needles and not any(n in f for n in self.needles)):
            return None
        best = None
        for rx, bounded in self.floating:
            for m in rx.finditer(f):
                if best and m.start() >= best.start():
                    break
                if not (bounded and m.start() and (f[m.start() - 1].isalnum() or f[m.start() - 1] == "_")):
                    best = m
                    break
        return best


_NO_WORD_BEFORE = "(?<!\\w)"


def _top_alternatives(pattern: str) -> list:
    """`a|b(c|d)|e` → [a, b(c|d), e]: the alternatives at depth 0 (escapes and [...] classes respected)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return out + [pattern[start:]]


# keep in step with the floating cues above (a cue without one of its role's needles would never be tried)
_NEEDLES = {Role.DECIDES: ("quyet dinh", "cong nhan", "thong qua"),
            Role.REPORTS: ("da ", "giao ", "thuc hien ", "hoan thanh ", "trien khai ", "bao cao", "thanh cong", "duoc ",
                           "van "),
            Role.DESCRIBES: ("chu tri", "du va", "phat bieu", "don tiep", "tham du")}
_COMPILED = {role: _Cues(pats, _NEEDLES.get(role, ())) for role, pats in CUES.items()}
_ORDER = (Role.SETS_DEADLINE, Role.DECIDES, Role.DESCRIBES, Role.REPORTS)


def _clean(folded: str) -> str:
    return " ".join(folded.split()).lstrip("-+*• ")


class Reading(NamedTuple):
    """One sentence read once: its role and, when it has one, its first report cue (position and words)."""
    role: Role
    report_at: int
    report_words: str | None
    reads_as_report: bool   # the report cue comes before any order word


def read_sentence(folded: str) -> Reading:
    f = _clean(folded)
    role = next((r for r in _ORDER[:3] if _COMPILED[r].search(f)), None)
    report = _COMPILED[Role.REPORTS].search(f)
    if role is None:
        role = Role.REPORTS if report else Role.ORDERS
    if not report:
        return Reading(role, -1, None, False)
    order = _ORDER_WORD.search(f)
    return Reading(role, report.start(), report.group(), order is None or report.start() <= order.start())


def sentence_role(folded: str) -> Role:
    """The role of one sentence (folded text), by the first role whose cue matches; else ORDERS."""
    return read_sentence(folded).role


def cue_of(folded: str, role: Role) -> str | None:
    """The words that made `role` match (for the reviewer's evidence), or None."""
    m = _COMPILED[role].search(_clean(folded))
    return m.group() if m else None


_ORDER_WORD = re.compile(r"(?<!\w)(?:(?:giao|de\s+nghi|yeu\s+cau)(?:\s+cho)?\s+(?=\S)|co\s+trach\s+nhiem|chiu\s+trach\s+nhiem|"
                         r"phai|can(?!\s+bo))")
ORDER_RE = re.compile(r"(?<!\w)(?:giao|de\s+nghi|yeu\s+cau|can|phai|chi\s+dao)(?!\w)")   # an order word anywhere



_PLAN_WORDS = re.compile(r"(?<!\w)(?:nhiem\s+vu|phuong\s+huong|muc\s+tieu|giai\s+phap)(?!\w)")


def announces_tasks(folded: str) -> bool:
    """"… đánh giá kết quả … và mục tiêu, nhiệm vụ 6 tháng cuối năm": a report sentence that leads into tasks."""
    return bool(_PLAN_WORDS.search(folded))


def reads_as_report(folded: str) -> bool:
    """A report cue ("đã …", "giao 833 nhiệm vụ", "các đại biểu thảo luận") comes before any order word: the
    sentence tells what happened, even when it uses action verbs."""
    return read_sentence(folded).reads_as_report
