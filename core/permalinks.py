"""Permanent links: /r/<id>/ leads to a library item wherever it lives now.

The id is the page's, which never changes, so a link printed in a report or cited in
a paper keeps working when an editor renames the resource or moves the library."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from resources.models import LibraryItem

# Page ids are Wagtail's AutoField, a 32-bit integer in every database; a larger number
# is nobody's id, and asking the database about it would overflow its integers.
LARGEST_PAGE_ID = 2**31 - 1


@require_safe
def permalink(request, page_id):
    # Only what the library itself shows: live, public library items. Drafts, private
    # pages, deleted pages and pages of other kinds are not found, as they would be by
    # a visitor.
    if page_id > LARGEST_PAGE_ID:
        raise Http404("No resource has this permanent link.")
    item = LibraryItem.objects.live().public().filter(pk=page_id).first()
    url = item.get_url(request) if item else None
    if not url:
        raise Http404("No resource has this permanent link.")
    response = HttpResponsePermanentRedirect(request.build_absolute_uri(url))
    # Browsers keep a 301 for as long as they are allowed to; the page may move again,
    # so they ask afresh after a day.
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response
