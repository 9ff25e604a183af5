"""The built site in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

# Debian's old headless shell first: the same Blink without the browser's interface, it takes a
# quarter less CPU over the browser tests (76 against 100 s of CPU, measured).
CANDIDATES = [os.environ.get("CHROMIUM_PATH", ""), "/usr/bin/chromium-headless-shell", "/usr/bin/chromium",
              "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
CHROMIUM = next((c for c in CANDIDATES if c and Path(c).exists()), None) or shutil.which("chromium")
# axe-core reports only its violations: the details of passing checks take a quarter of its time.
AXE_OPTIONS = {"resultTypes": ["violations"]}
# The dark scheme changes colours only (Material's slate palette and the project's colour
# variables under [data-md-color-scheme="slate"]), so there axe runs only the rules of its
# default set that read colours: text against its background, links against the text around them.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

if CHROMIUM is None and os.environ.get("REQUIRE_BROWSER") == "1":
    raise RuntimeError("REQUIRE_BROWSER=1 but Chromium is not installed (apt-get install chromium-headless-shell fonts-noto-cjk)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium-headless-shell)")


def axe_violations(page, scheme: str, within: list[str] | None = None) -> list[tuple[str, list]]:
    """axe-core's serious and critical violations on the open page (or in the elements the CSS
    selectors `within` find): every rule in the light scheme, the colour rules in the dark one."""
    from axe_playwright_python.sync_playwright import Axe

    options = dict(AXE_OPTIONS, runOnly={"type": "rule", "values": COLOUR_RULES}) if scheme == "dark" else AXE_OPTIONS
    axe = Axe()
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(axe.axe_script)  # once per document (Axe.run would inject it every time)
    context = {"include": [[sel] for sel in within]} if within else {"exclude": []}  # all of the page
    found = page.evaluate("([context, options]) => axe.run(context, options)", [context, options])["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found if v["impact"] in ("serious", "critical")]


def axe_in_both_schemes(page, within: list[str] | None = None) -> dict[str, list]:
    """`axe_violations` on the open page (or `within` it) in the light scheme, then again after the reader's
    switch to the dark one with the header's palette toggle (the dark scheme is only colours,
    set on the document as the toggle sets it): {scheme: violations} of the schemes with any.
    The choice the toggle stored is forgotten, so the next page opens in the light scheme."""
    found = {"light": axe_violations(page, "light", within)}
    # Links change colour with a transition, which starts only when an element's style is next
    # computed (by axe itself, for some): without transitions, the colours axe reads are the
    # dark scheme's own.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    # Clicked as a script clicks it: the pointer's checks wait up to two seconds for the
    # header's title to finish fading in over the toggle.
    page.locator("label[for='__palette_1']:not([hidden])").dispatch_event("click")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    found["dark"] = axe_violations(page, "dark", within)
    page.evaluate("() => localStorage.clear()")
    return {scheme: bad for scheme, bad in found.items() if bad}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(root: Path):
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def launched():
    """A headless Chromium (fixtures `yield from` it)."""
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


# ---------- every page kind, as readers use them ----------

PAGE_KINDS = {
    "home": "",
    "report": "reports/410700-2025/",
    "regions": "regions/",
    "region": "regions/410700/",
    "year": "years/2025/",
    "indicators": "indicators/",
    "indicator": "indicators/gdp/",
    "terms": "terms/",
    "about": "about/",
    "build-report": "build-report/",
    "log": "logs/410700-2025/",
    "people": "people/",
    "person": "people/%E9%AD%8F%E5%BB%BA%E5%B9%B3/",
    "map": "maps/gdp/",
}
SHOTS = Path(__file__).resolve().parent / "screenshots"


def _term_page(server, browser) -> str:
    page = browser.new_page()
    page.goto(f"{server}/terms/")
    href = page.locator("article a", has_text="中原农谷").first.get_attribute("href")
    url = page.evaluate("h => new URL(h, location.href).pathname", href)
    page.close()
    return url.lstrip("/")


def _kinds(server, browser) -> dict[str, str]:
    return dict(PAGE_KINDS, term=_term_page(server, browser))


def test_home_lists_every_report_and_leads_to_it(server, browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/")
    table = page.locator("xpath=//article//h2[contains(., '全部报告')]/following::table[1]")
    regions = table.locator("tbody tr td:first-child").all_inner_texts()
    assert regions == ["浚县", "淇县", "新乡市", "郾城区", "郸城县"]
    assert len(regions) == len(list((site / "docs" / "reports").glob("*.md")))
    table.locator("a", has_text="郸城县").first.click()
    page.wait_for_url("**/reports/411625-2024-digest/")
    assert page.locator("article h1").first.inner_text().rstrip("¶").startswith("郸城县2024年政府工作报告")
    meta = page.locator("article table").first.inner_text()
    assert "地区" in meta and "周口市" in meta and "郸城县" in meta
    assert page.locator("nav.md-nav--secondary a").count() >= 5  # the outline
    assert page.locator("article p[id^='p']").count() > 20  # the text, paragraph by paragraph
    page.close()


def test_a_figure_leads_to_its_sentence_and_a_term_to_its_page_and_back(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/reports/410700-2025/")
    page.locator("xpath=//h2[@id='figures']/following::table[1]//a[text()='3569.7亿元']").first.click()
    target = page.url.split("#")[1]
    assert target == "p4-3"
    assert "3569.7亿元" in page.locator(f"[id='{target}']").inner_text()
    page.wait_for_function(
        "id => !['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(document.getElementById(id)).backgroundColor)",
        arg=target, timeout=10000)
    page.locator("article a.term", has_text="中原农谷").first.click()
    assert page.locator("article h1").first.inner_text().rstrip("¶").endswith("中原农谷")
    assert page.locator("article a[href*='410700-2025']").count() >= 1
    page.go_back()
    assert page.url.split("#")[0].endswith("/reports/410700-2025/")
    page.close()


def test_the_breadcrumb_climbs_to_the_province_and_related_reports_are_listed(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/reports/410621-2021/")
    region = page.locator("article table").first.locator("tr", has_text="地区")
    assert region.locator("a").all_inner_texts() == ["河南省", "鹤壁市", "浚县"]
    region.locator("a", has_text="河南省").click()
    assert page.locator("article h1").first.inner_text().rstrip("¶").startswith("河南省")
    page.go_back()
    related = page.locator("xpath=//h2[@id='related']/following::table[1]").inner_text()
    assert "淇县" in related
    page.close()


def test_the_csv_download_opens_as_utf8_with_a_byte_order_mark(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/")
    href = page.locator("article a", has_text="indicators.csv").first.get_attribute("href")
    body = page.evaluate("h => fetch(h).then(r => r.arrayBuffer()).then(b => Array.from(new Uint8Array(b).slice(0, 3)))", href)
    assert body == [0xEF, 0xBB, 0xBF]
    text = page.evaluate("h => fetch(h).then(r => r.text())", href)
    assert "新乡市" in text and "report_id" in text
    page.close()


def test_dark_mode_keeps_text_and_charts_readable(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page.goto(f"{server}/indicators/gdp/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    ratio = page.evaluate("""() => {
        const lum = c => { const [r, g, b] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => {
            v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const bg = lum(getComputedStyle(document.querySelector('.md-main')).backgroundColor === 'rgba(0, 0, 0, 0)'
            ? getComputedStyle(document.body).backgroundColor : getComputedStyle(document.querySelector('.md-main')).backgroundColor);
        return [...document.querySelectorAll('svg.chart text')].map(t => {
            const fg = lum(getComputedStyle(t).fill);
            return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05); });
    }""")
    assert ratio and min(ratio) >= 4.5, min(ratio or [0])

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
