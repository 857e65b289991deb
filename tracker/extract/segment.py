"""Finding the directive part of a notice and cutting it into pieces that may each be a task.

The directive part is, in order of preference: a section headed like "C. NHIỆM VỤ, GIẢI PHÁP QUÝ II" or
"III. PHƯƠNG HƯỚNG, NHIỆM VỤ …" (a report); the items after a lead-in such as "… yêu cầu … thực hiện tốt
một số nhiệm vụ như sau:" (a formal notice); the prose after a cue such as "Kết luận hội nghị, đồng chí …
yêu cầu" or "… nhấn mạnh:" (a news report); the items after "… kết luận như sau:"; else the whole body.
It ends at "Nơi nhận", "Trên đây là …", a signature, or web-page chrome.
"""
import re
from dataclasses import dataclass, field

from tracker.extract.classify import ASSIGN_RE, IMPERATIVE_RE, strip_adverbial
from tracker.extract.text import Para, _mostly_upper, sentence_spans

HEAD_RE = re.compile(
    r"^(?:phan\s+(?:thu\s+)?\w+\s*[:.-]?\s*)?(?:ve\s+)?(?:mot\s+so\s+|cac\s+|nhung\s+)?"
    r"(?:phuong\s+huong|nhiem\s+vu|muc\s+tieu,?\s+nhiem\s+vu|giai\s+phap|chuong\s+trinh\s+cong\s+tac|"
    r"ke\s+hoach\s+cong\s+tac|y\s+kien\s+chi\s+dao|ket\s+luan\s+chi\s+dao|chi\s+dao\s+thoi\s+gian\s+toi)(?!\w)")
PLAN_MARK = re.compile(r"phuong\s+huong|giai\s+phap|trong\s+tam|thoi\s+gian\s+toi|sap\s+toi|quy\s|thang\s|nam\s+\d|"
                       r"chuong\s+trinh\s+cong\s+tac|chi\s+dao|nhiem\s+vu\s*(?:,|va)\s|nhiem\s+vu\s*:?$")
HEAD_BAD = re.compile(r"ket\s+qua|tinh\s+hinh|han\s+che|kho\s+khan|nguyen\s+nhan|bai\s+hoc|kien\s+nghi|"
                      r"danh\s+gia|da\s+thuc\s+hien|dat\s+duoc")
LEADIN_RE = re.compile(
    r"(?:nhiem\s+vu|noi\s+dung|giai\s+phap|cong\s+viec|van\s+de|yeu\s+cau)(?:[^.:;]{0,60}?)"
    r"(?:sau\s+day|nhu\s+sau|sau|cu\s+the|trong\s+tam|chu\s+yeu|nhu|gom|bao\s+gom|la)\s*(?:\([^)]*\)\s*)?:")
LEADIN_CUE = re.compile(r"(?<!\w)(?:yeu\s+cau|de\s+nghi|giao|chi\s+dao|can|phai|tap\s+trung|thuc\s+hien|trien\s+khai|"
                        r"luu\s+y|nhan\s+manh|quan\s+triet|thoi\s+gian\s+toi|sap\s+toi)(?!\w)")
WEAK_LEADIN_RE = re.compile(r"(?:(?:ket\s+luan|y\s+kien|chi\s+dao|thong\s+nhat|yeu\s+cau|de\s+nghi)"
                            r"(?:\s+(?:nhu\s+sau|cu\s+the|mot\s+so\s+noi\s+dung|nhung\s+noi\s+dung\s+sau))?"
                            r"|nhu\s+sau)\s*:\s*$")
