"""The deadline parser: DESIGN.md "Deadlines in Vietnamese text" and the notices' own habits."""
from datetime import date

import pytest

from tracker.extract.deadlines import RULES, find_deadlines, find_period, parse_deadline, pick, vn_number

REF = date(2023, 9, 12)


@pytest.mark.parametrize("text, expected", [
    # the rules of DESIGN.md
    ("hoàn thành trong tháng 9/2023", date(2023, 9, 30)),
    ("phấn đấu trong tháng 9 năm 2023 tất cả các xã", date(2023, 9, 30)),
    ("báo cáo trước ngày 15/10/2023", date(2023, 10, 14)),
    ("thực hiện đến ngày 15/10", date(2023, 10, 15)),
    ("thực hiện đến ngày 15/8", date(2024, 8, 15)),          # already past in the notice's year
    ("hoàn thành trong quý IV", date(2023, 12, 31)),
    ("hoàn thành trong quý IV/2023", date(2023, 12, 31)),
    ("từ nay đến cuối năm 2023", date(2023, 12, 31)),
    ("để đến cuối năm đạt tỉ lệ giải ngân trên 95%", date(2023, 12, 31)),
    ("trong 6 tháng đầu năm 2024", date(2024, 6, 30)),
    ("triển khai ngay trong tuần", date(2023, 9, 19)),
    # other forms the notices use
    ("chậm nhất ngày 20/10/2023", date(2023, 10, 20)),
    ("chậm nhất là ngày 05/11", date(2023, 11, 5)),
    ("trước 14 giờ, ngày 05/12/2023", date(2023, 12, 5)),
    ("trước 14h00 ngày 20/11/2023", date(2023, 11, 20)),
    ("xong trước ngày mười lăm tháng mười một năm 2023", date(2023, 11, 14)),
    ("hoàn thành trong tháng mười hai", date(2023, 12, 31)),
    ("hoàn thành trong quý hai năm 2024", date(2024, 6, 30)),
    ("trong 10 ngày", date(2023, 9, 22)),
    ("trong 5 ngày làm việc", date(2023, 9, 19)),
    ("trong tháng tới", date(2023, 10, 31)),
    ("trong năm 2024", date(2024, 12, 31)),
    ("trước năm 2025", date(2024, 12, 31)),
    ("hoàn thành trong tuần đầu tháng 11", date(2023, 11, 7)),
    ("Thời gian hoàn thành: trước ngày 30/10/2023.", date(2023, 10, 29)),
    ("báo cáo vào cuộc họp giao ban tháng 12/2023", date(2023, 12, 31)),
    ("mở đợt cao điểm trấn áp tội phạm trước Tết Nguyên đán", date(2024, 2, 9)),
])
def test_explicit_deadlines(text, expected):
    when, phrase, source = parse_deadline(text, REF, None)
    assert (when, source) == (expected, "explicit")
    assert phrase and phrase in " ".join(text.split())


@pytest.mark.parametrize("text", [
    "Thực hiện tốt Chỉ thị số 27-CT/TU, ngày 19/10/2022 của Ban Thường vụ Tỉnh ủy",   # a cited document
    "theo Kết luận 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị",
    "nâng cao chất lượng kiểm điểm, đánh giá, xếp loại đảng viên cuối năm",            # an attribute, no trigger
    "Hoàn thiện Quy hoạch sử dụng đất giai đoạn 2021-2030",
    "tiêm chủng vắc xin cho trẻ em từ 5-12 tuổi",
    "cấp đổi giấy chứng nhận đất ở trước 1980",
    "tổ chức hội nghị đối thoại trong huyện năm 2023",
    "báo cáo định kỳ hằng tháng",
    "hoàn thành trước ngày 10/9/2023",                                                   # before the notice itself
    "",
])
def test_not_deadlines(text):
    assert parse_deadline(text, REF, None) == (None, None, None)


def test_period_end_is_the_fallback_and_keeps_its_phrase():
    assert parse_deadline("Tăng cường công tác tuyên truyền", REF, date(2023, 9, 30), "tháng 9") == \
        (date(2023, 9, 30), "tháng 9", "period")
    assert parse_deadline("hoàn thành trong quý IV/2023", REF, date(2023, 9, 30))[0] == date(2023, 12, 31)


