"""The library's facets, read as a visitor reads them: the boxes offered, their counts,
the results they leave, and the name each filtered view gives itself.

The counts are computed by hand from the table in `library`, not by the code under
test: change the table and the expectations with it."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories as f
from tests.helpers import facet_counts, main_of, soup_of, squash, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(site_tree):
    """site_tree's three items, plus four more:

    | item                         | type       | year | authors                      | topics        | project | partners |
    | Cultivating Radical Kindness | paper      | 2021 | amira-khan, kindness-r-trust | -             | project | -        |
    | Stories of Radical Kindness  | collection | 2021 | -                            | -             | -       | -        |
    | Kindness, Emotions, …        | report     | 2020 | morag-stewart, funder        | -             | -       | -        |
    | Lonely places                | report     | 2019 | amira-khan                   | lonely        | project | p1       |
    | Councils that care           | report     | 2021 | ben-ode                      | local, lonely | -       | p1, p2   |
    | Toolkit for towns            | toolkit    | 2020 | ben-ode, amira-khan          | local         | project | -        |
    """
    t = site_tree
    t.toolkit = f.ResourceTypeFactory(name="Toolkit", plural_name="Toolkits", slug="toolkit")
    t.lonely = f.TopicFactory(name="Loneliness", slug="loneliness")
    t.local = f.TopicFactory(name="Local government", slug="local-government")
    t.ben = f.PersonFactory(name="Ben Ode", role="Researcher")
    t.p1 = f.OrganisationFactory(name="Partner One")
    t.p2 = f.OrganisationFactory(name="Partner Two")

    def item(title, kind, date, authors, topics=(), projects=(), partners=()):
        page = f.ResourcePageFactory(
            parent=t.resources,
            title=title,
            resource_type=kind,
            publication_date=date,
            topics=list(topics),
            projects=list(projects),
            partners=list(partners),
        )
        for order, author in enumerate(authors):
            f.ResourceAuthorFactory(page=page, person=author, sort_order=order)
        return page

    t.lonely_places = item(
        "Lonely places",
        t.report,
        dt.date(2019, 3, 1),
        [t.author],
        topics=[t.lonely],
        projects=[t.project],
        partners=[t.p1],
    )
    t.councils = item(
        "Councils that care",
        t.report,
        dt.date(2021, 1, 10),
        [t.ben],
        topics=[t.local, t.lonely],
        partners=[t.p1, t.p2],
    )
    t.towns = item(
        "Toolkit for towns",
        t.toolkit,
        dt.date(2020, 6, 1),
        [t.ben, t.author],
        topics=[t.local],
        projects=[t.project],
    )
    return t


def browse(client, t, query=""):
    response = client.get(t.resources.url + query)
    assert response.status_code == 200
    return main_of(soup_of(response)), soup_of(response)


def ticked(main, name):
    return [box["value"] for box in main.select(f"input[name={name}][checked]")]


def titles(main):
    return [visible_text(h) for h in main.select("#library-results .card__title")]


def test_every_facet_counts_the_whole_library(client, library):
    t = library
    main, _ = browse(client, t)
    assert facet_counts(main, "type") == {"report": 3, "paper": 1, "collection": 1, "toolkit": 1}
    assert facet_counts(main, "topic") == {"loneliness": 2, "local-government": 2}
    assert facet_counts(main, "author") == {
        "amira-khan": 3,
        "ben-ode": 2,
        "kindness-research-trust": 1,
        "morag-stewart": 1,
        t.funder.slug: 1,
    }
    assert facet_counts(main, "year") == {"2021": 3, "2020": 2, "2019": 1}
    assert facet_counts(main, "project") == {t.project.slug: 3}
    assert facet_counts(main, "partner") == {"partner-one": 2, "partner-two": 1}
    # Boxes read as their names, most used first.
    labels = [visible_text(s) for s in main.select("input[name=type] ~ .facet__label")]
    assert labels == ["Reports", "Collections", "Papers", "Toolkits"]


def test_facets_combine_and_each_counts_with_the_others_applied(client, library):
    t = library
    main, _ = browse(client, t, "?type=report&topic=loneliness")
    assert titles(main) == ["Councils that care", "Lonely places"]
    assert ticked(main, "type") == ["report"] and ticked(main, "topic") == ["loneliness"]
    # Types, among items on loneliness: both are reports.
    assert facet_counts(main, "type") == {"report": 2}
    # Topics, among reports (R2, Lonely places, Councils).
    assert facet_counts(main, "topic") == {"loneliness": 2, "local-government": 1}
    # Everything else, among the two results.
    assert facet_counts(main, "author") == {"amira-khan": 1, "ben-ode": 1}
    assert facet_counts(main, "year") == {"2021": 1, "2019": 1}
    assert facet_counts(main, "partner") == {"partner-one": 2, "partner-two": 1}


def test_values_of_one_facet_widen_the_results(client, library):
    t = library
    main, _ = browse(client, t, "?topic=loneliness&topic=local-government")
    assert titles(main) == ["Councils that care", "Toolkit for towns", "Lonely places"]
    main, _ = browse(client, t, "?author=amira-khan&author=ben-ode&sort=oldest")
    assert titles(main) == [
        "Lonely places",
        "Toolkit for towns",
        "Councils that care",
        "Cultivating Radical Kindness",
    ]


def test_results_sort_by_newest_oldest_or_title(client, library):
    t = library
    newest, _ = browse(client, t, "?type=report")
    assert titles(newest) == [
        "Councils that care",
        "Kindness, Emotions, and Human Relationships",
        "Lonely places",
    ]
    oldest, _ = browse(client, t, "?type=report&sort=oldest")
    assert titles(oldest) == list(reversed(titles(newest)))
    by_title, _ = browse(client, t, "?type=report&sort=title")
    assert titles(by_title) == sorted(titles(newest))
    selected = by_title.select_one("select[name=sort] option[selected]")
    assert selected["value"] == "title"


def test_a_filtered_view_names_itself(client, library):
    t = library
    cases = {
        "?type=report": "Reports",
        "?type=report&type=toolkit": "Reports and toolkits",
        "?author=amira-khan": "Resources by Amira Khan",
        "?topic=local-government&year=2020": "Resources on Local government published in 2020",
        f"?project={t.project.slug}": f"Resources from the {t.project.title} project",
        "?partner=partner-two": "Resources with Partner Two",
    }
    descriptions = set()
    for query, name in cases.items():
        main, soup = browse(client, t, query)
        assert squash(soup.title.get_text()) == f"{name} in the Radical Kindness library"
        assert visible_text(main.select_one("#results-heading")).startswith(name)
        description = soup.find("meta", attrs={"name": "description"})["content"]
        assert description.startswith(f"{name} in the Radical Kindness library: ")
        descriptions.add(description)
    # Another order or another page is another view, with a description of its own.
    for query in ("?type=report&sort=title", "?type=report&sort=oldest", "?sort=title"):
        _, soup = browse(client, t, query)
        descriptions.add(soup.find("meta", attrs={"name": "description"})["content"])
    assert len(descriptions) == len(cases) + 3, "no two views share a description"


def test_the_address_carries_the_state_and_links_keep_it(client, library):
    t = library
    for n in range(13):
        f.ResourcePageFactory(
            parent=t.resources,
            title=f"Old report {n:02d}",
            resource_type=t.report,
            publication_date=dt.date(2010, 1, 1) + dt.timedelta(days=n),
        )
    main, soup = browse(client, t, "?type=report&sort=title&utm_source=news")
    next_link = main.select_one("a[rel=next]")
    assert parse_qs(urlsplit(next_link["href"]).query) == {
        "type": ["report"],
        "sort": ["title"],
        "page": ["2"],
    }
    canonical = urlsplit(soup.find("link", rel="canonical")["href"])
    assert parse_qs(canonical.query) == {"type": ["report"], "sort": ["title"]}
    # Each applied filter can be removed on its own.
    remove = {visible_text(a).split(",")[0]: a["href"] for a in main.select(".active-filters a")}
    assert remove["Type: Reports"] == "?sort=title"
    assert remove["Clear all filters"] == t.resources.url


def test_no_results_say_so_and_offer_to_clear(client, library):
    t = library
    main, _ = browse(client, t, "?type=toolkit&year=2019")
    assert titles(main) == []
    text = visible_text(main.select_one("#library-results"))
    assert "No resources match these filters." in text
    clear = [a for a in main.select("#library-results a") if visible_text(a) == "Clear all filters"]
    assert clear and all(a["href"] == t.resources.url for a in clear)
    # A ticked box with nothing left under it stays, so it can be unticked.
    assert ticked(main, "year") == ["2019"]


@pytest.mark.parametrize(
    "query, notice",
    [
        ("?year=abc", "There is no year called “abc”"),
        ("?topic=nope", "There is no topic called “nope”"),
        ("?author=nobody", "There is no author called “nobody”"),
        ("?partner=" + "x" * 5000, "There is no partner called “" + "x" * 60 + "”"),
        ("?project=%3Cscript%3E", "There is no project called “<script>”"),
    ],
)
def test_unknown_values_are_named_and_left_out(client, library, query, notice):
    t = library
    main, _ = browse(client, t, query)
    assert notice in visible_text(main)
    assert len(titles(main)) == 6


def test_repeated_and_excess_values_are_harmless(client, library):
    t = library
    main, _ = browse(client, t, "?type=report&type=report&type=paper" + "&topic=x" * 500)
    assert titles(main) == [
        "Cultivating Radical Kindness",
        "Councils that care",
        "Kindness, Emotions, and Human Relationships",
        "Lonely places",
    ]
    assert sorted(ticked(main, "type")) == ["paper", "report"]


def test_a_year_with_nothing_in_it_is_an_empty_view_not_an_error(client, library):
    main, _ = browse(client, library, "?year=1850")
    assert titles(main) == []
    assert "No resources match these filters." in visible_text(main)


def test_each_author_has_a_page_listing_their_resources(client, library):
    t = library
    response = client.get(t.resources.url + "authors/ben-ode/")
    assert response.status_code == 200
    soup = soup_of(response)
    main = main_of(soup)
    assert visible_text(main.find("h1")) == "Ben Ode"
    assert "Researcher" in visible_text(main)
    assert titles_on(main) == ["Councils that care", "Toolkit for towns"]
    assert soup.title.get_text() == "Ben Ode: author in the Radical Kindness library"
    crumbs = [visible_text(a) for a in soup.select("nav[aria-label=Breadcrumb] a")]
    assert crumbs == ["Home", "Resources"]
    # A resource page links each author to their page.
    resource = main_of(soup_of(client.get(t.towns.url)))
    links = {visible_text(a): a["href"] for a in resource.select(".facts a")}
    assert links["Ben Ode"] == "/resources/authors/ben-ode/"
    assert links["Amira Khan"] == "/resources/authors/amira-khan/"
    assert client.get(t.resources.url + "authors/no-such-author/").status_code == 404


def titles_on(main):
    return [visible_text(h) for h in main.select(".card__title")]


def test_an_author_page_leaves_out_drafts(client, library):
    t = library
    draft = f.ResourcePageFactory(parent=t.resources, title="Unpublished", live=False)
    f.ResourceAuthorFactory(page=draft, person=t.ben)
    main = main_of(soup_of(client.get(t.resources.url + "authors/ben-ode/")))
    assert "Unpublished" not in visible_text(main)


QUERY_KEYS = st.sampled_from(
    ["q", "type", "topic", "author", "year", "project", "partner", "sort", "page", "utm_x", "ü"]
)
QUERY_VALUES = st.one_of(
    st.sampled_from(["report", "2021", "loneliness", "amira-khan", "title", "oldest", "99999"]),
    st.text(max_size=300),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(params=st.lists(st.tuples(QUERY_KEYS, QUERY_VALUES), max_size=8))
def test_any_query_string_gives_a_page_not_an_error(client, library, params):
    response = client.get(library.resources.url, params)
    assert response.status_code == 200
    assert b"<h1>Resources</h1>" in response.content


def related_titles(client, page):
    main = main_of(soup_of(client.get(page.url)))
    section = main.find("section", attrs={"aria-labelledby": "related-heading"})
    return [visible_text(h) for h in section.select(".card__title")] if section else []


def test_related_resources_are_chosen_first_then_share_topics_and_authors(client, library):
    t = library
    # Lonely places shares a topic with Councils (loneliness) and an author with
    # Cultivating and Toolkit for towns (Amira Khan); nothing is chosen yet, so the
    # ones sharing most come first, then the newest.
    assert related_titles(client, t.lonely_places) == [
        "Cultivating Radical Kindness",
        "Councils that care",
        "Toolkit for towns",
    ]
    # An editor's choice comes first, even with nothing in common.
    f.RelatedResourceFactory(page=t.lonely_places, resource=t.other_resource)
    assert related_titles(client, t.lonely_places)[0] == t.other_resource.title
    assert len(related_titles(client, t.lonely_places)) == 3
    # A draft is never suggested.
    t.councils.unpublish()
    assert "Councils that care" not in related_titles(client, t.lonely_places)


def test_a_resource_with_nothing_in_common_suggests_nothing(client, library):
    lone = f.ResourcePageFactory(parent=library.resources, title="Alone")
    assert related_titles(client, lone) == []


def test_search_combines_with_the_facets(client, library):
    t = library
    main, soup = browse(client, t, "?q=councils")
    assert titles(main) == ["Councils that care"]
    assert squash(soup.title.get_text()) == (
        "Resources matching “councils” in the Radical Kindness library"
    )
    main, _ = browse(client, t, "?q=councils&type=toolkit")
    assert titles(main) == []
    assert "No resources match your search and these filters." in visible_text(main)
    # Counts follow the search too: only the one report matches.
    main, _ = browse(client, t, "?q=councils")
    assert facet_counts(main, "type") == {"report": 1}
    # Best match is the order while searching; the other orders remain on offer.
    options = [o["value"] for o in main.select("select[name=sort] option")]
    assert options == ["relevance", "newest", "oldest", "title"]


def test_a_library_search_quotes_the_passage_of_the_pdf_that_matched(client, library):
    t = library
    report = f.DocumentFactory(
        title="Full text",
        lines=["Chapter one.", "Volunteers in Ayrshire ran a quokka census for the council."],
    )
    f.ResourceDocumentFactory(page=t.councils, document=report)
    t.councils.save_revision().publish()  # the index reads the PDF's text on save
    main, _ = browse(client, t, "?q=quokka&type=report")
    assert titles(main) == ["Councils that care"]
    snippet = main.select_one("#library-results .card__snippet")
    assert visible_text(snippet).startswith("From the PDF:")
    assert [visible_text(m) for m in snippet.find_all("mark")] == ["quokka"]
