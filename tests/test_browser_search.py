"""Search in a real browser: typed as an input method types, over the seeds and the national corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import test_browser as tb

pytestmark = tb.pytestmark


def type_as_input_method(page, text: str) -> None:
    """Type as a Chinese input method does: a key press the page sees only as `Process`, a
    composition, then the committed text (no key events for the characters themselves)."""
    tab = getattr(page, "page", page)  # the Playwright page of a conftest.Tab
    cdp = _cdp.get(tab) or _cdp.setdefault(tab, tab.context.new_cdp_session(tab))
    key = {"key": "Process", "code": "KeyA", "windowsVirtualKeyCode": 229, "nativeVirtualKeyCode": 229}
    cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **key})
    cdp.send("Input.imeSetComposition", {"text": "zh", "selectionStart": 2, "selectionEnd": 2})
    cdp.send("Input.insertText", {"text": text})
    cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **key})


_cdp: dict = {}  # a page's DevTools session, opened once (tabs are reused from test to test)


def search_as_typed(page, query: str) -> tuple[str, list[str]]:
    """Open the search box with `/`, type the query as an input method, wait for the final
    count and list every result (pressing 显示更多结果 until all are shown)."""
    type_query(page, query)
    return results(page, query)


def type_query(page, query: str) -> None:
    """The first half of `search_as_typed`: the box opened with `/` (unless it is open and
    focused: a reader's next query), emptied, the query typed."""
    box = page.locator(".zh-search .md-search__input")
    if not box.evaluate("e => e === document.activeElement && document.getElementById('__search').checked"):
        page.keyboard.press("Escape")
        page.keyboard.press("/")
        assert box.evaluate("e => e === document.activeElement")
    box.fill("")
    type_as_input_method(page, query)


def results(page, query: str) -> tuple[str, list[str]]:
    """The second half: the final count for `query` awaited, and every result listed."""
    page.wait_for_function(  # polled: a tab in the background gets no animation frames
        "q => document.querySelector('.zh-search .md-search-result__meta').dataset.query === q",
        arg=query.strip(), timeout=30000, polling=20)
    page.evaluate("() => { let b; while ((b = document.querySelector('.zh-search-more'))) b.click(); }")
    meta = page.inner_text(".zh-search .md-search-result__meta")
    urls = page.eval_on_selector_all(".zh-search .md-search-result__item > a[data-page]", "els => els.map(e => e.dataset.page)")
    return meta, urls


TABS = 4  # queries typed at once, one per tab: each waits out the box's typing pause alongside the others


def _check_queries(browser, base: str, project: Path, queries: list[str], traditional: dict[str, str]):
    from tests.test_search import holding, truth

    pages = truth(project)
    tabs = [browser.new_page(viewport={"width": 1280, "height": 900}) for _ in range(TABS)]
    for tab in tabs:
        tab.goto(f"{base}/")
    wrong = {}
    for at in range(0, len(queries), TABS):
        batch = list(zip(tabs, queries[at:at + TABS]))
        for tab, q in batch:
            type_query(tab, q)
        for tab, q in batch:
            want = holding(pages, traditional.get(q, q))
            meta, urls = results(tab, q)
            if set(urls) != want or len(urls) != len(set(urls)):
                wrong[q] = (sorted(set(urls) - want)[:5], sorted(want - set(urls))[:5])
            count = tab.get_attribute(".zh-search .md-search-result__meta", "data-count")
            assert count == str(len(want)), (q, meta)
    for tab in tabs:
        tab.close()
    assert not wrong, wrong


def test_search_lists_exactly_the_seed_pages_holding_what_was_typed(server, browser, site):
    from tests.test_search import SEED_QUERIES

    _check_queries(browser, server, site, SEED_QUERIES, {"發展": "发展", "農業": "农业"})


NATIONAL_QUERIES = [
    "三峡工程", "峡工", "7.5%左右", "互联网+", "放管服", "标准农", "万万", "改革开放", "人民公社",
    "第一个五年计划", "四个现代化", "一带一路", "供给侧结构性改革", "新冠肺炎疫情", "国内生产总值",
    "6%左右", "1954", "周恩来", "朱镕基", "西部大开发", "南水北调", "农业税", "全面建成小康社会",
    "精准扶贫", "碳达峰", "新质生产力", "大众创业", "万众创新", "GDP", "cpi", "台湾", "党", "经济",
    "粮食 产量", "三峡 移民", "國內生產總值", "PM2.5", "千亿斤", "“两个确立”", "不会出现的字串甲乙丙",
]


@pytest.fixture(scope="module")
def national_server(national_site):
    yield from tb._serve(national_site / "site")


def test_search_lists_exactly_the_national_pages_holding_what_was_typed(national_server, browser, national_site):
    assert len(NATIONAL_QUERIES) >= 40
    _check_queries(browser, national_server, national_site, NATIONAL_QUERIES, {"國內生產總值": "国内生产总值"})


def test_a_search_result_leads_to_its_passage_marked(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/")
    search_as_typed(page, "万人助万企")
    passage = page.locator(".zh-search .md-search-result__item a[href*='#']").first
    assert "万人助万企" in passage.inner_text()
    assert passage.locator("mark").first.inner_text() == "万人助万企"
    passage.click()
    page.wait_for_selector("mark.zh-search-mark")
    assert page.url.split("#")[0].endswith("?h=%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%B8%87%E4%BC%81")
    marks = page.locator("article mark.zh-search-mark").all_inner_texts()
    assert marks and set(marks) == {"万人助万企"}
    target = page.url.split("#")[1]
    assert "万人助万企" in page.locator(f"[id='{target}']").inner_text()
    page.close()


def test_a_search_is_kept_in_the_address_with_its_filters(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/?q=" + "万人助万企" + "&level=county")
    page.wait_for_function("() => document.querySelector('.zh-search .md-search-result__meta').dataset.query")
    urls = page.eval_on_selector_all(".zh-search .md-search-result__item > a[data-page]", "els => els.map(e => e.dataset.page)")
    assert sorted(urls) == ["reports/410622-2025-summary/", "reports/411625-2024-digest/"]
    assert page.eval_on_selector("select[data-filter=level]", "e => e.value") == "county"
    page.select_option("select[data-filter=level]", "")
    assert "level=" not in page.url and "q=%E4%B8%87" in page.url
    page.close()


def test_more_results_are_added_below_those_listed_and_the_button_keeps_the_focus(server, browser):
    """显示更多结果 adds the next ten below the results already listed, which stay as they were
    (the list is not made again: on a large collection each press grew slower), and a reader
    pressing Enter on it again and again stays on it until every result is listed."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/")
    type_query(page, "年")
    page.wait_for_function("() => document.querySelector('.zh-search .md-search-result__meta').dataset.query === '年'")
    total = int(page.get_attribute(".zh-search .md-search-result__meta", "data-count"))
    assert total > 20
    items = ".zh-search .md-search-result__item > a[data-page]"
    first = page.eval_on_selector_all(items, "els => { els.forEach(e => { e.dataset.listed = 'before'; }); return els.length; }")
    assert first == 10
    page.focus(".zh-search-more")
    page.keyboard.press("Enter")
    marked = page.eval_on_selector_all(items, "els => els.map(e => e.dataset.listed || '')")
    assert marked == ["before"] * 10 + [""] * 10
    assert page.evaluate("() => document.activeElement.classList.contains('zh-search-more')")
    while page.locator(".zh-search-more").count():
        page.keyboard.press("Enter")
    urls = page.eval_on_selector_all(items, "els => els.map(e => e.dataset.page)")
    assert len(urls) == len(set(urls)) == total
    page.close()