def test_the_latest_completion_phrase_wins():
    text = "báo cáo tiến độ trước ngày 15/10/2023, hoàn thành trước ngày 30/11/2023"
    assert parse_deadline(text, REF, None)[0] == date(2023, 11, 29)


@pytest.mark.parametrize("words, n", [("mười", 10), ("mười hai", 12), ("hai mươi lăm", 25), ("ba mươi mốt", 31),
                                      ("bảy", 7), ("12", 12)])
def test_vietnamese_numerals(words, n):
    assert vn_number(words) == n


@pytest.mark.parametrize("text, ref, end", [
    ("Hội nghị sơ kết tình hình công tác tháng 8, xây dựng chương trình công tác tháng 9 năm 2023",
     date(2023, 9, 12), date(2023, 9, 30)),
    ("KẾT QUẢ THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ QUÝ I VÀ TRIỂN KHAI NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2022",
     date(2022, 3, 22), date(2022, 6, 30)),
    ("triển khai chương trình công tác quý IV năm 2017", date(2017, 10, 2), date(2017, 12, 31)),
    ("đánh giá kết quả 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2023", date(2023, 7, 5),
     date(2023, 12, 31)),
    ("xây dựng chương trình công tác tháng 1", date(2023, 12, 28), date(2024, 1, 31)),
])
def test_period(text, ref, end):
    assert find_period(text, ref)[0] == end


def test_no_period_without_a_plan():
    assert find_period("đánh giá tình hình kinh tế - xã hội tháng 8 năm 2023", date(2023, 9, 1)) is None
    assert find_period("Báo cáo kết quả thực hiện nhiệm vụ tháng 8 năm 2023", date(2023, 9, 1)) is None


@pytest.mark.parametrize("text, ref, end", [
    # issue #13 group 8: a review meeting named after its period plans for the period after it
    ("Hội nghị sơ kết 6 tháng đầu năm", date(2023, 7, 10), date(2023, 12, 31)),
    ("Hội nghị sơ kết tình hình công tác tháng 8 năm 2023", date(2023, 9, 1), date(2023, 9, 30)),
    ("Hội nghị tổng kết năm 2023", date(2024, 1, 12), date(2024, 12, 31)),
    ("sơ kết quý III", date(2023, 9, 25), date(2023, 9, 30)),   # held before the quarter ends: that quarter
])
def test_a_review_meeting_named_after_its_period(text, ref, end):
    assert find_period(text, ref)[0] == end


def test_the_end_of_a_period_is_not_stepped_back():
    """"trước cuối tháng 10" is 31/10 ("cuối" belongs to the time phrase, not to the trigger)."""
    ref = date(2023, 9, 12)
    assert pick(find_deadlines("hoàn thành trước cuối tháng 10", ref)).date == date(2023, 10, 31)
    assert pick(find_deadlines("trước cuối năm 2023", ref)).date == date(2023, 12, 31)
    assert pick(find_deadlines("trước tháng 10", ref)).date == date(2023, 9, 30)      # before October: September
    assert pick(find_deadlines("đến hết ngày 15/10", ref)).date == date(2023, 10, 15)
    assert not find_deadlines("Trước hết, các cấp ủy tập trung lãnh đạo", ref)


@pytest.mark.parametrize("rule, phrase, ref, expected", [
    (r.name, phrase, ref, want) for r in RULES for phrase, ref, want in r.examples])
def test_every_rule_reads_its_examples(rule, phrase, ref, expected):
    found = find_deadlines(phrase, date.fromisoformat(ref))
    assert found, f"{rule}: nothing read in {phrase!r}"
    assert pick(found).date.isoformat() == expected


def test_a_year_one_before_the_notice_is_kept_and_doubtful():
    best = pick(find_deadlines("hoàn thành trước ngày 21/11/2022", date(2023, 11, 14)))
    assert (best.date, best.doubtful) == (date(2022, 11, 20), True)
    assert not pick(find_deadlines("hoàn thành trước ngày 21/11/2021", date(2023, 11, 14)))   # not a typo: dropped
    assert not pick(find_deadlines("theo Kết luận ngày 21/11/2022", date(2023, 11, 14)))      # no trigger: a citation
    assert not pick(find_deadlines("hoàn thành trước ngày 25/12/2023", date(2023, 11, 14))).doubtful
