"""Search as Vietnamese is typed: diacritics, case, "đ"/"d", NFC/NFD, several words; on every list."""
import unicodedata

import pytest
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Directive, Role, Task, Unit, User
from tracker.search import fold, highlight, matches

NFD = unicodedata.normalize("NFD", "Xây dựng nông thôn mới")

CASES = [
    # (stored text, query, found)
    ("Xây dựng nông thôn mới nâng cao", "nông thôn mới", True),
    ("Xây dựng nông thôn mới nâng cao", "nong thon moi", True),
    ("Xây dựng nông thôn mới nâng cao", "NÔNG THÔN MỚI", True),
    ("XÂY DỰNG NÔNG THÔN MỚI", "nông thôn mới", True),
    ("XÂY DỰNG NÔNG THÔN MỚI", "xay dung", True),
    ("Công tác giải phóng mặt bằng", "giai phong mat bang", True),
    ("Phòng, chống dịch sốt xuất huyết", "sot xuat huyet", True),
    ("Đường giao thông xã Kim Sơn", "duong", True),
    ("Đường giao thông xã Kim Sơn", "ĐƯỜNG", True),
    ("Đường giao thông xã Kim Sơn", "kim son", True),
    ("Đường giao thông xã Kim Sơn", "son kim", True),        # every word, in any order
    ("Đường giao thông xã Kim Sơn", "kim thủy", False),      # every word must be there
    (NFD, "xây dựng", True),                                 # stored decomposed
    ("Xây dựng nông thôn mới", NFD, True),                   # typed decomposed
    ("Phát triển sản phẩm OCOP", "ocop", True),
    ("Phát triển sản phẩm OCOP", "sản xuất", False),
    ("Tỷ lệ 100% hộ dân", "100%", True),                     # % is a letter, not a wildcard
    ("Tỷ lệ 90 hộ dân", "100%", False),
    ("Mã số a_b", "a_b", True),
    ("Mã số axb", "a_b", False),                             # _ is a letter, not a wildcard
]


@pytest.mark.parametrize("text,query,found", CASES)
def test_folded_task_search(make_unit, make_task, text, query, found):
    task = make_task(make_unit(), text=text)
    hit = db.session.scalar(sa.select(Task.id).where(matches(Task.text_folded, query)))
    assert (hit == task.id) is found


def test_fold():
    assert fold("Nông thôn MỚI, Đường Ủy ban") == "nong thon moi, duong uy ban"
    assert fold(NFD) == fold("Xây dựng nông thôn mới") == "xay dung nong thon moi"


def test_folded_column_follows_edits_and_bulk_inserts(make_unit, make_task):
    task = make_task(make_unit(), text="Nông thôn mới")
    task.text = "Giải phóng mặt bằng"
    db.session.commit()
    assert db.session.scalar(sa.select(Task.text_folded).where(Task.id == task.id)) == "giai phong mat bang"
    db.session.execute(sa.insert(Unit), [{"name": "Xã Định Hóa", "kind": "commune", "aliases": ["ĐH"]}])
    db.session.commit()
    assert db.session.scalar(sa.select(Unit.search_folded).where(Unit.name == "Xã Định Hóa")) == "xa dinh hoa | dh"


def test_highlight_marks_folded_matches():
    assert str(highlight("Xã Kim Sơn <b>", "kim son")) == "Xã <mark>Kim</mark> <mark>Sơn</mark> &lt;b&gt;"
    assert str(highlight("Đường", "duong")) == "<mark>Đường</mark>"
    assert str(highlight("Đường", "")) == "Đường"


def test_excerpt_shows_the_match():
    from tracker.search import excerpt

    long = "Mở đầu dài dòng " * 30 + "xây dựng nông thôn mới nâng cao" + " phần sau" * 30
    shown = str(excerpt(long, "nong thon moi", 200))
    assert shown.startswith("…") and shown.endswith("…") and len(shown) < 260
    assert "<mark>nông</mark> <mark>thôn</mark> <mark>mới</mark>" in shown
    assert str(excerpt("Ngắn gọn", "gon")) == "Ngắn <mark>gọn</mark>"
    assert str(excerpt("Không có gì " * 40, "")).endswith("…")


