"""Listings in one place: pagination that answers bad input the same way everywhere,
and the query string a listing owns.

A listing page reads its parameters, keeps the ones it understood and applied
(`filters`), and puts one page of results in its context as `listing`. Everything
that writes a query string reads it from there: the pagination and filter links
(`{% querystring listing.filters page=… %}`) and the canonical address (the
`canonical_url` tag). So junk (tracking tags, an unknown type, a page past the end)
is never repeated in a link, and the canonical address is the address of what is
shown."""

import re

from django.core.paginator import Page, Paginator
from django.http import QueryDict

PAGE_SIZE = 12
YEAR = re.compile(r"[0-9]{4}")


def as_typed(value):
    """A query-string value as the visitor typed it, safe to repeat in a notice
    ("There is no topic called …"): printable characters only (a NUL is not HTML),
    at most 60 of them."""
    return "".join(ch for ch in value if ch.isprintable()).strip()[:60]


def page_number(request):
    """The page asked for: `?page=abc`, `?page=0`, `?page=²` or an absurd number mean
    page 1. Only ASCII digits count (str.isdigit() accepts "²", which int() refuses),
    and at most nine of them, so a thousand-digit number costs nothing."""
    raw = request.GET.get("page", "1")
    return int(raw) if re.fullmatch(r"[0-9]{1,9}", raw) and int(raw) >= 1 else 1


class ListingPage(Page):
    """One page of a listing, with the parameters the listing applied."""

    @property
    def filters(self):
        return self.paginator.filters

    @property
    def canonical_query(self):
        """The filters, and the page number when it is not the first."""
        query = self.filters.copy()
        if self.number > 1:
            query["page"] = str(self.number)
        return query


class ListingPaginator(Paginator):
    def __init__(self, object_list, per_page, filters):
        super().__init__(object_list, per_page)
        self.filters = filters

    def _get_page(self, *args, **kwargs):
        return ListingPage(*args, **kwargs)


def paginate(request, items, per_page=PAGE_SIZE, filters=None):
    """The page of `items` asked for (a page past the end shows the last), carrying
    `filters`: {parameter: value or [values]} for each parameter the listing applied.
    Empty values are left out."""
    applied = QueryDict(mutable=True)
    for name, value in (filters or {}).items():
        values = value if isinstance(value, list | tuple) else [value]
        if any(values):
            applied.setlist(name, [str(v) for v in values if v])
    return ListingPaginator(items, per_page, applied).get_page(page_number(request))


def page_of(listing, title, description):
    """The title and description of one page of a listing: page 2 names itself, so no
    two pages of the library share a description."""
    if listing.number > 1:
        where = f"page {listing.number} of {listing.paginator.num_pages}"
        title, description = f"{title} ({where})", f"{description} {where.capitalize()}."
    return {"view_title": title, "view_description": description}


def read_choices(request, filters, choices):
    """Set on `filters` each parameter of `choices` ({name: (noun, allowed values)})
    the visitor gave, and `year`; a value that names nothing is left out and kept in
    `filters.unknown` as (noun, value as typed), for the page to say so."""
    for name, (noun, allowed) in choices.items():
        value = request.GET.get(name, "").strip()
        if value in allowed:
            setattr(filters, name, value)
        elif value:
            filters.unknown.append((noun, as_typed(value)))
    year = request.GET.get("year", "").strip()
    if YEAR.fullmatch(year) and 1900 <= int(year) <= 2999:
        filters.year = year  # a year with nothing in it is an empty view, not an error
    elif year:
        filters.unknown.append(("year", as_typed(year)))
    return filters


def describe_view(page, listing, site_name, view_name, described_as, unknown=()):
    """The title, description and indexing of a filtered view (`view_name`, e.g.
    "Online events in 2021") or a later page of a listing, so none shares the page's
    own. `described_as(count)` says what the view holds: "3 events of Radical
    Kindness". A view asked for with values that name nothing (`unknown`) is not one
    to index."""
    described = {}
    if view_name:
        described["view_name"] = view_name
        described.update(
            page_of(
                listing,
                f"{view_name} | {site_name}",
                f"{view_name}: {described_as(listing.paginator.count)}.",
            )
        )
    elif listing.number > 1:
        described.update(page_of(listing, f"{page.title} | {site_name}", page.share_text))
    if unknown:
        described["noindex"] = True
    return described
