"""Template tags for what every page shares: navigation, breadcrumbs, the canonical
address and structured data. Each takes a fixed number of queries per page."""

import json
import logging
from functools import cache

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, Site, get_page_models

from core import text, versions
from core.models import organisation_data
from core.share_images import generated_share_image

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """Canonical and share addresses use the host the visitor asked for, which
    ALLOWED_HOSTS has already vetted, so they are right on every deployment."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The address of what is shown, absolute on the host the visitor asked for: the
    page's own path and, on a listing, the filters it applied and the page number it
    shows (core.listing). Parameters it ignored (tracking tags, an unknown type, a page
    past the end) never split a page in two."""
    request = context["request"]
    listing = context.get("listing")  # an empty page of results is falsy, but still a listing
    query = listing.canonical_query.urlencode() if listing is not None else ""
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


@cache
def footer_types():
    """The page types that belong in the footer, found once per process: the page
    models do not change while it runs."""
    return [
        ContentType.objects.get_for_model(model)
        for model in get_page_models()
        if getattr(model, "show_in_footer", False)
    ]


def site_pages(request):
    """The home page's children that every page links to: those marked "show in
    menus" (the header and the footer) and those whose type belongs in the footer
    (`show_in_footer`: the contact page). One query per request, shared by both."""
    site = Site.find_for_request(request)
    if site is None:
        return []

    def find():
        children = site.root_page.get_children().live().public()
        return list(
            children.filter(Q(show_in_menus=True) | Q(content_type__in=footer_types())).specific()
        )

    return versions.kept(request, ("site pages", site.pk), find)


@register.simple_tag(takes_context=True)
def menu_pages(context):
    """The pages of the main menu, in the editors' order."""
    return [page for page in site_pages(context["request"]) if page.show_in_menus]


@register.simple_tag(takes_context=True)
def footer_only_pages(context):
    """The pages only the footer links to, such as the contact page."""
    return [page for page in site_pages(context["request"]) if not page.show_in_menus]


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    current = context.get("page")
    items = menu_pages(context)
    current_path = getattr(current, "url_path", "") or ""
    return {
        "request": request,
        "items": [
            {"page": item, "active": current_path.startswith(item.url_path)} for item in items
        ],
        "search_active": request.resolver_match is not None
        and request.resolver_match.url_name == "search",
    }


@register.simple_tag(takes_context=True)
def breadcrumb_pages(context, page):
    """The page's ancestors below the tree root, home first (kept per content token)."""
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    # An unpublished section would be a dead link; its live pages still show the rest.
    return versions.kept(
        context["request"],
        ("breadcrumbs", page.path),
        lambda: list(page.get_ancestors().filter(depth__gt=1).live().specific(defer=True)),
    )


def json_ld(data):
    text = json.dumps(data, ensure_ascii=False)
    # Keep the JSON from closing the script element early.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def structured_data(context, page):
    """schema.org JSON-LD for the page, safely embedded in a script element."""
    if not hasattr(page, "get_structured_data"):
        return ""
    return json_ld(page.get_structured_data(context["request"]))


@register.simple_tag(takes_context=True)
def organisation_structured_data(context):
    """The organisation behind the site, on every page."""
    return json_ld({"@context": "https://schema.org", **organisation_data(context["request"])})


@register.simple_tag(takes_context=True)
def breadcrumb_structured_data(context, crumbs, page=None, here=""):
    """The trail as schema.org reads it: `crumbs` (pages), then `page`, or, for a view
    that is not a page (search), the name of where the visitor is (`here`)."""
    request = context["request"]
    trail = [
        ("Home" if crumb.depth == 2 else crumb.title, crumb.get_url(request))
        for crumb in [*crumbs, *([page] if page is not None else [])]
    ]
    if here:
        trail.append((here, request.path))
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": name,
                    "item": request.build_absolute_uri(url),
                }
                for position, (name, url) in enumerate(trail, start=1)
            ],
        }
    )


