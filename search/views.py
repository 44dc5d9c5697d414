"""Site search at /search/: every public page, and the people the library credits,
through Wagtail's search backend (PostgreSQL full-text search in production).

One search runs per request, whatever is shown: its ids give the counts for each kind
of result ("Resources 4", "Events 12"), the kind chosen narrows them, and only the page
of results shown is fetched. Editors' promoted results (Wagtail's search promotions)
come first on the first page of "All results"."""

import copy
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, prefetch_related_objects
from django.shortcuts import render
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.utils import normalise_query_string

from core import privacy, routing, versions
from core.listing import as_typed, paginate
from core.sections import Section, section_page
from core.text import plain_text
from people.models import Person
from resources.models import LibraryItem
from resources.search import (
    PkIn,
    clean_query,
    fetch_in_order,
    first_passage,
    highlighted_snippet,
    prefetch_snippet_sources,
    search_terms,
    stream_text,
)

PER_PAGE = 10

# The kinds of result a visitor can narrow to, in the order the filters show them:
# parameter value, label, and the section whose page types it covers.
KINDS = [
    ("resources", "Resources", Section.LIBRARY),
    ("stories", "Stories", Section.STORIES),
    ("events", "Events", Section.EVENTS),
    ("projects", "Projects", Section.PROJECTS),
    ("partners", "Partners", Section.PARTNERS),
    ("people", "People", None),
    ("pages", "Other pages", None),
]
KIND_OF_SECTION = {section: kind for kind, _, section in KINDS if section}
LABELS = dict((kind, label) for kind, label, _ in KINDS)


def search(request):
    routing.remember_site(request)
    # The query as typed, tidied (control characters, runs of spaces, absurd lengths)
    # rather than rejected; only its words are searched.
    query = clean_query(request.GET.get("q", ""))
    kind = request.GET.get("type", "").strip()
    unknown_kind = as_typed(kind) if kind and kind not in LABELS else ""
    if unknown_kind:
        kind = ""
    context = {
        "search_query": query,
        "kind": kind,
        "unknown_kind": unknown_kind,
        "noindex": True,  # results pages are for visitors, not search engines
        "home_page": getattr(Site.find_for_request(request), "root_page", None),
    }
    if query:
        context.update(results(request, query, kind))
    return render(request, "search/search.html", context)


def results(request, query, kind):
    terms = search_terms(query)
    promotions = promoted(request, query) if not kind else []
    promoted_ids = {promotion.page_id for promotion in promotions if promotion.page_id}

    page_ids = matching_page_ids(terms)
    kinds = kinds_of(request, page_ids)
    people = matching_people(terms)
    counts = Counter(kinds.values())
    counts["people"] = len(people)

    entries = [("person", person) for person in people] + [
        ("page", pk) for pk in page_ids if not (promotions and pk in promoted_ids)
    ]
    if kind:
        entries = [
            entry
            for entry in entries
            if (entry[0] == "person" and kind == "people")
            or (entry[0] == "page" and kinds[entry[1]] == kind)
        ]
    listing = paginate(request, entries, per_page=PER_PAGE, filters={"q": query, "type": kind})
    listing.object_list = shown(request, listing.object_list, query)
    total = len(page_ids) + len(people) + len(promoted_ids - set(page_ids))
    return {
        "listing": listing,
        "promotions": promotions if listing.number == 1 else [],
        "total": total,
        "shown_count": listing.paginator.count,
        "kinds": [
            {"value": value, "label": label, "count": counts[value]}
            for value, label, _ in KINDS
            if counts[value] or value == kind
        ],
        "kind_label": LABELS.get(kind, ""),
        "resource_index": section_page(Section.LIBRARY, request),
    }


def matching_page_ids(terms):
    """Every live, public page matching all the words, best first (one query)."""
    if not terms:
        return []
    pages = privacy.pages().live().public().exclude(depth__lte=1)
    return list(pages.values_list("pk", flat=True).search(" ".join(terms), operator="and"))


def kinds_of(request, page_ids):
    """{page id: kind of result} for the matches: read from every live page's kind,
    kept per content token (a common word matches thousands of pages)."""
    known = versions.kept(request, "kinds of live pages", kinds_of_live_pages)
    kinds = {pk: known[pk] for pk in page_ids if pk in known}
    missing = [pk for pk in page_ids if pk not in kinds]
    if missing:  # not live when the kinds were read: an edit is under way
        rows = Page.objects.filter(PkIn(missing)).values_list("pk", "content_type_id")
        kinds |= {pk: kind_of_type(content_type_id) for pk, content_type_id in rows}
    return kinds


def kinds_of_live_pages():
    rows = Page.objects.live().values_list("pk", "content_type_id")
    return {pk: kind_of_type(content_type_id) for pk, content_type_id in rows}


def kind_of_type(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return KIND_OF_SECTION.get(getattr(model, "section", None), "pages")


def matching_people(terms):
    """People whose name holds every word, among those the live library credits: each
    has a page listing their work (one query)."""
    if not terms:
        return []
    credited = LibraryItem.objects.live().public().values("authors__person")
    names = Q()
    for term in terms:
        names &= Q(name__icontains=term)
    return list(Person.objects.filter(names, pk__in=credited).select_related("organisation")[:50])


def promoted(request, query):
    """The results editors promoted for this query (Search › Promoted search results),
    in their order, leaving out any page not live and public (two queries, kept per
    content token: editing a promotion rewrites it, see apps.py)."""
    key = ("search promotions", normalise_query_string(query))
    return versions.kept(request, key, lambda: read_promotions(query))


def read_promotions(query):
    promotions = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order")
    )
    visible = set(
        privacy.pages()
        .live()
        .public()
        .filter(pk__in=[p.page_id for p in promotions if p.page_id])
        .values_list("pk", flat=True)
    )
    return [p for p in promotions if (p.page_id in visible) or (not p.page_id and p.link)]


def shown(request, entries, query):
    """The people and pages of one page of results, each page with the passage that
    matched. Each page is kept, ready to quote, per content token: a page of results
    seen before takes no query, new ones a fixed number however many."""
    ids = [pk for what, pk in entries if what == "page"]
    ready = versions.kept_many(request, "search result", ids, ready_to_quote)
    by_id = {}
    for pk, page in ready.items():
        page = copy.copy(page)  # kept pages are shared: the passage is this search's
        page.search_snippet = (
            highlighted_snippet(page, query)
            if isinstance(page, LibraryItem)
            else page_snippet(page, query)
        )
        by_id[pk] = page
    result = []
    for what, value in entries:
        if what == "person":
            result.append({"person": value, "page": None})
        elif value in by_id:
            result.append({"person": None, "page": by_id[value]})
    return result


def ready_to_quote(ids):
    """{id: page} of these pages with what their results show and quote (a fixed number
    of queries: one per page type, and the library items' types, authors, topics and
    documents' text)."""
    pages = fetch_in_order(Page.objects.specific(), ids)
    library_items = [page for page in pages if isinstance(page, LibraryItem)]
    prefetch_related_objects(library_items, "resource_type")
    prefetch_snippet_sources(library_items)
    return {page.pk: page for page in pages}


def page_snippet(page, query):
    """The passage of any other page that matched: its summary, then a transcript,
    then its body."""
    candidates = [("", page.summary_text)]
    if getattr(page, "transcript", None):
        candidates.append(("From the transcript:", plain_text(str(page.transcript))))
    if getattr(page, "body", None) is not None and hasattr(page.body, "raw_data"):
        candidates.append(("From the page:", stream_text(page.body)))
    return first_passage(candidates, query, page.summary_text)
