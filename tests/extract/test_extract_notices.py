"""Whole notices, one per form: formal conclusion notices, reports, news pages, a one-paragraph directive.

Each case says which tasks must come out (by a phrase of their text), with their lead and support units and
deadline, which text must not become a task, how many tasks there are, and the notice's own facts.
"""
import importlib.util
import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from tracker.extract import extract

HERE = Path(__file__).parent / "notices"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "samples"


def norm(s):
    s = unicodedata.normalize("NFD", s or "")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").replace("đ", "d").replace("Đ", "D")
    return " ".join(s.lower().split())


def task_with(result, phrase):
    hits = [t for t in result.tasks if norm(phrase) in norm(t.text)]
    assert hits, f"no task contains {phrase!r}: {[t.text[:60] for t in result.tasks]}"
    return hits[0]


def check(result, expect, reject, count, meta):
    for phrase, lead, support, deadline in expect:
        t = task_with(result, phrase)
        for name in lead:
            assert any(norm(name) in norm(x) for x in t.lead), f"{phrase}: lead {t.lead} lacks {name}"
        for name in support:
            assert any(norm(name) in norm(x) for x in t.support), f"{phrase}: support {t.support} lacks {name}"
        if deadline is not ...:
            assert t.deadline == deadline, f"{phrase}: deadline {t.deadline} ({t.deadline_phrase})"
    for phrase in reject:
        assert not any(norm(phrase) in norm(t.text) for t in result.tasks), f"not a task: {phrase}"
    assert count[0] <= len(result.tasks) <= count[1], [t.text[:50] for t in result.tasks]
    for key, value in meta.items():
        assert getattr(result.directive, key) == value, key


def run(name):
    return extract((HERE / name).read_text(encoding="utf-8"))


def test_formal_conclusion_notice_with_giao_chu_tri_phoi_hop():
    result = run("tb-ket-luan-btv-nong-thon-moi.txt")
    check(result, [
        ("hoàn thiện hồ sơ đề nghị công nhận huyện đạt chuẩn", ["Ủy ban nhân dân huyện"],
         ["Phòng Nông nghiệp và Phát triển nông thôn", "Phòng Tài nguyên và Môi trường"], date(2023, 11, 29)),
        ("kế hoạch tuyên truyền về xây dựng huyện nông thôn mới", ["Ban Tuyên giáo Huyện ủy"],
         ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "Huyện đoàn"], date(2023, 11, 30)),   # "Thời gian hoàn thành" line
        ("chỉnh trang nhà cửa", ["Mặt trận Tổ quốc"], [], None),                          # no period, no deadline
        ("lập danh sách hộ nghèo", ["Ủy ban nhân dân huyện"], ["các xã, thị trấn"], date(2023, 12, 15)),
        ("cao điểm tấn công, trấn áp tội phạm", ["Công an huyện"], ["Ban Chỉ huy Quân sự huyện"], date(2024, 2, 9)),
        ("họp mặt các đồng chí lão thành", ["Văn phòng Huyện ủy"], [], date(2024, 1, 20)),
        ("giám sát việc thực hiện các nội dung", ["Ủy ban Kiểm tra Huyện ủy"], [], None),
    ], reject=["Thống nhất đánh giá kết quả", "đã đạt 7/9 tiêu chí", "thông báo để các cơ quan", "Lưu Văn phòng"],
        count=(7, 7), meta={"number": "412-TB/HU", "date": date(2023, 10, 18), "meeting_date": date(2023, 10, 16),
                            "signer": "Nguyễn Thị Kim Loan", "issuer": "HUYỆN ỦY TRÀ CÚ", "period_end": None})


