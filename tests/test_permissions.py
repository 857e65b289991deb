"""Unit-scoped permissions, checked on the server for every route."""
from datetime import date

import pytest

from tracker.models import Role


@pytest.fixture
def two_units(make_unit, make_user, make_task):
    ours, theirs = make_unit("Ban Tổ chức Huyện ủy"), make_unit("Xã Kim Sơn")
    make_user("ours", Role.UNIT, ours)
    make_user("theirs", Role.UNIT, theirs)
    their_task = make_task(theirs, text="Việc của xã Kim Sơn", deadline_on=date(2023, 9, 30))
    our_task = make_task(ours, text="Việc của Ban Tổ chức", deadline_on=date(2023, 9, 30))
    return our_task, their_task


def test_unit_user_cannot_open_another_units_task_by_url(two_units, make_client):
    our_task, their_task = two_units
    c = make_client("ours")
    assert c.get(f"/tasks/{our_task.id}").status_code == 200
    assert c.get(f"/tasks/{their_task.id}").status_code == 404
    assert c.get(f"/api/tasks/{their_task.id}").status_code == 404
    assert c.get(f"/directives/{their_task.directive_id}").status_code == 404


def test_unit_user_cannot_change_anything_by_url(two_units, make_client):
    our_task, their_task = two_units
    c = make_client("ours")
    for url in (f"/tasks/{their_task.id}/edit", f"/tasks/{our_task.id}/edit",
                f"/directives/{their_task.directive_id}/edit", f"/directives/{our_task.directive_id}/tasks/new",
                "/directives/new", "/units/new", "/admin/users/new"):
        assert c.get(url).status_code == 403, url
        assert c.post(url, {"text": "x"}, page="/").status_code == 403, url


def test_unit_lists_show_only_own_tasks(two_units, make_client):
    c = make_client("ours")
    html = c.get("/tasks/?unit=0").get_data(as_text=True)
    assert "Việc của Ban Tổ chức" in html and "Việc của xã Kim Sơn" not in html
    items = c.get("/api/tasks").get_json()["items"]
    assert [t["text"] for t in items] == ["Việc của Ban Tổ chức"]
    their_unit = two_units[1].assignments[0].unit_id
    assert c.get(f"/api/tasks?unit={their_unit}").get_json()["items"] == []


def test_leader_reads_all_but_cannot_edit(two_units, make_user, make_client):
    make_user("lanhdao", Role.LEADER)
    c = make_client("lanhdao")
    our_task, their_task = two_units
    assert c.get(f"/tasks/{their_task.id}").status_code == 200
    assert c.get(f"/tasks/{their_task.id}/edit").status_code == 403
    assert len(c.get("/api/tasks").get_json()["items"]) == 2


def test_anonymous_is_sent_to_login_and_api_answers_json_401(two_units, client):
    response = client.get("/tasks/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    api = client.get("/api/tasks")
    assert api.status_code == 401 and api.get_json()["code"] == "unauthorized" and api.get_json()["message"]


def test_every_route_declares_an_access_rule(app):
    missing = [rule.endpoint for rule in app.url_map.iter_rules()
               if rule.endpoint != "static" and getattr(app.view_functions[rule.endpoint], "access_rule", None) is None]
    assert missing == []


def test_route_without_rule_is_refused(make_user, make_client, app):
    """A view registered without @allow is closed to everybody, admins included."""
    make_user("root", Role.ADMIN)
    c = make_client("root")
    app.view_functions["main.home"].__dict__.pop("access_rule")
    try:
        assert c.get("/").status_code == 403
    finally:
        from tracker.permissions import ANY_USER
        app.view_functions["main.home"].access_rule = (ANY_USER,)


def test_api_errors_are_json(make_user, make_client):
    make_user("vp", Role.OFFICE)
    c = make_client("vp")
    bad = c.get("/api/tasks?deadline_from=31/02/2023")
    body = bad.get_json()
    assert bad.status_code == 422 and body["code"] == "invalid_input"
    assert body["errors"]["query"]["deadline_from"] == ["Hạn từ ngày: Ngày không tồn tại."]
    assert c.get("/api/tasks?status=nonsense").status_code == 422
    missing = c.get("/api/tasks/999999")
    assert missing.status_code == 404 and missing.get_json()["message"] == "Không tìm thấy trang hoặc dữ liệu yêu cầu."
