"""Unit matcher and lead/support roles."""
import pytest

from tracker.extract import UnitDirectory, UnitEntry, extract
from tracker.extract.roles import roles
from tracker.extract.text import fold

BOARDS = "các cơ quan tham mưu, giúp việc Huyện ủy"
COMMUNES = "các xã, thị trấn"
MASS = "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội"


@pytest.fixture(scope="module")
def directory():
    rows = [
        UnitEntry(1, "Ban Tổ chức Huyện ủy", "BTCHU", [], [BOARDS], "party_board"),
        UnitEntry(2, "Văn phòng Huyện ủy", "VPHU", [], [BOARDS], "party_board"),
        UnitEntry(3, "Ủy ban nhân dân huyện", "UBND huyện", ["UBND huyện Trà Cú"], [], "gov_office"),
        UnitEntry(4, "Phòng Nông nghiệp và Phát triển nông thôn", "Phòng NN&PTNT", [], [], "gov_office"),
        UnitEntry(5, "Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "UBMTTQ huyện", ["Mặt trận Tổ quốc huyện"], [MASS],
                  "mass_org"),
        UnitEntry(6, "Huyện đoàn", None, ["Đoàn Thanh niên huyện"], [MASS], "mass_org"),
        UnitEntry(7, "Xã Ngãi Xuyên", None, ["xã Ngãi Xuyên"], [COMMUNES], "commune"),
        UnitEntry(8, "Xã Định An", None, ["xã Định An"], [COMMUNES], "commune"),
        UnitEntry(9, "Thị trấn Định An", None, ["thị trấn Định An"], [COMMUNES], "commune"),
        UnitEntry(10, "Thị trấn Trà Cú", None, ["thị trấn Trà Cú"], [COMMUNES], "commune"),
        UnitEntry(11, "Công an huyện", "CAH", [], [], "gov_office"),
    ]
    return UnitDirectory(rows)


def names(refs):
    return [r.name for r in refs]


@pytest.mark.parametrize("phrase", [
    "Ban Tổ chức Huyện ủy", "Ban Tuyên giáo Tỉnh ủy", "Ủy ban Kiểm tra Đảng ủy", "Văn phòng Huyện ủy",
    "Ủy ban nhân dân huyện", "UBND xã Long Hiệp", "Mặt trận Tổ quốc Việt Nam huyện", "Huyện đoàn",
    "Hội Nông dân huyện", "Hội Liên hiệp Phụ nữ huyện", "Hội Cựu chiến binh huyện", "Liên đoàn Lao động huyện",
    "Công an huyện", "Ban Chỉ huy Quân sự huyện", "Phòng Nông nghiệp và PTNT", "Phòng Tài chính - Kế hoạch",
    "Trung tâm Dịch vụ nông nghiệp huyện", "Sở Kế hoạch và Đầu tư", "thị trấn Trà Cú", "Đảng ủy xã Kim Sơn",
    "Ban Thường vụ Huyện ủy", "Thường trực HĐND huyện", "Đảng đoàn HĐND huyện",
])
def test_generic_vocabulary_names_units(phrase):
    found = UnitDirectory.generic().find(f"Giao {phrase} thực hiện")
    assert [r.raw for r in found] == [phrase]


@pytest.mark.parametrize("phrase, family", [
    ("các xã, thị trấn", "communes"), ("Các cơ quan tham mưu, giúp việc Huyện ủy", "boards"),
    ("Mặt trận Tổ quốc và các tổ chức chính trị - xã hội", "mass"), ("các cấp ủy, tổ chức đảng", "party"),
    ("các cơ quan, đơn vị, địa phương", "all"), ("các ngành chức năng", "sectors"),
])
def test_generic_groups(phrase, family):
    [ref] = UnitDirectory.generic().find(f"yêu cầu {phrase} tập trung")
    assert ref.family == family and ref.raw == phrase


@pytest.mark.parametrize("text", [
    "làm cơ sở xây dựng kế hoạch", "hồ sơ xây dựng xã nông thôn mới", "phòng, chống dịch bệnh",
    "Nghị quyết số 29/2023/HĐND", "đánh bắt thủy sản xa bờ",
])
def test_not_units(text):
    assert UnitDirectory.generic().find(text) == []


def test_a_person_is_not_a_unit():
    found = UnitDirectory.generic().find("đồng chí Nguyễn Văn A, Bí thư Huyện ủy, yêu cầu Công an huyện")
    assert [r.raw for r in found] == ["Công an huyện"]