@register.simple_tag(takes_context=True)
def share_picture(context, page=None):
    """{url, width, height, alt} of the picture shown when the page is shared: the one
    its editors chose, cropped to 1200×630, else one drawn from its title
    (core/share_images.py). A view that is not a page uses the home page's."""
    request = context["request"]
    if not isinstance(page, Page) or page.pk is None:  # not a page, or a preview of a new one
        site = Site.find_for_request(request)
        if site is None:
            return None
        page = site.root_page
    image = getattr(page, "share_image", None)
    if image is not None:
        try:
            rendition = image.get_rendition("fill-1200x630")
        except SourceImageIOError:
            logger.warning("Image %s has no file; the page's drawn picture is shared", image.pk)
        else:
            return {
                "url": request.build_absolute_uri(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
                "alt": image.alt_text or page.title,
            }
    return generated_share_image(page, request)


DEFAULT_DESCRIPTION = (
    "Radical Kindness: acts of kindness that deliberately build bridges across difference."
)


@register.simple_tag(takes_context=True)
def meta_description(context, page=None):
    """One fallback chain for every page: what a view says it shows (a filtered
    listing, an author: `view_description`), the page's own words (BasePage.share_text),
    a sentence the page composes from its facts (`fallback_description`), and last
    the page's title with the site's own sentence."""
    own = context.get("view_description") or getattr(page, "share_text", "")
    if own:
        return own
    # Composed from what the page shows (a partner's roles, the projects listed), so
    # no two pages fall back to the same sentence.
    if context.get("fallback_description"):
        return context["fallback_description"]
    if isinstance(page, Page) and page.depth > 2:
        return f"{page.title}: {DEFAULT_DESCRIPTION}"
    return DEFAULT_DESCRIPTION


def _srcset(renditions):
    """ "url 480w, url 960w": each width once (a small upload gives several renditions
    of one width, and a srcset may not repeat a width), smallest first."""
    by_width = {}
    for rendition in renditions:
        by_width.setdefault(rendition.width, rendition)
    return ", ".join(f"{r.url} {width}w" for width, r in sorted(by_width.items())), by_width


@register.simple_tag
def responsive_image(image, filters, sizes, alt, loading="lazy"):
    """A <picture> with AVIF and WebP sources and an <img> in the original format, each
    with a srcset of renditions, e.g. filters="fill-480x270 fill-960x540". The <img>
    has the width and height the browser reserves before it loads, and loads lazily
    unless asked (loading="eager" above the fold).

    All renditions come from one query, or none when the listing prefetched the
    image's renditions (`prefetch_related("listing_image__renditions")`)."""
    if image is None:  # e.g. a block whose image an editor has since deleted
        return ""
    filters = filters.split()
    formats = settings.PICTURE_FORMATS
    specs = [f"{spec}|format-{fmt}" for fmt, _type in formats for spec in filters]
    try:
        renditions = image.get_renditions(*specs, *filters)
    except SourceImageIOError:
        # The original file is missing (say, a database restored without its media):
        # the page still renders, without the picture, rather than failing.
        logger.warning("Image %s has no file; left out of the page", image.pk)
        return ""
    sources = [
        format_html(
            '<source type="{}" srcset="{}" sizes="{}">',
            mime_type,
            _srcset(renditions[f"{spec}|format-{fmt}"] for spec in filters)[0],
            sizes,
        )
        for fmt, mime_type in formats
    ]
    srcset, by_width = _srcset(renditions[spec] for spec in filters)
    smallest = by_width[min(by_width)]
    img = format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async">',
        smallest.url,
        srcset,
        sizes,
        smallest.width,
        smallest.height,
        alt,
        loading,
    )
    return format_html("<picture>{}{}</picture>", mark_safe("".join(sources)), img)


register.filter("joined_with_and", text.joined_with_and)


@register.filter
def and_list(items, attribute=""):
    """["Kaya", "Jo", "Christine"] -> "Kaya, Jo and Christine", reading `attribute`
    of each item when given. Plain text: the template escapes it."""
    return text.and_list(str(getattr(item, attribute) if attribute else item) for item in items)
