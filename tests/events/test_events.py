"""The events index, a series and single events: UK dates and times, what is coming
up, what has happened, and bad input on the listings."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from tests.helpers import (
    assert_page_basics,
    has_link,
    links_to,
    main_of,
    soup_of,
    uk_date,
    visible_text,
)

pytestmark = pytest.mark.django_db


def section(main, heading_id):
    heading = main.find(id=heading_id)
    assert heading is not None, f"no section headed #{heading_id}"
    return heading.find_parent("section")


def card_titles(tag):
    return [visible_text(h) for h in tag.select(".card__title")]


def test_events_index_puts_what_is_coming_first(client, site_tree):
    t = site_tree
    response = client.get(t.events.url)
    soup = assert_page_basics(
        response, title="Events", description=t.events.introduction, path="/events/"
    )
    main = main_of(soup)
    upcoming = section(main, "upcoming")
    # Soonest first; coming sessions of a series are listed too.
    assert card_titles(upcoming) == [t.next_session.title, t.workshop.title]
    assert has_link(upcoming, t.workshop.url, t.workshop.title)
    upcoming_text = visible_text(upcoming)
    assert uk_date(t.workshop.starts_at) in upcoming_text
    assert "In person" in upcoming_text

    series = section(main, "series")
    assert has_link(series, t.series.url, "Radical Kindness Elevenses")
    assert "11:00 UK time every Tuesday" in visible_text(series)

    # Past stand-alone events, most recent first (a series keeps its own past sessions).
    past = section(main, "past")
    assert t.week.title in card_titles(past)
    assert "Monday 17 May to Friday 21 May 2021" in visible_text(past)

    # Main content order: coming up, then the past, then the series.
    headings = [h.get("id") for h in main.find_all("h2")]
    assert headings.index("upcoming") < headings.index("past") < headings.index("series")


def test_a_past_session_is_reachable_from_the_events_index(client, site_tree):
    """Through its series: events index -> series -> session."""
    t = site_tree
    index = main_of(soup_of(client.get(t.events.url)))
    assert links_to(index, t.series.url)
    series = main_of(soup_of(client.get(t.series.url)))
    assert links_to(section(series, "past"), t.session.url)


def test_an_event_card_shows_the_london_time(client, site_tree):
    """The home page's recent events: 27 April 2021 10:00 UTC is 11:00 in London."""
    t = site_tree
    main = main_of(soup_of(client.get(t.home.url)))
    card = next(c for c in main.select(".card") if t.session.title in visible_text(c))
    text = visible_text(card)
    assert "Tuesday 27 April 2021, 11:00–12:00 UK time" in text
    assert "10:00" not in text
    assert card.find("time")["datetime"].startswith("2021-04-27T11:00:00+01:00")


def test_series_page_lists_its_sessions(client, site_tree):
    t = site_tree
    response = client.get(t.series.url)
    soup = assert_page_basics(
        response,
        title="Radical Kindness Elevenses",
        description=t.series.introduction,
        path="/events/radical-kindness-elevenses/",
    )
    main = main_of(soup)
    assert "11:00 UK time every Tuesday" in visible_text(main)
    upcoming, past = section(main, "upcoming"), section(main, "past")
    assert links_to(upcoming, t.next_session.url)
    assert not links_to(upcoming, t.session.url)
    assert links_to(past, t.session.url)
    past_text = visible_text(past)
    assert "Tuesday 27 April 2021" in past_text
    assert "11:00–12:00" in past_text and "10:00" not in past_text
    # Stand-alone events are not sessions of the series.
    assert t.workshop.title not in visible_text(main)
    assert not links_to(main, t.workshop.url)


def test_series_page_says_how_many_sessions_and_over_what_dates(client, site_tree):
    t = site_tree
    main = main_of(soup_of(client.get(t.series.url)))
    facts = visible_text(main.select_one("dl.facts"))
    first, last = uk_date(t.session.starts_at), uk_date(t.next_session.starts_at)
    assert f"Sessions 2, from {first} to {last}" in facts


def test_event_page_shows_the_date_and_time_in_london(client, site_tree):
    """27 April 2021 10:00 UTC is 11:00 British Summer Time."""
    t = site_tree
    response = client.get(t.session.url)
    soup = assert_page_basics(
        response,
        title=t.session.title,
        description=t.session.introduction,
        path=t.session.url,
    )
    main = main_of(soup)
    text = visible_text(main)
    assert "Tuesday 27 April 2021, 11:00–12:00 UK time" in text
    assert "10:00" not in text
    time = main.select_one("dl.facts time")
    assert time["datetime"] == "2021-04-27T11:00:00+01:00"
    assert "Online" in text
    assert "This event has taken place." in text
    # The series it belongs to is named above the title and in the breadcrumbs.
    crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [visible_text(a) for a in crumbs.find_all("a")] == [
        "Home",
        "Events",
        "Radical Kindness Elevenses",
    ]


def test_event_page_names_its_speakers(client, site_tree):
    t = site_tree
    main = main_of(soup_of(client.get(t.session.url)))
    assert "Speaker Sam Okafor (Community organiser)" in visible_text(main)


