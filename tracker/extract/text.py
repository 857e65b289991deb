"""Text preparation shared by the extractor: NFC with offsets, a diacritic-free fold, paragraphs, sentences.

Everything downstream works on `Doc.text` (NFC) and `Doc.fold` (same length: lowercase, no diacritics,
đ→d, dashes/quotes/spaces unified), so a match in the fold is a slice of the text at the same offsets,
and `Doc.orig()` maps an offset back to the caller's input for highlighting.
"""
import re
import unicodedata
from dataclasses import dataclass, field


def _build_fold_table() -> dict:
    table = {}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        c = chr(cp)
        d = unicodedata.normalize("NFD", c)
        if len(d) > 1 and d[0].isascii() and all(unicodedata.combining(x) for x in d[1:]):
            table[cp] = d[0].lower()
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp + 32)
    table.update({ord("đ"): "d", ord("Đ"): "d", ord("Ð"): "d", ord("ð"): "d"})
    for c in "\t\xa0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u3000\r\f\v":
        table[ord(c)] = " "
    for c in "‐‑‒–—―−":
        table[ord(c)] = "-"
    for c in "“”„«»":
        table[ord(c)] = '"'
    for c in "‘’‚":
        table[ord(c)] = "'"
    return table


FOLD_TABLE = _build_fold_table()

UPPER = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and c.isalpha())
LOWER = "".join(c for c in map(chr, range(0x61, 0x1F00)) if c.islower() and c.isalpha())


_SPECIALS = {chr(cp): ch for cp, ch in FOLD_TABLE.items() if not "A" <= chr(cp) <= "Z" and not unicodedata.normalize("NFD", chr(cp))[1:]
             and ch.isascii() and ch != "d"}
_SPECIAL_RE = re.compile("[" + re.escape("".join(_SPECIALS)) + "]")
_KEPT = re.compile(r"([^\x00-\x7f\u0300-\u036f]+)")   # after NFD: the non-ASCII characters that are not marks


def _ascii(s: str) -> str:
    return s.encode("ascii", "ignore").decode("ascii")


def _fold_fast(s: str) -> str:
    """`fold` through C-level steps: đ and the special spaces/dashes/quotes, NFD, lower(), drop the marks."""
    s = s.replace("đ", "d").replace("Đ", "d").replace("ð", "d").replace("Ð", "d")
    if _SPECIAL_RE.search(s):
        s = _SPECIAL_RE.sub(lambda m: _SPECIALS[m.group()], s)
    s = unicodedata.normalize("NFD", s).lower()
    if not _KEPT.search(s):
        return _ascii(s)
    return "".join(part if i % 2 else _ascii(part) for i, part in enumerate(_KEPT.split(s)))


def _unfoldable_re():
    """The characters `_fold_fast` cannot take: outside the Latin, Vietnamese and punctuation ranges, combining
    marks (NFD reorders them), or changed by NFD or lower() in a way FOLD_TABLE does not (checked here one by one)."""
    safe = []
    for cp in [*range(0x80, 0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2C00), *range(0x3000, 0x3040)]:
        c = chr(cp)
        want = FOLD_TABLE.get(cp, c)
        if _fold_fast(c) == want and not unicodedata.combining(c) and (cp in FOLD_TABLE or unicodedata.normalize("NFD", c) == c):
            safe.append(cp)
    ranges, start = [], None
    for i, cp in enumerate(safe):
        if start is None:
            start = cp
        if i + 1 == len(safe) or safe[i + 1] != cp + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(cp))}")
            start = None
    return re.compile(r"[^\x00-\x7f" + "".join(ranges) + "]")


_UNFOLDABLE = _unfoldable_re()


def fold(s: str) -> str:
    """Lowercase, strip Vietnamese diacritics, unify dashes/quotes/spaces. Same length as `s` for NFC input.
    NFD + lower() in C is ~6x faster than translate() on Vietnamese text; rarer characters take translate()."""
    if s.isascii():
        return s.translate(FOLD_TABLE)
    if _UNFOLDABLE.search(s):
        return s.translate(FOLD_TABLE)
    return _fold_fast(s)


