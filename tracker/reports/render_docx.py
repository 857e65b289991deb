"""A report as a Word document in the Party's style (Hướng dẫn 36-HD/VPTW, 2018), or in the State's
(Nghị định 30/2020/NĐ-CP) for People's Committees (setting DOCUMENT_STYLE).

A4 (landscape for a wide list, portrait for a narrative report), margins top/bottom 20 mm, left 30 mm, right
15 mm; Times New Roman 14 for the text and 13 in the tables. Header (`data.header_lines`): the committee (and
the one above it) top left over "*" and "Số …-BC/…", "ĐẢNG CỘNG SẢN VIỆT NAM" and the italic place-and-date
line top right; or the national motto for the State's style. Then the title in bold capitals, the people's
introduction, the tables, their assessment, "Nơi nhận" and the signature. Page numbers from page 2, top centre.
"""
import io
import re
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell
from docx.shared import Cm, Mm, Pt
from lxml import etree

from tracker.numbers import vn_number
from tracker.reports.data import Report, StatsTable, cell_text, header_lines, roman

FONT = "Times New Roman"
BODY, TABLE = 14, 13
#: A bold Times letter at the table's size is at most about 0.7 em wide; Word pads each cell 0.19 cm a side.
BOLD_CHAR_CM, CELL_PADDING_CM = 0.7 * TABLE * 2.54 / 72, 0.45
#: "dd/mm/yyyy" in Times at the table's size (digits are half an em wide): a date cell never breaks in two.
DATE_CM = 10 * 0.5 * TABLE * 2.54 / 72
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
LANDSCAPE_WIDTH_CM = 29.7 - 3.0 - 1.5
PORTRAIT_WIDTH_CM = 21.0 - 3.0 - 1.5
#: Paragraph styles (and their ids) of the table text.
LEFT, CENTRE = "TableText", "TableCentre"


