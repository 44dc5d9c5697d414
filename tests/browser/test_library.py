"""The library's filters in real Chromium: with JavaScript, results change in place
and the address follows; without it, the same form works as an ordinary GET form."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # As in test_journeys: the live server needs committed data, and each test starts
    # from Wagtail's initial rows.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_empty_database"),
]


def result_titles(page):
    return page.locator("#library-results .card__title").all_inner_texts()


def test_with_javascript_filters_update_results_in_place(site, page):
    page.goto(site + "/resources/")
    assert len(result_titles(page)) == 9
    # A marker on the window survives only if the page is never reloaded.
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_role("checkbox", name=re.compile(r"^Reports")).check()
    page.wait_for_url(re.compile(r"type=report"))
    # (expect, not wait_for_function: the site's Content-Security-Policy refuses the
    # string evaluation that would need.)
    expect(page).to_have_title(re.compile(r"^Reports in the"))
    assert result_titles(page) == [
        "The Practice of Kindness: Learning from KIN and North Ayrshire",
        "Changing the World Through Arts and Kindness",
        "Quantifying Kindness, Public Engagement and Place",
    ]
    assert page.evaluate("window.stillTheSamePage") is True
    # Focus stays on the box just ticked, and the change is announced.
    assert page.evaluate("document.activeElement.value") == "report"
    assert "Reports" in page.locator("[data-library-status]").inner_text()

    # Combine with a second facet: the counts and the address keep up.
    page.get_by_role("checkbox", name=re.compile(r"^Carnegie UK Trust")).check()
    page.wait_for_url(re.compile(r"author=carnegie-uk-trust"))
    expect(page.locator("#library-results .card__title")).to_have_count(1)
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"type": ["report"], "author": ["carnegie-uk-trust"]}
    assert page.evaluate("window.stillTheSamePage") is True

    # Back returns to the previous view.
    page.go_back()
    expect(page.locator("#library-results .card__title")).to_have_count(3)
    assert "author" not in page.url


def test_without_javascript_the_form_still_filters(site, chromium_path):
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(site + "/resources/")
        page.get_by_role("checkbox", name=re.compile(r"^Papers")).check()
        page.get_by_label("Sort by").select_option("title")
        page.get_by_role("button", name="Show results").click()
        page.wait_for_url(re.compile(r"type=paper"))
        assert parse_qs(urlsplit(page.url).query) == {"sort": ["title"], "type": ["paper"]}
        titles = page.locator("#library-results .card__title").all_inner_texts()
        assert titles == sorted(titles) and len(titles) == 3
        assert page.title() == "Papers in the Radical Kindness library"
        context.close()
        browser.close()