NEWS_CUE = re.compile(
    r"(?<!\w)(?:ket\s+luan|phat\s+bieu\s+ket\s+luan|phat\s+bieu\s+chi\s+dao|chi\s+dao)"
    r"(?:\s+(?:tai\s+)?(?:hoi\s+nghi|cuoc\s+hop|buoi\s+lam\s+viec|phien\s+hop|ky\s+hop|buoi\s+tiep))?\s*,?\s*"
    r"(?:dong\s+chi|ong|ba|bi\s+thu|chu\s+tich|pho\s+bi\s+thu|thuong\s+truc)(?!\w)"
    r"|(?<!\w)(?:dong\s+chi|ong|ba)\s[^.;:]{0,160}?(?<!\w)(?:yeu\s+cau|de\s+nghi|nhan\s+manh|chi\s+dao|luu\s+y|giao|"
    r"ket\s+luan\s*:)(?!\w)"
    r"|(?<!\w)(?:thuong\s+truc|ban\s+thuong\s+vu|ban\s+chap\s+hanh|thuong\s+vu|ubnd|uy\s+ban\s+nhan\s+dan)"
    r"[^.;:]{0,40}?(?<!\w)(?:yeu\s+cau|de\s+nghi|giao(?!\s+ban\s+(?:cong\s+tac|thang|quy|tuan|dinh\s+ky|truc\s+tuyen|"
    r"voi|nam|\d)))(?!\w)")
CLOSING_RE = re.compile(
    r"^(?:noi\s+nhan|tren\s+day\s+la|t/m|tm\.|tm\s+ban|k/t|kt\.|kt\s|tl\.|t/l|tin,?\s+anh\s*:|nguon\s*:|"
    r"[^.]{0,60}xin\s+thong\s+bao|[^.]{0,40}thong\s+bao\s+(?:de|den)\s+cac)")
CHROME_RE = re.compile(
    r"^(?:tong\s+so\s+diem|click\s+de|y\s+kien\s+ban\s+doc|tham\s+do\s+y\s+kien|thong\s+ke\s+truy\s+cap|"
    r"dang\s+truy\s+cap|tin\s+lien\s+quan|tin\s+khac|cac\s+tin\s+khac|bai\s+viet\s+lien\s+quan|tin\s+cung|"
    r"chia\s+se|binh\s+luan|gui\s+binh\s+luan|ban\s+in|in\s+bai|gui\s+email|tu\s+khoa|tags?\s*:|ban\s+quyen|"
    r"copyright|©|len\s+dau\s+trang|xem\s+them|doc\s+them|tin\s+moi|tin\s+doc\s+nhieu|bai\s+viet\s+khac|"
    r"luot\s+xem|chuyen\s+muc|trang\s+chu)")
SIGN_TITLE_RE = re.compile(r"^(?:chanh\s+van\s+phong|pho\s+chanh\s+van\s+phong|bi\s+thu|pho\s+bi\s+thu|chu\s+tich|"
                           r"pho\s+chu\s+tich|truong\s+ban|giam\s+doc|thu\s+truong)\s*$")
TIME_NOTE_RE = re.compile(r"^(?:\W\s*)?(?:thoi\s+gian(?:\s+(?:hoan\s+thanh|thuc\s+hien))?|thoi\s+han|han\s+hoan\s+thanh|"
                          r"hoan\s+thanh\s+truoc|chuc\s+nang)\s*[:,]?\s*(?:truoc|trong|chậm|cham|den|ngay|\d|thang|quy)")
_ORDINAL_VALUE = {"nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
                  "chín": 9, "mười": 10}
_ORDINAL_ENUM = re.compile(r"(?:(?<=[\s:;.])|^)(?:thứ\s+(nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|"
                           r"(một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+là)\s*[,:]\s*", re.I)
_INLINE_ENUM = re.compile(r"(?:(?<=[\s:;.,])|^)\((\d{1,2}|[a-zđ])\)\s*|(?:(?<=[:;.])\s*|^)(\d{1,2}|[a-zđ])\)\s+")

_PAST = re.compile(r"(?<!\w)(?:da|duoc)\s+(?!de\s+ra|neu|giao|duoc\s+giao)\w")

STYLE_RANK = {"upper": 0, "roman": 1, "num": 2, "lower": 4, "paren": 4}
PROSE_RANK = 4.8


