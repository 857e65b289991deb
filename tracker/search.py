"""Text search the way Vietnamese is typed: without diacritics, in any case, NFC or NFD ("đ" = "d").

One code path for every search (tasks, directives, units, users, the audit log, the API): each searchable
model keeps a *folded* copy of its searched text in a column (`folded_column`), kept up to date by the model
layer (a flush hook for the ORM, a column default for bulk inserts); a query is folded the same way and
every word must occur in that column (`matches`). Rows whose original text holds the query as typed
(diacritics included) come first (`exact_first`); `highlight` and `excerpt` mark what matched in a page.

The large tables' folded columns carry an index (`trigram_index`): pg_trgm on PostgreSQL, so `LIKE '%…%'`
stays fast at province scale; on SQLite a plain index, which is narrower to scan than the table.
"""
import re
import unicodedata
from functools import lru_cache

import sqlalchemy as sa
import sqlalchemy.orm
from markupsafe import Markup, escape

#: Letters that have no combining-mark decomposition.
_SPECIAL = {"đ": "d", "Đ": "d"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One NFC character, folded: lower case, no marks; "" for a lone combining mark."""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch.isascii():
        return ch.lower()
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return base.lower()


def fold(text) -> str:
    """The text as search compares it: "Nông thôn MỚI, Đường" → "nong thon moi, duong"."""
    if not text:
        return ""
    return "".join(_fold_char(ch) for ch in unicodedata.normalize("NFC", str(text)))


def terms(query) -> list[str]:
    """The folded words of a query, each to be found somewhere in the text."""
    return fold(query).split()


def matches(folded_col, query) -> sa.ColumnElement:
    """WHERE for a folded column: every word of `query` occurs in it (true for an empty query)."""
    return sa.and_(sa.true(), *(folded_col.contains(word, autoescape=True) for word in terms(query)))


def exact_first(query, *columns) -> list:
    """ORDER BY terms that put first the rows whose text (`columns`) holds the query exactly as typed
    (diacritics kept, case ignored); nothing when it was typed without diacritics (every match is then as good).

    Phrases are deliberately not ranked above words found apart: any rank sorts every match, which on a long
    list loses the early stop of "newest first, 25 a page" (measured in bench/bench_search.py)."""
    typed = " ".join(unicodedata.normalize("NFC", query or "").split()).lower()
    if not typed or fold(typed) == typed:
        return []
    exact = sa.or_(*(sa.func.lower(col).contains(typed, autoescape=True) for col in columns))
    return [sa.case((exact, 0), else_=1)]


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    out, where = [], []
    for i, ch in enumerate(text):
        for piece in _fold_char(ch):
            out.append(piece)
            where.append(i)
    return "".join(out), where


def highlight(text, query) -> Markup:
    """The text, escaped, with every folded match of the query's words in <mark>."""
    text = unicodedata.normalize("NFC", str(text or ""))
    words = terms(query)
    if not words or not text:
        return escape(text)
    folded, where = _folded_with_positions(text)
    marked = [False] * len(text)
    for word in words:
        for found in re.finditer(re.escape(word), folded):
            for k in range(found.start(), found.end()):
                marked[where[k]] = True
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and marked[j] == marked[i]:
            j += 1
        piece = escape(text[i:j])
        out.append(Markup("<mark>{}</mark>").format(piece) if marked[i] else piece)
        i = j
    return Markup("").join(out)


def excerpt(text, query, length: int = 200) -> Markup:
    """At most about `length` characters of the text, highlighted: its start, or, when the first match lies
    further on, a window around that match ("… around the match …")."""
    text = unicodedata.normalize("NFC", str(text or ""))
    folded, where = _folded_with_positions(text)
    found = [folded.find(word) for word in terms(query)]
    first = min((where[i] for i in found if i >= 0), default=0)
    begin = 0 if first < length - 40 else text.rfind(" ", 0, max(first - 60, 0)) + 1
    end = begin + length
    if end < len(text):
        end = max(text.rfind(" ", begin, end), first + 1)
    piece = text[begin:end]
    return (Markup("…") if begin else Markup("")) + highlight(piece, query) + (Markup("…") if end < len(text) else "")


# --- folded columns kept by the model layer -------------------------------------------------------------

def _source_text(values) -> str:
    parts = []
    for value in values:
        if isinstance(value, (list, tuple)):
            parts.extend(str(v) for v in value if v)
        elif value:
            parts.append(str(value))
    return fold(" | ".join(parts))


def folded_column(*sources: str):
    """A NOT NULL text column holding the folded `sources` (attribute names of the same row); a bulk
    insert through Core fills it from the inserted values."""
    def default(context):
        params = context.get_current_parameters()
        return _source_text(params.get(name) for name in sources)

    return sa.orm.mapped_column(sa.Text, default=default, server_default="", info={"folded_from": sources})


def refresh_folded(obj) -> None:
    """Set the object's folded columns from their sources."""
    for column in sa.inspect(type(obj)).columns:
        sources = column.info.get("folded_from")
        if sources:
            setattr(obj, column.key, _source_text(getattr(obj, name) for name in sources))


@sa.event.listens_for(sa.orm.Session, "before_flush")
def _refresh_before_flush(session, _context, _instances):
    for obj in list(session.new) + list(session.dirty):
        if getattr(type(obj), "__folded__", False):
            refresh_folded(obj)


def trigram_index(name: str, column: str) -> sa.Index:
    """An index that serves `LIKE '%…%'` on a folded column: a trigram (GIN) index on PostgreSQL; on SQLite a
    plain one, which the scan reads instead of the much wider table."""
    return sa.Index(name, column, postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})
