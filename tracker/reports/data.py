"""What a report is, whatever it is rendered to: a title, columns, rows grouped under headings, a summary.

The builders (overdue.py, tasklist.py) fill a `Report`; the renderers (docx, xlsx, html/pdf) read only it,
so the pre-meeting email, the CLI and the pages all print the same thing.
"""
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable, Iterator, Optional

from flask import current_app

#: The two document styles: the Party's (Hướng dẫn 36-HD/VPTW, 2018) and the State's (Nghị định 30/2020/NĐ-CP).
PARTY, STATE = "party", "state"


@dataclass
class Committee:
    """The installation's committee as the document header shows it (from settings)."""

    name: str
    parent: str = ""
    place: str = ""
    code: str = ""
    signer: str = ""
    signer_title: str = ""
    #: PARTY (Hướng dẫn 36-HD/VPTW) or STATE (Nghị định 30/2020/NĐ-CP, People's Committees).
    style: str = "party"

    @classmethod
    def from_config(cls) -> "Committee":
        cfg = current_app.config
        style = (cfg.get("DOCUMENT_STYLE") or PARTY).strip().lower()
        return cls(name=cfg.get("COMMITTEE_NAME") or "", parent=cfg.get("COMMITTEE_PARENT") or "",
                   place=cfg.get("COMMITTEE_PLACE") or "", code=cfg.get("COMMITTEE_CODE") or "",
                   signer=cfg.get("COMMITTEE_SIGNER") or "", signer_title=cfg.get("COMMITTEE_SIGNER_TITLE") or "",
                   style=STATE if style == STATE else PARTY)


@dataclass
class Column:
    key: str
    header: str
    #: Width in centimetres on paper; the spreadsheet takes about five characters per centimetre.
    width_cm: float
    #: "text", "date" or "int": how the cell is written (a real date in the spreadsheet).
    kind: str = "text"
    align: str = "left"
    #: "both", "paper" (DOCX, PDF, print) or "sheet" (XLSX): e.g. a directive's number and date are one cell
    #: on paper but two columns, one a real date, in the spreadsheet.
    where: str = "both"


class Streamed:
    """Items read as they are iterated, anew each time (the query runs again): a list of 40,000 rows goes from the
    database cursor to the file without ever being held whole, and a caller may render it twice (DOCX and PDF
    of one list). Indexing or len() reads everything: for short lists and tests."""

    def __init__(self, produce: Callable[[], Iterator]):
        self._produce = produce

    def __iter__(self) -> Iterator:
        return iter(self._produce())

    def __getitem__(self, index):
        return list(self)[index]

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass
class Group:
    """Rows under one heading (a lead unit), with the id to link or filter by."""

    title: str
    #: A list, or Streamed rows (a whole task list as one group).
    rows: Iterable[dict[str, Any]]
    unit_id: Optional[int] = None
    #: How many rows the whole group has (the page may show fewer).
    count: int = 0
    #: Its place among all the groups (1 = I), also on a page that starts further down.
    ordinal: int = 1


@dataclass
class StatsTable:
    """A table of numbers, one row per unit (the standard table of the implementation reports): each row is
    (kind, cells) with kind "row", "group" (a heading across the table, cells[0] its text) or "total"."""

    headers: list[str]
    widths_cm: list[float]
    rows: list[tuple[str, list]]
    #: Cells aligned left (the others are centred): the unit's name.
    left: tuple[int, ...] = (1,)


@dataclass
class Report:
    #: "overdue" or "tasks"
    kind: str
    title: str
    #: Lines under the title: "(Tính đến ngày 20/10/2023)", the filters in words.
    subtitle: list[str]
    as_of: date
    #: The day the document is dated (the place-and-date line).
    issued_on: date
    committee: Committee
    columns: list[Column]
    #: A list, or Streamed groups (a whole list): renderers go through them once, in order.
    groups: Iterable[Group]
    #: (label, count, unit_id) per unit, shown on top and on the spreadsheet's summary sheet.
    summary: list[tuple[str, int, Optional[int]]] = field(default_factory=list)
    summary_label: str = "Đơn vị"
    summary_header: str = "Số nhiệm vụ"
    total: int = 0
    recipients: list[str] = field(default_factory=list)
    #: Name stem for downloads: "danh-sach-cham-qua-han-2023-10-20".
    file_stem: str = "bao-cao"
    #: The report's subject in bold under the title ("Kết quả thực hiện Thông báo kết luận số …").
    heading: str = ""
    #: Paragraphs written by people (the office or the unit): before the tables, and the closing assessment.
    intro: list[str] = field(default_factory=list)
    assessment: list[str] = field(default_factory=list)
    #: The table of numbers per unit, replacing the one-number summary; printed before the list, or after it
    #: when `stats_after_list`.
    stats: Optional[StatsTable] = None
    stats_after_list: bool = False
    #: Bold headings before the list, the numbers and the assessment ("" for none).
    list_title: str = ""
    stats_title: str = ""
    assessment_title: str = ""
    #: Portrait A4 (a narrative report) or landscape (a wide list).
    landscape: bool = True

    def columns_for(self, medium: str) -> list[Column]:
        return [c for c in self.columns if c.where in ("both", medium)]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [row for group in self.groups for row in group.rows]

    @property
    def row_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def vn_long_date(day: date) -> str:
    """"ngày 05 tháng 02 năm 2024": days under 10 and months 1 and 2 take a leading zero (HD 36-HD/VPTW)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def paragraphs(text: str) -> list[str]:
    """A text area's content as paragraphs (blank lines or single line breaks both end one)."""
    return [line.strip() for line in (text or "").replace("\r", "").split("\n") if line.strip()]


def header_lines(report: Report) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The document header's two columns as (text, look) lines, look one of "", "b" (bold), "bu" (bold,
    underlined), "i" (italic): the Party's header (HD 36) or the State's national motto (NĐ 30)."""
    committee = report.committee
    left = [(committee.parent.upper(), "")] if committee.parent else []
    left.append((committee.name.upper(), "b"))
    if committee.style == STATE:
        left += [("———", ""), (number_line(report), "")]
        right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"), ("Độc lập - Tự do - Hạnh phúc", "bu"), ("", ""),
                 (place_date_line(report), "i")]
    else:
        left += [("*", ""), (number_line(report), "")]
        right = [("ĐẢNG CỘNG SẢN VIỆT NAM", "bu"), ("", ""), (place_date_line(report), "i")]
    return left, right


def place_date_line(report: Report) -> str:
    place = report.committee.place
    return f"{place}, {vn_long_date(report.issued_on)}" if place else vn_long_date(report.issued_on).capitalize()


def number_line(report: Report) -> str:
    """"Số      -BC/HU": the number is written in by the office when the document is registered."""
    code = report.committee.code
    if report.committee.style == STATE:  # "Số:      /BC-UBND"
        return f"Số: {' ' * 8}/BC-{code}" if code else f"Số: {' ' * 8}/BC"
    return f"Số {' ' * 8}-BC/{code}" if code else f"Số {' ' * 8}-BC"


def cell_text(column: Column, value) -> str:
    """A cell as words, for the paper formats."""
    if value is None or value == "":
        return ""
    if column.kind == "date":
        return value.strftime("%d/%m/%Y")
    return str(value)


def roman(n: int) -> str:
    """Group headings are numbered I, II, III … as in Vietnamese official lists."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out
