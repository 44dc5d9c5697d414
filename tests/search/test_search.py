"""Search over the real content: results a visitor can follow, and no query that can
break the page."""

from uuid import uuid4

import pytest
from wagtail.models import Site

from core.sections import Section, section_page
from events.models import EventPage, EventSeriesPage
from resources.models import ResourcePage
from tests import factories as f
from tests.helpers import has_link, main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db


def search(client, query_string):
    response = client.get("/search/" + query_string)
    assert response.status_code == 200, f"/search/{query_string[:40]} gave {response.status_code}"
    soup = soup_of(response)
    h1s = soup.find_all("h1")
    assert [visible_text(h) for h in h1s] == ["Search"]
    assert soup.find("html")["lang"].lower() == "en-gb"
    return soup


def result_titles(soup):
    return [visible_text(a) for a in main_of(soup).select(".search-results h3 a")]


def test_search_finds_a_resource_by_a_word_in_its_title(client):
    paper = ResourcePage.objects.get(title="The Art of Living Together")
    soup = search(client, "?q=living+together")
    assert "The Art of Living Together" in result_titles(soup)
    assert has_link(main_of(soup), paper.url, paper.title)
    field = soup.find("input", attrs={"name": "q"})
    assert field["value"] == "living together"
    assert "for “living together”" in visible_text(main_of(soup))


def test_a_query_with_no_match_says_so(client):
    soup = search(client, "?q=xylophonequartz")
    assert result_titles(soup) == []
    assert "0 results" in visible_text(main_of(soup))
    assert "Nothing matched" in visible_text(main_of(soup))


@pytest.mark.parametrize(
    "query_string, canonical",
    [
        ("?q=xylophonequartz&utm_source=x", "/search/?q=xylophonequartz"),  # no results
        ("?q=Elevenses&page=2", "/search/?q=Elevenses&page=2"),
        ("?q=Elevenses&page=99999", "/search/?q=Elevenses&page=3"),  # the last page
        ("?q=++kindness++", "/search/?q=kindness"),  # the query as searched
        ("", "/search/"),
    ],
)
def test_the_canonical_address_is_the_search_shown(client, query_string, canonical):
    href = search(client, query_string).find("link", rel="canonical")["href"]
    assert href == f"http://testserver{canonical}"


@pytest.mark.parametrize("query_string", ["", "?q=", "?q=+++", "?q=%09%0A"])
def test_an_empty_search_shows_the_form_and_no_results(client, query_string):
    soup = search(client, query_string)
    assert soup.find("input", attrs={"name": "q"}) is not None
    assert result_titles(soup) == []
    assert "Type a word or two above" in visible_text(main_of(soup))


def test_a_very_long_query_is_shortened_not_refused(client):
    soup = search(client, "?q=" + "kindness%20" * 500)  # 5,000 characters and more
    value = soup.find("input", attrs={"name": "q"})["value"]
    assert 0 < len(value) <= 200
    assert value.startswith("kindness kindness")


def test_a_5000_character_word_is_harmless(client):
    soup = search(client, "?q=" + "k" * 5000)
    assert result_titles(soup) == []


@pytest.mark.parametrize(
    "query_string",
    [
        "?q=%00",
        "?q=kindness%00",
        "?q=%00%00%00",
        "?q=%FF%FE",
        "?q=<script>alert(1)</script>",
        "?q=%22%27%3B--",
        "?q=%22radical+kindness",
        "?q=Belong%27s+%22paper",
        "?q=kindness&page=abc",
        "?q=kindness&page=999999999999999999999",
        "?q=kindness&page=-1",
        "?q=kindness&page=%C2%B2",
        "?q=Elevenses&page=%E2%91%A1",
        "?q=AND+OR+NOT",
        "?q=*",
        "?q=kindness&q=other",
        "?page=abc",
    ],
)
def test_hostile_queries_never_fail(client, query_string):
    soup = search(client, query_string)
    assert b"<script>alert" not in str(soup).encode()


def test_results_are_paginated_with_the_query_kept(client):
    """Every Elevenses session and the series itself mention Elevenses: three pages of
    ten. Walking the pages finds each result once, the series among them."""
    sessions = EventPage.objects.live().child_of(EventSeriesPage.objects.get())
    expected_at_least = sessions.count() + 1
    soup = search(client, "?q=Elevenses")
    heading = visible_text(main_of(soup).find(id="results"))
    total = int(heading.split()[0])
    assert total >= expected_at_least
    assert len(result_titles(soup)) == 10

    seen = result_titles(soup)
    while (next_link := main_of(soup).select_one("a[rel=next]")) is not None:
        assert "q=Elevenses" in next_link["href"]
        soup = search(client, next_link["href"])
        assert soup.find("input", attrs={"name": "q"})["value"] == "Elevenses"
        seen += result_titles(soup)
    assert len(seen) == total == len(set(seen))
    assert "Radical Kindness Elevenses" in seen
    assert {s.title for s in sessions} <= set(seen)


# -- what search looks inside, in what order, and what it quotes -------------------------


def library():
    return section_page(Section.LIBRARY)


def results(soup):
    """(title, snippet HTML) of each result shown."""
    shown = []
    for li in main_of(soup).select(".search-results li"):
        snippet = li.select_one(".search-snippet")
        shown.append((visible_text(li.h3), snippet.decode_contents() if snippet else ""))
    return shown


