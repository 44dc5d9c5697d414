"""The library's Atom feeds (/resources/feed/, …/feed/type/<slug>/, …/feed/topic/<slug>/),
read with feedparser as a feed reader reads them, and the links that announce them."""

import datetime as dt
import time

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from resources.feeds import FEED_LENGTH
from resources.models import ResourceIndexPage, Topic
from tests import factories as f
from tests.conftest import record_queries
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db

ATOM = "application/atom+xml"


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith(ATOM)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def titles(feed):
    return [entry.title for entry in feed.entries]


def entry_for(feed, page):
    matches = [e for e in feed.entries if e.id == f"http://testserver/r/{page.pk}/"]
    assert len(matches) == 1, titles(feed)
    return matches[0]


def feed_links(soup):
    return {
        link["href"]: link.get("title")
        for link in soup.find_all("link", rel="alternate", type=ATOM)
    }


def test_the_feed_lists_the_library_newest_first(client, site_tree):
    t = site_tree
    feed = read_feed(client, "/resources/feed/")
    assert feed.feed.title == "Radical Kindness: Resources"
    assert feed.feed.link == "http://testserver/resources/"
    assert feed.feed.language == "en-gb"
    # Everything the library lists (the Stories collection too), in the library's order.
    assert titles(feed) == [t.resource.title, t.stories.title, t.other_resource.title]
    # The feed's updated date is its newest entry's.
    assert feed.feed.updated_parsed == max(e.updated_parsed for e in feed.entries)


def test_an_entry_says_what_the_library_card_says(client, site_tree, topics):
    t = site_tree
    entry = entry_for(read_feed(client, "/resources/feed/"), t.resource)
    assert entry.title == "Cultivating Radical Kindness"
    assert entry.link == "http://testserver/resources/cultivating-radical-kindness/"
    # The id is the permanent link, which no rename changes.
    assert entry.id == f"http://testserver/r/{t.resource.pk}/"
    assert entry.summary == t.resource.introduction
    assert [a.name for a in entry.authors] == ["Amira Khan", "Kindness Research Trust"]
    assert [tag.term for tag in entry.tags] == ["Paper", "Local government", "Loneliness"]
    # Published on 17 May 2021, in London (British Summer Time: 23:00 UTC the day before).
    assert entry.published == "2021-05-17T00:00:00+01:00"
    assert time.strftime("%Y-%m-%d %H:%M", entry.published_parsed) == "2021-05-16 23:00"
    assert entry.updated_parsed >= entry.published_parsed


def test_text_is_sent_as_written(client, site_tree):
    """Ampersands and angle brackets reach the reader as typed, not as markup."""
    page = f.ResourcePageFactory(
        parent=site_tree.resources,
        title="Kindness & <strangers>",
        introduction="Why <b> is not bold & 1 < 2.",
        publication_date=dt.date(2024, 1, 1),
    )
    entry = entry_for(read_feed(client, "/resources/feed/"), page)
    assert entry.title == "Kindness & <strangers>"
    # The summary is HTML (as Django writes it), so a reader shows the text, not a tag.
    assert entry.summary_detail.type == "text/html"
    assert BeautifulSoup(entry.summary, "html.parser").find() is None
    assert BeautifulSoup(entry.summary, "html.parser").get_text() == "Why <b> is not bold & 1 < 2."


def test_a_type_feed_has_that_type_only(client, site_tree):
    t = site_tree
    feed = read_feed(client, "/resources/feed/type/report/")
    assert feed.feed.title == "Radical Kindness: Reports"
    assert feed.feed.link == "http://testserver/resources/?type=report"
    assert titles(feed) == [t.other_resource.title]


def test_a_topic_feed_has_that_topic_only(client, site_tree, topics):
    t = site_tree
    loneliness, councils = topics
    feed = read_feed(client, "/resources/feed/topic/loneliness/")
    assert feed.feed.title == "Radical Kindness: Resources on Loneliness"
    assert titles(feed) == [t.resource.title]
    feed = read_feed(client, "/resources/feed/topic/local-government/")
    assert titles(feed) == [t.resource.title, t.other_resource.title]


def test_a_topic_without_resources_has_an_empty_valid_feed(client, site_tree):
    Topic.objects.create(name="Gardening", slug="gardening")
    feed = read_feed(client, "/resources/feed/topic/gardening/")
    assert feed.entries == []
    assert feed.feed.title == "Radical Kindness: Resources on Gardening"


def test_each_feed_has_its_own_id(client, site_tree, topics):
    urls = [
        "/resources/feed/",
        "/resources/feed/type/report/",
        "/resources/feed/topic/loneliness/",
        "/resources/feed/topic/local-government/",
    ]
    ids = {read_feed(client, url).feed.id for url in urls}
    assert ids == {f"http://testserver{url}" for url in urls}


@pytest.mark.parametrize(
    "url",
    [
        "/resources/feed/type/nonsense/",
        "/resources/feed/topic/nonsense/",
        "/resources/feed/type/",
        "/resources/feed/topic/",
        "/resources/feed/type/report/extra/",
        "/resources/feed/type/%00/",
        "/resources/feed/type/caf%C3%A9/",
        "/resources/feed/type/" + "x" * 500 + "/",
    ],
)
def test_unknown_feeds_are_not_found(client, site_tree, url):
    assert client.get(url).status_code == 404


