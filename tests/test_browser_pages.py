"""Every page kind in a real browser: it fits the screen and passes axe in both colour schemes."""

from __future__ import annotations

import pytest

from tests import test_browser as tb

pytestmark = tb.pytestmark


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_every_page_kind_fits_the_screen(server, browser, width, height):
    """Nothing scrolls sideways but tables inside their scroll box; screenshots of each kind go
    to tests/screenshots/ for a person to look at."""
    tb.SHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height})
    for kind, url in tb._kinds(server, browser).items():
        page.goto(f"{server}/{url}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (kind, overflow)
        small = page.evaluate("""() => [...document.querySelectorAll('article *')].filter(e =>
            e.childNodes.length && [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()) &&
            e.getClientRects().length && parseFloat(getComputedStyle(e).fontSize) < 10).map(e => e.tagName)""")
        assert not small, (kind, small[:5])
        page.screenshot(path=str(tb.SHOTS / f"{kind}-{width}.png"), full_page=False)
    page.close()


def test_every_page_kind_passes_axe_in_both_schemes(server, browser):
    """axe-core on one page of each kind: no serious or critical violation, contrast included,
    in the light scheme and after the reader switches to the dark one."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    found = {}
    for kind, url in tb._kinds(server, browser).items():
        page.goto(f"{server}/{url}")
        if bad := tb.axe_in_both_schemes(page):
            found[kind] = bad
    page.close()
    assert not found, found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_text_too_faint_for_its_background_in_either_scheme(browser, scheme):
    page = browser.new_page(color_scheme=scheme)
    page.set_content('<html lang="zh"><title>t</title><main><p style="color:#777;background:#666">对比度不足的文字</p></main></html>')
    assert [rule for rule, _ in tb.axe_violations(page, scheme)] == ["color-contrast"]
    page.close()
