"""Task tables: "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành".

A table reaches us as tab-separated rows (pasted from Word, or written so by sources.py for a .docx), or with
one cell per line (pasted from a web page or a PDF). `rows_to_tabs` turns the second form into the first
without moving any offset (a newline inside a row becomes a tab), so the rest of the pipeline sees one
paragraph per row; `table_rows` then finds the header and the rows, and `row_cells` cuts a row into columns.
"""
import re

from tracker.extract.deadlines import find_deadlines, pick
from tracker.extract.text import fold
from tracker.extract.units import UnitRef

_COLUMNS = [  # (column kind, folded header cell); the first that matches wins
    ("ref", re.compile(r"^(?:stt|tt|so\s+tt|so\s+thu\s+tu)\.?$")),
    ("support", re.compile(r"phoi\s+hop")),
    ("lead", re.compile(r"chu\s+tri|(?:co\s+quan|don\s+vi)\s+(?:thuc\s+hien|tham\s+muu|dau\s+moi)|trach\s+nhiem|"
                        r"^(?:co\s+quan|don\s+vi)$")),
    ("time", re.compile(r"thoi\s+(?:gian|han|diem)|tien\s+do|han\s+(?:hoan\s+thanh|chot)|^han$")),
    ("content", re.compile(r"noi\s+dung|nhiem\s+vu|cong\s+viec|giai\s+phap|hoat\s+dong")),
    ("other", re.compile(r"ghi\s+chu|san\s+pham|ket\s+qua|kinh\s+phi|nguon\s+von|ket\s+luan|van\s+ban")),
]
MAX_COLUMNS = 12  # a header run longer than this is not a table header (and scanning it would be quadratic)
_REF_CELL = re.compile(r"^(?:\d{1,3}|[IVX]{1,5}|[a-zđ])[.)]?$")
_ONGOING = re.compile(r"(?<!\w)(?:thuong\s+xuyen|hang\s+(?:ngay|tuan|thang|quy|nam)|dinh\s+ky|lien\s+tuc)(?!\w)")


def cell_kind(cell) -> str | None:
    """The column kind of one header cell, or None when it is not a header cell."""
    f = " ".join(fold(cell).split())
    if not f or len(f) > 60:
        return None
    return next((k for k, rx in _COLUMNS if rx.search(f)), None)


def _table_header(kinds) -> bool:
    return len(kinds) >= 3 and "content" in kinds and bool({"lead", "time"} & set(kinds))


def column_kinds(cells) -> list | None:
    """Column kinds of a header row, or None when the cells are not the header of a task table."""
    kinds = [cell_kind(c) for c in cells]
    return kinds if None not in kinds and _table_header(kinds) else None


def rows_to_tabs(text: str) -> str:
    """A one-cell-per-line table rewritten as one tab-separated line per row; same length as `text`."""
    if "\n" not in text or not re.search(r"(?im)^[^\S\n]*(?:stt|tt|n[ộo]i dung)", text):
        return text
    chars = None
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    full = [(p, s) for p, s in lines if s.strip()]
    kinds_of = [cell_kind(s) if "\t" not in s else None for _p, s in full]  # once per line: linear
    i = 0
    while i < len(full):
        k = _header_run(kinds_of, i)
        if not k:
            i += 1
            continue
        kinds = kinds_of[i:i + k]
        rows = _cell_rows(full, i + k, kinds)
        chars = chars if chars is not None else list(text)
        for group in [list(range(i, i + k))] + rows:
            for g in group[:-1]:
                p, s = full[g]
                chars[p + len(s)] = "\t"  # the newline after this cell
                for q in range(p + len(s) + 1, full[g + 1][0]):
                    if chars[q] == "\n":
                        chars[q] = " "  # blank lines inside a row
        i = (rows[-1][-1] + 1) if rows else i + k
    return "".join(chars) if chars is not None else text


def _header_run(kinds_of, i) -> int:
    """Length of a run of header cells starting at line i (each on its own line), or 0."""
    k = 0
    while i + k < len(kinds_of) and k < MAX_COLUMNS and kinds_of[i + k]:
        k += 1
    return k if _table_header(kinds_of[i:i + k]) else 0


