"""Notice → tasks through the web: upload, review, confirm; bad input refused with nothing saved."""
import io
import json
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
