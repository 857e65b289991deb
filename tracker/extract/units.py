"""Unit matcher: the installation's directory (names, short names, aliases, group labels) plus the generic
vocabulary (vocab.py), and the rules that tell a task's lead units from its supporting ones."""
import re
from dataclasses import dataclass, field
from functools import lru_cache

from tracker.extract.text import UPPER, fold, squash
from tracker.extract.vocab import ENDS_WITH_LEVEL, FAMILY, GENERIC_BY_HEAD, HEAD_RE, TITLE_BEFORE, VARIANTS

KINDS = ("party_board", "gov_office", "commune", "mass_org", "committee", "other")
_TOKEN = re.compile(r"\w+|&")
_PLACE_WORDS = re.compile(r"^(?:xa|thi tran|phuong)\s+", re.I)
_LIST_WORDS = re.compile(r"^(?:xa|thi tran|phuong|huyen|quan|thi xa)\s+", re.I)
_CAPWORD = re.compile(r"\s+([" + re.escape(UPPER) + r"][\w]*)")
_NAME_STOP = {"Ủy", "Uỷ", "UBND", "HĐND", "Đảng", "Ban", "Hội", "Huyện", "Phòng", "Công", "Trung", "Mặt", "Thường",
              "Văn", "Giao", "Đề", "Yêu", "Tập", "Tăng", "Chỉ", "Các", "Trong", "Đồng", "Thị", "Xã", "Phường", "Tỉnh",
              "OCOP", "Chi", "Đoàn", "Nhà", "Tổ", "Khu", "Quốc", "Sở", "Cục", "Thực", "Triển", "Ngày"}


# "yêu cầu Chủ tịch UBND các huyện …", "giao Giám đốc Sở …": the title is the addressee's, the unit is assigned
_ORDERED_TITLE = re.compile(r"(?:^|[^\w])(?:yeu cau|giao|de nghi|chi dao)\s+(?:cac\s+)?(?:dong chi\s+)?"
                            r"(?:chu tich|giam doc|thu truong|truong)\s*$")


# "Điều 2. Giám đốc Sở … phối hợp …": a head's title opening the clause stands for the unit (roles.py still tells
# an authority, "Chủ tịch UBND tỉnh yêu cầu …", from a lead)
_CLAUSE_TITLE = re.compile(r"(?:^|[.;:]\s*|\n\s*|[-+]\s+)(?:giam doc|thu truong|chu tich)\s*$")


@dataclass
class UnitEntry:
    """One unit of the installation's directory (from the database)."""
    id: int | None
    name: str
    short_name: str | None = None
    aliases: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    kind: str = "other"


@dataclass
class UnitRef:
    """A unit phrase found in a text. `start`/`end` are offsets in that text."""
    start: int
    end: int
    raw: str
    name: str
    ids: list
    family: str          # named, all, communes, boards, offices, sectors, mass, party
    kind: str = "other"  # the directory kind when matched, else a guess
    listed: bool = False  # one of a list of named communes ("07 xã … (Ngãi Xuyên, Kim Sơn …)")

    def shifted(self, d: int) -> "UnitRef":
        return UnitRef(self.start + d, self.end + d, self.raw, self.name, self.ids, self.family, self.kind, self.listed)

    @property
    def assignable(self) -> bool:
        return self.family != "all"


@lru_cache(maxsize=4096)
def _key(s: str) -> str:
    toks = _TOKEN.findall(fold(s))
    return " ".join(toks).replace("&", "va") if "&" in toks else " ".join(toks)


def _variants(key: str) -> set:
    out = {key}
    for _ in range(2):
        for k in list(out):
            for long, short in VARIANTS:
                if long in k:
                    out.add(" ".join(k.replace(long, short).split()))
                if short and short in k and re.search(rf"(?<!\w){short}(?!\w)", k):
                    out.add(" ".join(re.sub(rf"(?<!\w){short}(?!\w)", long, k).split()))
    return {k for k in out if k}


