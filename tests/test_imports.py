"""Notice → tasks through the web: upload, review, confirm; bad input refused with nothing saved."""
import io
import json
import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Directive, Role, Task, Unit

from tracker.demo import NOTICE_PATH as NOTICE
OCOP_COMMUNES = ["Xã Ngãi Xuyên", "Xã Kim Sơn", "Xã Hàm Tân", "Xã Định An", "Xã Thanh Sơn", "Xã Tân Hiệp",
                 "Thị trấn Trà Cú"]


class FormScraper(HTMLParser):
    """Collects what a browser would submit from the form with id `form_id`."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields, self.select, self.textarea = form_id, False, [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "y")))
            elif a.get("type") != "submit":
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value")))
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def scrape(html, form_id="review-form"):
    parser = FormScraper(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def upload(office, name, content: bytes):
    return office.post("/imports/new", {"text": "", "file": (io.BytesIO(content), name)}, page="/imports/new",
                       content_type="multipart/form-data")


def test_upload_review_confirm(office, district):
    review = upload(office, "thong-bao.txt", NOTICE.read_bytes())
    html = review.get_data(as_text=True)
    assert review.status_code == 200 and "Rà soát nhiệm vụ đề xuất" in html
    assert html.count('class="task-card') >= 17
    assert '<mark id="src-' in html  # the source is highlighted
    data = scrape(html)
    ocop = [k for k, v in data.items() if k.endswith("-text") and "sản phẩm OCOP" in v[0]][0]
    prefix = ocop[: -len("text")]
    ocop_leads = {db.session.get(Unit, int(i)).name for i in data[prefix + "lead_units"]}
    assert set(OCOP_COMMUNES) <= ocop_leads

    # Items addressed to everyone ("các cơ quan, đơn vị, địa phương") get no lead: staff choose one.
    without_lead = [k for k in data if k.endswith("-text") and not data.get(k[: -len("text")] + "lead_units")]
    assert len(without_lead) <= 6
    refused = office.post("/imports/confirm", data, page="/imports/new")
    assert refused.status_code == 200 and "Vui lòng chọn ít nhất một đơn vị chủ trì." in refused.get_data(as_text=True)
    assert count(Directive) == 0
    for key in without_lead:
        data[key[: -len("text")] + "lead_units"] = [str(district["Văn phòng Huyện ủy"].id)]
    done = office.post("/imports/confirm", data, page="/imports/new")
    import re; assert done.status_code == 302, re.findall(r"invalid-feedback[^<]*<|alert-danger[^<]*<[^<]*<", done.get_data(as_text=True))
    directive = db.session.scalar(sa.select(Directive))
    assert len(directive.tasks) == html.count('class="task-card')
    assert "Thường trực Huyện ủy" in directive.full_text
    saved = next(t for t in directive.tasks if "sản phẩm OCOP" in t.text)
    assert set(OCOP_COMMUNES) <= {a.unit.name for a in saved.leads}
    assert saved.deadline_on is not None and saved.deadline_phrase


def test_excluding_a_task_and_missing_lead(office, district):
    html = upload(office, "tb.txt", NOTICE.read_bytes()).get_data(as_text=True)
    data = scrape(html)
    data.pop("tasks-0-include", None)  # staff untick the first proposal
    for key in [k for k in data if k.endswith("-text")]:
        data.setdefault(key[: -len("text")] + "lead_units", [str(district["Văn phòng Huyện ủy"].id)])
    data["tasks-1-lead_units"] = []  # and clear the lead of the second
    again = office.post("/imports/confirm", data, page="/imports/new")
    assert again.status_code == 200
    assert "Vui lòng chọn ít nhất một đơn vị chủ trì." in again.get_data(as_text=True)
    assert count(Directive) == 0 and count(Task) == 0
    data["tasks-1-lead_units"] = [str(district["Ủy ban nhân dân huyện"].id)]
    saved = office.post("/imports/confirm", data, page="/imports/new")
    assert saved.status_code == 302
    assert count(Task) == html.count('class="task-card') - 1


@pytest.mark.parametrize("name, content, message", [
    ("thong-bao.ppt", b"%PDF-1.4 ...", "Chỉ nhận tệp"),
    ("trong.txt", b"", "rỗng"),
    ("khong-co-viec.txt", "Hôm nay trời đẹp. Mọi người đi chơi.".encode(), "Không tìm thấy nhiệm vụ"),
])
def test_bad_uploads_are_refused(office, district, name, content, message):
    response = upload(office, name, content)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert count(Directive) == 0


def test_too_large_notice(office, district, app):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    try:
        html = upload(office, "lon.txt", NOTICE.read_bytes()).get_data(as_text=True)
    finally:
        app.config["UPLOAD_MAX_BYTES"] = 10 * 1024 * 1024
    assert "quá lớn" in html and count(Directive) == 0


def test_paste_nothing(office):
    html = office.post("/imports/new", {"text": "  "}).get_data(as_text=True)
    assert "Vui lòng dán nội dung văn bản" in html


def test_units_cannot_import(make_user, make_client, make_unit):
    make_user("xa", Role.UNIT, make_unit())
    c = make_client("xa")
    assert c.get("/imports/new").status_code == 403
    assert c.post("/imports/confirm", {}, page="/").status_code == 403


def test_cli_extract_json_with_directory(ctx, district):
    result = ctx.test_cli_runner().invoke(args=["tracker", "extract", str(NOTICE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["directive"]) >= {"number", "date", "meeting_date", "title", "issuer", "signer", "period_end"}
    assert data["directive"]["period_end"] == "2023-09-30"
    task = next(t for t in data["tasks"] if "sản phẩm OCOP" in t["text"])
    assert set(task) >= {"ref", "text", "lead", "support", "mentions", "deadline", "deadline_phrase", "deadline_source"}
    assert set(OCOP_COMMUNES) <= set(task["lead"])


def test_cli_extract_without_database(tmp_path, monkeypatch):
    """No usable database: the generic vocabulary alone, still the same shape."""
    from tracker import create_app

    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'none.db'}"})
    result = app.test_cli_runner().invoke(args=["tracker", "extract", str(NOTICE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert 17 <= len(data["tasks"]) <= 22
    assert all(isinstance(t["lead"], list) for t in data["tasks"])


def test_unit_directory_follows_changes(ctx, district):
    """The matcher is cached per process but sees a renamed or added unit at once."""
    from tracker.services.notices import unit_directory

    first = unit_directory()
    assert unit_directory() is first
    district["Xã Kim Sơn"].aliases = ["Kim Sơn mới"]
    db.session.add(Unit(name="Xã Kim Sơn Đông", kind="commune", groups=["các xã, thị trấn"]))
    db.session.commit()
    second = unit_directory()
    assert second is not first
    assert "Xã Kim Sơn Đông" in {e.name for e in second.entries}


def test_deadline_before_the_notice_date_is_refused_on_its_task(office, district):
    data = scrape(upload(office, "tb.txt", NOTICE.read_bytes()).get_data(as_text=True))
    for key in [k for k in data if k.endswith("-text")]:
        data.setdefault(key[: -len("text")] + "lead_units", [str(district["Văn phòng Huyện ủy"].id)])
    data["issued_on"] = ["14/09/2023"]
    data["tasks-2-deadline_on"] = ["01/09/2023"]
    again = office.post("/imports/confirm", data, page="/imports/new")
    assert again.status_code == 200
    assert "Thời hạn không được trước ngày ban hành văn bản (14/09/2023)." in again.get_data(as_text=True)
    assert count(Directive) == 0 and count(Task) == 0


def _fill_leads(data, district):
    for key in [k for k in data if k.endswith("-text")]:
        data.setdefault(key[: -len("text")] + "lead_units", [str(district["Văn phòng Huyện ủy"].id)])
    return data


def test_over_the_request_limit_comes_back_to_the_form_with_the_text(office, district, app):
    pasted = "Nội dung đã dán của thông báo, giữ lại khi tệp bị từ chối."
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    try:
        response = office.post("/imports/new", {"text": pasted, "file": (io.BytesIO(b"x" * 200_000), "lon.pdf")},
                               page="/imports/new", content_type="multipart/form-data")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert 'id="notice-form"' in html and "Tệp tải lên quá lớn; dung lượng tối đa cho phép là 10 MB" in html
    assert pasted in html
    assert count(Directive) == 0


def test_the_form_shows_the_limit_it_enforces(office, app):
    html = office.get("/imports/new").get_data(as_text=True)
    assert "Dung lượng tối đa 10 MB" in html
    app.config["UPLOAD_MAX_BYTES"] = 3 * 1024 * 1024
    try:
        html = office.get("/imports/new").get_data(as_text=True)
    finally:
        app.config["UPLOAD_MAX_BYTES"] = 10 * 1024 * 1024
    assert "Dung lượng tối đa 3 MB" in html


def test_text_pdf_import_keeps_the_original_on_the_directive(office, district):
    from tests.extract.test_extract_formats import sample_pdf

    pdf = sample_pdf()
    html = upload(office, "TB 123-TB-HU.pdf", pdf).get_data(as_text=True)
    assert "Rà soát nhiệm vụ đề xuất" in html and "TB 123-TB-HU.pdf" in html
    saved = office.post("/imports/confirm", _fill_leads(scrape(html), district), page="/imports/new")
    assert saved.status_code == 302, re.findall(r'invalid-feedback[^>]*>([^<]*)<', saved.get_data(as_text=True))
    directive = db.session.scalar(sa.select(Directive))
    assert directive.original.original_name == "TB 123-TB-HU.pdf"
    page = office.get(f"/directives/{directive.id}").get_data(as_text=True)
    assert f"/imports/original/{directive.id}" in page
    download = office.get(f"/imports/original/{directive.id}")
    assert download.status_code == 200 and download.data == pdf
    assert "attachment" in download.headers["Content-Disposition"]


def test_a_forged_original_token_attaches_nothing(office, district):
    data = _fill_leads(scrape(upload(office, "tb.txt", NOTICE.read_bytes()).get_data(as_text=True)), district)
    data["original"] = ["eyJzdG9yZWQiOiJ4LnR4dCJ9.forged"]
    assert office.post("/imports/confirm", data, page="/imports/new").status_code == 302
    assert db.session.scalar(sa.select(Directive)).original is None


@pytest.mark.parametrize("name", ["thong-bao-mau.doc", "thong-bao-mau.odt"])
def test_doc_and_odt_uploads_are_proposed(office, district, name):
    from pathlib import Path

    html = upload(office, name, (Path(__file__).parent / "fixtures" / name).read_bytes()).get_data(as_text=True)
    assert "Rà soát nhiệm vụ đề xuất" in html and html.count('class="task-card') >= 17


def test_scanned_pdf_is_refused_with_a_clear_message(office, district):
    from tests.extract.test_extract_formats import scanned_pdf

    html = upload(office, "ban-quet.pdf", scanned_pdf()).get_data(as_text=True)
    assert "không có lớp chữ (có vẻ là bản quét" in html and 'id="notice-form"' in html
    assert count(Directive) == 0


def test_importing_the_same_notice_again_shows_the_existing_one(office, district):
    first = _fill_leads(scrape(upload(office, "tb.txt", NOTICE.read_bytes()).get_data(as_text=True)), district)
    assert office.post("/imports/confirm", first, page="/imports/new").status_code == 302
    existing = db.session.scalar(sa.select(Directive))
    again = upload(office, "tb.txt", NOTICE.read_bytes()).get_data(as_text=True)
    assert 'id="duplicate-notice"' in again and f"/directives/{existing.id}" in again
    refused = office.post("/imports/confirm", _fill_leads(scrape(again), district), page="/imports/new")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Văn bản này đã được nhập." in html and f"/directives/{existing.id}" in html
    assert 'href="#notice-fields"' in html  # the error summary points at the notice's fields
    assert count(Directive) == 1


def test_flags_of_the_sample_notice(office, district):
    html = upload(office, "tb.txt", NOTICE.read_bytes()).get_data(as_text=True)
    no_lead = html.count('flag-no_lead"')
    assert no_lead == len([k for k, v in scrape(html).items() if k.endswith("-text")
                           and not scrape(html).get(k[: -len("text")] + "lead_units")])
    assert no_lead >= 3 and "flag-deadline_from_period" in html
    flagged = html.count("task-card bg-white border rounded p-3 mb-2 needs-attention")
    assert f"{flagged} nhiệm vụ cần xem lại" in html


def test_extractor_flags_are_taken_when_given():
    from types import SimpleNamespace

    from tracker.imports.flags import task_flags

    derived = SimpleNamespace(lead_ids=[], deadline=None, deadline_source=None)
    assert task_flags(derived) == ["no_lead", "no_deadline"]
    given = SimpleNamespace(lead_ids=[1], deadline=None, deadline_source=None, flags=["doubtful_year", "unknown"])
    assert task_flags(given) == ["doubtful_year"]


def test_picker_finds_units_without_diacritics(ctx, district):
    from tracker.imports.picker import fold, picker_data

    data = picker_data()
    search = {u["text"]: u["search"] for u in data["units"]}
    assert "kim son" in search["Xã Kim Sơn"] and "ubnd" in search["Ủy ban nhân dân huyện"]
    assert fold("Đảng ủy Xã Kim Sơn") == "dang uy xa kim son"
    communes = next(g for g in data["groups"] if g["label"] == "Các xã, thị trấn")
    assert district["Xã Kim Sơn"].id in communes["ids"] and len(communes["ids"]) == 21


ALIAS_NOTICE = """HUYỆN ỦY TRÀ CÚ
Số 120-TB/HU
Trà Cú, ngày 20 tháng 11 năm 2023
THÔNG BÁO
KẾT LUẬN CỦA BAN THƯỜNG VỤ HUYỆN ỦY về công tác tuyên truyền
Ban Thường vụ Huyện ủy yêu cầu thực hiện một số nhiệm vụ sau:
1. Phòng VHTT chủ trì tổ chức các hoạt động tuyên truyền kỷ niệm ngày thành lập Đảng, hoàn thành trước ngày 30/01/2024.
2. Phòng Nội vụ rà soát, kiện toàn đội ngũ cán bộ văn hóa xã, hoàn thành trước ngày 15/12/2023.
"""


def _task_prefix(data, words):
    return next(k for k, v in data.items() if k.endswith("-text") and words in v[0])[: -len("text")]


def test_add_alias_keeps_the_name_and_logs_it(ctx, district, make_user):
    from tracker.models import AuditEvent
    from tracker.services import ServiceError
    from tracker.services.org import add_alias

    actor = make_user("vanphong", Role.OFFICE)
    unit = district["Phòng Văn hóa và Thông tin"]
    assert add_alias(unit.id, " Phòng  VHTT ", actor) is unit
    assert add_alias(unit.id, "phòng vhtt", actor) is None            # already its name, in any case: nothing
    db.session.commit()
    assert db.session.get(Unit, unit.id).aliases == ["Phòng VHTT"]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.kind == "unit_changed"))
    assert (event.subject, event.before, event.after, event.actor_id) == (
        unit.name, {"aliases": []}, {"aliases": ["Phòng VHTT"]}, actor.id)
    with pytest.raises(ServiceError, match="đã là tên của đơn vị Phòng Văn hóa và Thông tin"):
        add_alias(district["Phòng Nội vụ"].id, "PHÒNG VHTT", actor)


def test_a_mapped_phrase_is_kept_as_an_alias_and_matched_next_time(office, district):
    from tracker.models import AuditEvent

    culture = district["Phòng Văn hóa và Thông tin"]
    html = office.post("/imports/new", {"text": ALIAS_NOTICE}, page="/imports/new").get_data(as_text=True)
    assert "Ghi nhớ “<strong>Phòng VHTT</strong>”" in html
    data = scrape(html)
    prefix = _task_prefix(data, "tuyên truyền kỷ niệm")
    assert data[prefix + "learn_lead_phrase"] == ["Phòng VHTT"] and prefix + "learn_lead" not in data
    # ticked without choosing the unit: a clear error on that box, nothing saved
    data[prefix + "learn_lead"] = ["y"]
    refused = office.post("/imports/confirm", data, page="/imports/new")
    assert "hãy chọn đúng một đơn vị chủ trì" in refused.get_data(as_text=True) and count(Directive) == 0
    data[prefix + "lead_units"] = [str(culture.id)]
    done = office.post("/imports/confirm", data, page="/imports/new")
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, culture.id).aliases == ["Phòng VHTT"]
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.kind == "unit_changed")).after == {
        "aliases": ["Phòng VHTT"]}
    # the next notice with that phrase proposes the unit as lead, with nothing left to teach
    again = ALIAS_NOTICE.replace("Số 120-TB/HU", "Số 121-TB/HU")
    html = office.post("/imports/new", {"text": again}, page="/imports/new").get_data(as_text=True)
    data = scrape(html)
    prefix = _task_prefix(data, "tuyên truyền kỷ niệm")
    assert data[prefix + "lead_units"] == [str(culture.id)] and data[prefix + "learn_lead_phrase"] == [""]


def test_an_unticked_phrase_is_not_learned_and_a_failed_save_keeps_no_alias(office, district):
    culture, interior = district["Phòng Văn hóa và Thông tin"], district["Phòng Nội vụ"]
    data = scrape(office.post("/imports/new", {"text": ALIAS_NOTICE}, page="/imports/new").get_data(as_text=True))
    prefix = _task_prefix(data, "tuyên truyền kỷ niệm")
    data[prefix + "lead_units"] = [str(culture.id)]
    data[prefix + "learn_lead"] = ["y"]
    data[_task_prefix(data, "kiện toàn") + "deadline_on"] = ["01/01/2020"]   # before the notice: the save fails
    assert office.post("/imports/confirm", data, page="/imports/new").status_code == 200
    db.session.expire_all()
    assert db.session.get(Unit, culture.id).aliases == [] and count(Directive) == 0
    data[_task_prefix(data, "kiện toàn") + "deadline_on"] = ["15/12/2023"]
    del data[prefix + "learn_lead"]
    assert office.post("/imports/confirm", data, page="/imports/new").status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, culture.id).aliases == [] and db.session.get(Unit, interior.id).aliases == []
