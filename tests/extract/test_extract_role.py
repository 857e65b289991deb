"""Sentence roles (role.py), the notice's year (reference.py) and the reviewer's evidence and flags."""
from datetime import date

import pytest

from tracker.extract import extract
from tracker.extract.model import FLAG_LABELS
from tracker.extract.role import Role, reads_as_report, sentence_role
from tracker.extract.text import fold

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize("sentence, role", [
    ("Yêu cầu gửi báo cáo về UBND tỉnh trước ngày 23/5/2019.", Role.SETS_DEADLINE),
    ("Thời gian hoàn thành việc quán triệt, chậm nhất ngày 14/5/2021 và báo cáo kết quả về Ban Tuyên giáo.",
     Role.SETS_DEADLINE),
    ("Báo cáo hoàn thành của các cơ quan, đơn vị gửi bằng văn bản về Ủy ban nhân dân tỉnh trước ngày 05/6/2017.",
     Role.SETS_DEADLINE),
    ("hoàn thành trước ngày 10/12/2023./.", Role.SETS_DEADLINE),
    ("UBND tỉnh vừa có quyết định công nhận 5 xã đạt chuẩn nông thôn mới nâng cao năm 2022.", Role.DECIDES),
    ("Ngày 16/4/2020, UBND tỉnh ban hành công văn số 1232/UBND-VP gửi các sở, ngành.", Role.DECIDES),
    ("BCH Đảng bộ đã thảo luận, bỏ phiếu và biểu quyết thông qua Nghị quyết về số lượng đại biểu.", Role.DECIDES),
    ("Căn cứ Luật Xây dựng ngày 26/11/2003;", Role.DESCRIBES),
    ("Toàn cảnh hội nghị.", Role.DESCRIBES),
    ("Đồng chí Hoàng Văn Hiệp – Phó bí thư, Chủ tịch UBND huyện chủ trì hội nghị.", Role.DESCRIBES),
    ("Chiều 31/10/2025, tại Nhà văn hóa xã, Ban Thường vụ Đảng ủy xã tổ chức Hội nghị giao ban Bí thư các chi bộ.",
     Role.DESCRIBES),
    ("Thường trực HĐND đã khảo sát đánh giá tình hình triển khai kế hoạch năm học tại 06 trường học.", Role.REPORTS),
    ("Từ ngày 1.1 đến ngày 6.7, UBND tỉnh giao 833 nhiệm vụ cho các sở, ban, ngành, địa phương.", Role.REPORTS),
    ("Giao Sở Tài chính chủ trì, phối hợp Sở Xây dựng tham mưu UBND tỉnh trước ngày 30/6/2025.", Role.ORDERS),
    ("Căn cứ quy chế làm việc, Văn phòng UBND tỉnh đề nghị Sở Tài nguyên và Môi trường khẩn trương trình nội dung.",
     Role.ORDERS),
])
def test_sentence_roles(sentence, role):
    assert sentence_role(fold(sentence)) is role


@pytest.mark.parametrize("sentence, report", [
    ("Nổi bật, đã chỉ đạo UBND xã và các ngành trả lời ý kiến cử tri.", True),
    ("Đồng chí Chủ tịch UBND xã đã thống nhất, chỉ đạo các chuyên môn chủ động thực hiện tốt các nội dung như:", False),
    ("UBND các huyện có trách nhiệm duy trì các tiêu chí đã đạt chuẩn.", False),
    ("Để chấn chỉnh tình trạng chưa nghiêm túc, Chủ tịch UBND tỉnh yêu cầu các sở khẩn trương rà soát.", False),
])
def test_report_before_any_order_word(sentence, report):
    assert reads_as_report(fold(sentence)) is report


def test_year_of_a_news_item_without_year_comes_from_its_other_dates():
    text = ("UBND huyện tổ chức hội nghị thường kỳ tháng 4.\n\nSáng ngày 26/4, đồng chí Chủ tịch UBND huyện chủ trì "
            "hội nghị.\n\nTrong tháng 4/2021, UBND huyện đã tập trung chỉ đạo công tác phòng trừ sâu bệnh.\n\n"
            "Kết luận hội nghị, đồng chí Chủ tịch UBND huyện yêu cầu các phòng ngành tập trung thực hiện các nhiệm vụ "
            "trong tháng 5, làm tốt công tác phòng chống dịch bệnh trên đàn gia súc.")
    result = extract(text, today=TODAY)
    assert (result.directive.year, result.directive.year_source) == (2021, "dates in the text")
    assert result.directive.meeting_date == date(2021, 4, 26)
    task = result.tasks[0]
    assert task.deadline == date(2021, 5, 31) and task.lead == ["các phòng ngành"]
    assert task.evidence["year"] == "2021 (dates in the text)" and "year_assumed" not in task.flags


def test_a_page_date_long_after_the_text_is_the_day_the_page_was_served():
    text = ("Ủy ban nhân dân tỉnh\nThứ năm 27/1/2022\nTổ chức trực nghỉ lễ\n\nVăn phòng UBND tỉnh đề nghị các sở, ban, "
            "ngành tỉnh lập danh sách lãnh đạo trực nghỉ lễ, gửi Văn phòng UBND tỉnh trước ngày 16/4/2016.")
    result = extract(text, today=TODAY)
    assert result.directive.year == 2016
    assert result.tasks[0].deadline == date(2016, 4, 15)