_KIND_RULES = [(re.compile(rx), kind) for rx, kind in [
    (r"mat tran|mttq|doan|^hoi |lien doan", "mass_org"),
    (r"^ban |van phong .*uy|ubkt|uy ban kiem tra", "party_board"),
    (r"(?:huyen|tinh|thanh|thi|quan|dang) uy$|thuong truc|thuong vu|chap hanh", "committee"),
    (r"ubnd|uy ban nhan dan|hdnd|phong |cong an|quan su|trung tam|thanh tra", "gov_office")]]


@lru_cache(maxsize=2048)
def _guess_kind(key: str, family: str) -> str:
    """A kind for a unit the directory does not know (the directory's own kind wins when matched)."""
    if family == "communes" or key.startswith(("xa ", "thi tran ", "phuong ")):
        return "commune"
    if family == "mass":
        return "mass_org"
    if family in ("boards", "party"):
        return "party_board"
    for rx, kind in _KIND_RULES:
        if rx.search(key):
            return kind
    return "other"


class UnitDirectory:
    """The installation's units. `UnitDirectory([])` (or `.generic()`) knows only the generic vocabulary."""

    def __init__(self, entries=()):
        self.entries = list(entries)
        self._trie: dict = {}
        self._group_members: dict = {}   # group key → entries
        self._group_label: dict = {}     # group key → label as the directory writes it
        self._group_cores: dict = {}
        self._communes: dict = {}        # bare place-name key → entries
        self._first_words = None         # regex of the trie's first words, made on first use
        for e in self.entries:
            for label in [e.name, e.short_name, *(e.aliases or [])]:
                if label and label.strip():
                    for k in _variants(_key(label)):
                        self._add(k, ("entry", e))
                        self._add(re.sub(r"^ubnd (xa|thi tran|phuong) ", r"\1 ", k), ("entry", e))
            for g in e.groups or []:
                gk = _key(g)
                self._group_members.setdefault(gk, []).append(e)
                self._group_label.setdefault(gk, g.strip())
                self._add(gk, ("group", gk))
            place = _PLACE_WORDS.match(_key(e.name))
            if e.kind == "commune" or place:
                bare = _PLACE_WORDS.sub("", _key(e.name))
                self._communes.setdefault(bare, []).append(e)
                if place:  # "Xã Kim Sơn" is also "UBND xã Kim Sơn", "Đảng ủy xã Kim Sơn"
                    for head in ("ubnd", "uy ban nhan dan", "dang uy"):
                        self._add(f"{head} {place.group().strip()} {bare}", ("entry", e))

    @classmethod
    def generic(cls) -> "UnitDirectory":
        return cls([])

    def _add(self, key: str, value) -> None:
        node = self._trie
        for tok in key.split():
            node = node.setdefault(tok, {})
        node.setdefault(None, value)

    # ---- finding ---------------------------------------------------------------------------------
    def find_in(self, text: str, folded: str, a: int, b: int, cache: dict) -> list:
        """The refs of `text` (a whole paragraph, found once per `cache`) in [a, b), offsets relative to a."""
        refs = cache.get(text)
        if refs is None:
            refs = cache[text] = self.find(text, folded)
        return [r.shifted(-a) for r in refs if a <= r.start and r.end <= b]

    def find(self, text: str, folded: str | None = None) -> list:
        """All unit phrases in `text`, non-overlapping, in order."""
        folded = fold(text) if folded is None else folded
        cands = self._commune_lists(text, folded) \
            if any(w in folded for w in ("xa", "phuong", "thi", "huyen", "quan")) else []
        cands += self._trie_matches(text, folded)
        cands += self._generic_matches(text, folded)
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
        out, last_end = [], -1
        for i, (s, e, prio, ref) in enumerate(cands):
            if s < last_end:
                continue
            if ref.family == "named" and not ref.ids and prio == 2:
                # a generic name that a directory entry starts: keep the longer span, the directory's identity
                for s2, e2, p2, r2 in cands[i + 1:i + 4]:
                    if s2 == s and p2 == 1 and r2.ids and r2.family == "named":
                        ref.name, ref.ids, ref.kind = r2.name, r2.ids, r2.kind
                        break
            if ref.family == "named" and not ref.listed and _after_title(folded, s) \
                    and not _ORDERED_TITLE.search(folded, max(0, s - 45), s) \
                    and not _CLAUSE_TITLE.search(folded, max(0, s - 30), s):
                last_end = e
                continue
            out.append(ref)
            last_end = e
        return out

    def _ref_for(self, value, text, s, e) -> UnitRef:
        raw = squash(text[s:e])
        if value[0] == "entry":
            ent = value[1]
            return UnitRef(s, e, raw, ent.name, [ent.id] if ent.id is not None else [], "named", ent.kind)
        gk = value[1]
        members = self._group_members.get(gk, [])
        return UnitRef(s, e, raw, self._group_label.get(gk, raw), [m.id for m in members if m.id is not None],
                       _group_family(gk), "group")

    def _trie_matches(self, text, folded):
        """The longest directory name at each word (words as _TOKEN reads them, "&" as "va"), left to right. The
        walk starts only where `_first_words` (a regex of the trie's first words) finds one."""
        if not self._trie:
            return []
        if self._first_words is None:
            words = sorted((w for w in self._trie if w is not None), key=len, reverse=True)
            self._first_words = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)"
                                           + (r"|&" if "va" in self._trie else ""))
        out, pos = [], 0
        for first in self._first_words.finditer(folded):
            s = first.start()
            if s < pos:
                continue
            node, tok, best = self._trie, first, None
            while tok is not None:
                w = tok.group()
                node = node.get("va" if w == "&" else w)
                if node is None:
                    break
                if None in node:
                    best = (tok.end(), node[None])
                tok = _TOKEN.search(folded, tok.end())
            if best:
                out.append((s, best[0], 1, self._ref_for(best[1], text, s, best[0])))
                pos = best[0]
        return out

    def _generic_matches(self, text, folded):
        out = []
        next_pos = 0
        for head in HEAD_RE.finditer(folded):
            ts, w = head.start(), head.group()
            if ts < next_pos:
                continue
            m = GENERIC_BY_HEAD[w].match(folded, ts)
            if not m:
                continue
            next_pos = m.end()
            fam = FAMILY[m.lastgroup]
            if ts and folded[ts - 1] in "/-" or (w == "so" and not text[ts].isupper()):
                continue  # a document code ("29/2023/HĐND") or "hồ sơ", "cơ sở"
            s, e = m.span()
            if fam in ("capname", "place") or (fam == "named" and ENDS_WITH_LEVEL.search(m.group())):
                name_end = _proper_name_end(text, e, folded if fam == "capname" else None)
                if name_end is None and fam in ("capname", "place"):
                    continue
                e = name_end or e
            raw = squash(text[s:e])
            key = _key(raw)
            if fam in ("capname", "place"):
                fam = "named"
            name = raw
            if fam not in ("named",):
                name = raw[0].lower() + raw[1:] if raw[:3].lower() == "các" else raw
            ref = UnitRef(s, e, raw, name, [], fam, _guess_kind(key, fam))
            if fam not in ("named", "all"):
                self._expand_group(ref, key)
            elif fam == "named":
                self._match_named(ref, key)
            out.append((s, e, 2, ref))
        return out

    def _match_named(self, ref: UnitRef, key: str) -> None:
        """A generic name the directory knows under a variant spelling ("UBND xã Kim Sơn" → "Xã Kim Sơn")."""
        bare = _COMMUNE_HEAD.sub("", key)
        cands = self._communes.get(bare) if bare != key else None
        if cands:
            hint = "thi tran" if " thi tran " in f" {key} " else ("phuong" if "phuong " in key else "xa")
            ent = _pick_commune(cands, hint)
            ref.name, ref.ids, ref.kind = ent.name, [ent.id] if ent.id is not None else [], ent.kind

    def _expand_group(self, ref: UnitRef, key: str) -> None:
        core = _group_core(key)
        for gk, members in self._group_members.items():
            gcore = self._group_cores[gk] if gk in self._group_cores else \
                self._group_cores.setdefault(gk, _group_core(gk))   # a core may be "": test membership
            if gcore == core or (len(core) > 8 and (core in gcore or gcore in core)):
                ref.ids = [m.id for m in members if m.id is not None]
                ref.name = self._group_label[gk]
                return
        kind = {"communes": "commune", "mass": "mass_org"}.get(ref.family)
        if kind:
            ids = [e.id for e in self.entries if e.kind == kind and e.id is not None]
            if ref.family == "mass" and "mat tran" not in key and "mttq" not in key:
                ids = [e.id for e in self.entries if e.kind == kind and e.id is not None
                       and not _FRONT.search(_key(e.name))]
            ref.ids = ids

    def _commune_lists(self, text, folded):
        """'07 xã, thị trấn chưa có sản phẩm OCOP (Ngãi Xuyên, …, thị trấn Trà Cú)' → one ref per commune."""
        out = []
        for m in _list_heads(folded):
            hint = " ".join(m.group("kind").split(",")[0].split())
            pos = m.end()
            if hint in ("huyen", "quan", "thi xa") and not m.group("lead"):
                continue   # "huyện", "quản lý": a district list needs "các huyện …" / "07 huyện …"
            paren = _PAREN.match(folded, pos) if hint not in ("huyen", "quan", "thi xa") else None
            if paren:
                items = _parse_names(text, folded, paren.start(1), paren.end(1), hint, need_all=True)
            elif m.group("lead"):
                items = _parse_names(text, folded, pos, min(len(text), pos + 300), hint, need_all=False)
            else:
                continue
            if len(items) < 2:
                continue
            if not paren:
                items[0] = (m.start(),) + items[0][1:]
            for s, e, kind_word, name in items:
                cands = self._communes.get(_key(name)) if kind_word in ("xa", "thi tran", "phuong") else None
                if cands:
                    ent = _pick_commune(cands, kind_word)
                    ref = UnitRef(s, e, squash(text[s:e]), ent.name, [ent.id] if ent.id is not None else [],
                                  "named", ent.kind, listed=True)
                else:
                    label = _PLACE_LABEL.get(kind_word, kind_word)
                    kind = "commune" if kind_word in ("xa", "thi tran", "phuong") else "other"
                    ref = UnitRef(s, e, squash(text[s:e]), f"{label} {name}", [], "named", kind, listed=True)
                out.append((s, e, 0, ref))
        return out


