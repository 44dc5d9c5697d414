"""Site search across every kind of page: what it looks inside (transcripts, speakers,
partners), narrowing to one kind with counts that add up, editors' promoted results,
and no query or parameter that can break it."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from core.sections import Section, section_page
from events.models import EventPage
from projects.models import PartnerIndexPage
from tests import factories as f
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get("/search/?" + urlencode(params))
    assert response.status_code == 200
    return soup_of(response)


def results(soup):
    """(title, kind, snippet text) of each ranked result shown."""
    shown = []
    for li in main_of(soup).select("ol.search-results > li"):
        snippet = li.select_one(".search-snippet")
        shown.append(
            (
                visible_text(li.h3),
                visible_text(li.select_one(".card__kicker")),
                visible_text(snippet) if snippet else "",
            )
        )
    return shown


def kind_counts(soup):
    """{label: count} as the kind links show them."""
    counts = {}
    for link in main_of(soup).select(".search-kinds a"):
        count = link.select_one(".search-kinds__count")
        counts[visible_text(link).rsplit(" ", 1)[0]] = int(visible_text(count))
    return counts


def publish(page):
    page.save_revision().publish()
    return page


def test_a_story_is_found_by_its_transcript_and_quoted_from_it(client):
    stories = section_page(Section.STORIES)
    publish(
        f.StoryPageFactory(
            parent=stories,
            title="A conversation in the market",
            transcript="<p>We talked about the marmalade stall and who ran it.</p>",
        )
    )
    [(title, kind, snippet)] = results(search(client, q="marmalade"))
    assert (title, kind) == ("A conversation in the market", "Short video story")
    assert snippet == "From the transcript: We talked about the marmalade stall and who ran it."


def test_an_event_is_found_by_its_speakers_name(client):
    event = EventPage.objects.live().first()
    f.EventSpeakerFactory(page=event, person=f.PersonFactory(name="Philippa Quenby"))
    publish(EventPage.objects.get(pk=event.pk))
    titles = [title for title, _, _ in results(search(client, q="Quenby"))]
    assert event.title in titles


def test_a_partner_is_found_by_what_its_organisation_does(client):
    organisation = f.OrganisationFactory(
        name="Harbour Lights Trust", description="Runs lantern walks along the estuary."
    )
    index = PartnerIndexPage.objects.live().first()
    publish(
        f.PartnerPageFactory(parent=index, title="Harbour Lights Trust", organisation=organisation)
    )
    [(title, kind, _)] = results(search(client, q="estuary lantern"))
    assert (title, kind) == ("Harbour Lights Trust", "Partner")


def test_results_can_be_narrowed_to_one_kind_and_the_counts_add_up(client):
    soup = search(client, q="kindness")
    counts = kind_counts(soup)
    total = counts.pop("All results")
    assert {"Resources", "Events"} <= set(counts)
    assert sum(counts.values()) == total
    heading = visible_text(main_of(soup).find("h2", id="results"))
    assert heading.startswith(f"{total} results for “kindness”")

    events = search(client, q="kindness", type="events")
    shown = results(events)
    assert shown and len(shown) == min(10, counts["Events"])
    assert {kind for _, kind, _ in shown} <= {"Event", "Event series", "Events", "Festival"}
    current = main_of(events).select_one(".search-kinds a[aria-current=page]")
    assert visible_text(current) == f"Events {counts['Events']}"
    # The form keeps the kind chosen, so a new query searches the same kind.
    assert events.find("input", attrs={"name": "type"})["value"] == "events"


def test_an_unknown_kind_is_named_and_every_result_shown(client):
    soup = search(client, q="kindness", type="<b>spaceships</b>")
    text = visible_text(main_of(soup))
    assert "There is no kind of result called “<b>spaceships</b>”" in text
    assert soup.find("b") is None  # shown as text, never as markup
    assert results(soup)
    assert soup.find("link", rel="canonical")["href"].endswith("/search/?q=kindness")


def test_an_empty_kind_says_what_to_try(client):
    soup = search(client, q="xylophonequartz", type="events")
    text = visible_text(main_of(soup))
    assert "Nothing matched among events" in text
    assert "see results of every kind" in text


def test_results_pages_are_kept_out_of_search_engines(client):
    for params in ({}, {"q": "kindness"}):
        soup = search(client, **params)
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_an_editors_promoted_result_comes_first_once(client):
    library = section_page(Section.LIBRARY)
    promoted = publish(f.ResourcePageFactory(parent=library, title="Kindness starter pack"))
    draft = f.ResourcePageFactory(parent=library, title="Kindness draft pack", live=False)
    query = Query.get("Kindness")
    SearchPromotion.objects.create(
        query=query, page=promoted, description="Start here.", sort_order=0
    )
    SearchPromotion.objects.create(query=query, page=draft, sort_order=1)
    soup = search(client, q="kindness")
    box = main_of(soup).select_one(".search-results--promoted")
    assert [visible_text(h) for h in box.select("h3")] == ["Kindness starter pack"]
    assert "Start here." in visible_text(box)
    ranked = [title for title, _, _ in results(soup)]
    assert "Kindness starter pack" not in ranked  # not shown twice
    assert "Kindness draft pack" not in visible_text(soup)
    # On a narrowed view it takes its place among the ranked results instead.
    narrowed = [title for title, _, _ in results(search(client, q="kindness", type="resources"))]
    assert "Kindness starter pack" in narrowed


PARAMS = st.sampled_from(["q", "type", "page", "utm_source", "q[]", ""])
VALUES = st.one_of(
    # Any text a browser can send (a lone surrogate cannot be encoded in a URL at all).
    st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
    st.sampled_from(
        [
            "'; DROP TABLE wagtailcore_page; --",
            "<script>alert(1)</script>",
            "kindness & (fear | hope)",
            "\x00nul",
            "x" * 10_000,
            "events",
            "people",
            "99999999999999999999",
            "‮",
        ]
    ),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(params=st.lists(st.tuples(PARAMS, VALUES), max_size=4))
def test_no_query_string_breaks_search(client, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content