def test_deadline_in_the_next_sentence_joins_the_task_and_is_not_a_task():
    text = ("Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp các đơn vị liên quan tham mưu UBND tỉnh phương án xử lý. "
            "Yêu cầu gửi báo cáo về UBND tỉnh trước ngày 23/5/2019.\n\n(Theo Công văn số 100/UBND-KT, ngày 10/5/2019)")
    tasks = extract(text, today=TODAY).tasks
    assert len(tasks) == 1
    assert tasks[0].deadline == date(2019, 5, 22) and tasks[0].lead == ["Sở Kế hoạch và Đầu tư"]
    assert "Yêu cầu gửi báo cáo" in tasks[0].text


def test_flags_and_evidence_for_the_reviewer():
    text = ("UBND tỉnh có ý kiến như sau:\nGiao Sở Nông nghiệp và Phát triển nông thôn chủ trì nghiên cứu, tham mưu UBND "
            "tỉnh giải quyết theo quy định; hoàn thành trước ngày 21/11/2022.\n(Theo Công văn số 6012/UBND-KT, "
            "ngày 14/11/2023)")
    task = extract(text, today=TODAY).tasks[0]
    assert task.deadline == date(2022, 11, 20)           # kept as written …
    assert "doubtful_year" in task.flags                 # … and shown as doubtful
    assert task.evidence["deadline"] == "hoàn thành trước ngày 21/11/2022"
    assert task.evidence["lead"] == ["Sở Nông nghiệp và Phát triển nông thôn"]
    assert task.flag_labels == [FLAG_LABELS[f] for f in task.flags]
    loose = extract("Tiếp tục đẩy mạnh cải cách hành chính, chấn chỉnh kỷ cương.", today=TODAY).tasks
    assert loose and {"no_lead", "no_deadline", "year_assumed"} <= set(loose[0].flags)
    assert loose[0].evidence["deadline"] == "không tìm thấy"


def test_every_flag_has_a_vietnamese_label():
    assert set(FLAG_LABELS) == {"no_lead", "deadline_from_period", "no_deadline", "doubtful_year", "year_assumed",
                                "maybe_narrative"}
    assert all(label and not label.isascii() for label in FLAG_LABELS.values())


def test_ordinal_enumeration_in_prose_gives_one_task_each():
    text = ("Kết luận hội nghị, đồng chí Bí thư Huyện ủy yêu cầu: Thứ nhất, Ủy ban nhân dân huyện tập trung chỉ đạo thu "
            "hoạch lúa hè thu trong tháng 9; Thứ hai, Ban Tổ chức Huyện ủy rà soát quy hoạch cán bộ; Thứ ba, các xã, "
            "thị trấn đẩy mạnh phòng chống dịch bệnh.")
    tasks = extract(text, today=date(2023, 8, 20)).tasks
    assert [t.lead for t in tasks] == [["Ủy ban nhân dân huyện"], ["Ban Tổ chức Huyện ủy"], ["các xã, thị trấn"]]
    assert tasks[0].deadline == date(2023, 9, 30) and tasks[0].text.startswith("Ủy ban nhân dân huyện")


def test_every_floating_cue_holds_one_of_its_roles_needles():
    from tracker.extract.role import _NEEDLES, CUES
    for role, needles in _NEEDLES.items():
        for pattern in CUES[role]:
            if not pattern.startswith("^"):
                plain = pattern.replace(r"\s+", " ").replace(r"\s", " ")
                assert any(n.strip() in plain for n in needles), (role, pattern)


def test_units_named_before_are_the_lead_of_a_back_reference():
    text = ("Ngày 16/4/2020, UBND tỉnh ban hành công văn số 1232/UBND-VP gửi các sở, ngành trực thuộc UBND tỉnh; UBND "
            "các huyện, thành phố, thị xã về việc tổ chức trực trong dịp nghỉ Lễ.\n\nChủ tịch UBND tỉnh yêu cầu: từ ngày "
            "30/4/2020 đến hết ngày 03/5/2020, các Đơn vị bố trí, phân công trực hợp lý.")
    task = extract(text, today=TODAY).tasks[-1]
    assert "các sở, ngành" in task.lead and task.evidence["lead_from"] == "units named before"
    assert task.deadline == date(2020, 5, 3)


def test_communes_listed_before_lead_a_duty_for_the_communes_above():
    text = ("Năm 2023, toàn huyện có 03 xã đạt chuẩn nông thôn mới nâng cao gồm xã Long Hiệp, xã Kim Sơn và xã Ngãi "
            "Xuyên. Yêu cầu các xã trên tiếp tục duy trì, nâng cao chất lượng các tiêu chí, hoàn thành trong quý IV/2023.")
    tasks = extract(text, today=date(2023, 9, 1)).tasks
    assert len(tasks) == 1
    assert tasks[0].lead == ["xã Long Hiệp", "xã Kim Sơn", "xã Ngãi Xuyên"] and tasks[0].deadline == date(2023, 12, 31)


def test_co_leads_separated_by_semicolons_all_lead():
    text = ("Giao Sở Tài chính; Sở Xây dựng; Ban Quản lý dự án đầu tư xây dựng tỉnh chủ trì, phối hợp UBND các huyện rà "
            "soát các dự án chậm tiến độ, báo cáo UBND tỉnh trước ngày 30/6/2025.")
    task = extract(text, today=date(2025, 5, 1)).tasks[0]
    assert task.lead == ["Sở Tài chính", "Sở Xây dựng", "Ban Quản lý dự án đầu tư xây dựng tỉnh"]
    assert task.deadline == date(2025, 6, 29)