def test_formal_notice_with_unit_subheadings_and_parenthesised_leads():
    result = run("tb-nhiem-vu-thang-11-don-vi.txt")
    check(result, [
        ("kiểm điểm, đánh giá, xếp loại tập thể", ["Ban Tổ chức Thành ủy"], ["Ủy ban Kiểm tra Thành ủy"],
         date(2023, 12, 14)),
        ("sơ kết giữa nhiệm kỳ", ["các cấp ủy, tổ chức đảng"], [], date(2023, 11, 30)),
        ("giải phóng mặt bằng dự án kè sông", ["Ủy ban nhân dân thành phố", "Phú Khương", "Phú Tân", "Mỹ Thạnh An"],
         [], date(2023, 11, 30)),
        ("lấn chiếm đất công", ["Ủy ban nhân dân thành phố"], ["Phòng Tài nguyên và Môi trường"], date(2023, 11, 30)),
        ("Vì người nghèo", ["Mặt trận Tổ quốc"], [], date(2024, 2, 9)),
        ("theo dõi, đôn đốc việc thực hiện Thông báo này", ["Văn phòng Thành ủy"], [], date(2023, 12, 31)),
    ], reject=["812 tỷ đồng", "ĐÁNH GIÁ CHUNG", "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội "
                                                 "thành phố"],
        count=(6, 6), meta={"number": "356-TB/VPTU", "period_end": date(2023, 11, 30), "signer": "Lê Thị Mỹ Dung",
                            "meeting_date": date(2023, 11, 1)})
    assert result.tasks[0].ref == "II.1 -1"


def test_report_with_phuong_huong_nhiem_vu_section():
    result = run("bc-huyen-uy-quy-3-2023.txt")
    check(result, [
        ("sơ kết giữa nhiệm kỳ", [], [], date(2023, 11, 14)),
        ("xếp loại chất lượng tổ chức đảng", ["Ban Tổ chức Huyện ủy"], ["Ủy ban Kiểm tra Huyện ủy"],
         date(2023, 12, 31)),
        ("Kết luận số 21-KL/TW", ["các cấp ủy, tổ chức đảng"], [], date(2023, 12, 31)),
        ("giải ngân đạt 100% kế hoạch vốn", ["Ủy ban nhân dân huyện"], [], date(2024, 1, 31)),
        ("xã nông thôn mới nâng cao", ["Ủy ban nhân dân huyện", "Hiệp Mỹ Đông", "Hiệp Mỹ Tây", "Long Sơn", "Mỹ Long"],
         [], date(2023, 12, 31)),
        ("Xuống giống vụ lúa Đông Xuân", ["Ủy ban nhân dân huyện"], [], date(2023, 12, 31)),
        ("khai thác cát trái phép", ["Công an huyện"], ["các xã, thị trấn"], date(2023, 12, 19)),
        ("tăng thu ngân sách những tháng cuối năm", ["Phòng Tài chính - Kế hoạch"], [], date(2023, 12, 31)),
    ], reject=["Kết nạp 45 đảng viên", "2.345 tỷ đồng", "còn chậm", "tuyến đường huyện 15", "Hội thi Bí thư"],
        count=(8, 8), meta={"number": "215-BC/HU", "date": date(2023, 9, 28), "period_end": date(2023, 12, 31),
                            "signer": "Thạch Ngọc Sơn"})


def test_news_page_with_inline_enumeration_and_chrome():
    result = run("tin-so-ket-thang-10.txt")
    check(result, [
        ("thu hoạch lúa Thu Đông", [], [], date(2023, 11, 30)),
        ("giải ngân vốn đầu tư công", ["Ủy ban nhân dân huyện"], [], date(2023, 12, 31)),
        ("sơ kết giữa nhiệm kỳ", ["Ban Tổ chức Huyện ủy"], [], date(2023, 11, 24)),
        ("trật tự an toàn giao thông", ["Công an huyện"], [], ...),
        ("hồ sơ đề nghị xét công nhận", ["Hòa Lợi", "Phước Hảo", "Song Lộc"], [], date(2023, 11, 30)),
    ], reject=["8.500 ha", "82% dự toán", "còn chậm", "Huy hiệu 40 năm", "Tin liên quan", "Hội thi Bí thư",
               "Minh Thư", "Trang chủ", "chủ trì hội nghị"],
        count=(5, 5), meta={"date": date(2023, 11, 6), "meeting_date": date(2023, 11, 3),
                            "period_end": date(2023, 11, 30), "signer": None})