def _font(run, size=BODY, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold, run.font.italic, run.font.underline = bold, italic, underline
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    fonts.set(qn("w:cs"), FONT)


def _para(container, text="", size=BODY, bold=False, italic=False, underline=False, align="center",
          before=0, after=0, first=False):
    """A paragraph in a document or a table cell (`first`: reuse the cell's empty first paragraph)."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        _font(paragraph.add_run(text), size, bold, italic, underline)
    return paragraph


def _cell(cell, text, style_id, bold=False):
    """Text in a table cell through its paragraph style (Times New Roman 13). The style is set by id: python-docx's
    `paragraph.style = …` searches every style of the document each time."""
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style_id
    if text:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True


def _content_width(report: Report) -> float:
    return LANDSCAPE_WIDTH_CM if report.landscape else PORTRAIT_WIDTH_CM


def _setup(document, report: Report):
    section = document.sections[0]
    if report.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    fonts.set(qn("w:cs"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    # Table text by paragraph style, not by run: thousands of cells are written ten times faster.
    for name, align in ((LEFT, WD_ALIGN_PARAGRAPH.LEFT), (CENTRE, WD_ALIGN_PARAGRAPH.CENTER)):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.name, style.font.size = FONT, Pt(TABLE)
        style.paragraph_format.alignment = align
        style.paragraph_format.space_after = Pt(0)
    # Page number from the second page on, top centre.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _widths(table, widths_cm):
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    widths = [Cm(w) for w in widths_cm]
    for tr in table._tbl.tr_lst:
        _row_widths(tr, widths)


def _row_widths(tr, widths):
    tcs = tr.tc_lst
    if len(tcs) == len(widths):
        for tc, width in zip(tcs, widths):
            tc.width = width
    else:  # a heading across the table
        tcs[0].width = sum(widths, Cm(0))


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    tr_pr.append(mark)


def _header(document, report: Report):
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, header_lines(report)):
        for i, (text, look) in enumerate(lines):
            _para(cell, text, TABLE if look == "" and text.startswith("Số") else BODY, bold="b" in look,
                  italic="i" in look, underline="u" in look, first=i == 0)
    left_cm = 10.0 if report.landscape else 7.0
    _widths(table, [left_cm, _content_width(report) - left_cm])


def _title(document, report: Report):
    _para(document, report.title, bold=True, before=18)
    if report.heading:
        _para(document, report.heading, bold=True)
    for line in report.subtitle:
        meeting = line.startswith("Phục vụ")
        _para(document, line, BODY if meeting or line.startswith("(") else TABLE, bold=meeting, italic=not meeting)
    _para(document, "-----", after=6)


def _text(document, lines: list[str]):
    """People's paragraphs: justified, first line indented, as in a typed report."""
    for line in lines:
        paragraph = _para(document, line, align="justify", after=6)
        paragraph.paragraph_format.first_line_indent = Cm(1.27)


def _section_title(document, text: str):
    if text:
        _para(document, text, bold=True, align="left", before=6, after=6)


def _stats(document, report: Report, stats: StatsTable):
    _section_title(document, report.stats_title)
    ncols = len(stats.headers)
    table = document.add_table(rows=1, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, stats.headers):
        _cell(cell, text, CENTRE, bold=True)
    _repeat_header(table.rows[0])
    for kind, cells in stats.rows:
        if kind == "group":
            _cell(_spanning_row(table, ncols), str(cells[0]), LEFT, bold=True)
            continue
        for i, (cell, value) in enumerate(zip(table.add_row().cells, cells)):
            _cell(cell, "" if value is None else str(value), LEFT if i in stats.left else CENTRE, bold=kind != "row")
    _widths(table, stats.widths_cm)
    _para(document, "", after=6)


def _summary(document, report: Report):
    if report.stats is not None:
        return
    if report.kind == "overdue":
        _para(document, f"Tổng số: {vn_number(report.total)} nhiệm vụ chậm, quá hạn của {len(report.summary)} đơn vị.",
              align="left", after=6)
    rows = [(label, n) for label, n, _ in report.summary if n or report.kind != "overdue"]
    if not rows:
        return
    left, centre = LEFT, CENTRE
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ["TT", report.summary_label, report.summary_header]):
        _cell(cell, text, centre, bold=True)
    _repeat_header(table.rows[0])
    for i, (label, n) in enumerate(rows, start=1):
        cells = table.add_row().cells
        _cell(cells[0], str(i), centre)
        _cell(cells[1], label, left)
        _cell(cells[2], vn_number(n), centre)
    cells = table.add_row().cells
    _cell(cells[1], "Tổng cộng", left, bold=True)
    _cell(cells[2], vn_number(report.total), centre, bold=True)
    _widths(table, [1.2, 12.0, 5.0])
    _para(document, "", after=6)


def _list(document, report: Report) -> "_ListRows":
    """The list's table with its header; its rows are written later, streamed (see write_docx)."""
    _section_title(document, report.list_title)
    columns = report.columns_for("paper")
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, columns):
        _cell(cell, column.header, CENTRE, bold=True)
    _repeat_header(table.rows[0])
    widths = fitted_widths(columns)
    _widths(table, widths)
    table._tbl.append(etree.Comment(ROWS_MARK))
    return _ListRows(report, table, columns, widths)


#: Where the list's rows go in word/document.xml, written there one by one when the file is saved.
ROWS_MARK = "tracker-list-rows"
_NAMESPACES = re.compile(r' xmlns:\w+="[^"]*"')


