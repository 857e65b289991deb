"""read_upload: .docx and .txt in the encodings offices use, and clear refusals in Vietnamese."""
import io
import json
import unicodedata

import docx
import pytest

from tracker.extract import NoticeInputError, extract, read_upload, require_tasks
from tracker.extract.__main__ import main as cli_main

NOTICE = ("Thường trực Huyện ủy yêu cầu Ủy ban nhân dân huyện chỉ đạo các xã khẩn trương thu hoạch lúa hè thu, "
          "hoàn thành trước ngày 15/9/2023.")


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(s: str) -> bytes:
    """Windows-1258 keeps ă, â, ê, ô, ơ, ư, đ whole and writes the five tones as combining marks."""
    out = []
    for c in s:
        d = unicodedata.normalize("NFD", c)
        tones = "".join(x for x in d if x in TONES)
        out.append(unicodedata.normalize("NFC", "".join(x for x in d if x not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def make_docx() -> bytes:
    d = docx.Document()
    header = d.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "HUYỆN ỦY TRÀ CÚ"
    header.cell(0, 0).add_paragraph("Số 123-TB/HU")
    header.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    header.cell(0, 1).add_paragraph("Trà Cú, ngày 05 tháng 9 năm 2023")
    d.add_paragraph("THÔNG BÁO")
    d.add_paragraph("Thường trực Huyện ủy yêu cầu các cơ quan thực hiện tốt các nhiệm vụ sau:")
    d.add_paragraph("1. Giao Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ, hoàn thành trong tháng 9/2023.")
    table = d.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "2. Công an huyện bảo đảm an ninh trật tự dịp Quốc khánh."
    d.add_paragraph("Nơi nhận:")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_tables_in_document_order():
    text = read_upload("thong-bao.docx", make_docx())
    lines = [x for x in text.split("\n") if x.strip()]
    assert lines[:4] == ["HUYỆN ỦY TRÀ CÚ", "Số 123-TB/HU", "ĐẢNG CỘNG SẢN VIỆT NAM", "Trà Cú, ngày 05 tháng 9 năm 2023"]
    assert lines.index("THÔNG BÁO") < lines.index("2. Công an huyện bảo đảm an ninh trật tự dịp Quốc khánh.") \
        < lines.index("Nơi nhận:")
    result = extract(text)
    assert result.directive.number == "123-TB/HU"
    assert [t.lead for t in result.tasks] == [["Ban Tổ chức Huyện ủy"], ["Công an huyện"]]


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-8"),
    lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
    lambda s: s.encode("utf-16"),                                              # with BOM
    lambda s: s.encode("utf-16-be").join([b"\xfe\xff", b""]),
    cp1258,
])
def test_txt_encodings(encode):
    text = read_upload("THONG-BAO.TXT", encode(NOTICE))
    assert text == NOTICE
    assert extract(text).tasks[0].lead == ["Ủy ban nhân dân huyện"]


@pytest.mark.parametrize("name, data, words", [
    ("thong-bao.pdf", b"%PDF-1.4", "PDF bị hỏng"),
    ("thong-bao.ppt", b"\xd0\xcf\x11\xe0", "chỉ nhận"),
    ("thong-bao", b"abc", "chỉ nhận"),
    ("thong-bao.doc", b"\xd0\xcf\x11\xe0", "Word 97-2003"),
    ("thong-bao.txt", b"", "rỗng"),
    ("thong-bao.txt", b"   \n\t  ", "không có nội dung"),
    ("thong-bao.txt", bytes(range(256)) * 4, "không"),
    ("thong-bao.docx", b"PK\x03\x04 not really a zip", "hỏng"),
    ("thong-bao.txt", "Thông báo".encode("utf-16-le") * 10, "UTF-16"),
])
def test_refusals_say_why_in_vietnamese(name, data, words):
    with pytest.raises(NoticeInputError) as err:
        read_upload(name, data)
    assert words.lower() in err.value.message.lower()
    assert str(err.value) == err.value.message


def test_size_limit_is_a_parameter():
    data = NOTICE.encode("utf-8")
    assert read_upload("a.txt", data, max_bytes=len(data)) == NOTICE
    with pytest.raises(NoticeInputError) as err:
        read_upload("a.txt", data, max_bytes=len(data) - 1)
    assert "quá lớn" in err.value.message


def test_require_tasks():
    require_tasks(extract(NOTICE))
    with pytest.raises(NoticeInputError) as err:
        require_tasks(extract("Hội nghị đã thông qua báo cáo. Thu ngân sách đạt 82% dự toán."))
    assert "Không tìm thấy nhiệm vụ" in err.value.message


def test_cli_prints_the_json(tmp_path, capsys):
    path = tmp_path / "tb.txt"
    path.write_text(NOTICE, encoding="utf-8")
    assert cli_main([str(path), "--json", "--today", "2023-09-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tasks"][0]["deadline"] == "2023-09-14"
    assert data["tasks"][0]["lead"] == ["Ủy ban nhân dân huyện"]


def test_cli_refuses_with_the_message(tmp_path, capsys):
    path = tmp_path / "tb.ppt"
    path.write_bytes(b"%PDF")
    assert cli_main([str(path)]) == 2
    assert "Chỉ nhận" in capsys.readouterr().err


def test_cli_reads_a_unit_directory(tmp_path, capsys):
    notice = tmp_path / "tb.docx"
    notice.write_bytes(make_docx())
    units = tmp_path / "units.json"
    units.write_text(json.dumps([{"id": 7, "name": "Ban Tổ chức Huyện ủy", "short_name": "BTCHU",
                                  "kind": "party_board"}], ensure_ascii=False), encoding="utf-8")
    assert cli_main([str(notice), "--json", "--units", str(units)]) == 0
    assert json.loads(capsys.readouterr().out)["tasks"][0]["lead_ids"] == [7]


def test_docx_automatic_numbering_becomes_labels():
    d = docx.Document()
    d.add_paragraph("Thường trực Huyện ủy yêu cầu các cơ quan thực hiện tốt các nhiệm vụ sau:")
    d.add_paragraph("Giao Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ.", style="List Number")
    d.add_paragraph("Ủy ban nhân dân huyện tập trung thực hiện một số nội dung:", style="List Number")
    d.add_paragraph("Đẩy nhanh giải ngân vốn đầu tư công.", style="List Bullet")
    d.add_paragraph("Chỉ đạo thu hoạch lúa hè thu.", style="List Bullet")
    d.add_paragraph("Công an huyện bảo đảm an ninh trật tự.", style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    text = read_upload("tb.docx", buf.getvalue())
    assert "\n2. Ủy ban nhân dân huyện" in text and "\n- Chỉ đạo thu hoạch" in text
    tasks = extract(text).tasks
    assert [(t.ref, t.lead) for t in tasks] == [
        ("1", ["Ban Tổ chức Huyện ủy"]), ("2 -1", ["Ủy ban nhân dân huyện"]), ("2 -2", ["Ủy ban nhân dân huyện"]),
        ("3", ["Công an huyện"])]
