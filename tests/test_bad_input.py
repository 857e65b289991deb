"""Bad input never gets a 500: every route, for a user of each kind, with a corpus of hostile values in its
path, its query and its form. An allowed user gets a 4xx or the page with its messages; nothing breaks."""
import pytest

from test_authorization import PARAMS, routes, world  # noqa: F401 - `world` is a fixture used below

#: Values that broke pages before: beyond 32/64-bit ids, Unicode digits, blank, dates out of range, NUL.
BAD_VALUES = ["", "-1", "²", "１２", "99999999999999999999", "2147483648", "31/12/9999", "01/01/0001", "a\x00b",
              "' OR 1=1 --%_", "x" * 5000]
#: Every query argument and form field name a list, report or form of the app reads.
NAMES = ["q", "unit", "status", "cls", "page", "per_page", "directive", "number", "meeting", "committee", "as_of",
         "from", "to", "deadline_from", "deadline_to", "kind", "actor", "task", "date_from", "date_to", "text",
         "summary", "reason", "note", "new_deadline_on", "unit_id", "username", "password", "full_name", "email",
         "title", "issuer", "issued_on", "deadline_on", "period_end_on", "lead_units", "support_units",
         "source_ref", "report_every", "meeting_id", "held_on", "name", "short_name", "parent_id", "sort_order",
         "role", "current", "new", "confirm", "wants_reminders", "tasks-0-lead_units", "tasks-0-deadline_on"]
HUGE_IDS = [2**31, 2**63, 10**30]
USERS = {"office": "vanphong", "unit": "kimson", "admin": "quantri", "leader": "lanhdao"}


@pytest.mark.parametrize("role", ["admin", "unit"])  # admin: every staff page too
def test_no_route_answers_500_to_bad_values(role, world, make_client, app):  # noqa: F811
    client = make_client(USERS[role])
    adapter = app.url_map.bind("localhost")
    failures = []
    for endpoint, method, rule in sorted(routes(app), key=lambda r: (r[0] == "auth.logout", r[0], r[1])):
        if endpoint == "auth.logout":
            continue
        url = adapter.build(endpoint, {arg: PARAMS[arg](world) for arg in rule.arguments}, method=method)
        for value in BAD_VALUES:
            fields = dict.fromkeys(NAMES, value)
            if method == "GET":
                response = client.http.get(url, query_string=fields)
            else:
                response = client.post(url, fields, page="/")
            if response.status_code >= 500:
                failures.append(f"{method} {url} with {value[:20]!r}: {response.status_code}")
    assert not failures, "\n".join(failures[:40])


def test_ids_beyond_the_database_range_are_404(world, make_client, app):  # noqa: F811
    client = make_client("vanphong")
    failures = []
    for endpoint, method, rule in routes(app):
        int_args = [a for a in rule.arguments if a.endswith("_id")]
        if not int_args or method != "GET":
            continue
        for huge in HUGE_IDS:
            path = rule.rule
            for arg in rule.arguments:
                value = huge if arg in int_args else PARAMS[arg](world)
                path = path.replace(f"<int:{arg}>", str(value)).replace(f"<{arg}>", str(value))
            response = client.get(path)
            if response.status_code != 404:
                failures.append(f"{path}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_control_characters_are_refused_before_any_view(make_client, make_user):
    make_user("vanphong")
    client = make_client()
    response = client.post("/login", {"username": "van\x00phong", "password": "x"})
    assert response.status_code == 400 and "ký tự điều khiển" in response.get_data(as_text=True)
    api = make_client("vanphong").get("/api/tasks", query_string={"q": "a\x00"})
    assert api.status_code == 400 and "ký tự điều khiển" in api.get_json()["message"]