_LIST_HEAD = re.compile(r"(?<!\w)(?:(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+)?(?P<lead>\d+\s+|cac\s+|tat\s+ca\s+cac\s+|nhung\s+)?"
                        r"(?P<kind>xa|phuong|thi\s+tran|huyen|quan|thi\s+xa)(?:\s*,\s*(?:xa|phuong|thi\s+tran))*(?!\w)"
                        r"(?!\s+uy)\s*:?")
_LIST_FIRST = re.compile(r"(?<!\w)(?:(?:ubnd|uy|cac|tat|nhung|xa|phuong|thi|huyen|quan)(?!\w)|\d)")


def _list_heads(folded):
    """_LIST_HEAD.finditer(folded), tried only where a word that can open it stands."""
    next_pos = 0
    for first in _LIST_FIRST.finditer(folded):
        if first.start() >= next_pos:
            m = _LIST_HEAD.match(folded, first.start())
            if m:
                next_pos = m.end()
                yield m


_TITLE_ENDS = ("thu", "tich", "ong", "doc", "vien", "chanh", "ba", "chi", "truc")   # how TITLE_BEFORE can end


def _after_title(folded: str, s: int) -> bool:
    """A person's title right before `s` ("Bí thư Huyện ủy"): TITLE_BEFORE, after a cheap test of its last word."""
    return folded[max(0, s - 25):s].rstrip().endswith(_TITLE_ENDS) and bool(TITLE_BEFORE.search(folded, max(0, s - 25), s))


