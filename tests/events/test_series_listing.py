"""A series page lists its own sessions as /events/ lists events: what is coming,
soonest first, then what has happened, most recent first; paginated, filterable by
year (and by format when its sessions differ), and calm about nonsense."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(site_tree):
    """Two past sessions a year apart, and two to come, made out of order."""
    page = f.EventSeriesPageFactory(parent=site_tree.events, title="Listening circles")
    now = timezone.now().replace(microsecond=0)
    for title, starts in [
        ("Circle in spring 2020", dt.datetime(2020, 4, 7, 10, tzinfo=dt.UTC)),
        ("Circle in four weeks", now + dt.timedelta(weeks=4)),
        ("Circle in autumn 2021", dt.datetime(2021, 10, 5, 10, tzinfo=dt.UTC)),
        ("Circle next week", now + dt.timedelta(weeks=1)),
    ]:
        f.EventPageFactory(parent=page, title=title, starts_at=starts)
    return page


def session_titles(section):
    return [visible_text(item.select_one(".session-list__title")) for item in section.select("li")]


def test_coming_sessions_soonest_first_then_past_ones_newest_first(client, series):
    main = main_of(soup_of(client.get(series.url)))
    coming, past = main.find(id="upcoming").parent, main.find(id="past").parent
    assert session_titles(coming) == ["Circle next week", "Circle in four weeks"]
    assert session_titles(past) == ["Circle in autumn 2021", "Circle in spring 2020"]


def test_a_series_over_several_years_can_be_shown_one_year_at_a_time(client, series):
    response = client.get(series.url, {"year": "2021"})
    soup = soup_of(response)
    main = main_of(soup)
    form = main.find("form", class_="event-filters")
    assert form["aria-label"] == "Filter sessions"
    # Its sessions are all in one format, so that is no choice to offer.
    assert [select["name"] for select in form.find_all("select")] == ["year"]
    assert session_titles(main.find(id="past").parent) == ["Circle in autumn 2021"]
    assert "Sessions of Listening circles in 2021: 1 session." in visible_text(main)
    assert soup.title.string.startswith("Sessions of Listening circles in 2021 |")
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"http://testserver{series.url}?year=2021"


def test_a_series_in_one_year_and_one_format_offers_no_filters(client, site_tree):
    page = f.EventSeriesPageFactory(parent=site_tree.events, title="Short series")
    f.EventPageFactory(parent=page, starts_at=dt.datetime(2021, 3, 2, 11, tzinfo=dt.UTC))
    main = main_of(soup_of(client.get(page.url)))
    assert main.find("form", class_="event-filters") is None


def test_when_nothing_is_coming_the_page_says_so(client, site_tree):
    page = f.EventSeriesPageFactory(parent=site_tree.events, title="Finished series")
    f.EventPageFactory(parent=page, starts_at=dt.datetime(2021, 3, 2, 11, tzinfo=dt.UTC))
    text = visible_text(main_of(soup_of(client.get(page.url))))
    assert "No more sessions of Finished series are scheduled." in text


def test_sessions_are_paginated(client, site_tree):
    page = f.EventSeriesPageFactory(parent=site_tree.events, title="Long series")
    first = dt.datetime(2019, 1, 1, 11, tzinfo=dt.UTC)
    for week in range(55):
        f.EventPageFactory(parent=page, starts_at=first + dt.timedelta(weeks=week))
    one = main_of(soup_of(client.get(page.url)))
    two = main_of(soup_of(client.get(page.url, {"page": "2"})))
    assert len(one.select(".session-list li")) == 53
    assert len(two.select(".session-list li")) == 2
    assert "1 January 2019" in visible_text(two)  # the oldest come last


@pytest.mark.parametrize(
    "query, notice",
    [
        ("?year=abc", "There is no year called “abc”"),
        ("?format=telepathy", "There is no format called “telepathy”"),
        ("?page=99999", ""),
        ("?year=2021&year=%00", ""),
    ],
)
def test_nonsense_gets_a_normal_page(client, series, query, notice):
    response = client.get(series.url + query)
    assert response.status_code == 200
    main = main_of(soup_of(response))
    assert notice in visible_text(main)
    assert "Circle next week" in visible_text(main)
