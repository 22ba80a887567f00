"""The HTML report as a person sees it: opened from disk in Chromium, clicked and filtered."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crawler.report import write_reports

pytestmark = pytest.mark.browser

SAMPLE = Path(__file__).parent / "artifacts" / "report" / "sample_run"
SHOE = "https://shop.example/products/runner-shoe"


def make_report(tmp_path: Path, change=None) -> Path:
    run_dir = tmp_path / "run"
    shutil.copytree(SAMPLE, run_dir)
    if change:
        report = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
        change(report)
        (run_dir / "report.json").write_text(json.dumps(report), encoding="utf-8")
    return write_reports(run_dir, {"html"})["html"]


@pytest.fixture
async def open_report(browser, tmp_path):
    """`page = await open_report(change=None)`: the report on a phone-less desktop window, screenshotted."""
    contexts = []

    async def _open(change=None, hash_=""):
        context = await browser.new_context(viewport={"width": 1300, "height": 900})
        contexts.append(context)
        page = await context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        await page.goto(make_report(tmp_path, change).as_uri() + hash_)
        await page.screenshot(path=tmp_path / "report.png", full_page=True)
        return page

    yield _open
    for context in contexts:
        await context.close()


async def visible_rows(page) -> list[str]:
    return await page.eval_on_selector_all("#page-rows tr[data-url]", "rows => rows.map(r => r.dataset.url)")


async def test_overview_shows_the_counts(open_report):
    page = await open_report()
    assert (await page.inner_text("#readiness")).replace("\n", "") == "60%"
    assert await page.inner_text("#stat-pages") == "5"
    assert await page.inner_text("#stat-findings") == "3"
    assert await page.inner_text("#stat-not-audited") == "1"
    assert await page.inner_text("#checks tr[data-check='content-width'] td[data-status='fail']") == "2"
    assert await page.inner_text("#checks tr[data-check='plugins'] td[data-status='error']") == "1"
    assert "Since the last crawl" in await page.inner_text("#since-last")
    assert await page.is_visible("#pixels") and await page.is_visible("#offers")
    rows = await visible_rows(page)
    assert rows[0] == SHOE and len(rows) == 5  # worst first; the PDF is listed under "Not audited"
    assert "Showing 1–5 of 5 pages" == await page.inner_text("#page-count")
    assert page.errors == []


async def test_a_failing_page_shows_its_boxes_over_the_screenshots(open_report):
    page = await open_report()
    await page.click(f"#page-rows tr[data-url='{SHOE}'] td.page a")
    await page.wait_for_selector("#page-view:not([hidden])")
    assert await page.is_hidden("#pages")
    phone = page.locator("figure[data-device='Pixel 7']")
    await phone.locator("img").evaluate("img => img.decode()")
    assert await phone.locator("img").evaluate("img => img.naturalWidth") == 412
    assert await page.locator("figure.shot").count() == 3  # two phones and the desktop, side by side

    rects = phone.locator("rect")
    counts = {check: await rects.and_(page.locator(f"[data-check='{check}']")).count()
              for check in ("content-width", "tap-targets", "interstitial", "offers-visible")}
    assert counts == {"content-width": 1, "tap-targets": 3, "interstitial": 1, "offers-visible": 1}
    assert await page.locator("figure[data-device='Desktop'] rect").count() == 0  # the desktop has no finding with a box

    # The cookie wall's box {x 0, y 440, w 412, h 399} lies on the lower part of the phone's screenshot.
    image = await phone.locator("img").bounding_box()
    wall = await phone.locator("rect[data-check='interstitial']").bounding_box()
    scale = image["width"] / 412
    assert wall["x"] == pytest.approx(image["x"], abs=2)
    assert wall["y"] == pytest.approx(image["y"] + 440 * scale, abs=2)
    assert wall["y"] + wall["height"] == pytest.approx(image["y"] + image["height"], abs=2)

    view = await page.inner_text("#page-view")
    assert "Content is wider than the screen" in view and "main > table.size-chart" in view
    assert "Uncaught TypeError: cart is undefined" in view  # console errors
    assert "G-SHOP123" in view  # the pixels table
    await page.click("a.back")
    await page.wait_for_selector("#page-view", state="hidden")
    assert await page.is_visible("#pages")


async def test_filters_and_search_narrow_the_page_list(open_report):
    page = await open_report()
    await page.select_option("#f-check", "font-size")
    await page.select_option("#f-status", "fail")
    assert await visible_rows(page) == ["https://shop.example/blog/how-to-choose"]
    await page.select_option("#f-device", "Pixel 7")  # the small text is on the iPhone only
    assert await visible_rows(page) == []
    assert "No page matches" in await page.inner_text("#page-rows")
    await page.select_option("#f-device", "")
    await page.select_option("#f-check", "")
    await page.select_option("#f-status", "warn")
    assert await visible_rows(page) == ["https://shop.example/sale"]
    await page.select_option("#f-status", "")
    await page.fill("#f-search", "RUNNER")
    assert await visible_rows(page) == [SHOE]
    assert "(filtered from 5)" in await page.inner_text("#page-count")
    await page.fill("#f-search", "")
    await page.click("th[data-sort='depth']")
    assert (await visible_rows(page))[0] == "https://shop.example/blog/how-to-choose"  # the deepest page
    await page.click("#checks a.check-link[data-check='interstitial']")  # a check in the overview jumps to its pages
    assert await page.input_value("#f-check") == "interstitial"
    assert (await visible_rows(page))[0] == SHOE


async def test_page_text_never_runs_as_script(open_report):
    def add_hostile_page(report):
        hostile = json.loads(json.dumps(report["pages"][2]))  # the sale page: title and item text are hostile already
        hostile.update(url="javascript:window.__pwned=3", final_url="javascript:window.__pwned=3",
                       title='<img src=x onerror="window.__pwned=4">',
                       console_errors={"Pixel 7": ["<script>window.__pwned=5</script>"]},
                       dialogs={"Pixel 7": ["alert: <img src=x onerror=\"window.__pwned=6\">"]})
        report["pages"].append(hostile)

    page = await open_report(add_hostile_page)
    titles = await page.eval_on_selector_all("#page-rows td.page a", "links => links.map(a => a.textContent)")
    assert "<script>window.__pwned=1</script>Sale — Shop Example" in titles  # shown as text
    views = []
    for index in range(6):  # every page view, the hostile one among them
        await page.evaluate(f"location.hash = '#page={index}'")
        await page.wait_for_selector(f"#page-view[data-page='{index}']:not([hidden])")
        assert await page.locator("#page-view img:not([src^='screenshots/'])").count() == 0
        views.append(await page.inner_text("#page-view"))
    assert await page.locator("a[href^='javascript:']").count() == 0
    assert any("<script>window.__pwned=5</script>" in view for view in views)
    assert any("Dialogs (dismissed)" in view and 'alert: <img src=x onerror="window.__pwned=6">' in view
               for view in views), "dialogs are listed in the page view, as text"
    assert any('"><img src=x onerror="window.__pwned=2">' in view for view in views)
    assert await page.evaluate("window.__pwned") is None
    assert page.errors == []


async def test_a_thousand_pages_report_opens_paginated(open_report, tmp_path):
    def thousand(report):
        template = report["pages"][1]
        report["pages"] = [{**template, "url": f"{SHOE}-{i}"} for i in range(1000)]

    page = await open_report(thousand)
    assert len(await visible_rows(page)) == 50
    assert await page.inner_text("#page-count") == "Showing 1–50 of 1000 pages"
    await page.click("#pager button:has-text('Next')")
    assert (await visible_rows(page))[0] == f"{SHOE}-50"
    assert (tmp_path / "run" / "index.html").stat().st_size < 8_000_000  # every page failing five checks
    assert await page.locator("img").count() == 0  # no screenshot loads until a page is opened


async def test_every_finding_says_how_to_fix_and_links_its_guide(open_report):
    page = await open_report(hash_="#page=0")
    await page.wait_for_selector("#page-view:not([hidden])")
    sections = page.locator("#page-view .result")
    assert await sections.count() >= 4
    for index in range(await sections.count()):
        section = sections.nth(index)
        check = await section.get_attribute("data-check")
        assert (await section.locator(".fix").inner_text()).startswith("How to fix: ")
        assert await section.locator("a.doc").get_attribute("href") == f"docs/checks/{check}.md"
    await page.click("#page-view .result[data-check='content-width'] a.doc")
    await page.wait_for_url("**/docs/checks/content-width.md")
    guide = await page.inner_text("body")
    assert guide.startswith("# content-width: content fits the screen width") and "**How to fix.**" in guide


def with_item_statuses(report):
    """The shoe page as a run of 0.2.0 records it: offers and pixels with their own status."""
    shoe = next(p for p in report["pages"] if p["url"] == SHOE)
    for result in shoe["results"]:
        if result["check"] == "offers-visible" and result["status"] == "fail":
            result["items"][0]["status"] = "fail"
            result["items"].append({"name": "Free shipping over $50", "selector": ".ship", "visible": True,
                                    "status": "pass", "box": {"x": 16, "y": 200, "w": 184, "h": 30}})
            result["items"].append({"name": "Spring sale -20%", "selector": ".sale", "visible": True,
                                    "status": "warn", "box": {"x": 16, "y": 300, "w": 184, "h": 30}})
    for pixel in shoe["pixels"]:
        pixel.update(expected=pixel["vendor"] == "ga4",
                     status=("fail" if not pixel["fired"] else "pass") if pixel["vendor"] == "ga4" else "found")
    for row in report["summary"]["pixels"]:
        row.update(expected=row["vendor"] == "ga4", failed_pages=1 if row["vendor"] == "ga4" else 0)


async def test_a_page_view_reads_at_a_glance(open_report):
    page = await open_report(with_item_statuses, hash_="#page=0")
    await page.wait_for_selector("#page-view:not([hidden])")
    statuses = await page.eval_on_selector_all("#page-view .result h3 .badge", "bs => bs.map(b => b.textContent)")
    assert statuses == sorted(statuses, key=["fail", "error", "warn"].index), "failing checks first"
    phone = page.locator("figure[data-device='Pixel 7']")
    offer_boxes = await phone.locator("rect[data-check='offers-visible']").evaluate_all(
        "rs => rs.map(r => [r.dataset.status, r.getAttribute('stroke')])")
    assert sorted(offer_boxes) == [["fail", "#c62828"], ["warn", "#b86e00"]], "red fail, amber warn, no box for a pass"
    strokes = await page.eval_on_selector_all("#page-view rect", "rs => rs.map(r => r.getAttribute('stroke'))")
    assert not {"#2b8a3e", "#5c940d", "#1a7f4b"} & set(strokes), "never green for a problem"
    offers = page.locator("#page-view .result[data-check='offers-visible'] [data-device='Pixel 7']")
    assert await offers.locator("table.items tr[data-status]").first.get_attribute("data-status") == "fail"
    folded = offers.locator("details.passing")
    assert await folded.get_attribute("open") is None and "1 item(s) without a problem" in await folded.inner_text()
    assert not await folded.locator("table").is_visible(), "passing items are collapsed"
    pixels = await page.eval_on_selector_all("#page-view table.pixels tbody tr td:first-child",
                                             "tds => tds.map(td => td.textContent)")
    assert pixels[:3] == ["fail", "fail", "fail"] and set(pixels[3:]) == {"found"}, "expected pixels judged first"
    await page.evaluate("location.hash = ''")
    coverage = await page.eval_on_selector_all("#pixels tbody tr", "rows => rows.map(r => [r.dataset.expected, "
                                               "r.querySelector('.badge').textContent])")
    assert coverage[:3] == [["yes", "fail"]] * 3 and set(map(tuple, coverage[3:])) == {("no", "found")}