_PLACE_LABEL = {"xa": "xã", "thi tran": "thị trấn", "phuong": "phường", "huyen": "huyện", "quan": "quận",
                "thi xa": "thị xã"}
_PAREN = re.compile(r"[^()\n.;]{0,120}?\(([^()]{4,500})\)")
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|(?<!\w)và(?!\w)|\.\.\.|…)\s*")


_LEAD_CAPS = re.compile(r"[" + re.escape(UPPER) + r"][\w]*(?:\s+[" + re.escape(UPPER) + r"][\w]*){0,3}")


def _parse_names(text, folded, start, end, hint, need_all):
    """Capitalised place names separated by commas / 'và' in text[start:end], each maybe prefixed by xã/thị trấn."""
    items = []
    seg = text[start:end]
    pos = 0
    for sep in list(_ITEM_SPLIT.finditer(seg)) + [None]:
        stop = sep.start() if sep else len(seg)
        part = seg[pos:stop]
        off = start + pos
        pos = sep.end() if sep else len(seg)
        lead_ws = len(part) - len(part.lstrip())
        p = part.strip()
        if not p:
            continue
        kind_word = hint
        fp = folded[off + lead_ws:off + lead_ws + len(p)]
        fm = _LIST_WORDS.match(fp)
        skip = 0
        if fm:
            kind_word = " ".join(fm.group().split())
            skip = fm.end()
        nm = _LEAD_CAPS.match(p, skip)
        if not nm or any(w in _NAME_STOP for w in nm.group().split()):
            if need_all:
                return []
            break
        rest = p[nm.end():].strip()
        s = off + lead_ws + (0 if fm else nm.start())
        items.append((s, off + lead_ws + nm.end(), kind_word, nm.group()))
        if rest:
            if need_all:
                return []
            break
    return items


