"""Permanent links: /r/<id>/ leads to a page wherever it lives now.

The id is the page's, which never changes, so a link printed in a report, cited in a
paper or put on a partner's site keeps working when an editor renames the page or
moves it. Every page type the site shows has one: resources, events, stories,
partners, projects."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Page

# Page ids are Wagtail's AutoField, a 32-bit integer in every database; a larger number
# is nobody's id, and asking the database about it would overflow its integers.
LARGEST_PAGE_ID = 2**31 - 1


@require_safe
def permalink(request, page_id):
    # Only what a visitor could see: live, public pages. Drafts, private pages and
    # deleted pages are not found, as they would not be by a visitor.
    if page_id > LARGEST_PAGE_ID:
        raise Http404("No page has this permanent link.")
    page = Page.objects.live().public().filter(pk=page_id, depth__gt=1).first()
    url = page.get_url(request) if page else None
    if not url:
        raise Http404("No page has this permanent link.")
    response = HttpResponsePermanentRedirect(request.build_absolute_uri(url))
    # Browsers keep a 301 for as long as they are allowed to; the page may move again,
    # so they ask afresh after a day.
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response
