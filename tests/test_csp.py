"""Content-Security-Policy without 'unsafe-inline': every page says it, and in real Chromium the pages of each
role (the import review, the dashboard's charts, the print view included) break none of it."""
from datetime import date

import pytest

from tracker.models import Role

PAGES = {
    "vanphong": ["/", "/tasks/", "/directives/", "/reports/overdue", "/dashboard/", "/meetings/", "/units/",
                 "/notifications", "/imports/new", "/reports/overdue/export/html", "/reports/period"],
    "quantri": ["/admin/users", "/admin/events", "/admin/outbox", "/admin/directory/", "/api/docs"],
    "kimson": ["/", "/tasks/", "/account/reminders", "/account/password"],
}
#: Collects what the browser refused, before any page script runs.
WATCH = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
         "e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample)));")


@pytest.fixture
def people(make_user, make_unit, make_task, frozen_clock):
    frozen_clock(date(2023, 10, 10))
    kim_son = make_unit("Xã Kim Sơn")
    make_user("vanphong", Role.OFFICE)
    make_user("quantri", Role.ADMIN)
    make_user("kimson", Role.UNIT, kim_son)
    return make_task(kim_son, text="Phát triển sản phẩm OCOP", deadline_on=date(2023, 9, 30))


def test_every_page_sends_a_policy_without_inline_code(people, make_client):
    for username, urls in PAGES.items():
        client = make_client(username)
        for url in urls + [f"/tasks/{people.id}"]:
            response = client.get(url)
            policy = response.headers.get("Content-Security-Policy", "")
            assert response.status_code == 200, url
            assert "script-src 'self'" in policy and "unsafe-inline" not in policy, (url, policy)
            assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy


@pytest.mark.browser
def test_no_page_breaks_the_policy_in_chromium(people, page, log_in, sample_notice):
    page.add_init_script(WATCH)
    broken = []
    for username, urls in PAGES.items():
        page.context.clear_cookies()
        log_in(page, username)
        for url in urls + [f"/tasks/{people.id}"]:
            page.goto(url)
            page.wait_for_load_state("load")
            broken += [f"{username} {url}: {v}" for v in page.evaluate("window.__csp")]
        if username == "vanphong":  # the import review screen: its unit pickers and scripts
            page.goto("/imports/new")
            page.set_input_files("#file", str(sample_notice))
            page.click("main button[type=submit]")
            page.wait_for_selector(".task-card")
            broken += [f"review: {v}" for v in page.evaluate("window.__csp")]
    assert not broken, "\n".join(broken)
