"""A task table kept in Excel goes through the notice review screen: one task per row, units matched against
the directory, deadlines read from date cells and from phrases."""
import io
from datetime import date

import openpyxl
import pytest

from tracker.extract import NoticeInputError, read_upload
from tracker.extract.xlsx import xlsx_text


def task_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["BẢNG THEO DÕI NHIỆM VỤ THÁNG 9/2023"])
    sheet.append(["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"])
    sheet.append([1, "Rà soát, cập nhật danh sách hộ nghèo, hộ cận nghèo", "Ủy ban nhân dân huyện",
                  "Ủy ban Mặt trận Tổ quốc Việt Nam huyện", date(2023, 10, 15)])
    sheet.append([2, "Tổ chức hội nghị sơ kết công tác dân vận", "Ban Dân vận Huyện ủy", None, "Quý IV/2023"])
    sheet.append([3, "Tuyên truyền phòng chống dịch bệnh trên đàn vật nuôi", "UBND huyện", None, "Thường xuyên"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_rows_become_tab_separated_lines_with_dates_written_out():
    text = xlsx_text(task_workbook())
    lines = text.splitlines()
    assert lines[0] == "BẢNG THEO DÕI NHIỆM VỤ THÁNG 9/2023"
    assert lines[1] == "STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn"
    assert lines[2].endswith("\t15/10/2023") and lines[2].startswith("1\tRà soát")


def test_a_damaged_workbook_is_refused_in_vietnamese():
    with pytest.raises(NoticeInputError, match="Excel"):
        read_upload("bang.xlsx", b"PK\x03\x04 not really")


def test_an_excel_task_table_goes_through_the_review_screen(office, district, frozen_clock):
    frozen_clock(date(2023, 9, 20))
    review = office.post("/imports/new", {"text": "", "file": (io.BytesIO(task_workbook()), "theo-doi.xlsx")},
                         page="/imports/new", content_type="multipart/form-data")
    html = review.get_data(as_text=True)
    assert review.status_code == 200 and html.count('class="task-card') == 3
    assert "15/10/2023" in html and "31/12/2023" in html
    ubnd = district["Ủy ban nhân dân huyện"].id
    assert f'<option selected value="{ubnd}">' in html or f'value="{ubnd}" selected' in html
