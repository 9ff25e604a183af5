"""The built site in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CANDIDATES = [os.environ.get("CHROMIUM_PATH", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
CHROMIUM = next((c for c in CANDIDATES if c and Path(c).exists()), None) or shutil.which("chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site / "site"))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_report_page_reads_as_a_document(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/reports/410700-2025/")
    assert page.locator("h1").first.inner_text().rstrip("¶") == "新乡市2025年政府工作报告"
    toc = page.locator("nav.md-nav--secondary").last.inner_text()
    assert "一、2024年工作回顾" in toc and "（一）坚持促消费" in toc
    # Nothing from the report became markup: no script, no stray elements in the text.
    assert page.locator("article script").count() == 0
    page.close()


def test_search_finds_a_chinese_word(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    # ?q= opens the search once its index has loaded (Material's search.share feature).
    page.goto(f"{server}/?q=中原农谷")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    # Material shows the segmented text: word boundaries are zero-width spaces.
    results = [r.replace("\u200b", "") for r in page.locator(".md-search-result__item").all_inner_texts()]
    assert any("中原农谷" in r for r in results)
    assert any("新乡市2025年政府工作报告" in r for r in results)
    page.close()


def test_link_to_a_paragraph_highlights_it(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/reports/410700-2025/#p5")
    # The highlight comes with the stylesheet: wait for it rather than read it at once.
    page.wait_for_function(
        "() => !['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(document.querySelector('#p5')).backgroundColor)",
        timeout=10000)
    bg = page.eval_on_selector("#p5", "e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    page.close()


def test_phone_layout_has_no_horizontal_overflow(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/reports/410621-2021/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    page.close()


def test_chart_labels_stay_readable_on_a_phone(server, browser):
    """Every text of the indicator charts (labels, values, ticks) renders at 10 px or more at
    phone width, and the bars start from a zero axis with tick labels."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{server}/indicators/gdp/")
    sizes = page.evaluate("""() => [...document.querySelectorAll('svg.chart text')].map(t => {
        const svg = t.ownerSVGElement;
        return parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    })""")
    assert sizes and min(sizes) >= 10, min(sizes)
    ticks = page.eval_on_selector_all("svg.chart .chart-tick", "els => els.map(e => e.textContent)")
    assert "0%" in ticks
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    page.close()


def test_copy_buttons_copy_the_citation_and_a_paragraphs_link(server, browser):
    """The reader presses 复制引用 and gets the GB/T 7714 citation; the ¶ of a paragraph gives
    the citation and that paragraph's address."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(f"{server}/reports/410700-2025/")
    button = page.get_by_role("button", name="复制本报告的引用格式")
    button.click()
    page.wait_for_function("() => document.querySelector('.cite-copy').textContent === '已复制'")
    assert page.evaluate("navigator.clipboard.readText()") == "河南省新乡市人民政府. 新乡市2025年政府工作报告[R]. 2025."
    page.hover("#p5")
    page.locator("#p5 > button.para-cite").click()
    assert page.evaluate("navigator.clipboard.readText()") == (
        f"河南省新乡市人民政府. 新乡市2025年政府工作报告[R]. 2025. 本段链接：{server}/reports/410700-2025/#p5")
    # The ¶ is decoration: selecting the paragraph's text does not copy it.
    assert "¶" not in page.eval_on_selector("#p5", "e => e.innerText")
    context.close()


def test_reader_finds_a_report_through_its_speaker(server, browser):
    """From the home page's 报告人 tab to the speaker's page and on to the report."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/")
    page.locator("nav.md-tabs").get_by_role("link", name="报告人").click()
    page.wait_for_url("**/people/")
    rows = page.locator("article table tbody tr").all_inner_texts()
    assert [r.split("\t")[:4] for r in rows] == [["刘青", "县长", "浚县", "2021"], ["魏建平", "市长", "新乡市", "2025"]]
    page.locator("article table").get_by_role("link", name="魏建平").click()
    assert page.locator("h1").first.inner_text().rstrip("¶") == "魏建平"
    page.locator("article table").get_by_role("link", name="新乡市2025年政府工作报告").click()
    assert page.locator("h1").first.inner_text().rstrip("¶") == "新乡市2025年政府工作报告"
    assert "市长 魏建平" in page.locator("article table").first.inner_text()
    page.close()
