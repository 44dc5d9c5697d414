"""A resource's card: drawn once per content token and site, then kept (core/versions.py).

A card looks the same on every page that lists the resource (the library, home, a
project, "read next"), so its markup is kept rather than drawn on every view; for the
library's pages only the ids are read, and only the cards not kept yet are fetched
and drawn. A card quoting what a search matched is always drawn afresh."""

from django.template.loader import get_template
from wagtail.models import Site

from core import versions


def draw(request, resource):
    return get_template("components/resource_card.html").render(
        {"resource": resource, "request": request}
    )


def _kept_as(request):
    site = Site.find_for_request(request)
    return ("resource card", site.pk if site else None)


def card(request, resource):
    """The card of one resource (a library item with what `for_cards()` fetches)."""
    if request is None or resource.search_snippet or not resource.pk:
        return draw(request, resource)
    drawn = versions.kept_many(
        request,
        _kept_as(request),
        [resource.pk],
        lambda ids: {resource.pk: draw(request, resource)},
    )
    return drawn[resource.pk]


def cards_of(request, items):
    """The cards of `items` (a page of a library listing: a queryset of library items,
    already ordered and sliced), in their order: one query for their ids, and one
    fetch for the cards not kept yet."""
    ids = list(items.prefetch_related(None).values_list("pk", flat=True))

    def fetch(missing):
        found = items.model.objects.filter(pk__in=missing).for_cards()
        return {resource.pk: draw(request, resource) for resource in found}

    drawn = versions.kept_many(request, _kept_as(request), ids, fetch)
    return [drawn[pk] for pk in ids if pk in drawn]
