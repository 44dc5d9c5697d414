from django.shortcuts import render
from wagtail.models import Page

from core.listing import paginate
from resources.models import ResourceIndexPage

MAX_QUERY_LENGTH = 200


def search(request):
    # Control characters (a NUL breaks PostgreSQL), runs of spaces and absurd lengths
    # are tidied away rather than rejected.
    raw = "".join(ch if ch.isprintable() else " " for ch in request.GET.get("q", ""))
    query = " ".join(raw.split())[:MAX_QUERY_LENGTH]
    results = None
    if query:
        pages = Page.objects.live().public().exclude(depth__lte=1).specific()
        results = paginate(request, pages.search(query, operator="and"), per_page=10)
    context = {
        "search_query": query,
        "results": results,
        "resource_index": ResourceIndexPage.objects.live().first() if query else None,
    }
    return render(request, "search/search.html", context)