def test_news_page_with_two_speakers_and_a_bulleted_conclusion():
    result = run("tin-hoi-nghi-bch-6-thang.txt")
    check(result, [
        ("chuyển đổi cơ cấu cây trồng", [], [], date(2023, 12, 31)),
        ("tiêu chí huyện nông thôn mới nâng cao", [], [], date(2023, 11, 29)),
        ("sinh hoạt chi bộ", [], [], date(2023, 12, 31)),
        ("quốc phòng, an ninh", [], [], date(2023, 12, 31)),
        ("cụ thể hóa thành chương trình", ["các cấp ủy, tổ chức đảng"], [], date(2023, 12, 31)),
        ("thu ngân sách", ["Ủy ban nhân dân huyện"], ["các ngành chuyên môn"], date(2023, 12, 31)),
        ("công tác kiểm tra, giám sát", ["Ủy ban Kiểm tra Huyện ủy"], [], date(2023, 12, 31)),
    ], reject=["5.120 tỷ đồng", "02 xã đạt chuẩn", "Thanh Hòa"], count=(7, 7),
        meta={"date": date(2023, 7, 6), "meeting_date": date(2023, 7, 5)})


def test_news_page_with_prose_conclusion_split_into_clauses():
    result = run("tin-bch-quy-4-trich-dan.txt")
    check(result, [
        ("bám sát các chỉ tiêu, nhiệm vụ năm 2023", [], [], date(2023, 12, 31)),
        ("sản xuất vụ Đông", [], [], date(2023, 12, 31)),
        ("tiêu chí huyện nông thôn mới nâng cao", [], [], date(2023, 11, 29)),
        ("giải phóng mặt bằng", [], [], date(2023, 12, 31)),
        ("Đại hội Hội Nông dân", [], [], date(2023, 12, 31)),
        ("vi phạm trong lĩnh vực đất đai", ["UBND huyện"], ["các ngành chức năng"], date(2023, 12, 31)),
        ("an ninh trật tự dịp cuối năm", ["Công an huyện"], [], date(2023, 12, 31)),
    ], reject=["ghi nhận, đánh giá cao", "7.850 tỷ đồng", "biểu quyết thông qua", "Ngọc Anh", "ra quân xây dựng"],
        count=(7, 7), meta={"date": date(2023, 10, 12), "period_end": date(2023, 12, 31)})
    assert all(t.text != "khẩn trương hoàn thành các tiêu chí" for t in result.tasks)