@dataclass
class Piece:
    """A span of one paragraph that may be a task. mode 'item' = a whole list item; 'sentence' = prose."""
    para: Para
    a: int
    b: int
    ref: str
    mode: str
    contexts: list = field(default_factory=list)   # (para, a, b) of the lead-ins above it, outermost first
    extra: list = field(default_factory=list)      # (para, a, b) appended: a "Thời gian hoàn thành …" note


@dataclass
class Region:
    kind: str            # heading, leadin, news, weak, body
    start: int           # paragraph index
    offset: int          # offset inside the first paragraph
    end: int             # paragraph index (exclusive)
    head: str = ""       # heading or lead-in text (for the period)
    ctx: tuple | None = None  # (para, a, b) of the lead-in sentence, a context for every piece
    label: str = ""      # the heading's own number ("C", "III"), the root of the pieces' refs


def ranks(paras) -> list:
    order, out = {}, []
    for p in paras:
        st = p.style
        if st is None:
            out.append(PROSE_RANK)
        elif st == "dotted":
            out.append(2 + p.label.count("."))
        elif st.startswith("bullet"):
            order.setdefault(st, len(order))
            out.append(5 + order[st])
        else:
            out.append(STYLE_RANK[st])
    return out


def body_of(p: Para) -> str:
    return p.fold[p.body:].strip()


def body_of_text(p: Para) -> str:
    return p.text[p.body:].strip()


def is_closing(p: Para) -> bool:
    f = p.fold.strip()
    return bool(CLOSING_RE.match(f) or CHROME_RE.match(f) or
                (len(f) < 45 and _mostly_upper(p.text) and SIGN_TITLE_RE.match(f)))


def _is_heading(p: Para) -> bool:
    b = body_of(p)
    if len(b) > 160 or not HEAD_RE.match(b) or HEAD_BAD.search(b[:80]):
        return False
    return p.style in ("upper", "roman", "num", "dotted") or _mostly_upper(p.text) or b.endswith(":")


def find_regions(paras, rk) -> list:
    """Candidate directive regions, best first."""
    n = len(paras)
    out = []
    heads = [i for i, p in enumerate(paras) if _is_heading(p) and i + 1 < n and not is_closing(paras[i + 1])]
    strong = [i for i in heads if PLAN_MARK.search(body_of(paras[i]))]
    numbered = [i for i in strong if paras[i].style in ("upper", "roman", "num", "dotted")]
    for i in (numbered or strong or heads)[:1]:
        p = paras[i]
        out.append(Region("heading", i + 1, 0, _end(paras, rk, i + 1, rk[i] if p.style else -1, p), p.text,
                          label=p.label if p.style in ("upper", "roman", "num", "dotted") else ""))
    lead = _first_leadin(paras, rk)
    if lead:
        out.insert(0 if out and not strong else len(out), lead)
    for i, p in enumerate(paras):
        m = NEWS_CUE.search(p.fold) if p.style is None else None
        if m:
            sent = [a for a, b in sentence_spans(p.text) if a <= m.start()]
            out.append(Region("news", i, sent[-1] if sent else 0, _end(paras, rk, i + 1, -1, None)))
            break
    for i, p in enumerate(paras):
        if WEAK_LEADIN_RE.search(p.fold) and i + 1 < n:
            out.append(Region("weak", i + 1, 0, _end(paras, rk, i + 1, -1, None)))
            break
    out.append(Region("body", 0, 0, _end(paras, rk, 0, -1, None)))
    return out


