"""Hostile inputs stay cheap: every parser is linear and bounded (issue #15).

Each case builds its pathological input here and must finish well inside a generous bound, or be refused with
a NoticeInputError whose message is Vietnamese for the person who uploaded it.
"""
import io
import time
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from tracker.extract import NoticeInputError, extract, read_upload
from tracker.extract import sources

BOUND = 5.0  # seconds (a loaded CI machine); the inputs below took 16 s to minutes before the fix, now well under 1 s


def timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


@pytest.mark.parametrize("text", [
    "\n" * 40000,                       # blank lines: a table-header regex ran \s* across them
    " \n" * 20000,
    "STT\n" * 10000,                    # header-like cells with no table: each line started a new header scan
    "Nội dung\n" * 5000,
    "STT\tNội dung\tChủ trì\n" * 3000,
    "Giao UBND huyện, " * 1500 + "\n" + "1.\n" * 3000,
], ids=["blank-lines", "space-lines", "stt-lines", "noi-dung-lines", "tab-headers", "units-and-numbers"])
def test_pasted_pathological_text_is_linear(text):
    result, seconds = timed(extract, text)
    assert seconds < BOUND
    assert result.tasks is not None


def numbered_docx(start: int, fmt: str = "upperRoman", items: int = 3) -> bytes:
    """A .docx whose "List Number" list claims to start at `start`."""
    d = docx.Document()
    for n in range(items):
        d.add_paragraph(f"Giao Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ {n}.", style="List Number")
    numbering = d.part.numbering_part.element
    style = d.styles["List Number"].element
    num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    lvl = abstract.find(qn("w:lvl"))
    lvl.find(qn("w:numFmt")).set(qn("w:val"), fmt)
    lvl.find(qn("w:start")).set(qn("w:val"), str(start))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_list_numbering_is_read_normally():
    text = read_upload("a.docx", numbered_docx(4))
    assert [x.split()[0] for x in text.split("\n") if x.strip()] == ["IV.", "V.", "VI."]


@pytest.mark.parametrize("start", [10 ** 9, 10 ** 10, 10 ** 30])
def test_huge_list_start_is_bounded(start):
    text, seconds = timed(read_upload, "a.docx", numbered_docx(start))
    assert seconds < BOUND
    assert "Giao Ban Tổ chức Huyện ủy" in text
    assert max(len(x.split()[0]) for x in text.split("\n") if x.strip()) < 12


def zip_bomb(unpacked: int) -> bytes:
    """A real .docx whose word/document.xml is padded with `unpacked` bytes of spaces (deflates ~1000:1)."""
    plain = io.BytesIO()
    docx.Document().save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>", 1)
                data = head + b"<w:body>" + b" " * unpacked + tail
            dst.writestr(info.filename, data, compresslevel=1)
    return out.getvalue()


def test_zip_bomb_is_refused_quickly():
    data = zip_bomb(sources.MAX_DOCX_UNPACKED + 1024 * 1024)
    assert len(data) < sources.DEFAULT_MAX_BYTES
    start = time.perf_counter()
    with pytest.raises(NoticeInputError) as err:
        read_upload("bomb.docx", data)
    assert time.perf_counter() - start < BOUND
    assert "quá lớn khi giải nén" in err.value.message


def test_too_many_paragraphs_is_refused():
    d = docx.Document()
    body = d.element.body
    for _ in range(sources.MAX_DOCX_PARAGRAPHS + 1):
        body.append(body.makeelement(qn("w:p"), {}))
    buf = io.BytesIO()
    d.save(buf)
    with pytest.raises(NoticeInputError) as err:
        read_upload("dai.docx", buf.getvalue())
    assert "quá nhiều đoạn văn" in err.value.message