def test_one_paragraph_directive():
    result = run("cv-mot-doan-mua-lu.txt")
    check(result, [
        ("khắc phục hậu quả mưa lũ", ["Ủy ban nhân dân huyện"], ["các xã, thị trấn"], date(2023, 12, 14)),
        ("vận động các tổ chức, cá nhân ủng hộ", ["Ban Dân vận Huyện ủy"],
         ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện"], date(2023, 12, 31)),
        ("bảo đảm an ninh trật tự", ["Công an huyện"], [], None),
    ], reject=[], count=(3, 3), meta={"meeting_date": date(2023, 12, 5)})


def test_spans_point_at_the_task_in_the_input():
    raw = (HERE / "tb-ket-luan-btv-nong-thon-moi.txt").read_text(encoding="utf-8")
    for text in (raw, unicodedata.normalize("NFD", raw)):   # decomposed input: spans still index the input
        result = extract(text)
        for t in result.tasks:
            a, b = t.span
            assert 0 <= a < b <= len(text)
            assert norm(text[a:b]).startswith(norm(t.text)[:30])


def test_page_break_and_footnote_are_joined_and_dropped():
    text = ("Thường trực Huyện ủy yêu cầu các cơ quan thực hiện tốt các nhiệm vụ sau:\n\n"
            "1. Ủy ban nhân dân huyện tập trung chỉ đạo xử lý kịp thời tình trạng tồn đọng rác thải sinh hoạt, "
            "kiểm tra, xử lý từ khi tổ chức, cá nhân chuẩn bị xây dựng (không để các\n\n"
            "⁽¹⁾ 05 xã nâng chất 02 tiêu chí nông thôn mới.\n\n"
            "trường hợp khi người dân xây dựng xong mới phát hiện, xử lý), hoàn thành trong tháng 10/2023.\n\n"
            "2. Công an huyện bảo đảm an ninh trật tự.\n")
    result = extract(text, today=date(2023, 9, 20))
    assert len(result.tasks) == 2
    first = result.tasks[0]
    assert "không để các trường hợp khi người dân" in first.text and "05 xã nâng chất" not in first.text
    assert first.deadline == date(2023, 10, 31)


def test_nothing_to_do_in_a_results_only_text():
    text = ("Trong tháng 10, toàn huyện đã thu hoạch 8.500 ha lúa, năng suất đạt 5,8 tấn/ha. Thu ngân sách đạt 82% "
            "dự toán, tăng 5% so với cùng kỳ. Tuy nhiên, tiến độ giải ngân còn chậm.")
    assert extract(text).tasks == []


def _load_scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["tb-ket-luan-thuong-truc-huyen-uy-2023-09", "bc-dang-uy-thi-tran-quy-1-2022"])
def test_shared_samples_meet_the_bar(name):
    if not (SHARED / "score.py").exists():
        pytest.skip("../shared/samples is not here")
    scorer = _load_scorer()
    expected = json.loads((SHARED / "notices" / f"{name}.expected.json").read_text(encoding="utf-8"))
    result = extract((SHARED / "notices" / f"{name}.txt").read_text(encoding="utf-8"))
    s = scorer.score(expected, result.to_json())
    assert s["found"] >= 0.95 and s["lead"] >= 0.9 and s["deadline"] >= 0.95, s["misses"]
    assert s["mentions"] == 1.0 and s["clean"] == 1.0 and s["count"] == 1.0, s["misses"]
    for key, value in expected.get("meta", {}).items():
        assert result.to_json()["directive"][key] == value, key


def test_json_shape():
    data = run("tb-ket-luan-btv-nong-thon-moi.txt").to_json()
    assert set(data) == {"directive", "tasks"}
    assert set(data["directive"]) == {"number", "date", "meeting_date", "title", "issuer", "signer", "period_end"}
    task = data["tasks"][0]
    assert set(task) == {"ref", "text", "lead", "support", "mentions", "lead_ids", "support_ids", "deadline",
                         "deadline_phrase", "deadline_source", "span", "evidence", "flags", "flag_labels"}
    assert task["deadline"] == "2023-11-29" and task["deadline_source"] == "explicit"
    assert task["evidence"]["deadline"] == task["deadline_phrase"] and task["evidence"]["lead"]
    assert len(task["flags"]) == len(task["flag_labels"])
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_notice_copied_from_a_pdf_with_hard_wrapped_lines():
    result = run("kl-btv-tinh-uy-ban-pdf.txt")
    check(result, [
        ("giải ngân đạt trên 95% kế hoạch vốn được giao", ["Ban cán sự đảng UBND tỉnh"], [], date(2023, 12, 31)),
        ("hướng dẫn kiểm điểm, đánh giá, xếp loại", ["Ban Tổ chức Tỉnh ủy"], ["Ủy ban Kiểm tra Tỉnh ủy"],
         date(2023, 11, 14)),                                   # "trước ngày" and the date on the next line
        ("kỳ họp cuối năm 2023", ["Đảng đoàn HĐND tỉnh"], [], date(2023, 12, 31)),
        ("kịp thời chấn chỉnh những hạn chế", ["các huyện ủy, thị ủy"], [], date(2023, 12, 31)),
    ], reject=["2.150 tỷ đồng", "còn chậm", "Tỉnh ủy viên"], count=(4, 4),
        meta={"number": "215-KL/TU", "date": date(2023, 8, 10), "meeting_date": date(2023, 8, 8),
              "signer": "Nguyễn Đăng Quang", "period_end": date(2023, 12, 31)})


