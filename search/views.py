import re

from django.db.models import prefetch_related_objects
from django.shortcuts import render
from wagtail.models import Page

from core.listing import paginate
from core.sections import Section, section_page
from resources.models import LibraryItem

MAX_QUERY_LENGTH = 200


def search(request):
    # Control characters (a NUL breaks PostgreSQL), runs of spaces and absurd lengths
    # are tidied away rather than rejected.
    raw = "".join(ch if ch.isprintable() else " " for ch in request.GET.get("q", ""))
    query = " ".join(raw.split())[:MAX_QUERY_LENGTH]
    results = None
    # Search words only: punctuation means nothing to a visitor's query, and quotes
    # or apostrophes reach SQLite's full-text parser as syntax (and fail).
    terms = " ".join(w for w in re.sub(r"[^\w\s]", " ", query).split() if len(w) > 1)
    if query:
        pages = Page.objects.live().public().exclude(depth__lte=1).specific()
        found = pages.search(terms, operator="and") if terms else pages.none()
        results = paginate(request, found, per_page=10, filters={"q": query})
        results.object_list = list(results.object_list)
        # Library results are labelled by their type: fetch those in one query.
        prefetch_related_objects(
            [page for page in results.object_list if isinstance(page, LibraryItem)],
            "resource_type",
        )
    context = {
        "search_query": query,
        "listing": results,
        "resource_index": section_page(Section.LIBRARY) if query else None,
    }
    return render(request, "search/search.html", context)