def publish(page):
    page.save_revision().publish()
    return page


def test_search_finds_the_text_inside_a_pdf_and_quotes_it(client):
    page = f.ResourcePageFactory(
        parent=library(), title="Annual Gathering Report", introduction="What happened."
    )
    document = f.DocumentFactory(
        lines=["Volunteers planted the heliotrope gardens of the northern estate."]
    )
    f.ResourceDocumentFactory(page=page, document=document)
    publish(page)
    soup = search(client, "?q=heliotrope+gardens")
    [(title, snippet)] = results(soup)
    assert title == "Annual Gathering Report"
    assert snippet == (
        '<span class="search-snippet__source">From the PDF:</span> Volunteers planted the '
        "<mark>heliotrope</mark> <mark>gardens</mark> of the northern estate."
    )


def test_search_finds_a_resource_by_its_authors_name(client):
    page = f.ResourcePageFactory(parent=library(), title="Letters to Strangers")
    f.ResourceAuthorFactory(page=page, person=f.PersonFactory(name="Ottoline Brackwater"))
    publish(page)
    soup = search(client, "?q=brackwater")
    # The author comes first, linking to their work, then what they wrote.
    [(person, _), (title, snippet)] = results(soup)
    assert person == "Ottoline Brackwater"
    assert title == "Letters to Strangers"
    assert "By</span> Ottoline <mark>Brackwater</mark>" in snippet
    author_link = main_of(soup).select_one(".search-results h3 a")
    assert author_link["href"].startswith(library().url + "authors/")
    assert "Letters to Strangers" in visible_text(main_of(soup_of(client.get(author_link["href"]))))


def test_a_title_match_comes_first(client):
    body_only = publish(
        f.ResourcePageFactory(
            parent=library(),
            title="Evening Walks",
            introduction="Lanterns, lanterns and more lanterns along the river.",
            body=[{"type": "paragraph", "value": "<p>" + "Lanterns everywhere. " * 12 + "</p>"}],
        )
    )
    in_title = publish(f.ResourcePageFactory(parent=library(), title="Lanterns for Every Street"))
    titles = [title for title, _ in results(search(client, "?q=lanterns"))]
    assert titles == [in_title.title, body_only.title]


def test_markup_in_a_body_is_shown_as_text_never_run(client):
    """The body's rich text holds "<script>" as text (escaped). PostgreSQL's parser
    skips what reads as a tag, so the word searched for is outside it."""
    publish(
        f.ResourcePageFactory(
            parent=library(),
            title="Preserves",
            body=[
                {
                    "type": "paragraph",
                    "value": "<p>Stir &lt;script&gt;alert(1)&lt;/script&gt; into the "
                    "marmalade.</p>",
                }
            ],
        )
    )
    response = client.get("/search/?q=marmalade")
    assert b"<script>alert" not in response.content
    assert b"Stir &lt;script&gt;alert(1)&lt;/script&gt; into the <mark>marmalade</mark>." in (
        response.content
    )


def test_other_pages_quote_their_summary_with_the_words_marked(client):
    home = Site.objects.get(is_default_site=True).root_page
    publish(
        f.StandardPageFactory(
            parent=home, title="Our orchard", introduction="We grow quinces for the street."
        )
    )
    assert results(search(client, "?q=quinces")) == [
        ("Our orchard", "We grow <mark>quinces</mark> for the street.")
    ]


@pytest.mark.parametrize(
    "query_string",
    [
        "?q=" + "kindness%20" * 1000,  # 10,000 characters
        "?q=%F0%9F%98%80",  # an emoji, and nothing else
        "?q=kindness+%F0%9F%98%80",
        "?q=%ED%A0%80kindness",  # a lone surrogate's bytes: not UTF-8
        "?q=%27+OR+1%3D1+--",
        "?q=NEAR(kindness+radical)",
        "?q=kind*",
        "?q=%7Btitle%7D%3A+kindness",
        "?q=%EF%BD%8B%EF%BD%89%EF%BD%8E%EF%BD%84",  # full-width letters
    ],
)
def test_more_odd_queries_never_fail(client, query_string):
    soup = search(client, query_string)
    assert "<script>alert" not in str(soup)


def test_the_queries_a_search_takes_do_not_grow_with_its_results(
    client, django_assert_max_num_queries
):
    """Library results quote their bodies, PDFs and authors: fetched for the page of
    results at once, however many there are on it."""

    def add_resources(count):
        for _ in range(count):
            page = f.ResourcePageFactory(parent=library(), title=f"Quokka findings {uuid4()}")
            f.ResourceAuthorFactory(page=page)
            f.ResourceAuthorFactory(page=page, person=None, organisation=f.OrganisationFactory())
            f.ResourceDocumentFactory(page=page, document=f.DocumentFactory(lines=["A quokka."]))
            publish(page)

    def queries():
        client.get("/search/?q=quokka")
        with django_assert_max_num_queries(40) as captured:
            response = client.get("/search/?q=quokka")
        return len(captured), response

    add_resources(2)
    two, response = queries()
    assert len(results(soup_of(response))) == 2
    add_resources(6)
    eight, response = queries()
    assert len(results(soup_of(response))) == 8
    assert two == eight
