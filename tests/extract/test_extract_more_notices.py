"""More whole notices, written to probe the extractor beyond the first set: a provincial notice after the
2025 two-tier reform, a), b) and "+" sub-items, many ways of writing a deadline, a short chi bộ report, news
pages with menus, bylines and comments, and task tables (cells one per line, tab-separated, and a .docx).
"""
import io
from datetime import date
from pathlib import Path

import docx

from tests.extract.test_extract_notices import check, norm, task_with
from tracker.extract import extract, read_upload

HERE = Path(__file__).parent / "notices" / "more"


def run(name):
    return extract((HERE / name).read_text(encoding="utf-8"))


def test_provincial_notice_after_the_two_tier_reform():
    result = run("tb-btv-tinh-uy-sau-sap-xep-2025.txt")
    check(result, [
        ("bố trí đủ biên chế công chức", ["Đảng ủy UBND tỉnh", "Sở Nội vụ"], ["Sở Tài chính"], date(2025, 9, 29)),
        ("xử lý trụ sở dôi dư", ["Sở Tài chính"], ["Sở Xây dựng"], date(2025, 10, 31)),
        ("hạ tầng công nghệ thông tin", ["Sở Khoa học và Công nghệ"], ["UBND các xã, phường"], date(2025, 12, 31)),
        ("tăng cường giám sát việc giải quyết thủ tục", ["Ủy ban Mặt trận Tổ quốc"], [], None),
        ("bổ sung cán bộ lãnh đạo", ["Ban Tổ chức Tỉnh ủy"], ["Sở Nội vụ"], date(2025, 10, 14)),
        ("quy hoạch chung đô thị", ["UBND phường Long Xuyên"], [], date(2025, 12, 31)),
        ("theo dõi, đôn đốc việc thực hiện Thông báo này", ["Văn phòng Tỉnh ủy"], [], None),  # "hằng tháng": ongoing
    ], reject=["đánh giá cao sự nỗ lực", "45.000 hồ sơ", "còn thiếu kinh nghiệm", "thông báo để các cơ quan"],
        count=(7, 7), meta={"number": "86-TB/TU", "date": date(2025, 8, 22), "meeting_date": date(2025, 8, 19),
                            "signer": "Nguyễn Văn Bình", "issuer": "TỈNH ỦY AN GIANG"})
    lead = task_with(result, "bố trí đủ biên chế").lead
    assert "Đảng ủy" not in lead and "UBND tỉnh" not in lead  # one unit, not two


def test_lettered_sub_items_and_plus_bullets():
    result = run("tb-muc-abc-dau-cong.txt")
    check(result, [
        ("chuyển đổi 200 ha đất lúa", ["Đảng ủy xã"], [], date(2024, 12, 31)),
        ("02 sản phẩm OCOP", ["UBND xã"], ["Phòng Nông nghiệp và Phát triển nông thôn"], date(2024, 9, 29)),
        ("nâng cấp tuyến đường ĐT 855", ["UBND huyện"], ["Phòng Kinh tế và Hạ tầng"], date(2024, 6, 30)),
        ("củng cố các chi bộ ấp yếu kém", ["Đảng ủy xã"], [], date(2024, 4, 29)),    # "+" under a) inherits a)'s lead
        ("kết nạp ít nhất 12 đảng viên", ["Đảng ủy xã"], [], date(2024, 12, 31)),
        ("Kiện toàn Ủy ban Kiểm tra Đảng ủy xã", ["Đảng ủy xã"], [], date(2024, 3, 31)),
        ("quy trình bổ sung quy hoạch", ["Ban Tổ chức Huyện ủy"], [], date(2024, 12, 31)),   # the period
        ("hiến đất làm đường", ["Mặt trận Tổ quốc"], [], ...),
        ("02 tổ hợp tác sản xuất sen", ["Hội Nông dân"], [], date(2024, 9, 30)),
    ], reject=["15/17 chỉ tiêu", "tỷ lệ hộ nghèo giảm chậm", "Đảng ủy xã tập trung các nội dung sau"],
        count=(9, 9), meta={"number": "305-TB/HU", "date": date(2024, 3, 5), "signer": "Lê Thị Hồng"})