def _first_leadin(paras, rk):
    n = len(paras)
    for i, p in enumerate(paras):
        for m in LEADIN_RE.finditer(p.fold):
            sent_start = next((a for a, b in reversed(sentence_spans(p.text)) if a <= m.start()), 0)
            if not LEADIN_CUE.search(p.fold, sent_start, m.end()) or _PAST.search(p.fold, sent_start, m.end()):
                continue
            tail = p.text[m.end():].strip()
            ctx = (p, sent_start, m.end())
            if not tail and i + 1 < n and not is_closing(paras[i + 1]):
                lvl = rk[i] if p.style else -1
                return Region("leadin", i + 1, 0, _end(paras, rk, i + 1, lvl, None, siblings=True),
                              p.text[sent_start:m.end()], ctx)
            if tail:
                return Region("inline", i, m.end(), _end(paras, rk, i + 1, -1, None), p.text[sent_start:m.end()], ctx)
    return None


def _end(paras, rk, start, level, head, siblings=False) -> int:
    """Index of the first paragraph after `start` that closes a region opened at `level`."""
    for j in range(start, len(paras)):
        p = paras[j]
        if is_closing(p):
            return j
        if level >= 0 and p.style is not None and (rk[j] < level or (rk[j] == level and not siblings)):
            return j
        if head is not None and j > start and len(p.text) < 120 and _mostly_upper(body_of_text(p)) \
                and (level < 0 and p.style is None or HEAD_BAD.search(body_of(p)[:60])):
            return j
    return len(paras)


# ---- pieces --------------------------------------------------------------------------------------

_SHORT_HEAD = re.compile(r"^(?:ve|tren\s+linh\s+vuc|linh\s+vuc|doi\s+voi|cong\s+tac|nhom)\s")


def pieces(paras, rk, region: Region) -> list:
    out: list[Piece] = []
    stack: list = []  # (rank, ref, context span or None)
    base = [region.ctx] if region.ctx else []
    split_prose = region.kind in ("news", "body", "inline", "weak")
    counters: dict = {}
    for i in range(region.start, region.end):
        p = paras[i]
        first = i == region.start and region.offset
        r = PROSE_RANK if first or p.style is None else rk[i]
        while stack and stack[-1][0] >= r:
            stack.pop()
        a = region.offset if first else p.body
        text = p.text[a:].strip()
        if not text:
            continue
        a = p.text.index(text, a)
        b = a + len(text)
        ftext = p.fold[a:b]
        parent_ref = stack[-1][1] if stack else region.label
        if p.style is None or first:
            counters[(parent_ref, "¶")] = counters.get((parent_ref, "¶"), 0) + 1
            ref = _join(parent_ref, f"¶{counters[(parent_ref, '¶')]}")
        else:
            ref = _ref(p, parent_ref, counters)
        contexts = base + [s[2] for s in stack if s[2] is not None]
        nxt_deeper = i + 1 < region.end and rk[i + 1] > r and not is_closing(paras[i + 1])
        if out and TIME_NOTE_RE.match(ftext) and len(text) < 160:
            out[-1].extra.append((p, a, b))
            continue
        if text.endswith(":") and (nxt_deeper or (i + 1 < region.end and p.style is None)):
            sents = sentence_spans(p.text, a, b)
            if len(sents) > 1:
                mode = "sentence" if split_prose and p.style is None else "item"
                out.append(Piece(p, sents[0][0], sents[-2][1], ref, mode, contexts))
            while p.style is None and stack and stack[-1][0] >= PROSE_RANK - 0.1:
                stack.pop()  # a new unnumbered lead-in replaces the one before it
            stack.append((r - 0.1 if p.style is None else r, parent_ref if p.style is None else ref,
                          (p, sents[-1][0], b)))
            continue
        if nxt_deeper and len(text) <= 120 and text[-1] not in ".;" and (
                _SHORT_HEAD.match(ftext) or _mostly_upper(text) or len(text) < 50 or not (
                    IMPERATIVE_RE.match(strip_adverbial(ftext)) or ASSIGN_RE.search(ftext))):
            stack.append((r, ref, (p, a, b)))
            continue
        if split_prose and (p.style is None or first):
            out += _sentences(p, a, b, ref, contexts)
        else:
            out += _enumerated(p, a, b, ref, contexts, "item")
        if p.style is not None and not first:
            stack.append((r, ref, (p, a, b)))
    return out