def test_report_whose_title_names_the_plan_too():
    result = run("bc-dang-uy-xa-nam-2023.txt")
    check(result, [
        ("kết nạp 10 đảng viên mới", [], [], date(2024, 12, 31)),
        ("chuyển đổi 50 ha đất lúa", ["Ủy ban nhân dân xã"], [], date(2024, 6, 30)),
        ("xây dựng nông thôn mới nâng cao", ["Mặt trận Tổ quốc"], [], date(2024, 12, 31)),
        ("tập trung lãnh đạo thực hiện tốt các chỉ tiêu", ["các chi bộ"], [], date(2024, 12, 31)),
        ("thu ngân sách", ["Ủy ban nhân dân xã"], [], date(2024, 12, 31)),   # "Đối với X, cần …"
    ], reject=["kết nạp 12 đảng viên", "105% dự toán", "còn hạn chế", "nhấn mạnh"], count=(5, 5),
        meta={"number": "45-BC/ĐU", "signer": "Trần Văn Bình", "period_end": date(2024, 12, 31),
              "title": "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023, PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024"})


def test_speech_with_thu_nhat_thu_hai_points():
    result = run("tin-phat-bieu-thu-nhat-thu-hai.txt")
    check(result, [
        ("phục hồi và phát triển kinh tế", ["các cấp ủy, tổ chức đảng"], [], date(2023, 12, 31)),
        ("giải ngân vốn đầu tư công", ["Ủy ban nhân dân tỉnh"], [], date(2024, 1, 31)),
        ("sơ kết giữa nhiệm kỳ", ["Ban Tổ chức Tỉnh ủy"], [], date(2023, 10, 31)),
    ], reject=["Xin cảm ơn", "Thưa các đồng chí", "trân trọng giới thiệu", "Bình luận"], count=(3, 3),
        meta={"date": date(2023, 7, 3), "meeting_date": date(2023, 6, 30)})


def test_news_lead_in_with_nhu_and_semicolon_clauses():
    result = run("tin-nhiem-vu-trong-tam-nhu.txt")
    check(result, [
        ("hoàn thành vượt mức các chỉ tiêu", [], [], date(2023, 12, 31)),
        ("quản lý Nhà nước về quy hoạch, đất đai", [], [], date(2023, 12, 31)),
        ("chính sách an sinh xã hội", [], [], date(2023, 12, 31)),
        ("chuyển đổi số", [], [], date(2023, 12, 31)),
        ("công tác dân vận", [], [], date(2023, 12, 31)),
    ], reject=["8.700 tỷ đồng", "kết nạp được 51 đảng viên", "quán triệt Nghị quyết số 03-NQ/TU"], count=(5, 5),
        meta={"meeting_date": date(2023, 7, 10), "period_end": date(2023, 12, 31)})


def test_a_notice_without_its_own_date_reads_its_years_not_today():
    text = ("Thường trực Huyện ủy yêu cầu Ủy ban nhân dân huyện hoàn thành báo cáo trước 14 giờ, ngày 05/12/2017; "
            "Ban Tuyên giáo Huyện ủy triển khai chương trình công tác quý IV năm 2017.")
    result = extract(text, today=date(2026, 1, 15))
    assert [(t.lead, t.deadline, t.deadline_source) for t in result.tasks] == [
        (["Ủy ban nhân dân huyện"], date(2017, 12, 5), "explicit"),
        (["Ban Tuyên giáo Huyện ủy"], date(2017, 12, 31), "period")]


def test_unnumbered_plan_heading_and_a_quoted_conclusion():
    result = extract((HERE / "bc-chi-bo-thang-9-khong-so.txt").read_text(encoding="utf-8"), today=date(2026, 1, 1))
    check(result, [
        ("thu hoạch lúa Hè Thu", [], [], date(2023, 10, 19)),   # a body line's date is not the notice's date
        ("quản lý đất đai", ["Ủy ban nhân dân xã"], [], date(2023, 10, 31)),
        ("sinh hoạt chuyên đề", ["các chi bộ"], [], date(2023, 10, 31)),
        ("bảo vệ môi trường", ["các đoàn thể"], [], date(2023, 10, 31)),
    ], reject=["80% dự toán", "Trên đây là"], count=(4, 4),
        meta={"date": None, "period_end": date(2023, 10, 31)})