def test_directory_names_short_names_and_aliases(directory):
    for phrase in ("Ủy ban nhân dân huyện", "UBND huyện", "UBND huyện Trà Cú"):
        [ref] = directory.find(f"Giao {phrase} chủ trì")
        assert (ref.name, ref.ids) == ("Ủy ban nhân dân huyện", [3])
    [ref] = directory.find("phối hợp với Phòng NN&PTNT")
    assert ref.ids == [4]
    [ref] = directory.find("phối hợp với Phòng Nông nghiệp và PTNT huyện")   # a variant spelling
    assert ref.ids == [4]


def test_groups_expand_to_directory_units(directory):
    [ref] = directory.find("Các cơ quan tham mưu, giúp việc Huyện ủy tham mưu")
    assert (ref.name, sorted(ref.ids)) == (BOARDS, [1, 2])
    [ref] = directory.find("Tăng cường giám sát của Mặt Trận Tổ quốc và các tổ chức chính trị - xã hội")
    assert sorted(ref.ids) == [5, 6]
    [ref] = directory.find("yêu cầu các xã, thị trấn rà soát")
    assert sorted(ref.ids) == [7, 8, 9, 10]


def test_commune_list_gives_one_ref_per_commune(directory):
    text = ("hiện nay còn 04 xã, thị trấn chưa có sản phẩm OCOP (Ngãi Xuyên, Định An, Long Hiệp và "
            "thị trấn Trà Cú), do đó phải tập trung xây dựng")
    found = [r for r in directory.find(text) if r.listed]
    assert [(r.raw, r.name, r.ids) for r in found] == [
        ("Ngãi Xuyên", "Xã Ngãi Xuyên", [7]), ("Định An", "Xã Định An", [8]),   # "xã" from the list's head
        ("Long Hiệp", "xã Long Hiệp", []), ("thị trấn Trà Cú", "Thị trấn Trà Cú", [10])]


def test_commune_list_without_parentheses():
    text = "Chỉ đạo các xã Hiệp Mỹ Đông, Long Sơn và thị trấn Mỹ Long hoàn thành các tiêu chí"
    found = [r.name for r in UnitDirectory.generic().find(text) if r.listed]
    assert found == ["xã Hiệp Mỹ Đông", "xã Long Sơn", "thị trấn Mỹ Long"]


@pytest.mark.parametrize("text, lead, support", [
    ("Giao Ủy ban nhân dân huyện chủ trì, phối hợp với Phòng Tài chính - Kế hoạch, Phòng Nội vụ rà soát",
     ["Ủy ban nhân dân huyện"], ["Phòng Tài chính - Kế hoạch", "Phòng Nội vụ"]),
    ("Thường trực Huyện ủy yêu cầu Ủy ban nhân dân huyện chỉ đạo các xã, thị trấn khẩn trương khắc phục",
     ["Ủy ban nhân dân huyện"], ["các xã, thị trấn"]),
    ("Các cơ quan tham mưu, giúp việc Huyện ủy tham mưu Ban Thường vụ Huyện ủy theo dõi",
     ["các cơ quan tham mưu, giúp việc Huyện ủy"], []),
    ("Công an huyện phối hợp với Ban Chỉ huy Quân sự huyện xây dựng kế hoạch",
     ["Công an huyện"], ["Ban Chỉ huy Quân sự huyện"]),
    ("Tổ chức hội nghị (Ban Tổ chức Huyện ủy chủ trì, Văn phòng Huyện ủy phối hợp)",
     ["Ban Tổ chức Huyện ủy"], ["Văn phòng Huyện ủy"]),
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện vận động đoàn viên",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện"], []),
    ("Trong tháng 10, Huyện đoàn tổ chức ra quân", ["Huyện đoàn"], []),
    ("Khẩn trương làm việc đối với Công ty TNHH Kim Hoàng Phát; mở rộng bãi rác tại xã Long Hiệp", [], []),
    ("Ban Thường vụ Huyện ủy thống nhất chủ trương", [], []),
])
def test_roles(text, lead, support):
    refs = UnitDirectory.generic().find(text)
    got_lead, got_support, _authority = roles(refs, fold(text))
    assert (names(got_lead), names(got_support)) == (lead, support)


def test_extract_uses_directory_ids_and_keeps_roles_disjoint(directory):
    text = ("Thường trực Huyện ủy yêu cầu:\n"
            "1. Giao Ủy ban nhân dân huyện chủ trì, phối hợp với Công an huyện, Ủy ban nhân dân huyện "
            "rà soát các dự án, hoàn thành trước ngày 30/10/2023.\n"
            "2. Các cơ quan tham mưu, giúp việc Huyện ủy theo dõi, đôn đốc thực hiện.\n")
    result = extract(text, directory)
    first, second = result.tasks
    assert first.lead_ids == [3] and first.support_ids == [11]
    assert sorted(second.lead_ids) == [1, 2]
    assert second.lead == [BOARDS]
