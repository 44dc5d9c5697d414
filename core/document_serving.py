"""Serving documents (/documents/<id>/<file name>): Wagtail's view, with two rules of
the site's own.

- A document is a page's attachment, so it is as public as the pages that use it: if
  every page that uses it is unpublished or private, visitors get a 404, as for the
  page (staff still get it). A document no page uses yet is served as before. Which
  pages use it comes from Wagtail's reference index, which knows attachments,
  StreamField blocks and rich-text links alike, as published.
- Wagtail's file sender writes the encoding it guesses into Content-Encoding even
  when there is none, so a PDF came with a literal "Content-Encoding: None", which
  some clients refuse; the header is dropped when it says nothing."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtail_serve
from wagtail.models import Page, ReferenceIndex


def used_only_out_of_sight(document):
    """Whether pages use `document` and none of them is live and public (two queries)."""
    page_ids = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        to_object_id=str(document.pk),
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    page_ids = [int(pk) for pk in page_ids]
    if not page_ids:
        return False
    return not Page.objects.filter(pk__in=page_ids).live().public().exists()


def refuse_documents_of_hidden_pages(document, request):
    """The `before_serve_document` hook (core/wagtail_hooks.py)."""
    user = request.user
    if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return None
    if used_only_out_of_sight(document):
        raise Http404("No document is published at this address.")
    return None


def serve(request, document_id, document_filename):
    response = wagtail_serve.serve(request, document_id, document_filename)
    if response.get("Content-Encoding") in ("None", ""):
        del response["Content-Encoding"]
    return response
