"""The REST API: tokens (made once, hashed, revocable, scoped to their owner), the same rules as the pages,
JSON errors, pages with totals, ETags, the workflow's actions and a directive from a notice's text."""
import io
from datetime import date
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from conftest import count_queries
from tracker.extensions import db
from tracker.models import AccessToken, AssignmentState, Directive, Role, TokenKind
from tracker.services import tokens
from tracker.services.tokens import digest


@pytest.fixture
def api(make_unit, make_user, make_task, frozen_clock, ctx):
    """Two units with a task each (Kim Sơn also supports Y tế's), a user of each role, and a token of each user."""
    frozen_clock(date(2023, 9, 20))
    kimson, yte = make_unit("Xã Kim Sơn"), make_unit("Phòng Y tế")
    users = {"admin": make_user("quantri", Role.ADMIN), "office": make_user("vanphong", Role.OFFICE),
             "leader": make_user("lanhdao", Role.LEADER), "kimson": make_user("kimson", Role.UNIT, kimson),
             "yte": make_user("yte", Role.UNIT, yte)}
    ours = make_task(kimson, deadline_on=date(2023, 9, 30), text="Rà soát hộ nghèo")
    theirs = make_task(yte, support=[kimson], deadline_on=date(2023, 10, 31), text="Tiêm chủng mở rộng")
    secrets = {}
    for name, user in users.items():
        _, secrets[name] = tokens.create_token(user, TokenKind.API, f"Mã của {name}")
    db.session.commit()
    client = ctx.test_client()

    def call(who, method, url, **kw):
        headers = kw.pop("headers", {}) | {"Authorization": f"Bearer {secrets[who]}"}
        return client.open(url, method=method, headers=headers, **kw)

    return SimpleNamespace(call=call, users=users, ours=ours, theirs=theirs, secrets=secrets, client=client,
                           kimson=kimson, yte=yte)


def test_token_is_shown_once_and_kept_only_as_a_hash(make_user, make_client):
    make_user("vanphong", Role.OFFICE)
    c = make_client("vanphong")
    page = c.post("/account/tokens", {"api-name": "Hệ thống văn bản"}, page="/account/tokens")
    html = page.get_data(as_text=True)
    secret = html.split('id="shown-secret"')[1].split('value="')[1].split('"')[0]
    token = db.session.scalar(sa.select(AccessToken))
    assert token.token_hash == digest(secret) and secret not in (token.token_hash, token.hint, token.name)
    assert secret not in c.get("/account/tokens").get_data(as_text=True)
    assert c.http.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).get_json()["username"] == "vanphong"


def test_a_token_sees_what_its_owner_sees(api):
    mine = api.call("kimson", "GET", "/api/tasks").get_json()
    assert {t["id"] for t in mine["items"]} == {api.ours.id, api.theirs.id} and mine["total"] == 2
    assert api.call("yte", "GET", "/api/tasks").get_json()["total"] == 1
    assert api.call("yte", "GET", f"/api/tasks/{api.ours.id}").status_code == 404
    assert api.call("yte", "GET", "/api/outbox").status_code == 403
    assert api.call("admin", "GET", "/api/outbox").status_code == 200
    assert api.call("leader", "GET", "/api/me").get_json()["role"] == "leader"


def test_a_unit_token_cannot_act_for_another_unit(api):
    lead_of_theirs = api.theirs.leads[0]  # Y tế's, on a task Kim Sơn can see (it supports it)
    refused = api.call("kimson", "POST", f"/api/assignments/{lead_of_theirs.id}/done",
                       data={"summary": "Xong rồi"})
    assert refused.status_code == 403 and refused.get_json()["code"] == "forbidden"
    hidden = api.call("yte", "POST", f"/api/assignments/{api.ours.leads[0].id}/done", data={"summary": "Xong"})
    assert hidden.status_code == 404
    db.session.expire_all()
    assert {a.state for a in api.ours.assignments + api.theirs.assignments} == {AssignmentState.OPEN}