def test_a_speaker_has_a_page_listing_their_events(client, site_tree):
    t = site_tree
    main = main_of(soup_of(client.get(t.session.url)))
    page_url = f"{t.resources.url}authors/{t.speaker.slug}/"
    assert has_link(main, page_url, "Sam Okafor")

    response = client.get(page_url)
    soup = soup_of(response)
    assert soup.title.string.startswith("Sam Okafor: speaker at ")
    speaker = main_of(soup)
    assert "Speaker" in visible_text(speaker.find(class_="kicker"))
    events = section(speaker, "author-events")
    assert card_titles(events) == [t.session.title]
    assert speaker.find(id="author-resources") is None  # no resources to list


def test_an_author_who_also_speaks_lists_both(client, site_tree):
    t = site_tree
    f.EventSpeakerFactory(page=t.workshop, person=t.author)
    f.EventSpeakerFactory(page=f.EventPageFactory(parent=t.events, live=False), person=t.author)
    main = main_of(soup_of(client.get(f"{t.resources.url}authors/{t.author.slug}/")))
    assert visible_text(main.find(class_="kicker")) == "Author and speaker"
    assert card_titles(section(main, "author-events")) == [t.workshop.title]  # not the draft
    assert card_titles(section(main, "author-resources"))


def test_a_speaker_only_at_drafts_has_no_page(client, site_tree):
    person = f.PersonFactory(name="Quiet Speaker")
    f.EventSpeakerFactory(
        page=f.EventPageFactory(parent=site_tree.events, live=False), person=person
    )
    assert client.get(f"{site_tree.resources.url}authors/{person.slug}/").status_code == 404


def test_winter_times_are_gmt(client, site_tree):
    t = site_tree
    winter = f.EventPageFactory(
        parent=t.series,
        title="Elevenses, 3 November 2020",
        starts_at=dt.datetime(2020, 11, 3, 11, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2020, 11, 3, 12, 0, tzinfo=dt.UTC),
    )
    main = main_of(soup_of(client.get(winter.url)))
    assert "Tuesday 3 November 2020, 11:00–12:00 UK time" in visible_text(main)


def test_a_week_long_event_shows_days_not_times(client, site_tree):
    t = site_tree
    response = client.get(t.week.url)
    main = main_of(assert_page_basics(response, title="Radical Kindness Week 2021"))
    text = visible_text(main)
    assert "Monday 17 May to Friday 21 May 2021" in text
    for clock in ("00:00", "23:00", "23:59", "22:59"):
        assert clock not in text


def test_a_coming_event_offers_booking(client, site_tree):
    t = site_tree
    main = main_of(soup_of(client.get(t.workshop.url)))
    text = visible_text(main)
    assert has_link(main, t.workshop.registration_url, "Book a place")
    assert "Belong, Manchester" in text
    assert "In person" in text
    local = timezone.localtime(t.workshop.starts_at)
    assert f"{local:%A} {uk_date(t.workshop.starts_at)}" in text
    assert "This event has taken place." not in text


@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=999999999999999999999", "page=-1", "page=99999", "page=%00", "x=<b>"],
)
def test_bad_input_on_event_listings_never_fails(client, site_tree, query):
    t = site_tree
    response = client.get(f"{t.events.url}?{query}")
    main = main_of(assert_page_basics(response, title="Events"))
    assert t.week.title in visible_text(section(main, "past"))
    response = client.get(f"{t.series.url}?{query}")
    main = main_of(assert_page_basics(response, title=t.series.title))
    assert links_to(section(main, "past"), t.session.url)


def test_events_are_one_list_paginated_coming_first(client, site_tree):
    t = site_tree
    start = dt.datetime(2019, 1, 1, 10, tzinfo=dt.UTC)
    for n in range(12):
        f.EventPageFactory(
            parent=t.events,
            title=f"Old event {n:02d}",
            starts_at=start + dt.timedelta(days=n),
            ends_at=start + dt.timedelta(days=n, hours=1),
        )
    # Two coming (a session and the workshop), then thirteen past events: the week
    # (2021) and twelve from 2019, newest first; twelve a page.
    first = main_of(soup_of(client.get(t.events.url)))
    assert card_titles(section(first, "upcoming")) == [t.next_session.title, t.workshop.title]
    past = card_titles(section(first, "past"))
    assert past[:2] == [t.week.title, "Old event 11"] and len(past) == 10
    second = main_of(soup_of(client.get(t.events.url, {"page": "2"})))
    assert card_titles(section(second, "past")) == ["Old event 02", "Old event 01", "Old event 00"]
    assert second.find(id="upcoming") is None
    assert "Page 2 of 2" in visible_text(second)


def test_an_event_offers_its_slides_and_related_resources(client, site_tree):
    from events.models import EventDocument, EventRelatedResource

    t = site_tree
    slides = f.DocumentFactory(
        title="Slides from the workshop", lines=["Kindness, slide by slide."]
    )
    EventDocument.objects.create(page=t.workshop, document=slides, sort_order=0)
    draft = f.ResourcePageFactory(parent=t.resources, title="Not published yet", live=False)
    for order, resource in enumerate([t.other_resource, draft, t.resource]):
        EventRelatedResource.objects.create(page=t.workshop, resource=resource, sort_order=order)

    main = main_of(soup_of(client.get(t.workshop.url)))
    documents = section(main, "documents-heading")
    assert has_link(documents, slides.url, "Slides from the workshop")
    assert "PDF" in visible_text(documents) and "1 page" in visible_text(documents)
    related = section(main, "related-heading")
    # In the editor's order, drafts left out.
    assert card_titles(related) == [t.other_resource.title, t.resource.title]
