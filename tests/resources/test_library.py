"""The resource library (/resources/), resource pages, the Stories page and stories,
rendered from a small factory-built site and read as a visitor would."""

import datetime as dt
from urllib.parse import urlsplit

import pytest

from tests import factories as f
from tests.helpers import (
    assert_page_basics,
    has_link,
    main_of,
    soup_of,
    uk_date,
    visible_text,
)

pytestmark = pytest.mark.django_db


def canonical_path(soup):
    href = urlsplit(soup.find("link", rel="canonical")["href"])
    return href.path + (f"?{href.query}" if href.query else "")


def card_titles(main):
    return [visible_text(h) for h in main.select(".card__title")]


def test_library_lists_every_resource_newest_first(client, site_tree):
    t = site_tree
    response = client.get(t.resources.url)
    soup = assert_page_basics(
        response, title="Resources", description=t.resources.introduction, path="/resources/"
    )
    main = main_of(soup)
    # The Stories page is a resource too, so the library lists it, in date order.
    assert card_titles(main) == [
        "Cultivating Radical Kindness",  # 17 May 2021
        "Stories of Radical Kindness",  # 14 May 2021
        "Kindness, Emotions, and Human Relationships",  # 27 Oct 2020
    ]
    for page in (t.resource, t.stories, t.other_resource):
        assert has_link(main, page.url, page.title)
    text = visible_text(main)
    assert "Amira Khan and Kindness Research Trust" in text
    assert "Morag Stewart CBE" in text
    assert "17 May 2021" in text and "27 October 2020" in text
    assert t.resource.introduction in text


def test_library_offers_a_filter_for_each_type_in_use(client, site_tree):
    t = site_tree
    soup = soup_of(client.get(t.resources.url))
    boxes = main_of(soup).select("form input[type=checkbox][name=type]")
    assert {box["value"]: visible_text(box.parent) for box in boxes} == {
        "paper": "Papers 1 item",
        "report": "Reports 1 item",
        "collection": "Collections 1 item",
    }
    assert not any(box.has_attr("checked") for box in boxes)


def test_filtering_by_type_shows_only_that_type(client, site_tree):
    t = site_tree
    response = client.get(t.resources.url, {"type": "report"})
    soup = assert_page_basics(
        response,
        title="Resources",
        path="/resources/",
        document_title="Reports in the Radical Kindness library",
        description="Reports in the Radical Kindness library: 1 item.",
    )
    main = main_of(soup)
    assert card_titles(main) == [t.other_resource.title]
    assert "Reports" in visible_text(main.find("h2", id="results-heading"))
    ticked = main.select("input[name=type][checked]")
    assert [box["value"] for box in ticked] == ["report"]


@pytest.mark.parametrize(
    "value",
    ["nonsense", "<script>alert(1)</script>", "x" * 500, "paper'--", "%00"],
    ids=["word", "script", "long", "quote", "nul-text"],
)
def test_an_unknown_type_says_so_and_shows_everything(client, site_tree, value):
    t = site_tree
    response = client.get(t.resources.url, {"type": value})
    assert response.status_code == 200
    soup = soup_of(response)
    main = main_of(soup)
    assert len(card_titles(main)) == 3, "every resource is shown when the type is unknown"
    notice = visible_text(main.select_one(".notice"))
    assert "There is no resource type called" in notice
    assert value[:60] in notice, "the notice repeats (the start of) what was asked for"
    assert b"<script>alert(1)</script>" not in response.content


def test_nul_byte_in_type_is_harmless(client, site_tree):
    response = client.get(site_tree.resources.url + "?type=%00")
    assert response.status_code == 200
    assert len(card_titles(main_of(soup_of(response)))) == 3


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=999999999999999999999",
        "page=-1",
        "page=0",
        "page=1.5",
        "page=%00",
        "page=%C2%B2",  # "²", a digit to str.isdigit() but not to int()
        "page=%E2%91%A0",  # "①"
        "page=%D9%A3",  # Arabic-Indic three
        "page=",
        "utm_source=newsletter&foo=bar",
        "page=2&type=nonsense",
    ],
)
def test_bad_page_numbers_show_the_first_page(client, site_tree, query):
    response = client.get(f"{site_tree.resources.url}?{query}")
    soup = assert_page_basics(response, title="Resources", path="/resources/")
    assert len(card_titles(main_of(soup))) == 3