def squash(s: str) -> str:
    return " ".join(s.split())


_CLUSTER = re.compile(r"[^\u0300-\u036f][\u0300-\u036f]*|[\u0300-\u036f]+")


def nfc_with_map(raw: str):
    """NFC of `raw` and, when that changed anything, a list mapping each output offset to a raw offset."""
    if unicodedata.is_normalized("NFC", raw):
        return raw, None
    out, omap = [], []
    for m in _CLUSTER.finditer(raw):
        piece = unicodedata.normalize("NFC", m.group())
        out.append(piece)
        omap.extend([m.start()] * len(piece))
    omap.append(len(raw))
    return "".join(out), omap


@dataclass
class Doc:
    raw: str
    text: str
    omap: list | None
    fold: str

    @classmethod
    def of(cls, raw: str) -> "Doc":
        text, omap = nfc_with_map(raw or "")
        return cls(raw or "", text, omap, fold(text))

    def orig(self, i: int) -> int:
        if self.omap is None:
            return i
        return self.omap[min(max(i, 0), len(self.omap) - 1)]


# ---- paragraphs ---------------------------------------------------------------------------------

MARK_RE = re.compile(
    r"""^(?:
      (?P<dotted>\d{1,2}(?:\.\d{1,2})+)\.?(?=\s|[^\W\d_])
    | (?P<roman>[IVX]{1,5})\s?(?:[.)/:]|\s?-(?=\s))(?=\s|[^\W\d_])
    | (?P<upper>[A-H])\s?[.)](?=\s)
    | (?P<num>\d{1,2})\s?(?:[.)]|-(?=\s))(?=\s|[^\W\d_])
    | \((?P<paren>\d{1,2}|[a-zđ])\)
    | (?P<lower>[a-zđ])\s?[)](?=\s)
    | (?P<lowerdot>[a-e])\.(?=\s)
    | (?P<bullet>[-–—•+·▪●◦○■□➢➤✓✔►‣⁃]|\*(?!\*))
    )\s*""",
    re.X,
)
FOOTNOTE_RE = re.compile(r"^(?:⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d{1,3}\])\s*\S")
_TERMINAL = ".;:!?…\"”’)]"


@dataclass
class Para:
    """One paragraph: lines joined across page breaks. `pieces` maps paragraph offsets to Doc.text offsets."""
    text: str
    pieces: list = field(default_factory=list)  # (para_offset, doc_start, doc_end)
    style: str | None = None       # dotted, roman, upper, num, paren, lower, bullet:<char>, or None (prose)
    label: str | None = None
    body: int = 0                  # offset of the text after the marker
    fold: str = ""

    @property
    def start(self) -> int:
        return self.pieces[0][1]

    @property
    def end(self) -> int:
        return self.pieces[-1][2]

    def doc_off(self, off: int) -> int:
        for p_off, d_start, d_end in reversed(self.pieces):
            if off >= p_off:
                return min(d_start + off - p_off, d_end)
        return self.pieces[0][1]


def _marker(line: str):
    m = MARK_RE.match(line)
    if not m:
        return None, None, 0
    for key in ("dotted", "roman", "upper", "num", "paren", "lower", "lowerdot", "bullet"):
        val = m.group(key)
        if val is not None:
            if key == "bullet":
                return "bullet:" + ("-" if val in "-–—" else val), val, m.end()
            if key == "lowerdot":
                key = "lower"
            return key, val, m.end()
    return None, None, 0


