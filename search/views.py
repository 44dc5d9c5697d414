from django.db.models import prefetch_related_objects
from django.shortcuts import render
from wagtail.models import Page

from core.listing import paginate
from core.sections import Section, section_page
from resources.models import LibraryItem
from resources.search import (
    clean_query,
    excerpt,
    fetch_in_order,
    highlighted_snippet,
    prefetch_snippet_sources,
    search_terms,
)

PER_PAGE = 10


def search(request):
    # The query as typed, tidied (control characters, runs of spaces, absurd lengths)
    # rather than rejected; only its words are searched.
    query = clean_query(request.GET.get("q", ""))
    results = None
    if query:
        terms = search_terms(query)
        pages = Page.objects.live().public().exclude(depth__lte=1)
        # Every match's id, best first, in one query: the count and the page shown
        # both come from it, so the full-text match runs once.
        ids = (
            list(pages.values_list("pk", flat=True).search(" ".join(terms), operator="and"))
            if terms
            else []
        )
        results = paginate(request, ids, per_page=PER_PAGE, filters={"q": query})
        shown = fetch_in_order(Page.objects.specific(), results.object_list)
        library_items = [page for page in shown if isinstance(page, LibraryItem)]
        # Library results are labelled by their type and quote their own text, a
        # PDF's included: fetched for the whole page at once.
        prefetch_related_objects(library_items, "resource_type")
        prefetch_snippet_sources(library_items)
        for page in shown:
            page.search_snippet = (
                highlighted_snippet(page, query)
                if isinstance(page, LibraryItem)
                else excerpt(getattr(page, "summary_text", ""), query)
            )
        results.object_list = shown
    context = {
        "search_query": query,
        "listing": results,
        "resource_index": section_page(Section.LIBRARY) if query else None,
    }
    return render(request, "search/search.html", context)
