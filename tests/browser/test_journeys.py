"""A visitor's journeys through the real site in Chromium, with axe-core checking
every page visited for accessibility violations."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized_rollback restores Wagtail's
    # root page and default site, which the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_empty_database"),
]


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    if results.violations_count:
        return f"{page.url}\n{results.generate_report()}"
    return ""


def test_a_visitor_finds_a_resource_and_an_elevenses_session(site, page):
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith((site, "data:")) else None,
    )
    page.goto(site + "/")
    assert page.locator("h1").inner_text() == "Radical Kindness"
    # The pictures shown straight away really load (uploaded media is served).
    eager = page.locator("main img:not([loading=lazy])")
    assert eager.count() > 0
    assert page.evaluate(
        "Array.from(document.querySelectorAll('main img:not([loading=lazy])'))"
        ".every(img => img.complete && img.naturalWidth > 0)"
    )
    assert page.evaluate("document.documentElement.lang").lower() == "en-gb"

    # To the library through the main navigation.
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Resources", exact=True).click()
    page.wait_for_url(re.compile(r"/resources/$"))
    assert page.locator("h1").inner_text() == "Resources"

    # Open a resource and read its facts.
    page.locator("main").get_by_role("link", name="Cultivating Radical Kindness").click()
    page.wait_for_url(re.compile(r"/resources/cultivating-radical-kindness/$"))
    assert page.locator("h1").inner_text() == "Cultivating Radical Kindness"
    facts = page.locator("main").inner_text()
    assert "Kaya Davies Hayon, Jo Broadwood and Christine Cox" in facts
    assert "17 May 2021" in facts

    # To Events, then the Elevenses series and one session after the clocks changed.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    page.wait_for_url(re.compile(r"/events/$"))
    assert page.locator("h1").inner_text() == "Events"
    page.locator("main").get_by_role("link", name="Radical Kindness Elevenses", exact=True).click()
    page.wait_for_url(re.compile(r"/events/radical-kindness-elevenses/$"))
    # The last session of the season, after the clocks went forward.
    page.locator("main").get_by_role("link", name=re.compile(r"\b27 April 2021\b")).first.click()
    page.wait_for_url(re.compile(r"/2021-04-27/$"))
    assert page.locator("h1").inner_text() == "Radical Kindness Elevenses, 27 April 2021"
    when = page.locator("main").inner_text()
    assert "27 April 2021" in when
    assert "11:00" in when
    assert "10:00" not in when
    assert outside == [], f"the pages asked for things elsewhere: {outside}"

    # And the dead proxy really is in the way of anything outside.
    with pytest.raises(PlaywrightError):
        page.context.new_page().goto("http://example.org/", timeout=5_000)


def test_the_first_tab_reaches_a_visible_skip_link(site, page):
    page.goto(site + "/resources/")
    skip = page.locator("a.skip-link, a[href='#main']").first
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused["text"].lower().startswith("skip")
    target = focused["href"]
    assert target.startswith("#") and page.locator(target).count() == 1
    # Visible when focused: on screen, with a real size, not clipped away.
    assert skip.is_visible()
    box = skip.bounding_box()
    assert box is not None and box["width"] > 1 and box["height"] > 1
    viewport = page.viewport_size
    assert 0 <= box["x"] < viewport["width"] and 0 <= box["y"] < viewport["height"]
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return {clipPath: s.clipPath, clip: s.clip, opacity: s.opacity}; })()"
    )
    assert style["clipPath"] in ("none", ""), style
    assert style["clip"] in ("auto", ""), style
    assert float(style["opacity"]) > 0.9, style
    # Following it moves focus to the main content.
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == target[1:]


PAGES = [
    "/",
    "/resources/",
    "/resources/?type=report&year=2020&sort=title",
    "/resources/?type=toolkit&year=2020",
    "/resources/authors/jo-broadwood/",
    "/resources/cultivating-radical-kindness/",
    "/events/",
    "/events/?series=radical-kindness-elevenses&year=2021",
    "/events/radical-kindness-elevenses/",
    "/events/radical-kindness-elevenses/2021-04-27/",
    "/events/radical-kindness-week-2021/",
    "/projects/",
    "/projects/radical-kindness/",
    "/partners/",
    "/partners/spirit-of-2012/",
    "/stories/",
    "/stories/share/",
    "/partners/carnegie-uk-trust/",
    "/search/?q=kindness",
    "/search/?q=kindness&type=events",
    "/search/?q=xylophonequartz",
    "/contact/",
]


def test_every_page_has_no_axe_violations(site, page):
    """Every page visited, on a desktop screen and then on a phone (375px wide), where
    menus and cards reflow; on a phone nothing may scroll sideways either."""
    reports = []
    for width, height in ((1280, 800), (375, 740)):
        page.set_viewport_size({"width": width, "height": height})
        for path in PAGES:
            response = page.goto(site + path)
            assert response is not None and response.status == 200, path
            report = axe_violations(page)
            if report:
                reports.append(f"[{width}px wide] {report}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                reports.append(f"[{width}px wide] {path} scrolls sideways by {overflow}px")
    print("\n\n".join(reports))
    assert not reports, "accessibility problems:\n\n" + "\n\n".join(reports)