def _join(parent: str, own: str) -> str:
    if not parent:
        return own
    if own.startswith(parent + "."):
        return own
    if "." in own and not own.startswith(("-", "¶", "(")):
        head = own.split(".")[0]
        pparts = parent.split(" ")[0].split(".")
        if pparts[-1] == head:
            return ".".join(pparts[:-1] + [own])
    if own.startswith(("-", "¶", "(")):
        return f"{parent} {own}"
    return f"{parent}.{own}"


def _ref(p: Para, parent: str, counters: dict) -> str:
    if p.style.startswith("bullet"):
        key = (parent, p.style)
        counters[key] = counters.get(key, 0) + 1
        return _join(parent, f"-{counters[key]}")
    label = p.label
    if p.style == "paren":
        label = f"({label})"
    return _join(parent, label)


def _enumerated(p: Para, a: int, b: int, ref: str, contexts: list, mode: str) -> list:
    """Split "(1) … (2) …" / "a) … b) …" inside one paragraph; the text before (1) is their lead-in."""
    marks = _enum_marks(p.text, a, b)
    if len(marks) < 2:
        return [Piece(p, a, b, ref, mode, contexts)]
    out = []
    heads = sentence_spans(p.text, a, marks[0][0]) if marks[0][0] > a else []
    ctx = contexts + ([(p, heads[-1][0], heads[-1][1])] if heads else [])
    for k, (s, body, label) in enumerate(marks):
        e = marks[k + 1][0] if k + 1 < len(marks) else b
        seg = p.text[body:e].rstrip(" ;,.")
        if seg.strip():
            out.append(Piece(p, body, body + len(seg), _join(ref, f"({label})"), mode, ctx))
    return out


def _enum_marks(text: str, a: int, b: int) -> list:
    """Positions of a consecutive inline enumeration starting at (1)/1)/(a)/a), or at "Thứ nhất, … Thứ hai, …"
    / "Một là, … Hai là, …"."""
    found = []
    for m in (_INLINE_ENUM.finditer(text, a, b) if text.find(")", a, b) >= 0 else ()):   # every mark has a ")"
        label = m.group(1) or m.group(2)
        found.append((m.start(), m.end(), int(label) if label.isdigit() else ord(label) - 96, label))
    seq = _consecutive(found)
    low = text[a:b].lower() if len(seq) < 2 and ("hứ" in text or "là" in text) else ""
    if "thứ nhất" in low or "một là" in low:   # an ordinal list starts at one
        ordinals = [(m.start(), m.end(), _ORDINAL_VALUE[(m.group(1) or m.group(2)).lower()], None)
                    for m in _ORDINAL_ENUM.finditer(text, a, b)]
        seq = [(s, e, str(v)) for s, e, v, _l in _consecutive(ordinals)]
    else:
        seq = [(s, e, label) for s, e, _v, label in seq]
    return seq if len(seq) >= 2 else []


def _consecutive(found) -> list:
    """The marks numbered 1, 2, 3 … in order (others skipped)."""
    seq, want = [], None
    for mark in found:
        val = mark[2]
        if want is None:
            if val == 1:
                seq, want = [mark], 2
        elif val == want:
            seq.append(mark)
            want += 1
    return seq


def _sentences(p: Para, a: int, b: int, ref: str, contexts: list) -> list:
    marks = _enum_marks(p.text, a, b)
    if len(marks) >= 2:
        head = _sentences(p, a, marks[0][0], ref, contexts) if marks[0][0] > a else []
        if head and p.text[a:marks[0][0]].rstrip().endswith(":"):
            head = head[:-1]
        return head + _enumerated(p, a, b, ref, contexts, "sentence")
    out = []
    spans = sentence_spans(p.text, a, b)
    for k, (s, e) in enumerate(spans):
        out.append(Piece(p, s, e, f"{ref}.{k + 1}" if len(spans) > 1 else ref, "sentence", contexts))
    return out
