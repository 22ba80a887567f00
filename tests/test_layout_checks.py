"""Layout checks on recorded artifacts (tests/artifacts/layout/) and on literal edge cases."""
from __future__ import annotations

import pytest

from checks.base import CheckContext, Status
from checks.registry import get, run_check
from checks.viewport_meta import parse_viewport
from conftest import load_artifacts

PIXEL_7 = {"name": "Pixel 7", "width": 412, "height": 839, "is_mobile": True, "device_scale_factor": 2.625}
DESKTOP = {"name": "Desktop", "width": 1366, "height": 768, "is_mobile": False, "device_scale_factor": 1}


def recorded(name: str) -> dict:
    return load_artifacts(f"layout/{name}.json")["renders"]["Pixel 7"]


def check(check_id: str, artifacts: dict, device: dict | None = None):
    device = device or artifacts.get("device") or PIXEL_7
    artifacts = {**artifacts, "device": device, "error": None}
    context = CheckContext(url="http://127.0.0.1/", device=device, renders={device["name"]: artifacts})
    return run_check(get(check_id), artifacts, context)


def page(layout: dict | None = None, viewport: str | None = "width=device-width, initial-scale=1") -> dict:
    """Artifacts of a clean 412 px page, with `layout` keys replaced."""
    base = {
        "viewport": {"inner_width": 412, "inner_height": 839, "client_width": 412, "client_height": 839},
        "document": {"width": 412, "height": 2000},
        "text": {"total_chars": 100, "chars_by_size": {"16": 100}, "runs": []},
        "targets": [], "overflow": [], "overflow_count": 0, "plugins": [], "layers": [],
    }
    return {"page": {"viewport_meta": viewport}, "layout": {**base, **(layout or {})}}


# ---- viewport-meta ----------------------------------------------------------------------

@pytest.mark.parametrize("content, expected", [
    ("width=device-width, initial-scale=1", {"width": "device-width", "initial-scale": "1"}),
    ("width=device-width; initial-scale=1", {"width": "device-width", "initial-scale": "1"}),
    ("WIDTH = Device-Width  Initial-Scale=1.0", {"width": "device-width", "initial-scale": "1.0"}),
    (" ,width=device-width,,shrink-to-fit=no, ", {"width": "device-width", "shrink-to-fit": "no"}),
    ("width device-width, initial-scale=1", {"width": "", "initial-scale": "1"}),
])
def test_viewport_content_is_split_as_chromium_does(content, expected):
    assert parse_viewport(content) == expected


@pytest.mark.parametrize("content, status, words", [
    (None, Status.FAIL, "No <meta"),
    ("width=1024", Status.FAIL, "fixed-width viewport (width=1024)"),
    ("initial-scale=1", Status.FAIL, "no width=device-width"),
    ("width=device-width, initial-scale=0.5", Status.FAIL, "initial-scale=0.5"),
    ("width=device-width, user-scalable=no", Status.WARN, "user-scalable=no"),
    ("width=device-width; user-scalable=0", Status.WARN, "user-scalable=0"),
    ("width=device-width, maximum-scale=1.5", Status.WARN, "maximum-scale=1.5"),
    ("width=device-width, maximum-scale=yes", Status.WARN, "maximum-scale=yes"),
    ("width=device-width, maximum-scale=2, user-scalable=yes", Status.PASS, "allows zoom"),
    ("Width=Device-Width; Initial-Scale=1; foo=bar", Status.PASS, "allows zoom"),
])
def test_viewport_meta_verdicts(content, status, words):
    result = check("viewport-meta", page(viewport=content))
    assert result.status == status
    assert words in result.message


def test_viewport_meta_recorded_semicolon_string_with_zoom_blocked_warns():
    result = check("viewport-meta", recorded("zoom-blocked"))
    assert result.status == Status.WARN
    assert "user-scalable=0" in result.message and "maximum-scale=1" in result.message


def test_layout_checks_skip_on_desktop_but_plugins_applies_everywhere():
    artifacts = recorded("plugins")
    assert check("viewport-meta", page(viewport=None), DESKTOP).status == Status.SKIP
    assert check("content-width", recorded("wide-content"), DESKTOP).status == Status.SKIP
    assert check("plugins", artifacts, DESKTOP).status == Status.FAIL


# ---- content-width ----------------------------------------------------------------------

def test_content_width_names_the_elements_sticking_out_widest_first_with_their_cause():
    result = check("content-width", recorded("wide-content"))
    assert result.status == Status.FAIL
    assert "901 px wide on a 412 px screen" in result.message
    causes = {item["selector"]: item["cause"] for item in result.items}
    first = result.items[0]
    assert "size-chart" in first["selector"] and first["cause"] == "a fixed width (width: 900px)"
    assert first["box"]["w"] == 900
    assert causes["body > img"] == "an image wider than the screen"
    assert causes["body > p"].startswith("a long unbreakable word: ABCDEFGHIJ")