def _mostly_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _hard_wrapped(lines) -> int:
    """Line width when the text was cut into lines of about the same width (copied from a PDF), else 0."""
    body = [x.strip() for x in lines if len(x.strip()) > 20]
    if len(body) < 8:
        return 0
    lengths = sorted(len(x) for x in body)
    median = lengths[len(lengths) // 2]
    open_ended = sum(1 for x in body if x[-1] not in _TERMINAL and len(x) >= 0.75 * median)
    return median if 35 <= median <= 110 and open_ended >= 0.45 * len(body) else 0


def paragraphs(doc: Doc) -> list:
    """Split into paragraphs (one per line), drop footnote bodies, and join lines that a page break split."""
    out: list[Para] = []
    text = doc.text
    lines = text.split("\n")
    wrapped = _hard_wrapped(lines)
    pos = 0
    gap = False  # blank line or footnote since the last kept line
    for line in lines:
        start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            gap = True
            continue
        lstart = start + (len(line) - len(line.lstrip()))
        lend = lstart + len(stripped)
        if FOOTNOTE_RE.match(stripped):
            gap = True
            continue
        style, label, body = _marker(stripped)
        row = stripped.count("\t") >= 2  # a table row stays a paragraph of its own
        if out and style is None and not row and out[-1].text.count("\t") < 2 and (_continues(out[-1], stripped, gap) or
                                      (wrapped and not gap and _wrap_continues(out[-1], stripped, wrapped))):
            prev = out[-1]
            off = len(prev.text) + 1
            prev.text += " " + stripped
            prev.pieces.append((off, lstart, lend))
            gap = False
            continue
        out.append(Para(stripped, [(0, lstart, lend)], style, label, body))
        gap = False
    folded = doc.fold
    for p in out:   # fold is per character: the paragraph's fold is its lines' slices of the document's fold
        p.fold = " ".join(folded[a:b] for _off, a, b in p.pieces)
    return out


def _wrap_continues(prev: Para, line: str, width: int) -> bool:
    last = prev.text[-(prev.pieces[-1][2] - prev.pieces[-1][1]):]
    return (prev.text[-1] not in _TERMINAL and len(last) >= 0.6 * width and not _mostly_upper(last)
            and not _mostly_upper(line))


def _continues(prev: Para, line: str, gap: bool) -> bool:
    first = line[0]
    if first.islower():
        return prev.text[-1] not in ":;"
    if prev.text[-1] in _TERMINAL or not first.isalpha():
        return False
    # a long prose line cut by a page break, the next part starting with a capitalised name
    return (gap and len(prev.text) >= 200 and prev.text[-1].islower() and not _mostly_upper(line[:30]))


# ---- sentences ----------------------------------------------------------------------------------

_SENT_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“(\[]?[0-9" + re.escape(UPPER) + "])")
_ABBREV = {"tp", "tx", "tt", "ts", "ths", "pgs", "gs", "bs", "đ/c", "đc", "ông", "bà", "st", "v.v", "vv", "nxb", "q", "p"}


def sentence_spans(s: str, start: int = 0, end: int | None = None) -> list:
    """(start, end) of the sentences of s[start:end]; a period after an abbreviation or an initial does not end one."""
    end = len(s) if end is None else end
    spans, cur = [], start
    for m in _SENT_END.finditer(s, start, end):
        word = s[max(cur, m.start() - 8):m.start()].split()
        last = word[-1].rstrip(".").lower() if word else ""
        if last in _ABBREV or (len(last) == 1 and last.isalpha()):
            continue
        spans.append((cur, m.start()))
        cur = m.end()
    if cur < end:
        spans.append((cur, end))
    return [(a, b) for a, b in _trim_spans(s, spans) if b > a]


def _trim_spans(s: str, spans):
    for a, b in spans:
        while a < b and s[a].isspace():
            a += 1
        while b > a and s[b - 1].isspace():
            b -= 1
        yield a, b


def clause_spans(s: str, start: int, end: int) -> list:
    """Split s[start:end] at semicolons (outside parentheses)."""
    seg = s[start:end]
    if ";" not in seg:
        return list(_trim_spans(s, [(start, end)]))
    if "(" not in seg:
        spans, cur = [], start
        for part in seg.split(";"):
            spans.append((cur, cur + len(part)))
            cur += len(part) + 1
        return [(a, b) for a, b in _trim_spans(s, spans) if b > a]
    spans, cur, depth = [], start, 0
    for i in range(start, end):
        c = s[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif c == ";" and depth == 0:
            spans.append((cur, i))
            cur = i + 1
    spans.append((cur, end))
    return [(a, b) for a, b in _trim_spans(s, spans) if b > a]
