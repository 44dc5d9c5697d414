"""The library's search (resources/search.py): what matches, in what order, what a
snippet quotes, how many queries it takes, and that no query can break it. Run on
SQLite and on PostgreSQL (DATABASE_URL), whose full-text searches differ."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import SafeString

from resources.models import LibraryItem, ResourcePage, Topic
from resources.search import (
    PkIn,
    clean_query,
    fetch_in_order,
    highlighted_snippet,
    matching_ids,
    prefetch_snippet_sources,
    search_terms,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

LONG_TITLE_WORDS = (
    "ash bay bog cob dew elk elm emu fen fig fir gum hay ivy jay kit koi lab log mud nut "
    "oak owl pea pod ram rye sap sod sty tar tea yak yam yew zoo bee cod doe eel ewe fox "
    "gnu hen hog kid"
).split()

HOSTILE = [
    "",
    "   ",
    "k" * 10_000,
    "kindness " * 1_200,
    "' OR 1=1 --",
    '"; DROP TABLE wagtailcore_page; --',
    "<script>alert(1)</script>",
    "😀🙃",
    "lanterns 😀",
    "\ud800lanterns",  # a lone surrogate: no database driver can encode it
    "\x00lanterns\x00",
    "AND OR NOT",
    "NEAR(lanterns street)",
    "lant*",
    "-lanterns",
    '"lanterns',
    "{title}: lanterns",
    "ｌａｎｔｅｒｎｓ",  # full-width letters, the same word once normalised
    "e\u0301\u0301\u0301",
]


def publish(page):
    """As an editor's publish does, so the index sees the authors and documents
    added after the page was first saved."""
    page.save_revision().publish()
    return page


@pytest.fixture(scope="module")
def library(site_tree, django_db_blocker):
    """Resources that match "lanterns" in different places, and others found only by
    a PDF, an author's name or a topic, added to the small site."""
    t = site_tree
    with django_db_blocker.unblock():
        topic = Topic.objects.create(name="Street lighting", slug="street-lighting")
        lib = SimpleNamespace(t=t, topic=topic)
        # The title matches; the summary says little.
        lib.in_title = f.ResourcePageFactory(
            parent=t.resources,
            title="Lanterns for Every Street",
            introduction="A guide to welcoming new neighbours.",
            resource_type=t.report,
        )
        # A title so long that Wagtail's weighting by title length (title_norm) makes
        # its one match count for little.
        lib.in_long_title = f.ResourcePageFactory(
            parent=t.resources,
            title="Lanterns: " + " ".join(LONG_TITLE_WORDS),
            introduction="An inventory.",
            resource_type=t.report,
        )
        # Says "lanterns" again and again, but not in its title.
        lib.in_body = f.ResourcePageFactory(
            parent=t.resources,
            title="Evening Walks",
            introduction="Lanterns, lanterns and more lanterns along the river.",
            resource_type=t.paper,
            body=[{"type": "paragraph", "value": "<p>" + "Lanterns everywhere. " * 12 + "</p>"}],
        )
        lib.in_pdf = f.ResourcePageFactory(
            parent=t.resources,
            title="Annual Gathering Report",
            introduction="What happened at the gathering.",
            resource_type=t.report,
            topics=[topic],
        )
        document = f.DocumentFactory(
            title="Gathering report",
            lines=[
                "Chapter one",
                "Volunteers planted the heliotrope gardens of the northern estate,",
                "and neighbours who had never met shared the first harvest.",
            ],
        )
        f.ResourceDocumentFactory(page=lib.in_pdf, document=document)
        lib.by_author = f.ResourcePageFactory(
            parent=t.resources,
            title="Letters to Strangers",
            introduction="Why a letter can cross a divide.",
            resource_type=t.paper,
        )
        lib.author = f.PersonFactory(name="Ottoline Brackwater")
        f.ResourceAuthorFactory(page=lib.by_author, person=lib.author)
        f.ResourceAuthorFactory(
            page=lib.by_author, person=None, organisation=f.OrganisationFactory(name="Quay Trust")
        )
        lib.hostile = f.ResourcePageFactory(
            parent=t.resources,
            title="Preserves",
            introduction="A recipe.",
            resource_type=t.paper,
            body=[
                {
                    "type": "paragraph",
                    "value": "<p>Stir the &lt;script&gt;alert('marmalade')&lt;/script&gt; "
                    "slowly.</p>",
                },
                {"type": "heading", "value": {"text": "<b>Marmalade</b> & toast", "anchor": ""}},
            ],
        )
        for page in (
            lib.in_title,
            lib.in_long_title,
            lib.in_body,
            lib.in_pdf,
            lib.by_author,
            lib.hostile,
        ):
            publish(page)
    return lib


def live():
    return LibraryItem.objects.live().public()


