"""Readers for the other formats notices arrive in: PDF with a text layer, Word 97–2003 (.doc) and OpenDocument
(.odt). Each returns plain text or raises NoticeInputError with a Vietnamese sentence.

Hostile files are bounded: the readers (pdfminer.six, antiword) run in a child process with a time limit and
an output cap, PDFs are read for at most MAX_PDF_PAGES pages, and an .odt's content.xml is read only up to
MAX_XML_BYTES (a zip bomb stops there).
"""
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from xml.etree import ElementTree

TIMEOUT_SECONDS = 20
MAX_PDF_PAGES = 60
MAX_OUTPUT_BYTES = 8 * 1024 * 1024
MAX_XML_BYTES = 32 * 1024 * 1024
_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCANNED_PDF = ("Tệp PDF này không có lớp chữ (có vẻ là bản quét, chỉ chứa hình ảnh) nên hệ thống không đọc được "
               "nội dung. Vui lòng tải lên bản PDF được xuất trực tiếp từ Word, tệp .docx/.doc/.odt, hoặc dán nội "
               "dung văn bản vào ô nhập.")


def _error(message: str):
    from tracker.extract.sources import NoticeInputError  # sources imports this module for its dispatch
    return NoticeInputError(message)


def read_pdf(data: bytes) -> str:
    """Text of a PDF in reading order. pdfminer.six's layout analysis finds the text blocks and orders them
    column by column; each block's wrapped lines are joined back into paragraphs. It runs in a child process
    so that a hostile file is stopped by the time limit."""
    if not data.startswith(b"%PDF-"):
        raise _error("Tệp không phải là tệp PDF hợp lệ.")
    text = _run([sys.executable, "-c", _CHILD, "{path}"], data, ".pdf",
                "Tệp PDF bị hỏng, có mật khẩu hoặc không đọc được.")
    if len(re.findall(r"[^\W\d_]", text)) < 20:
        raise _error(SCANNED_PDF)
    return text


_CHILD = "import sys; from tracker.extract.formats import pdf_paragraphs as p; sys.stdout.write(p(sys.argv[1]))"


def pdf_paragraphs(path: str) -> str:
    """The child process's work: each text block of each page (at most MAX_PDF_PAGES), in pdfminer's order."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextBox

    out: list[str] = []
    previous_full = False  # carried across blocks, so a paragraph that goes on over a page break stays one
    for page in extract_pages(path, laparams=LAParams(), maxpages=MAX_PDF_PAGES):
        for block in page:
            if isinstance(block, LTTextBox):
                previous_full = _block_lines(block, out, previous_full)
    return "\n".join(out)


def _block_lines(block, paragraphs: list[str], previous_full: bool) -> bool:
    """Add a block's lines as paragraphs: a line continues the previous one unless that one stopped short
    of the block's right edge or this one starts a new item ("3.4.", "a)", "-"). A block continues the
    previous block (a paragraph going on over a page or column break) only if it starts in lower case."""
    lines = [line for line in block if line.get_text().strip()]
    for n, line in enumerate(lines):
        text = " ".join(line.get_text().split())
        joins = previous_full and not _starts_item(text) and (n > 0 or text[:1].islower())
        if paragraphs and joins:
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
        previous_full = line.x1 >= block.x1 - 0.12 * block.width
    return previous_full and len(lines) > 1  # a one-line block is as wide as itself: no sign of wrapping


def _starts_item(line: str) -> bool:
    return bool(re.match(r"(\d+(\.\d+)*[.)]|[a-zđ]\)|[-–+•*]|[IVX]+\.)\s", line))


def read_doc(data: bytes) -> str:
    """Text of a Word 97–2003 file, through antiword (UTF-8 output, no page width wrapping)."""
    if not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _error("Tệp .doc không phải là tệp Word 97-2003 hợp lệ.")
    text = _run(["antiword", "-m", "UTF-8.txt", "-w", "0", "{path}"], data, ".doc",
                "Tệp .doc bị hỏng, có mật khẩu hoặc không phải là tệp Word 97-2003 hợp lệ.")
    # antiword draws tables as |cell|cell|; a row of cells becomes a tab-separated line
    lines = []
    for line in text.split("\n"):
        if line.startswith("|") and line.rstrip().endswith("|"):
            line = "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        lines.append(line)
    return "\n".join(lines)


def _run(command: list[str], data: bytes, suffix: str, broken: str) -> str:
    with tempfile.TemporaryDirectory(prefix="notice-") as folder:
        path = os.path.join(folder, f"upload{suffix}")
        with open(path, "wb") as out:
            out.write(data)
        try:
            done = subprocess.run([part.replace("{path}", path) for part in command], capture_output=True,
                                  timeout=TIMEOUT_SECONDS, cwd=folder, env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": _PACKAGE_ROOT,
                                                                             "LANG": "C.UTF-8"})
        except FileNotFoundError:
            raise _error(f"Máy chủ chưa cài đặt chương trình đọc tệp {suffix} ({command[0]}).") from None
        except subprocess.TimeoutExpired:
            raise _error(f"Đọc tệp {suffix} quá lâu (quá {TIMEOUT_SECONDS} giây); tệp có thể bị hỏng.") from None
    if done.returncode != 0:
        raise _error(broken)
    return done.stdout[:MAX_OUTPUT_BYTES].decode("utf-8", errors="replace")


_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def read_odt(data: bytes) -> str:
    """Text of an OpenDocument text file: paragraphs, headings, list items and table rows in document order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            with archive.open("content.xml") as part:
                xml = part.read(MAX_XML_BYTES + 1)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        raise _error("Tệp .odt bị hỏng hoặc không phải là tệp OpenDocument hợp lệ.") from None
    if len(xml) > MAX_XML_BYTES:
        raise _error("Nội dung tệp .odt quá lớn.")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise _error("Tệp .odt bị hỏng hoặc không phải là tệp OpenDocument hợp lệ.") from None
    lines: list[str] = []
    body = root.find("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}body")
    _odt_walk(body if body is not None else root, lines)
    return "\n".join(lines)


def _odt_walk(element, lines: list) -> None:
    for child in element:
        tag = child.tag
        if tag in (f"{{{_TEXT_NS}}}p", f"{{{_TEXT_NS}}}h"):
            lines.append(_odt_text(child))
        elif tag == f"{{{_TABLE_NS}}}table-row":
            cells = []
            for cell in child.iter(f"{{{_TABLE_NS}}}table-cell"):
                parts: list[str] = []
                _odt_walk(cell, parts)
                cells.append(" ".join(" ".join(p.split()) for p in parts if p.strip()))
            lines.append("\t".join(cells))
        else:
            _odt_walk(child, lines)


def _odt_text(element) -> str:
    out = [element.text or ""]
    for child in element:
        local = child.tag.rsplit("}", 1)[-1]
        if local == "s":
            out.append(" " * int(child.get(f"{{{_TEXT_NS}}}c", "1")))
        elif local == "tab":
            out.append("\t")
        elif local == "line-break":
            out.append("\n")
        elif local not in ("note", "annotation"):
            out.append(_odt_text(child))
        out.append(child.tail or "")
    return "".join(out)
