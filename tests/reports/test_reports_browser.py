"""In real Chromium: a leader opens the dashboard, follows a unit's overdue number to its list, downloads the DOCX."""
import re

import pytest
from docx import Document

from reports.conftest import CADRE, OCOP, ROAD
from tracker.models import Role

pytestmark = pytest.mark.browser


def test_leader_follows_overdue_number_and_downloads_docx(scenario, make_user, page, log_in, tmp_path):
    make_user("lanhdao", Role.LEADER, full_name="Nguyễn Quốc Phương")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, "lanhdao")

    page.click("#nav-dashboard")
    page.wait_for_selector("#scorecard")
    # The charts are drawn by Chart.js served by the app (no CDN).
    page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('trend-chart')) !== undefined")
    # On 10/10/2023: done on time, done late, in progress, overdue, ongoing, carried over.
    assert page.evaluate("Chart.getChart(document.getElementById('class-chart')).data.datasets[0].data") == [1, 1, 4, 2, 1, 0]
    kim_son = page.locator(f'#scorecard tr[data-unit="{scenario.kim_son.id}"]')
    overdue = kim_son.locator('a[data-cls="overdue"]')
    assert overdue.inner_text() == "1"  # on 10/10/2023 only the OCOP task is past its deadline
    overdue.click()

    page.wait_for_url(re.compile(r"/reports/overdue\?.*unit=" + str(scenario.kim_son.id)))
    rows = page.locator("tr.overdue-row")
    assert rows.count() == 1 and OCOP[:40] in rows.first.inner_text()
    assert page.locator("#overdue-total").inner_text() == "1"

    with page.expect_download() as info:
        page.click("#exports >> text=Word (DOCX)")
    download = info.value
    assert download.suggested_filename == "danh-sach-cham-qua-han-2023-10-10.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    document = Document(str(path))
    text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert OCOP in text and ROAD not in text and CADRE not in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert errors == []