def test_long_listings_are_paginated_and_out_of_range_pages_show_the_last(client, site_tree):
    t = site_tree
    for n in range(12):
        f.ResourcePageFactory(
            parent=t.resources,
            title=f"An older resource {n:02d}",
            resource_type=t.report,
            publication_date=dt.date(2019, 1, 1) + dt.timedelta(days=n),
        )
    # 15 resources, 12 a page.
    first = main_of(soup_of(client.get(t.resources.url)))
    assert len(card_titles(first)) == 12
    assert "Page 1 of 2" in visible_text(first)
    next_link = first.select_one("a[rel=next]")
    assert next_link is not None and next_link["href"] == "?page=2"

    second = main_of(soup_of(client.get(t.resources.url, {"page": 2})))
    assert card_titles(second) == [
        "An older resource 02",
        "An older resource 01",
        "An older resource 00",
    ]
    assert "Page 2 of 2" in visible_text(second)

    # Past the end: the last page, and the canonical address says which page it is.
    beyond = soup_of(client.get(t.resources.url, {"page": 99999}))
    assert card_titles(main_of(beyond)) == card_titles(second)
    assert canonical_path(beyond) == "/resources/?page=2"

    # Filters survive paging; what the listing did not apply does not.
    reports = soup_of(client.get(t.resources.url, {"type": "report", "utm_source": "news"}))
    assert main_of(reports).select_one("a[rel=next]")["href"] == "?type=report&page=2"
    assert canonical_path(reports) == "/resources/?type=report"
    back = soup_of(client.get(t.resources.url, {"type": "report", "page": 2, "ref": "x"}))
    assert main_of(back).select_one("a[rel=prev]")["href"] == "?type=report&page=1"
    assert canonical_path(back) == "/resources/?type=report&page=2"
    unknown = soup_of(client.get(t.resources.url, {"type": "nonsense", "page": 2}))
    assert main_of(unknown).select_one("a[rel=prev]")["href"] == "?page=1"
    assert canonical_path(unknown) == "/resources/?page=2"


def test_resource_page_shows_what_a_reader_needs(client, site_tree):
    t = site_tree
    response = client.get(t.resource.url)
    soup = assert_page_basics(
        response,
        title="Cultivating Radical Kindness",
        description=t.resource.introduction,
        path="/resources/cultivating-radical-kindness/",
    )
    main = main_of(soup)
    text = visible_text(main)
    assert t.resource.introduction in text
    assert "Authors Amira Khan and Kindness Research Trust" in text
    assert "Published 17 May 2021" in text
    time = main.find("time")
    assert time["datetime"] == "2021-05-17"
    assert "Paper" in text
    assert has_link(main, t.project.url, "Beyond Us and Them")
    assert has_link(main, t.resource.external_url, "Read it at the publisher")
    og_type = soup.find("meta", attrs={"property": "og:type"})
    assert og_type["content"] == "article"


def test_an_author_that_is_a_partner_links_to_its_page(client, site_tree):
    t = site_tree
    main = main_of(soup_of(client.get(t.other_resource.url)))
    assert has_link(main, t.partner.url, "Test Funders' Trust")
    assert "Morag Stewart CBE and Test Funders' Trust" in visible_text(main)
    assert "27 October 2020" in visible_text(main)


def test_breadcrumbs_lead_home(client, site_tree):
    t = site_tree
    soup = soup_of(client.get(t.resource.url))
    crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert crumbs is not None
    assert [visible_text(a) for a in crumbs.find_all("a")] == ["Home", "Resources"]
    assert visible_text(crumbs.select_one("[aria-current=page]")) == t.resource.title


def test_stories_page_lives_at_stories_and_lists_its_stories(client, site_tree):
    t = site_tree
    assert t.stories.url == "/stories/"
    response = client.get("/stories/")
    soup = assert_page_basics(
        response,
        title="Stories of Radical Kindness",
        description=t.stories.introduction,
        path="/stories/",
    )
    main = main_of(soup)
    assert has_link(main, t.story.url, t.story.title)
    text = visible_text(main)
    assert "Short video story" in text
    assert uk_date(t.story.date) == "2 March 2021"
    assert "2 March 2021" in text


def test_story_page_offers_the_recording_and_its_transcript(client, site_tree):
    t = site_tree
    response = client.get(t.story.url)
    soup = assert_page_basics(
        response,
        title=t.story.title,
        description=t.story.introduction,
        path="/stories/kindness-is-a-superpower/",
    )
    main = main_of(soup)
    text = visible_text(main)
    assert "Short video story" in text
    assert "Recorded 2 March 2021" in text
    assert has_link(main, t.story.media_url, "Watch")
    assert "The wall says kindness is a superpower." in text