def test_content_width_ignores_clipped_overflow_and_screen_reader_text():
    # The page also has a 2000 px track inside an overflow:hidden carousel and a 5000 px span at left:-10000px.
    selectors = {item["selector"] for item in check("content-width", recorded("wide-content")).items}
    assert selectors == {"body > div.size-chart:nth-of-type(1)", "body > p", "body > img"}


def test_content_width_allows_one_pixel_of_rounding():
    assert check("content-width", page({"document": {"width": 413, "height": 900}})).status == Status.PASS
    assert check("content-width", page({"document": {"width": 414, "height": 900}})).status == Status.FAIL


def test_content_width_compares_with_the_device_not_the_grown_inner_width():
    artifacts = page({"viewport": {"inner_width": 908, "client_width": 412}, "document": {"width": 908, "height": 900}})
    assert check("content-width", artifacts).status == Status.FAIL


def test_content_width_without_mobile_viewport_says_the_page_is_laid_out_wide():
    result = check("content-width", recorded("no-viewport"))
    assert result.status == Status.FAIL
    assert "laid out 980 px wide" in result.items[0]["cause"]


def test_content_width_passes_a_clean_page_with_scrolling_table_and_pre():
    assert check("content-width", recorded("clean")).status == Status.PASS


# ---- font-size --------------------------------------------------------------------------

def test_font_size_fails_small_text_and_lists_the_biggest_small_runs_first():
    result = check("font-size", recorded("small-text"))
    assert result.status == Status.FAIL
    assert result.message.startswith("4% of the visible text")
    assert result.items[0]["font_size"] == "10 px"
    assert {i["font_size"] for i in result.items} == {"9 px", "10 px"}


def test_font_size_counts_neither_hidden_text_nor_scripts():
    text = recorded("small-text")["layout"]["text"]
    assert "24" not in text["chars_by_size"]
    assert text["total_chars"] < 300


def test_font_size_threshold_is_sixty_percent_of_characters():
    def share(legible: int):
        return check("font-size", page({"text": {"total_chars": 100, "runs": [],
                                                 "chars_by_size": {"12": legible, "11.9": 100 - legible}}}))
    assert share(60).status == Status.PASS
    assert share(59).status == Status.FAIL


def test_font_size_fails_without_a_mobile_viewport_and_says_why():
    result = check("font-size", recorded("fixed-viewport"))
    assert result.status == Status.FAIL
    assert "no width=device-width viewport" in result.message


def test_font_size_passes_a_page_without_text():
    assert check("font-size", page({"text": {"total_chars": 0, "chars_by_size": {}, "runs": []}})).status == Status.PASS


# ---- tap-targets ------------------------------------------------------------------------

def target(x: int, y: int, w: int = 20, h: int = 20, href: str = "", **flags) -> dict:
    return {"selector": f"a.t{x}-{y}", "text": "", "href": href, "rects": [{"x": x, "y": y, "w": w, "h": h}],
            "fixed": False, "nested": False, "in_text": False, **flags}


def tap(*targets) -> object:
    return check("tap-targets", page({"targets": list(targets)}))


def test_tap_targets_recorded_page_fails_only_the_swatches():
    result = check("tap-targets", recorded("tap-targets"))
    assert result.status == Status.FAIL
    assert len(result.items) == 1
    item = result.items[0]
    assert "swatches" in item["selector"] and "swatches" in item["overlapping"]
    assert item["size"] == "20x20" and item["overlap"] == "60%"


def test_tap_targets_close_small_pair_is_reported_once():
    result = tap(target(0, 0, href="http://x/a"), target(22, 0, href="http://x/b"))
    assert result.status == Status.FAIL
    assert len(result.items) == 1


def test_tap_targets_far_apart_or_big_enough_pass():
    assert tap(target(0, 0), target(60, 0)).status == Status.PASS
    assert tap(target(0, 0, 48, 48), target(50, 0, 48, 48)).status == Status.PASS


def test_tap_targets_small_target_next_to_big_one_fails():
    result = tap(target(0, 0), target(22, 0, 48, 48))
    assert result.status == Status.FAIL
    assert result.items[0]["selector"] == "a.t0-0"