def _cell_rows(full, start, kinds) -> list:
    """Line indexes of each row after a header of len(kinds) cells."""
    k = len(kinds)
    rows, i = [], start
    numbered = kinds[0] == "ref"
    while i < len(full):
        first = full[i][1].strip()
        if numbered:
            if not _REF_CELL.match(first):
                break
            nxt = _next_ref(full, i + 1, first, k)
            row = list(range(i, nxt))
        else:
            row = list(range(i, min(i + k, len(full))))
            if len(row) < k or any(len(full[j][1]) > 400 for j in row):
                break
        if len(row) < 2:
            break
        rows.append(row)
        i = row[-1] + 1
    return rows


def _next_ref(full, i, ref, k) -> int:
    """Index of the line that opens the next numbered row; a row without a next one takes one line per column
    (a cell of several paragraphs may add a few lines to a row that has a next one)."""
    m = re.match(r"\d+", ref)
    if m:
        want = (str(int(m.group()) + 1), f"{int(m.group()) + 1}.")
        for j in range(i, min(len(full), i + k + 3)):
            if full[j][1].strip() in want:
                return j
    return min(len(full), i + k - 1)


def row_cells(text: str, a: int = 0):
    """(start, end) of each tab-separated cell of text[a:], stripped."""
    out, pos = [], a
    for part in text[a:].split("\t"):
        s = pos + len(part) - len(part.lstrip())
        e = pos + len(part.rstrip())
        out.append((s, max(s, e)))
        pos += len(part) + 1
    return out


def table_rows(paras) -> list:
    """[(header index, kinds, [row indexes])] for each task table among the paragraphs."""
    out, i = [], 0
    while i < len(paras):
        p = paras[i]
        kinds = column_kinds(p.text.split("\t")) if "\t" in p.text else None
        if not kinds:
            i += 1
            continue
        rows, j = [], i + 1
        while j < len(paras) and "\t" in paras[j].text:
            rows.append(j)
            j += 1
        out.append((i, kinds, rows))
        i = j
    return out


def is_ongoing(folded_cell: str) -> bool:
    return bool(_ONGOING.search(folded_cell))


def read_row(p, kinds, directory, cache, ref_date):
    """One table row → (content span, lead refs, support refs, mentions, deadline, ongoing), or None for a row
    that only groups the rows below it ("I | Lĩnh vực kinh tế")."""
    cells = row_cells(p.text)
    if len(cells) > len(kinds) and "content" in kinds:  # a cell of several lines: the surplus is content
        c, extra = kinds.index("content"), len(cells) - len(kinds)
        cells = cells[:c] + [(cells[c][0], cells[c + extra][1])] + cells[c + extra + 1:]
    col = {}
    for kind, (a, b) in zip(kinds, cells):
        if b > a and kind not in col:
            col[kind] = (a, b)
    if "content" not in col:
        return None
    ca, cb = col["content"]
    if not ({"lead", "support", "time"} & set(col)) and cb - ca < 80:
        return None
    lead, support, mentions = [], [], []
    for kind, out in (("lead", lead), ("support", support)):
        if kind in col:
            a, b = col[kind]
            refs = [r.shifted(a) for r in _find(directory, p.text[a:b], cache) if r.assignable]
            out += refs or [UnitRef(a, b, p.text[a:b], " ".join(p.text[a:b].split()), [], "named")]
            mentions += [r.raw for r in refs]
    refs = [r.shifted(ca) for r in _find(directory, p.text[ca:cb], cache)]
    mentions += [r.raw for r in refs]
    deadline, ongoing = None, False
    if "time" in col:
        a, b = col["time"]
        cell = " ".join(p.text[a:b].split())
        best = pick(find_deadlines(cell, ref_date)) or pick(find_deadlines("hoàn thành trong " + cell, ref_date))
        deadline = (best[0], cell) if best else None
        ongoing = not best and is_ongoing(p.fold[a:b])
    return (ca, cb), lead, support, list(dict.fromkeys(mentions)), deadline, ongoing


def _find(directory, cell, cache):
    """Units of one cell, found on the cell alone so that a name never runs on into the next column."""
    if cell not in cache:
        cache[cell] = directory.find(cell)
    return cache[cell]
