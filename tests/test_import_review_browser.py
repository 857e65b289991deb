"""In real Chromium: the review screen of an imported notice, used with the unit picker and the keyboard."""
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from conftest import picker_ready, type_in_picker
from tracker.extensions import db
from tracker.models import AssignmentRole, Directive, Role

pytestmark = pytest.mark.browser


def upload_sample(page, sample_notice):
    page.goto("/imports/new")
    page.set_input_files("#file", str(sample_notice))
    page.click("main button[type=submit]")
    page.wait_for_selector("#review-form .ts-wrapper")


def pick(page, card, role, typed, option_text):
    """Type in a card's picker (lead or support), without diacritics, and take the option with Enter."""
    control = type_in_picker(page, card.locator(f"select[data-picker={role}] + .ts-wrapper"), typed)
    expect(card.locator(".ts-dropdown .option.active")).to_contain_text(option_text)
    control.press("Enter")
    control.press("Escape")


def test_review_with_the_picker_and_save(page, make_user, log_in, district, sample_notice):
    make_user("vanphong", Role.OFFICE)
    log_in(page, "vanphong")
    upload_sample(page, sample_notice)
    cards = page.locator(".task-card")
    proposed = cards.count()
    no_lead = page.locator(".task-card:has(.flag-no_lead)").evaluate_all("cards => cards.map(c => c.id)")
    assert len(no_lead) >= 3
    # every card without a lead: "van phong huyen uy" typed without diacritics finds Văn phòng Huyện ủy
    for card_id in no_lead:
        pick(page, page.locator(f"#{card_id}"), "lead", "van phong huyen uy", "Văn phòng Huyện ủy")
    assert page.locator(".task-card:has(.flag-no_lead)").count() == 0
    assert page.locator("#attention-count").inner_text().startswith(str(page.locator(".task-card.needs-attention").count()))
    # "ubnd" finds the People's Committee through its alias; a group adds every commune, then one is removed
    first = cards.nth(0)
    pick(page, first, "support", "ubnd", "Ủy ban nhân dân huyện")
    pick(page, first, "support", "cac xa", "Nhóm: Các xã, thị trấn")
    communes = [n for n, u in district.items() if "các xã, thị trấn" in (u.groups or [])]
    chips = first.locator("select[data-picker=support] + .ts-wrapper .item")
    assert chips.count() == len(communes) + 1
    first.locator("select[data-picker=support] + .ts-wrapper .item", has_text="Xã Kim Sơn").locator(".remove").click()
    assert chips.count() == len(communes)
    # what the screen shows is what is saved
    expected = {}
    for card in cards.all():
        ref = card.locator("input[name$='-source_ref']").input_value()
        leads = card.locator("select[data-picker=lead] + .ts-wrapper .item").all_inner_texts()
        supports = card.locator("select[data-picker=support] + .ts-wrapper .item").all_inner_texts()
        expected[ref] = ({re.sub(r"\s*×$", "", x).strip() for x in leads}, {re.sub(r"\s*×$", "", x).strip() for x in supports})
    page.click("button:text-is('Xác nhận và lưu')")
    page.wait_for_selector(f"text=Đã lưu văn bản với {proposed} nhiệm vụ")
    db.session.expire_all()
    directive = db.session.scalar(sa.select(Directive))
    saved = {t.source_ref: ({a.unit.name for a in t.assignments if a.role == AssignmentRole.LEAD},
                            {a.unit.name for a in t.assignments if a.role == AssignmentRole.SUPPORT})
             for t in directive.tasks}
    assert saved == expected
    assert any("Xã Ngãi Xuyên" in s and "Xã Kim Sơn" not in s and "Ủy ban nhân dân huyện" in s for _, s in saved.values())
    # the uploaded original is on the directive's page
    assert sample_notice.name in page.locator("#directive-original").inner_text()


def test_counter_and_error_summary_link_to_their_cards(page, make_user, log_in, district, sample_notice):
    make_user("vanphong", Role.OFFICE)
    log_in(page, "vanphong")
    upload_sample(page, sample_notice)
    links = page.locator("#attention-links a")
    flagged_ids = page.locator(".task-card.needs-attention").evaluate_all("cards => cards.map(c => c.id)")
    assert [a.get_attribute("href") for a in links.all()] == [f"#{i}" for i in flagged_ids]
    links.nth(1).click()
    assert page.evaluate("location.hash") == f"#{flagged_ids[1]}"
    # the filter leaves only the cards needing attention
    page.check("#attention-only")
    assert page.locator(".task-card:visible").count() == len(flagged_ids)
    page.uncheck("#attention-only")
    # saving with leads missing: a summary on top, one link per card in error, each to that card
    no_lead_ids = page.locator(".task-card:has(.flag-no_lead)").evaluate_all("cards => cards.map(c => c.id)")
    page.click("button:text-is('Xác nhận và lưu')")
    page.wait_for_selector("#error-summary")
    summary_links = page.locator("#error-summary a")
    assert [a.get_attribute("href") for a in summary_links.all()] == [f"#{i}" for i in no_lead_ids]
    summary_links.nth(0).click()
    card = page.locator(f"#{no_lead_ids[0]}")
    assert "Vui lòng chọn ít nhất một đơn vị chủ trì." in card.inner_text()
    assert page.evaluate("document.activeElement.closest('.task-card') && document.activeElement.closest('.task-card').id") == no_lead_ids[0]
    # the keyboard goes on from there: the focus is in that card's lead picker
    picker_ready(page, card.locator("select[data-picker=lead] + .ts-wrapper"))
    page.keyboard.type("vphu")
    expect(card.locator(".ts-dropdown .option.active")).to_contain_text("Văn phòng Huyện ủy")
    page.keyboard.press("Enter")
    assert card.locator("select[data-picker=lead] + .ts-wrapper .item").all_inner_texts()[0].startswith("Văn phòng Huyện ủy")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Directive)) == 0


