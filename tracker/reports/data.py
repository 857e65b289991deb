"""What a report is, whatever it is rendered to: a title, columns, rows grouped under headings, a summary.

The builders (overdue.py, tasklist.py) fill a `Report`; the renderers (docx, xlsx, html/pdf) read only it,
so the pre-meeting email, the CLI and the pages all print the same thing.
"""
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from flask import current_app


@dataclass
class Committee:
    """The installation's committee as the document header shows it (from settings)."""

    name: str
    parent: str = ""
    place: str = ""
    code: str = ""
    signer: str = ""
    signer_title: str = ""

    @classmethod
    def from_config(cls) -> "Committee":
        cfg = current_app.config
        return cls(name=cfg.get("COMMITTEE_NAME") or "", parent=cfg.get("COMMITTEE_PARENT") or "",
                   place=cfg.get("COMMITTEE_PLACE") or "", code=cfg.get("COMMITTEE_CODE") or "",
                   signer=cfg.get("COMMITTEE_SIGNER") or "", signer_title=cfg.get("COMMITTEE_SIGNER_TITLE") or "")


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


@dataclass
class Group:
    """Rows under one heading (a lead unit), with the id to link or filter by."""

    title: str
    rows: list[dict[str, Any]]
    unit_id: Optional[int] = None
    #: How many rows the whole group has (the page may show fewer).
    count: int = 0
    #: Its place among all the groups (1 = I), also on a page that starts further down.
    ordinal: int = 1


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
    groups: list[Group]
    #: (label, count, unit_id) per unit, shown on top and on the spreadsheet's summary sheet.
    summary: list[tuple[str, int, Optional[int]]] = field(default_factory=list)
    summary_label: str = "Đơn vị"
    summary_header: str = "Số nhiệm vụ"
    total: int = 0
    recipients: list[str] = field(default_factory=list)
    #: Name stem for downloads: "danh-sach-cham-qua-han-2023-10-20".
    file_stem: str = "bao-cao"

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


def place_date_line(report: Report) -> str:
    place = report.committee.place
    return f"{place}, {vn_long_date(report.issued_on)}" if place else vn_long_date(report.issued_on).capitalize()


def number_line(report: Report) -> str:
    """"Số      -BC/HU": the number is written in by the office when the document is registered."""
    code = report.committee.code
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