def test_task_list_search_ranks_exact_first_and_highlights(office, make_unit, make_task):
    unit = make_unit()
    exact = make_task(unit, text="Rà soát nông thôn mới")
    capitals = make_task(unit, text="XÂY DỰNG NÔNG THÔN MỚI")
    plain = make_task(unit, text="Ra soat nong thon moi (khong dau)")  # the newest: first but for the rank
    html = office.get("/tasks/?q=nông+thôn+mới&unit=0").get_data(as_text=True)
    assert all(f"/tasks/{t.id}" in html for t in (plain, exact, capitals))
    assert html.index(f"/tasks/{exact.id}\"") < html.index(f"/tasks/{plain.id}\"")
    assert "<mark>nông</mark> <mark>thôn</mark> <mark>mới</mark>" in html
    for query in ("nong thon moi", "NÔNG THÔN MỚI", "NONG THON"):
        html = office.get("/tasks/", query_string={"q": query, "unit": 0}).get_data(as_text=True)
        assert all(f"/tasks/{t.id}\"" in html for t in (plain, exact, capitals)), query
    html = office.get("/tasks/?q=sot+xuat+huyet&unit=0").get_data(as_text=True)
    assert "Không tìm thấy nhiệm vụ phù hợp." in html


def test_api_search_folds(office, make_unit, make_task):
    task = make_task(make_unit(), text="Phòng, chống dịch sốt xuất huyết")
    make_task(make_unit(), text="Chuyển đổi số")
    data = office.get("/api/tasks?q=SOT+XUAT+HUYET").get_json()
    assert [t["id"] for t in data["items"]] == [task.id]


def test_directive_search(office, make_directive):
    upper = make_directive(title="THÔNG BÁO KẾT LUẬN CỦA THƯỜNG TRỰC HUYỆN ỦY")
    lower = make_directive(title="Thông báo kết luận hội nghị")
    other = make_directive(title="Kế hoạch chuyển đổi số", issuer="Ban Chỉ đạo")
    html = office.get("/directives/?q=thông+báo").get_data(as_text=True)
    assert f"/directives/{upper.id}\"" in html and f"/directives/{lower.id}\"" in html
    assert f"/directives/{other.id}\"" not in html
    assert f"/directives/{other.id}\"" in office.get("/directives/?q=ban+chi+dao").get_data(as_text=True)
    assert "Không tìm thấy văn bản phù hợp." in office.get("/directives/?q=xyz").get_data(as_text=True)
    assert db.session.scalar(sa.select(Directive.search_folded).where(Directive.id == other.id)).startswith("ke hoach")


def test_units_users_and_audit_search(make_user, make_client, make_unit, make_task):
    make_unit("Xã Kim Sơn", aliases=["UBND xã Kim Sơn"])
    make_unit("Phòng Y tế")
    admin = make_user("quantri", Role.ADMIN)
    found = make_user("nguyenvana", Role.OFFICE, full_name="Nguyễn Văn Ánh")
    client = make_client("quantri")
    html = client.get("/units/?q=KIM+SON").get_data(as_text=True)
    assert "<mark>Kim</mark> <mark>Sơn</mark>" in html and "Phòng Y tế" not in html
    assert "Không tìm thấy đơn vị phù hợp." in client.get("/units/?q=hai+phong").get_data(as_text=True)
    html = client.get("/admin/users?q=nguyen+van+anh").get_data(as_text=True)
    assert f"/users/{found.id}/" in html and f"/users/{admin.id}/" not in html
    assert "<mark>Nguyễn</mark> <mark>Văn</mark> <mark>Ánh</mark>" in html
    task = make_task(make_unit(), text="Giải phóng mặt bằng dự án")
    make_task(make_unit(), text="Chuyển đổi số")
    html = client.get("/admin/events?q=giai+phong").get_data(as_text=True)
    assert f"/tasks/{task.id}\"" in html and "<mark>Giải</mark> <mark>phóng</mark>" in html
    assert "Chuyển đổi số" not in html


def test_usernames_are_case_insensitive(make_user, client, ctx):
    from tracker.services import ServiceError
    from tracker.services.org import save_user

    make_user("kimson", Role.OFFICE)
    login_page = client.http.get("/login").get_data(as_text=True)
    assert 'autocapitalize="off"' in login_page and 'autocomplete="username"' in login_page
    client.login("KIMSON")
    with pytest.raises(ServiceError, match="đã được dùng"):
        save_user(None, username="KimSon", role=Role.OFFICE, password="Trà Cú mùa nước nổi")
    db.session.rollback()
    user = save_user(None, username="  NguyenVanB ", role=Role.LEADER, password="Trà Cú mùa nước nổi")
    db.session.commit()
    assert user.username == "nguyenvanb"
    assert db.session.scalar(sa.select(User.search_folded).where(User.id == user.id)).startswith("nguyenvanb")