def test_revoked_and_unknown_tokens_are_refused(api):
    token = db.session.scalar(sa.select(AccessToken).where(AccessToken.user_id == api.users["kimson"].id))
    tokens.revoke_token(token, api.users["kimson"])
    db.session.commit()
    refused = api.call("kimson", "GET", "/api/tasks")
    assert refused.status_code == 401 and refused.get_json()["message"] == "Mã API không hợp lệ hoặc đã bị thu hồi."
    assert api.client.get("/api/tasks", headers={"Authorization": "Bearer khong-co"}).status_code == 401
    assert api.client.get("/api/tasks", headers={"Authorization": "Basic eDp5"}).status_code == 401


def test_session_changes_need_the_csrf_token_but_token_calls_do_not(api, make_client):
    a = api.ours.leads[0]
    session = make_client("kimson")
    refused = session.http.post(f"/api/assignments/{a.id}/decline", json={"reason": "Không thuộc đơn vị"})
    assert refused.status_code == 400 and refused.get_json()["code"] == "csrf"
    ok = api.call("kimson", "POST", f"/api/assignments/{a.id}/decline", json={"reason": "Không thuộc đơn vị"})
    assert ok.status_code == 200 and ok.get_json()["declined"] is True


def test_workflow_through_the_api(api):
    a = api.ours.leads[0]
    done = api.call("kimson", "POST", f"/api/assignments/{a.id}/done",
                    data={"summary": "Đã rà soát 120 hộ", "files": (io.BytesIO(b"%PDF-1.4 x"), "ket-qua.pdf")},
                    content_type="multipart/form-data")
    assert done.status_code == 200 and done.get_json()["state"] == "reported_done"
    assert done.get_json()["reported_done_on"] == "2023-09-20"
    assert api.call("leader", "POST", f"/api/assignments/{a.id}/confirm", json={}).status_code == 403
    confirmed = api.call("office", "POST", f"/api/assignments/{a.id}/confirm", json={"note": "Tốt"})
    assert confirmed.get_json()["state"] == "done"
    again = api.call("office", "POST", f"/api/assignments/{a.id}/confirm", json={})
    assert again.status_code == 409 and again.get_json()["code"] == "refused"

    b = api.theirs.leads[0]
    asked = api.call("yte", "POST", f"/api/assignments/{b.id}/extension",
                     json={"new_deadline_on": "2023-11-30", "reason": "Chờ vắc-xin"})
    extension_id = asked.get_json()["pending_extension_id"]
    early = api.call("yte", "POST", f"/api/assignments/{b.id}/extension",
                     json={"new_deadline_on": "2023-09-01", "reason": "x"})
    assert early.status_code == 409  # one pending request at a time
    approved = api.call("leader", "POST", f"/api/extensions/{extension_id}/approve", json={})
    assert approved.status_code == 200 and approved.get_json()["deadline"] == "2023-11-30"


def test_bad_input_is_a_json_4xx_with_a_vietnamese_message(api):
    a = api.theirs.leads[0]
    missing = api.call("yte", "POST", f"/api/assignments/{a.id}/extension", json={"reason": "x"})
    body = missing.get_json()
    assert missing.status_code == 422 and body["code"] == "invalid_input"
    assert body["errors"]["json"]["new_deadline_on"] == ["Thiếu trường bắt buộc."]
    past = api.call("yte", "POST", f"/api/assignments/{a.id}/extension",
                    json={"new_deadline_on": "2023-10-01", "reason": "x"})
    assert past.status_code == 422 and past.get_json()["message"].startswith("Thời hạn đề nghị phải sau")
    assert api.call("yte", "GET", "/api/tasks?page=0").status_code == 422
    nul = api.call("yte", "GET", "/api/tasks?q=%00")  # refused before any view, for every route (web.py)
    assert nul.status_code == 400 and nul.get_json()["code"] == "bad_request"
    assert api.call("yte", "GET", "/api/tasks/99999999999").status_code == 404
    assert api.call("yte", "POST", f"/api/assignments/{a.id}/decline", data="{", content_type="application/json"
                    ).status_code in (400, 422)