def test_deadlines_written_many_ways():
    result = run("tb-han-nhieu-dang-2024.txt")
    check(result, [
        ("Khu công nghiệp Hòa Hội", ["UBND huyện"], [], date(2024, 9, 29)),             # xong trước 30/9/2024
        ("chống thất thu ngân sách", ["Phòng Tài chính - Kế hoạch"], ["Chi cục Thuế"], date(2024, 9, 30)),  # quý III
        ("hội thảo khoa học", ["Ban Tuyên giáo Huyện ủy"], [], date(2024, 11, 19)),   # trước ngày 20 tháng 11 năm 2024
        ("kê khai tài sản", ["Ủy ban Kiểm tra Huyện ủy"], [], date(2024, 7, 15)),     # chậm nhất ngày 15/7
        ("an ninh nông thôn", ["Công an huyện"], [], ...),                            # "Công an huyện nắm …"
        ("phòng, chống thiên tai", ["các xã, thị trấn"], [], date(2024, 8, 31)),
        ("năm học mới", ["Phòng Giáo dục và Đào tạo"], [], date(2024, 8, 30)),         # xong trước ngày 31 tháng 8
    ], reject=["tăng 8,2%", "thông báo để các cơ quan"], count=(7, 7),
        meta={"number": "128-TB/HU", "date": date(2024, 7, 2), "meeting_date": date(2024, 6, 28)})


def test_report_with_roman_numbered_plan_for_december():
    result = run("bc-phuong-huong-thang-12.txt")
    check(result, [
        ("xếp loại chất lượng đảng viên", [], [], date(2024, 12, 19)),
        ("Quỹ Vì người nghèo", ["Ban Điều hành khu phố"], ["Mặt trận khu phố"], date(2024, 12, 31)),
        ("tặng quà hộ nghèo", ["Chi hội Phụ nữ"], [], date(2024, 12, 31)),
        ("Tăng cường tuần tra", [], [], date(2024, 12, 31)),
    ], reject=["sinh hoạt chuyên đề", "tuần tra 12 đợt", "chưa gương mẫu", "hỗ trợ kinh phí sửa chữa"],
        count=(4, 4), meta={"number": "11-BC/CB", "period_end": date(2024, 12, 31)})


def test_news_page_with_menu_byline_related_links_and_comments():
    result = run("tin-trang-web-binh-luan.txt")
    check(result, [
        ("hoàn thành các chỉ tiêu còn lại", ["Đảng ủy xã Hiệp Thạnh"], [], date(2024, 12, 31)),
        ("thu hồi đất dự án đường vành đai", ["UBND xã Hiệp Thạnh"], [], date(2024, 11, 29)),
        ("hồ sơ tồn đọng về đất đai", ["UBND huyện"], ["Phòng Tài nguyên và Môi trường"], date(2024, 11, 30)),
        ("phát triển đảng viên trong đồng bào", ["Đảng ủy xã"], [], ...),                 # "lưu ý X …"
    ], reject=["Trang chủ", "ghi nhận những kết quả", "78% dự toán", "Minh Châu", "chuyển đổi số trong nông nghiệp",
               "sớm làm đường vào thôn 4", "Bản quyền"], count=(4, 4), meta={"date": date(2024, 10, 18)})