def test_bulk_actions_then_save(page, make_user, log_in, district, sample_notice):
    """The fastest path: mark the cards without a lead, one lead for all of them, save. On the way: one
    deadline for two marked cards, and a whole section unticked."""
    make_user("vanphong", Role.OFFICE)
    log_in(page, "vanphong")
    upload_sample(page, sample_notice)
    cards = page.locator(".task-card")
    # one deadline for two cards marked by hand
    cards.nth(0).locator(".bulk-pick").check()
    cards.nth(1).locator(".bulk-pick").check()
    assert page.locator("#bulk-count").inner_text() == "2"
    page.fill("#bulk-deadline", "31/10/2023")
    page.click("#bulk-apply-deadline")
    assert [cards.nth(i).locator("input[name$='-deadline_on']").input_value() for i in range(3)][:2] == ["31/10/2023"] * 2
    assert cards.nth(2).locator("input[name$='-deadline_on']").input_value() != "31/10/2023"
    page.click("#bulk-clear")
    # a section unticked at once: its cards are left out of the save
    last_section = cards.last.get_attribute("data-section")
    in_section = page.locator(f".task-card[data-section='{last_section}']").count()
    page.locator(f".untick-section[data-section='{last_section}']").click()
    assert page.locator(f".task-card[data-section='{last_section}'] .include-toggle:checked").count() == 0
    proposed = cards.count() - in_section
    page.click("#bulk-pick-no-lead")
    included_no_lead = ".task-card:has(.flag-no_lead):has(.include-toggle:checked)"
    assert page.locator("#bulk-count").inner_text() == str(page.locator(included_no_lead).count())
    control = type_in_picker(page, page.locator("#bulk-lead + .ts-wrapper"), "vphu")  # Văn phòng Huyện ủy's initials
    expect(page.locator("#bulk-actions .ts-dropdown .option.active")).to_contain_text("Văn phòng Huyện ủy")
    control.press("Enter")
    page.keyboard.press("Tab")  # to "Gán chủ trì"
    assert page.evaluate("document.activeElement.id") == "bulk-apply-lead"
    page.keyboard.press("Enter")
    assert page.locator(included_no_lead).count() == 0
    page.click("button:text-is('Xác nhận và lưu')")
    page.wait_for_selector(f"text=Đã lưu văn bản với {proposed} nhiệm vụ")
    db.session.expire_all()
    tasks = db.session.scalar(sa.select(Directive)).tasks
    assert sum(1 for t in tasks if t.deadline_on and t.deadline_on.isoformat() == "2023-10-31") >= 2


@pytest.mark.parametrize("width, height", [(1280, 800), (1366, 768)])
def test_menu_fits_without_sideways_scrolling(page, make_user, log_in, district, width, height):
    make_user("quantri", Role.ADMIN, full_name="Nguyễn Thị Thanh Hương", unit=district["Văn phòng Huyện ủy"])
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "quantri")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    for link in page.locator("nav .navbar-nav > li > a").all():
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, link.inner_text()
    page.click("#nav-user")
    assert page.locator("text=Đăng xuất").is_visible()
    page.click("#nav-admin")
    assert page.locator("#nav-outbox").is_visible()


def test_the_review_works_without_javascript(browser, live_server, make_user, district, sample_notice, password):
    make_user("vanphong", Role.OFFICE)
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/login")
    page.fill("#username", "vanphong")
    page.fill("#password", password)
    page.click("main button[type=submit]")
    upload_sample_plain = page.goto("/imports/new")
    assert upload_sample_plain.ok
    page.set_input_files("#file", str(sample_notice))
    page.click("main button[type=submit]")
    page.wait_for_selector("#review-form")
    proposed = page.locator(".task-card").count()
    for select in page.locator("select[name$='-lead_units']").all():
        if not select.locator("option:checked").count():
            select.select_option(label="Văn phòng Huyện ủy")
    page.click("button:text-is('Xác nhận và lưu')")
    page.wait_for_selector(f"text=Đã lưu văn bản với {proposed} nhiệm vụ")
    context.close()


def test_a_phrase_mapped_on_the_review_is_learned_for_the_next_notice(page, make_user, log_in, district):
    from tests.test_imports import ALIAS_NOTICE

    make_user("vanphong", Role.OFFICE)
    log_in(page, "vanphong")

    def paste(text):
        page.goto("/imports/new")
        page.fill("#text", text)
        page.click("main button[type=submit]")
        page.wait_for_selector("#review-form .ts-wrapper")

    paste(ALIAS_NOTICE)
    card = page.locator(".task-card", has=page.locator(".learn-alias"))
    expect(card.locator(".unmatched")).to_contain_text("Phòng VHTT")
    pick(page, card, "lead", "van hoa va thong tin", "Phòng Văn hóa và Thông tin")
    page.locator("h1").click()   # leave the picker first: its control shrinks when it loses the focus
    card.get_by_label(re.compile("Ghi nhớ “Phòng VHTT”")).check()
    page.click("button:text-is('Xác nhận và lưu')")
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhớ tên gọi: “Phòng VHTT”")

    paste(ALIAS_NOTICE.replace("Số 120-TB/HU", "Số 121-TB/HU"))
    first = page.locator(".task-card").nth(0)
    expect(first.locator("select[data-picker=lead] + .ts-wrapper .item")).to_have_text([re.compile("Phòng Văn hóa và Thông tin")])
    assert page.locator(".learn-alias").count() == 0
    db.session.expire_all()
    assert db.session.get(type(district["Phòng Nội vụ"]), district["Phòng Văn hóa và Thông tin"].id).aliases == ["Phòng VHTT"]
