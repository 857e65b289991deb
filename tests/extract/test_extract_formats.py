"""The formats notices arrive in: a text PDF (made here with WeasyPrint), .doc and .odt fixtures, a scanned PDF."""
import html
import io
import pathlib

import pytest

from tracker.demo import NOTICE_PATH
from tracker.extract import NoticeInputError, extract, read_upload

FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures"


def sample_pdf(columns: bool = False) -> bytes:
    import weasyprint

    lines = NOTICE_PATH.read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    style = "columns: 2; text-align: justify;" if columns else ""
    return weasyprint.HTML(string=f"<html><body style='font: 13pt serif; {style}'>{body}</body></html>").write_pdf()


def scanned_pdf() -> bytes:
    """A page that is only a picture, as a scanner makes it."""
    import base64

    import weasyprint

    png = base64.b64encode(weasyprint.HTML(string="<p>x</p>").write_png() if hasattr(weasyprint.HTML, "write_png")
                           else _tiny_png()).decode()
    return weasyprint.HTML(string=f"<img src='data:image/png;base64,{png}' style='width:15cm'>").write_pdf()


def _tiny_png() -> bytes:
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\x80" * 3 * 40 for _ in range(40))
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 40, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def proposal(text):
    return [(t.ref, t.deadline) for t in extract(text).tasks]


EXPECTED = proposal(NOTICE_PATH.read_text(encoding="utf-8"))


def test_text_pdf_gives_the_same_tasks_as_the_text():
    text = read_upload("thong-bao.pdf", sample_pdf())
    assert "Thường trực Huyện ủy" in text
    assert proposal(text) == EXPECTED


def test_two_column_pdf_is_read_column_by_column():
    text = read_upload("hai-cot.pdf", sample_pdf(columns=True))
    starts = [text.index(f"\n{ref} ") for ref in ["2.", "3.", "3.1.", "3.2.", "3.5.", "3.7.", "3.9.", "3.10."]]
    assert starts == sorted(starts)
    assert "\n3.4. Giao Ban Tổ chức Huyện ủy thực hiện tốt công tác tham mưu" in text  # a paragraph stays one line


@pytest.mark.parametrize("name", ["thong-bao-mau.doc", "thong-bao-mau.odt"])
def test_word_97_and_opendocument(name):
    text = read_upload(name, (FIXTURES / name).read_bytes())
    tasks = extract(text).tasks
    assert [(t.ref, t.deadline) for t in tasks][: len(EXPECTED)] == EXPECTED
    # the fixture's task table: its row stays one line, cells separated by tabs
    assert "Rà soát hồ sơ đảng viên\tBan Tổ chức Huyện ủy\tQuý IV/2023" in text


def test_scanned_pdf_says_so():
    with pytest.raises(NoticeInputError, match="không có lớp chữ"):
        read_upload("ban-quet.pdf", scanned_pdf())


@pytest.mark.parametrize("name, content, message", [
    ("hong.pdf", b"%PDF-1.4\n garbage", "PDF bị hỏng"),
    ("gia.pdf", b"PK\x03\x04 not a pdf", "không phải là tệp PDF"),
    ("hong.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Tệp .doc bị hỏng"),
    ("gia.doc", b"plain text pretending", "không phải là tệp Word 97-2003"),
    ("hong.odt", b"PK\x03\x04 broken zip", "Tệp .odt bị hỏng"),
])
def test_broken_files_are_refused_in_vietnamese(name, content, message):
    with pytest.raises(NoticeInputError, match=message):
        read_upload(name, content)


def test_odt_zip_bomb_is_bounded(monkeypatch):
    import zipfile

    from tracker.extract import formats

    monkeypatch.setattr(formats, "MAX_XML_BYTES", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", "<a>" + " " * 5_000_000 + "</a>")
    with pytest.raises(NoticeInputError, match="quá lớn"):
        read_upload("bom.odt", buffer.getvalue())


def test_a_reader_that_takes_too_long_is_stopped(monkeypatch):
    from tracker.extract import formats

    monkeypatch.setattr(formats, "TIMEOUT_SECONDS", 0.01)
    with pytest.raises(NoticeInputError, match="quá lâu"):
        read_upload("thong-bao.pdf", sample_pdf())