# -- what is searched -------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, words",
    [
        ("", []),
        ("  Radical   kindness ", ["Radical", "kindness"]),
        ("' OR 1=1 --", ["OR"]),
        ("<script>alert(1)</script>", ["script", "alert"]),
        ("don't stop", ["don", "stop"]),
        ("a b c", []),
        ("snake_case", ["snake", "case"]),
        ("kindness kindness", ["kindness"]),
        ("😀 kindness", ["kindness"]),
        ("\ud800kindness\x00", ["kindness"]),
        ("ｋｉｎｄｎｅｓｓ", ["kindness"]),
    ],
)
def test_only_words_are_searched(query, words):
    assert search_terms(query) == words


def test_a_query_is_cleaned_not_refused():
    assert clean_query("\x00 kindness\t\n and\ud800 more ") == "kindness and more"
    assert len(clean_query("k" * 10_000)) == 200
    assert clean_query(None) == ""


# -- what matches, and in what order -----------------------------------------------------


def test_a_title_match_ranks_first(library):
    """One resource says "lanterns" fourteen times in a short text, which plain
    relevance (bm25 on SQLite, ts_rank on PostgreSQL) ranks above one mention in a
    title, above all in a long one; title matches still come first, on both databases."""
    assert matching_ids(live(), "lanterns") == [
        library.in_title.pk,
        # Among title matches, the title the query covers most comes first.
        library.in_long_title.pk,
        library.in_body.pk,
    ]
    assert matching_ids(live(), "LANTERNS street")[:1] == [library.in_title.pk]


def test_every_word_must_match(library):
    assert matching_ids(live(), "lanterns river") == [library.in_body.pk]
    assert matching_ids(live(), "lanterns xylophonequartz") == []


@pytest.mark.parametrize(
    "query, which",
    [
        ("heliotrope", "in_pdf"),  # only in the text of its PDF
        ("heliotrope harvest", "in_pdf"),  # two lines of the PDF
        ("Brackwater", "by_author"),  # an author's name
        ("Quay Trust", "by_author"),  # an organisation credited as an author
        ("Street lighting", "in_pdf"),  # a topic's name
        ("marmalade", "hostile"),  # a body, rich text and a heading
    ],
)
def test_it_searches_pdfs_authors_topics_and_bodies(library, query, which):
    assert matching_ids(live(), query) == [getattr(library, which).pk]


def test_it_searches_within_the_facets_given(library):
    """The facets may filter on anything, indexed for search or not (the type, an
    author); only items the queryset holds are returned."""
    t = library.t
    reports = live().filter(resource_type=t.report)
    assert set(matching_ids(reports, "lanterns")) == {library.in_title.pk, library.in_long_title.pk}
    assert matching_ids(live().filter(resource_type=t.paper), "lanterns") == [library.in_body.pk]
    by_author = live().filter(authors__person=library.author).distinct()
    assert matching_ids(by_author, "Brackwater") == [library.by_author.pk]
    assert matching_ids(by_author, "lanterns") == []
    assert matching_ids(live().filter(topics=library.topic), "heliotrope") == [library.in_pdf.pk]
    # Drafts and unpublished pages are the queryset's business, as ever.
    assert matching_ids(LibraryItem.objects.filter(live=False), "lanterns") == []


def test_the_cards_queryset_can_be_passed_as_it_is(library):
    cards = live().for_cards().newest_first()
    assert matching_ids(cards, "lanterns") == matching_ids(live(), "lanterns")


@pytest.mark.parametrize("query", HOSTILE)
def test_odd_queries_never_raise(library, query):
    ids = matching_ids(live(), query)
    assert isinstance(ids, list)
    if search_terms(query) == ["lanterns"]:
        assert ids == matching_ids(live(), "lanterns")


def test_searching_takes_one_query_and_nothing_to_search_takes_none(
    library, django_assert_num_queries
):
    items = live()  # public() asks for the view restrictions as it is built
    papers = items.filter(resource_type=library.t.paper)
    matching_ids(items, "lanterns")  # content types are cached after this
    with django_assert_num_queries(1):
        assert matching_ids(papers, "lanterns") == [library.in_body.pk]
    with django_assert_num_queries(1):
        assert matching_ids(items, "xylophonequartz") == []
    with django_assert_num_queries(0):
        assert matching_ids(items, "' -- *") == []


def test_ids_fetch_back_in_their_order(library):
    ids = matching_ids(live(), "lanterns")
    assert len(ids) == 3
    items = fetch_in_order(LibraryItem.objects.for_cards(), [*reversed(ids), 999_999])
    assert [item.pk for item in items] == [*reversed(ids)]