class _ListRows:
    """The list's rows as XML, made one at a time in the table (by the same python-docx calls as any table) and
    taken out again once written: the document never holds more than one row of the list."""

    def __init__(self, report: Report, table, columns, widths_cm):
        self.report, self.table, self.columns, self.widths = report, table, columns, [Cm(w) for w in widths_cm]
        self.styles = [CENTRE if c.align == "center" else LEFT for c in columns]

    def _out(self, tr) -> bytes:
        _row_widths(tr, self.widths)
        xml = etree.tostring(tr, encoding="unicode")
        self.table._tbl.remove(tr)
        head, _, rest = xml.partition(">")  # the namespaces are the document's own
        return (_NAMESPACES.sub("", head) + ">" + rest).encode("utf-8")

    def __iter__(self):
        n = len(self.columns)
        written = 0
        for group in self.report.groups:
            if group.title:
                cell = _spanning_row(self.table, n)
                _cell(cell, f"{roman(group.ordinal)}. {group.title} ({group.count})", LEFT, bold=True)
                yield self._out(cell._tc.getparent())
            for row in group.rows:
                cells = self.table.add_row().cells
                for cell, column, style in zip(cells, self.columns, self.styles):
                    _cell(cell, cell_text(column, row.get(column.key)), style)
                yield self._out(cells[0]._tc.getparent())
                written += 1
        if not written:
            cell = _spanning_row(self.table, n)
            _cell(cell, "Không có nhiệm vụ nào.", CENTRE)
            yield self._out(cell._tc.getparent())


def fitted_widths(columns) -> list[float]:
    """The columns' widths (cm), each widened to hold its header's longest word on one line (bold, table size)
    (and a date column a whole dd/mm/yyyy), the widest column narrowed by as much, so the table keeps its width:
    "Mục" never breaks as "Mụ/c", nor a deadline as 14/11/202/6."""
    wanted = [c.width_cm for c in columns]
    needed = [max(max(len(word) for word in c.header.split()) * BOLD_CHAR_CM,
                  DATE_CM if c.kind == "date" else 0) + CELL_PADDING_CM for c in columns]
    widths = [max(w, n) for w, n in zip(wanted, needed)]
    widest = widths.index(max(widths))
    widths[widest] -= sum(widths) - sum(wanted)
    return widths


def _spanning_row(table, ncols):
    """A row of one cell across the table (a group's heading)."""
    tc = table._tbl.add_tr().add_tc()
    tc.grid_span = ncols
    return _Cell(tc, table)


def _signature(document, report: Report):
    _para(document, "", after=6)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _para(left, "Nơi nhận:", BODY, bold=True, italic=True, underline=True, align="left", first=True)
    for i, who in enumerate(report.recipients):
        end = "." if i == len(report.recipients) - 1 else ","
        _para(left, f"- {who}{end}", TABLE, align="left")
    for i, line in enumerate(report.committee.signer_title.upper().split("\n")):
        _para(right, line.strip(), bold=True, first=i == 0)
    for _ in range(4):
        _para(right, "")
    _para(right, report.committee.signer, bold=True)
    left_cm = 12.0 if report.landscape else 8.5
    _widths(table, [left_cm, _content_width(report) - left_cm])


def write_docx(report: Report, out) -> None:
    """Write the report as DOCX to a binary file. The document is made without the list's rows and saved; then
    its parts are copied into `out`, the list's rows streamed into word/document.xml where the mark stands, so
    memory stays flat however long the list."""
    document = Document()
    _setup(document, report)
    document.core_properties.title = f"{report.title} {report.heading}".strip()
    document.core_properties.author = report.committee.name
    _header(document, report)
    _title(document, report)
    _text(document, report.intro)
    if report.stats is not None and not report.stats_after_list:
        _stats(document, report, report.stats)
    _summary(document, report)
    rows = _list(document, report)
    if report.stats is not None and report.stats_after_list:
        _stats(document, report, report.stats)
    if report.assessment:
        _section_title(document, report.assessment_title)
        _text(document, report.assessment)
    _signature(document, report)
    skeleton = io.BytesIO()
    document.save(skeleton)
    mark = f"<!--{ROWS_MARK}-->".encode()
    with zipfile.ZipFile(skeleton) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename != "word/document.xml":
                zout.writestr(item, data)
                continue
            head, tail = data.split(mark)
            info = zipfile.ZipInfo(item.filename, date_time=item.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(info, "w") as part:
                part.write(head)
                for xml in rows:
                    part.write(xml)
                part.write(tail)


def render_docx(report: Report) -> bytes:
    """The report as DOCX bytes."""
    out = io.BytesIO()
    write_docx(report, out)
    return out.getvalue()
