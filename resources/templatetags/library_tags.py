"""Links into the library from anywhere a resource is shown."""

from urllib.parse import urlencode

from django import template
from django.template.defaultfilters import pluralize
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from core import versions
from core.sections import Section, section_page
from resources import cards

register = template.Library()


def library_page(request):
    """The library's head page, looked up once per request however many links need it."""
    return section_page(Section.LIBRARY, request)


@register.simple_tag(takes_context=True)
def library_page_for_request(context):
    """The library page, for links to its feeds and filters."""
    return library_page(context["request"])


@register.simple_tag(takes_context=True)
def read_next(context, page):
    """The page's related items, kept per content token: the query that ranks them by
    shared topics and authors is the costliest on a resource page."""
    return versions.kept(context["request"], ("read next", page.pk), page.related_items)


@register.simple_tag(takes_context=True)
def resource_card(context, resource):
    """A resource's card, kept per content token (resources/cards.py)."""
    return cards.card(context.get("request"), resource)


@register.simple_tag(takes_context=True)
def author_url(context, author):
    """Where an author's name links: an organisation's partner page if it has a live
    one, otherwise the author's page in the library. `author` is a credit
    (ResourceAuthor), a person or an organisation. Empty if there is no library."""
    if hasattr(author, "page_id"):  # a credit on a resource
        person, organisation = author.person, author.organisation
    elif hasattr(author, "display_name"):  # only people have one
        person, organisation = author, None
    else:
        person, organisation = None, author
    if organisation is not None:
        partner_page = getattr(organisation, "partner_page", None)
        if partner_page is not None and partner_page.live:
            return partner_page.url
    subject = person or organisation
    library = library_page(context["request"])
    if library is None or subject is None or not subject.slug:
        return ""
    return library.url + library.reverse_subpage("author", args=[subject.slug])


@register.simple_tag
def without(filters, name, value):
    """The query string of `filters` (a QueryDict) with one value of `name` removed, and
    back at the first page: the link that removes one applied filter."""
    query = filters.copy()
    query.setlist(name, [v for v in query.getlist(name) if v != value])
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def library_filter_url(context, name, value):
    """The library filtered by one value, e.g. every resource on a topic."""
    library = library_page(context["request"])
    if library is None:
        return ""
    return f"{library.url}?{urlencode({name: value})}"


@register.simple_tag(takes_context=True)
def facet_options(context, facet, options):
    """The checkboxes of one facet's `options`, as list items. Written here rather than
    as an included template: the author facet alone can hold hundreds of options, and
    an include per option cost a library view about 10 ms. The markup is kept per
    content token for the same options, counts and choices (most visitors see the
    unfiltered library), which saves about as much again."""
    options = list(options)
    key = (
        "facet options",
        facet.name,
        tuple((o.value, o.label, o.count, o.selected) for o in options),
    )
    return versions.kept(context["request"], key, lambda: _facet_options(facet, options))


def _facet_options(facet, options):
    return format_html_join(
        "\n",
        '<li><label class="facet__option"><input type="checkbox" name="{}" value="{}"{}> '
        '<span class="facet__label">{}</span> <span class="facet__count">{}'
        '<span class="visually-hidden"> item{}</span></span></label></li>',
        (
            (
                facet.name,
                option.value,
                mark_safe(" checked") if option.selected else "",
                option.label,
                option.count,
                pluralize(option.count),
            )
            for option in options
        ),
    )
