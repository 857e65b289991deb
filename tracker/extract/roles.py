"""Who leads and who supports, from where unit phrases stand in a task's text.

Lead: "Giao/Đề nghị/Yêu cầu X …", "X chủ trì", a unit that is the subject of a clause ("UBND huyện tập
trung …", "Đối với X: …"), a named commune list. Support: "phối hợp (với) Y", "Y phối hợp", and the units
a lead "chỉ đạo"/"hướng dẫn". An authority ("Thường trực Huyện ủy yêu cầu …") is neither.
"""
import re

_GAP = re.compile(r"^\s*(?:,|;)?\s*(?:va\s+|cung\s+|,\s*va\s+)?$")
_ASSIGN_BEFORE = re.compile(r"(?:^|[^\w])(?:giao(?:\s+cho)?|de\s+nghi|yeu\s+cau|phan\s+cong|luu\s+y|nhac\s+nho|nhiem\s+vu\s+cua|"
                            r"(?:don\s+vi\s+)?chu\s+tri\s*:|trach\s+nhiem\s*:)\s*:?\s*$")
_SUPPORT_BEFORE = re.compile(r"(?:^|[^\w])(?:phoi\s+hop(?:\s+chat\s+che)?(?:\s+voi|\s+cung)?|cung\s+voi|"
                             r"voi\s+su\s+phoi\s+hop\s+cua|su\s+tham\s+gia\s+cua)\s*:?\s*$")
_GUIDED_BEFORE = re.compile(r"(?:^|[^\w])(?:chi\s+dao|huong\s+dan|don\s+doc|phan\s+cong\s+cho)\s*$")
_OBJECT_BEFORE = re.compile(r"(?:^|[^\w])(?:tham\s+muu(?:\s+cho)?|bao\s+cao|trinh|xin\s+y\s+kien|gui|de\s+xuat(?:\s+voi)?)"
                            r"\s*$")
_LEAD_AFTER = re.compile(r"^\s*(?:\([^)]{0,30}\)\s*)?(?:la\s+(?:don\s+vi\s+)?)?chu\s+tri")
_SUPPORT_AFTER = re.compile(r"^\s*,?\s*(?:co\s+trach\s+nhiem\s+)?phoi\s+hop")
_CHAIR = re.compile(r"(?<!\w)chu\s+tri(?!\s+hoi\s+nghi)")
_AUTHORITY_AFTER = re.compile(r"^\s*(?:da\s+|cung\s+|tiep\s+tuc\s+)?(?:yeu\s+cau|de\s+nghi|giao|luu\s+y|nhan\s+manh|"
                              r"ket\s+luan|thong\s+nhat|quyet\s+dinh|thong\s+bao|chu\s+tri\s+hoi\s+nghi|"
                              r"to\s+chuc\s+hoi\s+nghi|hop|phat\s+bieu)")
_NOT_VERB_AFTER = re.compile(r"^\s*(?:cua|ve|tai|trong|theo(?!\s+doi)|la|voi|cho|o|thuoc|den|tu|nam(?!\s+(?:chac|bat|vung|ro|giu))|ngay|so|va\s+cac|"
                             r"\(|va\s+nhan\s+dan|nhan\s+dan)(?!\w)")
_CLAUSE_START = re.compile(r"(?:^|[.;:!?]\s*|\n\s*|^[-+•*]\s*)[\"'(]?\s*(?:doi\s+voi\s+)?$")
_ADVERBIAL = re.compile(r"(?:^|[.;:!?]\s*)[^.;:,]{1,60},\s*$")
_OF_BEFORE = re.compile(r"(?:^|[^\w])cua\s*$")
_CITED = re.compile(r"(?:chi thi|nghi quyet|ket luan|quyet dinh|ke hoach|huong dan|thong bao|cong van|quy dinh|"
                    r"van ban|chuong trinh|de an|to trinh|bao cao|thong tri|quy che|so\s+\d|\d/\d)[^.;]{0,60}$")