def _pick_commune(cands, hint):
    for e in cands:
        if _key(e.name).startswith(hint):
            return e
    return cands[0]


_CONNECTOR = re.compile(r"\s+(?:và|-|&)(?=\s+[" + re.escape(UPPER) + "])")
_LOWER_TAIL = re.compile(r"((?:\s+(?:[a-z]+|-|&)){1,6}?)\s+(?:huyen|tinh|thanh pho|thi xa|quan)(?!\w)")


def _proper_name_end(text: str, pos: int, folded: str | None = None):
    """End of the capitalised name right after `pos` ("xã| Long Hiệp"), or None. With `folded` (an office name
    such as "Trung tâm Dịch vụ nông nghiệp huyện"), lowercase words that lead to a level word are kept too."""
    end, n = None, 0
    while n < (6 if folded else 4):
        m = _CAPWORD.match(text, pos)
        if not m or (m.group(1) in _NAME_STOP and not (folded and n)) or (
                n and m.group(1).isupper() and len(m.group(1)) > 1 and not folded):
            break
        pos = end = m.end()
        n += 1
        if folded:
            nxt = _CONNECTOR.match(text, pos)
            if nxt:
                pos += nxt.end()
    if end is not None and folded:
        tail = _LOWER_TAIL.match(folded, end)
        if tail:
            end = tail.end()
    return end


@lru_cache(maxsize=1024)
def _group_core(key: str) -> str:
    toks = [t for t in key.split() if t not in ("cac", "tat", "ca")]
    while toks and toks[-1] in ("huyen", "tinh", "trong", "tren", "dia", "ban", "toan"):
        toks.pop()
    return " ".join(toks)


_COMMUNE_HEAD = re.compile(r"^(?:ubnd |uy ban nhan dan |dang uy )?(?:xa|thi tran|phuong) ")
_FRONT = re.compile(r"mat tran|mttq")
_COMMUNE_WORD = re.compile(r"(?:^| )(?:xa|thi tran|phuong|dia phuong)(?: |$)")
_MASS_WORD = re.compile(r"mat tran|chinh tri xa hoi|doan the")


@lru_cache(maxsize=1024)
def _group_family(key: str) -> str:
    if _COMMUNE_WORD.search(key):
        return "communes"
    if _MASS_WORD.search(key):
        return "mass"
    if "tham muu" in key or "ban xay dung dang" in key:
        return "boards"
    return "sectors"