def test_drafts_and_private_resources_never_appear(client, site_tree, topics):
    t = site_tree
    loneliness, _ = topics
    draft = f.ResourcePageFactory(
        parent=t.resources, title="A draft", resource_type=t.report, topics=[loneliness]
    )
    draft.unpublish()
    private = f.ResourcePageFactory(
        parent=t.resources, title="For members", resource_type=t.report, topics=[loneliness]
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    for url in (
        "/resources/feed/",
        "/resources/feed/type/report/",
        "/resources/feed/topic/loneliness/",
    ):
        feed = read_feed(client, url)
        assert not {"A draft", "For members"} & set(titles(feed)), url


def test_a_feed_holds_the_newest_fifty(client, site_tree):
    t = site_tree
    for day in range(FEED_LENGTH + 1):
        f.ResourcePageFactory(
            parent=t.resources,
            title=f"Daily note {day:02}",
            resource_type=t.report,
            publication_date=dt.date(2022, 1, 1) + dt.timedelta(days=day),
        )
    feed = read_feed(client, "/resources/feed/")
    assert len(feed.entries) == FEED_LENGTH == 50
    assert titles(feed)[:2] == ["Daily note 50", "Daily note 49"]
    assert "Daily note 00" not in titles(feed)


def add_resources(t, topic, count):
    for _ in range(count):
        page = f.ResourcePageFactory(
            parent=t.resources, resource_type=t.report, topics=[topic], partners=[t.funder]
        )
        f.ResourceAuthorFactory(page=page, person=f.PersonFactory(), sort_order=0)
        f.ResourceAuthorFactory(
            page=page, person=None, organisation=f.OrganisationFactory(), sort_order=1
        )


@pytest.mark.parametrize(
    "url", ["/resources/feed/", "/resources/feed/type/report/", "/resources/feed/topic/loneliness/"]
)
def test_feed_queries_do_not_grow_with_the_library(client, site_tree, topics, url):
    loneliness, _ = topics

    def count():
        client.get(url)  # the first request warms caches (site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return len(queries), len(feedparser.parse(response.content).entries)

    add_resources(site_tree, loneliness, 3)
    before, entries_before = count()
    add_resources(site_tree, loneliness, 12)
    after, entries_after = count()
    assert entries_after == entries_before + 12
    assert after == before, (
        f"{before} queries with {entries_before} entries, {after} with {entries_after}"
    )
    assert after <= 15
    record_queries(f"feed {url}", f"{before} queries (and {after} with 12 more entries)")


def test_the_library_announces_its_feed(client, site_tree):
    soup = soup_of(client.get("/resources/"))
    assert feed_links(soup) == {"/resources/feed/": "Resources (Atom feed)"}
    links = main_of(soup).find_all("a", href="/resources/feed/")
    assert [visible_text(a) for a in links] == ["Subscribe to new resources (Atom feed)"]
    assert links[0]["type"] == ATOM


def test_a_filtered_library_announces_its_type_feed_too(client, site_tree):
    soup = soup_of(client.get("/resources/", {"type": "report"}))
    assert feed_links(soup) == {
        "/resources/feed/": "Resources (Atom feed)",
        "/resources/feed/type/report/": "Reports (Atom feed)",
    }
    links = main_of(soup).find_all("a", href="/resources/feed/type/report/")
    assert [visible_text(a) for a in links] == ["Subscribe to new reports (Atom feed)"]


def test_a_view_of_one_topic_announces_its_topic_feed(client, site_tree):
    f.TopicFactory(name="Loneliness", slug="loneliness")
    soup = soup_of(client.get("/resources/", {"topic": "loneliness"}))
    assert feed_links(soup) == {
        "/resources/feed/": "Resources (Atom feed)",
        "/resources/feed/topic/loneliness/": "Resources on Loneliness (Atom feed)",
    }


def test_an_unknown_type_announces_the_whole_library_only(client, site_tree):
    soup = soup_of(client.get("/resources/", {"type": "nonsense"}))
    assert list(feed_links(soup)) == ["/resources/feed/"]


def test_a_resource_page_announces_the_library_feed_and_its_type_feed(client, site_tree):
    soup = soup_of(client.get(site_tree.resource.url))
    assert feed_links(soup) == {
        "/resources/feed/": "Resources (Atom feed)",
        "/resources/feed/type/paper/": "Papers (Atom feed)",
    }
    # Both are feeds that exist.
    for url in feed_links(soup):
        read_feed(client, url)


def test_a_resource_without_a_type_announces_the_library_feed(client, site_tree):
    page = f.ResourcePageFactory(parent=site_tree.resources, resource_type=None)
    soup = soup_of(client.get(page.url))
    assert list(feed_links(soup)) == ["/resources/feed/"]
    assert entry_for(read_feed(client, "/resources/feed/"), page).get("tags", []) == []


def test_the_feeds_follow_the_library_when_it_moves(
    client, site_tree, django_capture_on_commit_callbacks
):
    t = site_tree
    library = ResourceIndexPage.objects.get(pk=t.resources.pk)  # a copy of our own to change
    library.slug = "library"
    # Wagtail makes its redirects once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        library.save_revision().publish()

    feed = read_feed(client, "/library/feed/")
    entry = entry_for(feed, t.resource)
    assert entry.link == "http://testserver/library/cultivating-radical-kindness/"
    # Same id as before the move, so readers do not show it again as new.
    assert entry.id == f"http://testserver/r/{t.resource.pk}/"
    assert feed_links(soup_of(client.get("/library/"))) == {
        "/library/feed/": "Resources (Atom feed)"
    }

    # Readers subscribed to the old addresses are sent on (tests/resources/test_permalinks.py
    # checks the pages themselves).
    for old, new in [
        ("/resources/feed/", "/library/feed/"),
        ("/resources/feed/type/report/", "/library/feed/type/report/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
        read_feed(client, new)
