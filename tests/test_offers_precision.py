"""Offer detection measured on a labelled set of page fragments, with the real in-page module in Chromium."""
from __future__ import annotations

import pytest

from crawler.gather.script import module_script

pytestmark = pytest.mark.browser

# Each <template> of the page becomes the page's whole body in turn, and the offers module runs on it.
EACH_FRAGMENT = """() => [...document.querySelectorAll("template")].map((template) => {
  const labelled = template.dataset.offer === "yes";
  const body = document.createElement("body");
  body.append(template.content.cloneNode(true));
  const saved = document.body;
  document.documentElement.replaceChild(body, saved);
  const found = (OFFERS)({}).found.map((o) => ({text: o.text, whole: document.querySelector(o.selector)?.innerText}));
  document.documentElement.replaceChild(saved, body);
  return {html: template.innerHTML.trim(), labelled, found};
})"""


@pytest.fixture(scope="module")
async def judged(browser, site_url):
    page = await browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        await page.goto(f"{site_url}offers/fragments.html")
        return await page.evaluate(EACH_FRAGMENT.replace("OFFERS", module_script("offers")))
    finally:
        await page.close()


def test_precision_and_recall_on_the_labelled_fragments(judged):
    assert len(judged) >= 60 and 0.4 <= sum(f["labelled"] for f in judged) / len(judged) <= 0.6
    true_pos = [f for f in judged if f["labelled"] and f["found"]]
    false_pos = [f for f in judged if not f["labelled"] and f["found"]]
    missed = [f for f in judged if f["labelled"] and not f["found"]]
    precision = len(true_pos) / ((len(true_pos) + len(false_pos)) or 1)
    recall = len(true_pos) / (sum(f["labelled"] for f in judged) or 1)
    print(f"\noffer detection on {len(judged)} fragments: precision {precision:.3f}, recall {recall:.3f}")
    for fragment in false_pos:
        print("  wrongly an offer:", fragment["html"])
    for fragment in missed:
        print("  missed offer:", fragment["html"])
    assert precision >= 0.95 and recall >= 0.9


def test_found_offers_are_whole_elements_cut_on_a_word(judged):
    found = [offer for fragment in judged for offer in fragment["found"]]
    assert found
    for offer in found:
        text, whole = offer["text"], " ".join(offer["whole"].split())
        assert len(text) <= 160, text
        if text.endswith("…"):
            kept = text[:-1]
            assert whole.startswith(kept) and whole[len(kept)] in " ,.;:", (text, whole)
        else:
            assert text == whole
    long_one = next(o for o in found if o["text"].startswith("Khuyến mãi Tết"))
    assert long_one["text"].endswith("…") and len(long_one["text"]) > 120