def test_tap_targets_same_web_link_nested_fixed_and_inline_text_links_are_exempt():
    assert tap(target(0, 0, href="https://x/p"), target(22, 0, href="https://x/p")).status == Status.PASS
    assert tap(target(0, 0), target(22, 0, nested=True)).status == Status.PASS
    assert tap(target(0, 0), target(22, 0, fixed=True)).status == Status.PASS
    assert tap(target(0, 0, in_text=True), target(22, 0, in_text=True)).status == Status.PASS
    # Only http(s) links count as the same destination: two "#" links still mis-tap.
    assert tap(target(0, 0, href="javascript:void(0)"), target(22, 0, href="javascript:void(0)")).status == Status.FAIL


def test_tap_targets_one_inside_another_is_not_a_mis_tap():
    assert tap(target(0, 0, 300, 40), target(10, 10, 20, 20)).status == Status.PASS


# ---- plugins ----------------------------------------------------------------------------

def plugin(tag="object", type_="", classid="", src="", params=()) -> dict:
    return {"tag": tag, "selector": tag, "type": type_, "classid": classid, "src": src, "text": "",
            "params": [{"name": n, "value": v} for n, v in params], "box": {"x": 0, "y": 0, "w": 300, "h": 200}}


@pytest.mark.parametrize("element, kind", [
    (plugin("applet"), "Java"),
    (plugin(classid="clsid:D27CDB6E-AE6D-11cf-96B8-444553540000"), "Flash"),
    (plugin("embed", type_="application/x-java-applet;version=1.4"), "Java"),
    (plugin("embed", src="/app/Main.xap"), "Silverlight"),
    (plugin(src="/video/intro.FLV?autoplay=1"), "Flash"),
    (plugin(params=[("Movie", "viewer.swf")]), "Flash"),
    (plugin(params=[("code", "Game.class")]), "Java"),
])
def test_plugins_fail_on_each_plugin_kind(element, kind):
    result = check("plugins", page({"plugins": [element]}))
    assert result.status == Status.FAIL
    assert result.items[0]["plugin"] == kind


def test_plugins_pass_images_video_and_pdf_objects():
    elements = [plugin(type_="image/svg+xml", src="/a.svg"), plugin("embed", src="/clip.mp4"),
                plugin(src="/doc.pdf", params=[("wmode", "transparent")])]
    assert check("plugins", page({"plugins": elements})).status == Status.PASS


def test_plugins_recorded_page_names_all_three():
    result = check("plugins", recorded("plugins"))
    assert [i["plugin"] for i in result.items] == ["Flash", "Flash", "Java"]


# ---- interstitial -----------------------------------------------------------------------

def layer(y: int, h: int, w: int = 412, **extra) -> dict:
    box = {"x": 0, "y": y, "w": w, "h": h}
    return {"selector": "div.popup", "position": "fixed", "box": box, "cover": box, "cover_rects": [box],
            "z_index": "10", "scrollable": False, "chars": 20, "text": "Subscribe", **extra}


@pytest.mark.parametrize("height, status", [(260, Status.FAIL), (240, Status.WARN), (120, Status.PASS)])
def test_interstitial_thresholds(height, status):
    # 839 px screen: 260 px is 31%, 240 px is 28.6%, 120 px is 14.3%.
    assert check("interstitial", page({"layers": [layer(839 - height, height)]})).status == status


def test_interstitial_counts_only_the_part_on_the_first_screen():
    # 800 px tall, but only its top 99 px (12%) are on the 839 px first screen.
    assert check("interstitial", page({"layers": [layer(740, 800)]})).status == Status.PASS


def test_interstitial_scrolling_app_shell_is_the_page_not_a_layer():
    shell = layer(0, 839, scrollable=True, chars=90)
    assert check("interstitial", page({"layers": [shell]})).status == Status.PASS


def test_interstitial_recorded_popup_fails_with_its_text():
    result = check("interstitial", recorded("interstitial"))
    assert result.status == Status.FAIL
    assert result.items[0]["share"] == "100%" and "Subscribe" in result.items[0]["text"]


def test_interstitial_transparent_wrapper_counts_only_its_painted_banner():
    result = check("interstitial", recorded("app-banner"))
    assert result.status == Status.WARN
    assert result.items[0]["share"] == "20%"


def test_interstitial_sticky_header_on_clean_page_passes():
    artifacts = recorded("clean")
    assert artifacts["layout"]["layers"][0]["position"] == "sticky"
    assert check("interstitial", artifacts).status == Status.PASS


# ---- shared -----------------------------------------------------------------------------

def test_a_failed_layout_script_makes_each_layout_check_an_error():
    broken = page()
    broken["layout"] = {"__error": "TypeError: boom\n at layout.js"}
    for check_id in ("content-width", "font-size", "tap-targets", "plugins", "interstitial"):
        result = check(check_id, broken)
        assert result.status == Status.ERROR and "layout.js failed: TypeError: boom" in result.message
