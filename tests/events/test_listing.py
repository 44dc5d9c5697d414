"""/events/ filtered by series, format and year: the address carries the choice, the
page names it, and nonsense in the query string gets a normal page."""

import pytest

from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db


def events_page(client, t, **params):
    response = client.get(t.events.url, params)
    assert response.status_code == 200
    return response, soup_of(response)


def titles(soup):
    return [visible_text(h) for h in main_of(soup).select(".card__title")]


def test_the_filters_are_a_form_that_works_without_javascript(client, site_tree):
    _, soup = events_page(client, site_tree)
    form = main_of(soup).find("form", class_="event-filters")
    assert form["method"] == "get"
    assert {s["name"] for s in form.find_all("select")} == {"series", "format", "year"}
    years = [o["value"] for o in form.find("select", attrs={"name": "year"}).find_all("option")]
    assert years[0] == "" and "2021" in years


def test_a_series_shows_all_its_sessions_past_and_coming(client, site_tree):
    t = site_tree
    _, unfiltered = events_page(client, t)
    assert t.session.title not in titles(unfiltered)  # a past session lives on its series

    response, soup = events_page(client, t, series=t.series.slug)
    assert titles(soup) == [t.next_session.title, t.session.title]
    assert soup.title.string.startswith("Sessions of Radical Kindness Elevenses |")
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Sessions of Radical Kindness Elevenses: 2 events")
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"http://testserver{t.events.url}?series={t.series.slug}"


def test_format_and_year_narrow_the_list(client, site_tree):
    t = site_tree
    _, soup = events_page(client, t, format="in_person")
    assert titles(soup) == [t.workshop.title]
    assert "In person events: 1 event." in visible_text(main_of(soup))

    _, soup = events_page(client, t, year="2021")
    # The 2021 session, and the week; nothing from other years.
    assert set(titles(soup)) == {t.session.title, t.week.title}
    assert "Nothing that matches these filters is coming up." in visible_text(main_of(soup))


@pytest.mark.parametrize(
    "params, notice",
    [
        ({"series": "no-such-series"}, "There is no series called “no-such-series”"),
        ({"format": "telepathy"}, "There is no format called “telepathy”"),
        ({"year": "abc"}, "There is no year called “abc”"),
        ({"year": "99999"}, "There is no year called “99999”"),
    ],
)
def test_a_value_that_names_nothing_is_said_and_left_out(client, site_tree, params, notice):
    response, soup = events_page(client, site_tree, **params)
    assert notice in visible_text(main_of(soup))
    assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert site_tree.workshop.title in titles(soup)


@pytest.mark.parametrize(
    "query",
    ["?page=99999", "?page=-1", "?year=2021&year=2020", "?series=" + "x" * 5000, "?format=%00"],
)
def test_nonsense_gets_a_normal_page(client, site_tree, query):
    assert client.get(site_tree.events.url + query).status_code == 200


def test_a_year_with_no_events_is_an_empty_view(client, site_tree):
    _, soup = events_page(client, site_tree, year="1999")
    assert titles(soup) == []
    assert "Nothing that matches these filters is coming up." in visible_text(main_of(soup))