_COMMITTEE_KINDS = ("committee",)
_GUIDES_AFTER = re.compile(r"^\s*chi\s+dao")


class _Before:
    """A regex that must match at the end of the text before a unit, tried only when that text ends with one of
    `last_words` (the regex's possible last words): roles() looks behind every unit of every task."""

    def __init__(self, rx: re.Pattern, last_words: tuple):
        self.rx, self.last_words = rx, last_words

    def search(self, before: str):
        end = before.rstrip().rstrip(":").rstrip().rstrip(":").rstrip()
        return self.rx.search(before) if end.endswith(self.last_words) else None


_OBJECT_BEFORE = _Before(_OBJECT_BEFORE, ("muu", "cho", "cao", "trinh", "kien", "gui", "xuat", "voi"))
_SUPPORT_BEFORE = _Before(_SUPPORT_BEFORE, ("hop", "che", "voi", "cung", "cua"))
_ASSIGN_BEFORE = _Before(_ASSIGN_BEFORE, ("giao", "cho", "nghi", "cau", "cong", "y", "nho", "cua", "tri", "nhiem"))
_GUIDED_BEFORE = _Before(_GUIDED_BEFORE, ("dao", "dan", "doc", "cho"))


def chains(refs, folded):
    """Group refs joined only by ',', 'và', 'cùng' into lists: [[ref, ref], [ref] …]."""
    out = []
    for r in refs:
        if out and _GAP.match(folded[out[-1][-1].end:r.start]):
            out[-1].append(r)
        else:
            out.append([r])
    return out


def roles(refs, folded: str, body_start: int = 0):
    """(lead refs, support refs, subject-is-authority) for one task text."""
    lead, support, guided = [], [], []
    authority = False
    has_chair = bool(_CHAIR.search(folded, body_start))
    for chain in chains(refs, folded):
        s, e = chain[0].start, chain[-1].end
        before = folded[max(0, s - 32):s]
        after = folded[e:e + 40]
        if _OBJECT_BEFORE.search(before):
            continue
        if _SUPPORT_BEFORE.search(before):
            support += chain
        elif _ASSIGN_BEFORE.search(before) or _LEAD_AFTER.match(after):
            lead += chain
        elif has_chair and _SUPPORT_AFTER.match(after):
            support += chain
        elif _GUIDED_BEFORE.search(before):
            guided += chain
        elif _is_subject(folded, s, body_start) and not _NOT_VERB_AFTER.match(after):
            if _AUTHORITY_AFTER.match(after) or (
                    all(r.kind in _COMMITTEE_KINDS for r in chain) and _GUIDES_AFTER.match(after)):
                authority = True
                continue
            lead += chain
    lead = [r for r in lead if r.assignable and not r.listed]
    support = [r for r in support + guided if r.assignable and r not in lead]
    return lead, support, authority


def listed(refs):
    """Named communes of a list ("07 xã … (Ngãi Xuyên, Kim Sơn …)"): each gets its own lead assignment."""
    return [r for r in refs if r.listed]


def _is_subject(folded: str, s: int, body_start: int) -> bool:
    before = folded[max(body_start, s - 80):s]
    if s <= body_start:
        return True
    end = before.rstrip()
    # cheap tests of how _CLAUSE_START and _ADVERBIAL can end before their regexes
    if (not end or end[-1] in ".;:!?\"'(-+•*" or end.endswith("doi voi") or "\n" in before) and _CLAUSE_START.search(before):
        return True
    m = _ADVERBIAL.search(before) if end.endswith(",") else None
    return bool(m) and "cua" not in m.group()


def fallback_lead(refs, folded: str, first_clause_end: int):
    """'Tăng cường công tác giám sát của Mặt trận Tổ quốc …' → the unit whose work the first clause is about."""
    for r in refs:
        if r.start >= first_clause_end:
            break
        if not r.assignable or r.kind in _COMMITTEE_KINDS:
            continue
        before = folded[max(0, r.start - 80):r.start]
        if _OF_BEFORE.search(before) and not _CITED.search(before[:-4]):
            return [r]
    return []