def test_news_about_a_briefing_with_numbered_requests():
    result = run("tin-giao-ban-de-nghi-cac-don-vi.txt")
    check(result, [
        ("chương trình hành động thực hiện nghị quyết đại hội", ["các chi bộ, đảng bộ trực thuộc"], [],
         date(2025, 10, 30)),
        ("sắp xếp đội ngũ công chức", ["Sở Nội vụ"], [], date(2025, 12, 31)),
        ("bố trí kinh phí", ["Sở Tài chính"], [], date(2025, 12, 31)),                    # the period: quý IV
        ("tổng hợp, báo cáo kết quả", ["Văn phòng Đảng ủy"], [], date(2025, 12, 14)),
        ("kiểm điểm cuối năm", ["các cấp ủy"], [], ...),
    ], reject=["giao ban công tác quý III", "Baohatinh", "kết nạp 46 đảng viên", "Thu Hà", "công bố các quyết định"],
        count=(5, 5), meta={})


TABLE_TASKS = [
    ("điều chuyển vốn của các dự án chậm giải ngân", ["Sở Tài chính"], ["Các chủ đầu tư"], date(2025, 10, 30)),
    ("đường ven biển ĐT 129", ["UBND xã Duy Hải"], ["Ban Quản lý dự án"], date(2025, 11, 30)),
    ("thủ tục nghiệm thu, thanh toán", ["Sở Xây dựng"], ["Kho bạc Nhà nước"], date(2025, 10, 29)),   # 15 ngày
    ("Tổng hợp tình hình giải ngân", ["Sở Tài chính"], ["các sở, ban, ngành"], None),                # hằng tuần
]
TABLE_REJECT = ["STT", "Cơ quan chủ trì", "đạt 52% kế hoạch", "thông báo để các cơ quan"]


def _table_check(result):
    check(result, TABLE_TASKS, reject=TABLE_REJECT, count=(4, 5), meta={"date": date(2025, 10, 14)})
    for phrase, *_rest in TABLE_TASKS:  # a row's other columns are not part of its text
        t = task_with(result, phrase)
        assert "Sở" not in t.text.split(phrase)[-1][:3], t.text
    assert not any(norm("Trước ngày 31/10") in norm(t.text) for t in result.tasks)


def test_table_pasted_one_cell_per_line():
    result = run("tb-bang-nhiem-vu-moi-o-mot-dong.txt")
    _table_check(result)
    assert [t.ref for t in result.tasks][:4] == ["1", "2", "3", "4"]
    assert task_with(result, "Tổng hợp tình hình giải ngân").deadline_source is None   # ongoing: no period either


def test_table_pasted_with_tabs():
    _table_check(run("tb-bang-nhiem-vu-tab.txt"))


def test_table_in_a_docx():
    d = docx.Document()
    d.add_paragraph("UBND TỈNH QUẢNG NAM")
    d.add_paragraph("Quảng Nam, ngày 14 tháng 10 năm 2025")
    d.add_paragraph("THÔNG BÁO")
    d.add_paragraph("Giao các cơ quan, đơn vị thực hiện các nhiệm vụ cụ thể tại bảng sau:")
    rows = [["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
            ["1", "Rà soát, điều chuyển vốn của các dự án chậm giải ngân", "Sở Tài chính", "Các chủ đầu tư",
             "Trước ngày 31/10/2025"],
            ["2", "Đẩy nhanh bồi thường dự án đường ven biển ĐT 129", "UBND xã Duy Hải",
             "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", "Tháng 11/2025"],
            ["3", "Hướng dẫn thủ tục nghiệm thu, thanh toán", "Sở Xây dựng", "", "15 ngày"]]
    table = d.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(3, 1).add_paragraph("khối lượng hoàn thành của các dự án")   # a cell of two paragraphs
    d.add_paragraph("Nơi nhận:")
    buf = io.BytesIO()
    d.save(buf)
    result = extract(read_upload("bang.docx", buf.getvalue()))
    check(result, TABLE_TASKS[:2] + [("khối lượng hoàn thành của các dự án", ["Sở Xây dựng"], [],
                                      date(2025, 10, 29))], reject=TABLE_REJECT, count=(3, 3), meta={})
    assert task_with(result, "thủ tục nghiệm thu").support == []