def test_pages_carry_totals_and_reads_an_etag(api):
    page = api.call("office", "GET", "/api/tasks?per_page=1").get_json()
    assert (page["total"], page["pages"], len(page["items"])) == (2, 2, 1)
    first = api.call("office", "GET", "/api/tasks?per_page=1&q=hộ nghèo")
    etag = first.headers["ETag"]
    same = api.call("office", "GET", "/api/tasks?per_page=1&q=hộ nghèo", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.data == b""
    api.call("kimson", "POST", f"/api/assignments/{api.ours.leads[0].id}/decline", json={"reason": "Không phải việc"})
    changed = api.call("office", "GET", "/api/tasks?per_page=1&q=hộ nghèo", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_the_task_list_sends_the_same_queries_for_more_tasks_and_units(api, make_task):
    """Units, extension requests and actions come with the page, not one query per assignment."""
    api.call("office", "GET", "/api/tasks?per_page=50")  # the token's first use of the day is written once
    db.session.expire_all()  # each request below starts from nothing loaded
    with count_queries() as few:
        assert api.call("office", "GET", "/api/tasks?per_page=50").status_code == 200
    for i in range(6):
        make_task([api.kimson, api.yte], text=f"Việc {i}", deadline_on=date(2023, 10, 1 + i))
    db.session.expire_all()
    with count_queries() as many:
        body = api.call("office", "GET", "/api/tasks?per_page=50").get_json()
    assert body["total"] == 8 and sum(len(t["assignments"]) for t in body["items"]) == 3 + 12
    assert len(many) == len(few)


def test_a_directive_from_text_then_confirmed(district, sample_notice, make_user, ctx):
    office, unit_user = make_user("vanphong", Role.OFFICE), make_user("kimson", Role.UNIT, district["Xã Kim Sơn"])
    _, secret = tokens.create_token(office, TokenKind.API, "VB")
    _, unit_secret = tokens.create_token(unit_user, TokenKind.API, "VB")
    db.session.commit()
    client = ctx.test_client()
    as_office = {"Authorization": f"Bearer {secret}"}
    text = open(sample_notice, encoding="utf-8").read()
    proposal = client.post("/api/directives/proposal", json={"text": text}, headers=as_office)
    assert proposal.status_code == 200
    proposed = proposal.get_json()
    assert proposed["directive"]["issued_on"] == "2023-09-12" and len(proposed["tasks"]) > 5
    first = next(t for t in proposed["tasks"] if t["lead_unit_ids"])
    body = {"number": "152-TB/HU", "issued_on": proposed["directive"]["issued_on"],
            "issuer": proposed["directive"]["issuer"] or "Thường trực Huyện ủy",
            "title": proposed["directive"]["title"] or "Thông báo kết luận",
            "tasks": [{"text": first["text"], "lead_unit_ids": first["lead_unit_ids"],
                       "deadline_on": first["deadline_on"], "source_ref": first["ref"]}]}
    bad = client.post("/api/directives", json=body | {"tasks": [{"text": "x", "lead_unit_ids": [999999]}]},
                      headers=as_office)
    assert bad.status_code == 422 and db.session.scalar(sa.select(sa.func.count()).select_from(Directive)) == 0
    made = client.post("/api/directives", json=body, headers=as_office)
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["tasks"][0]["text"] == first["text"]
    assert client.post("/api/directives", json=body, headers={"Authorization": f"Bearer {unit_secret}"}
                       ).status_code == 403


def test_openapi_page_lists_every_endpoint(app, client):
    spec = client.get("/api/openapi.json").get_json()
    page = client.get("/api/docs").get_data(as_text=True)
    api_rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")]
    assert len(api_rules) == 20  # 19 paths: /api/directives has GET and POST
    for rule in api_rules:
        path = rule.rule
        for arg in rule.arguments:
            path = path.replace(f"<int(max=2147483647):{arg}>", "{" + arg + "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in spec["paths"][path], (method, path)
            assert f"<code>{method} {path}</code>" in page