def test_matches_can_be_counted_by_facet_with_the_ids_sent_at_once(library):
    ids = matching_ids(live(), "lanterns")
    by_type = (
        live()
        .filter(PkIn(ids))
        .order_by("resource_type__slug")
        .values_list("resource_type__slug")
        .annotate(count=Count("pk"))
    )
    assert list(by_type) == [("paper", 1), ("report", 2)]
    assert list(live().filter(PkIn(ids))) == list(live().filter(pk__in=ids))
    assert list(live().filter(PkIn([]))) == []
    sql, params = live().filter(PkIn(range(5000))).query.sql_with_params()
    assert sql.count("%s") < 10 and len(params) < 10  # not 5,000 placeholders


# -- snippets -----------------------------------------------------------------------------


def snippet_of(item, query):
    item = LibraryItem.objects.for_cards().get(pk=item.pk)
    prefetch_snippet_sources([item])
    return str(highlighted_snippet(item, query))


def test_a_snippet_quotes_the_summary_first(library):
    snippet = snippet_of(library.in_body, "lanterns")
    assert snippet.startswith("<mark>Lanterns</mark>, <mark>lanterns</mark> and more")
    assert "From the" not in snippet


def test_a_snippet_quotes_the_pdf_and_says_so(library):
    snippet = snippet_of(library.in_pdf, "heliotrope")
    assert snippet.startswith('<span class="search-snippet__source">From the PDF:</span>')
    assert "planted the <mark>heliotrope</mark> gardens of the northern estate" in snippet
    assert snippet.count("<mark>") == 1


def test_a_snippet_quotes_the_body_and_says_so(library):
    snippet = snippet_of(library.hostile, "stir")
    assert snippet.startswith('<span class="search-snippet__source">From the page:</span>')
    assert "<mark>Stir</mark> the" in snippet


def test_a_snippet_names_the_matching_author(library):
    snippet = snippet_of(library.by_author, "brackwater")
    assert "By</span> Ottoline <mark>Brackwater</mark>, Quay Trust" in snippet


def test_a_snippet_never_lets_markup_through(library):
    """The body holds "<script>" as text (escaped in its rich text) and a heading that
    reads "<b>Marmalade</b>": both are shown as the words they are."""
    snippet = snippet_of(library.hostile, "marmalade")
    assert "<script" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;alert(&#x27;<mark>marmalade</mark>&#x27;)&lt;/script&gt;" in snippet
    assert "&lt;b&gt;<mark>Marmalade</mark>&lt;/b&gt; &amp; toast" in snippet
    hostile_query = snippet_of(library.hostile, "<script>marmalade</script>")
    assert "<script" not in hostile_query


def test_a_title_only_match_shows_the_summary(library):
    snippet = snippet_of(library.in_title, "lanterns")
    assert snippet == "A guide to welcoming new neighbours."


def test_a_long_text_is_cut_around_the_match(library):
    words = [f"word{i}" for i in range(400)]
    words[200] = "Quokka"
    page = f.ResourcePageFactory(
        parent=library.t.resources, title="Long", introduction=" ".join(words)
    )
    snippet = snippet_of(page, "quokka")
    shown = snippet.split()
    assert shown[0] == "…" and shown[-1] == "…"
    assert "word192 word193" in snippet and "<mark>Quokka</mark> word201" in snippet
    assert 25 <= len(shown) - 2 <= 32


def test_snippets_are_safe_strings_even_for_nothing(library):
    item = LibraryItem.objects.get(pk=library.in_title.pk)
    assert isinstance(highlighted_snippet(item, ""), SafeString)
    assert isinstance(highlighted_snippet(item, "\x00"), SafeString)


def test_snippets_take_the_same_queries_for_two_items_or_six(library, django_assert_num_queries):
    def queries_for(pks):
        items = list(LibraryItem.objects.for_cards().filter(pk__in=pks))  # authors too
        with CaptureQueriesContext(connection) as captured:
            prefetch_snippet_sources(items)
            snippets = [highlighted_snippet(item, "lanterns heliotrope") for item in items]
        assert len(snippets) == len(pks)
        return len(captured)

    few = queries_for([library.in_title.pk, library.in_pdf.pk])
    many = queries_for(
        [
            library.in_title.pk,
            library.in_body.pk,
            library.in_pdf.pk,
            library.by_author.pk,
            library.hostile.pk,
            library.t.resource.pk,
        ]
    )
    assert few == many == 3  # the bodies, the PDFs' text and the topics
    # Once fetched, a snippet costs nothing.
    item = LibraryItem.objects.for_cards().get(pk=library.in_pdf.pk)
    prefetch_snippet_sources([item])
    with django_assert_num_queries(0):
        highlighted_snippet(item, "heliotrope")


def test_pages_with_their_bodies_loaded_need_no_body_query(library, django_assert_num_queries):
    pages = list(
        ResourcePage.objects.filter(pk__in=[library.in_body.pk, library.hostile.pk])
        .prefetch_related("authors__person", "authors__organisation")
        .order_by("title")
    )
    with django_assert_num_queries(2):  # the PDFs' text and the topics
        prefetch_snippet_sources(pages)
    assert "From the page:" in highlighted_snippet(pages[1], "stir")
