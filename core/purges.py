"""What a change of content retires from the caches: the server's page cache
(core/page_cache.py) and, when one is configured, the CDN (Wagtail's frontend cache,
settings.WAGTAILFRONTENDCACHE).

When a page is published or unpublished, these pages are purged:

1. the page itself, with its routes (feeds, calendar files);
2. its ancestors: the listings it appears in (the library, a series, home, which
   gathers the latest of every section);
3. pages that refer to it (a related resource, a link in a body, a featured card);
4. pages it refers to (a project lists the resources that name it);
5. pages about the people and organisations it credits (a partner page lists what
   its organisation wrote; apps register these with `pages_about()`);
6. the section pages that list it beyond its ancestors (`also_listed_on_sections()`:
   an event's recording on the Stories page, its speakers' author pages in the library).

A child of home (in the menu or footer of every page) or a page with pages below it
(in their breadcrumbs) purges everything. Not purged: the "read next" suggestions on
other resources, ranked by shared topics and authors, which catch up within
PAGE_CACHE_SECONDS.

Both what the page refers to now and what it referred to before count, so a resource
that stops crediting an organisation leaves that partner page too. Who refers to
whom comes from Wagtail's reference index, which knows foreign keys, inline rows,
StreamField blocks and rich-text links alike.

When a person, organisation, topic, type, image or document is saved, the pages that
refer to it and their listings are purged. Changes that show on every page (a page
moved, renamed under others, deleted or made private; the site settings; the menu)
purge everything. So does any change that would touch more than MANY_PAGES pages,
which is cheaper than purging them one by one.

Purges are sent after the transaction commits, so a request cannot put the old
content back between the purge and the commit.

The CDN is told the page addresses of the same pages (each with its routes). It
cannot be told "everything" precisely (and not the query-string variants of a
listing): those copies expire after core.caching.PUBLIC_MAX_AGE (5 minutes)."""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import page_cache
from core.sections import section_page

logger = logging.getLogger(__name__)

MANY_PAGES = 500
_about = {}  # model -> function(ids) giving the ids of pages about those objects
_everywhere = [Site, PageViewRestriction]  # models whose change shows on every page
_shown_by_reference = []  # models whose change shows on the pages that refer to them
_sections = {}  # page type -> sections whose head pages list it too
EVERYTHING = "everything"


def pages_about(model, page_ids_for):
    """Register the pages about objects of `model`: `page_ids_for(ids)` gives them."""
    _about[model] = page_ids_for


def shown_on_every_page(*models):
    """Saving or deleting any of `models` purges everything (site settings, menus)."""
    _everywhere.extend(models)


def shown_where_referenced(*models):
    """Saving any of `models` purges the pages that refer to it, and their listings."""
    _shown_by_reference.extend(models)


# -- who refers to whom --------------------------------------------------------------


def _page_content_type():
    return ContentType.objects.get_for_model(Page)


def _referenced_by(page):
    """(content type id, object id) of everything `page` refers to, as stored now: the
    reference index, and the many-to-many links it does not index (a resource's
    projects and partners)."""
    found = set(
        ReferenceIndex.objects.filter(
            base_content_type=_page_content_type(), object_id=str(page.pk)
        ).values_list("to_content_type_id", "to_object_id")
    )
    model = page.specific_class or type(page)
    for field in model._meta.many_to_many:
        if not (issubclass(field.related_model, Page) or field.related_model in _about):
            continue
        content_type = ContentType.objects.get_for_model(field.related_model)
        linked = field.remote_field.through.objects.filter(
            **{field.m2m_field_name(): page.pk}
        ).values_list(field.m2m_reverse_field_name(), flat=True)
        found.update((content_type.pk, str(pk)) for pk in linked)
    return found


def _pages_referring_to(targets):
    """Ids of pages referring to any of `targets`, (content type id, object id) pairs."""
    by_type = {}
    for content_type_id, object_id in targets:
        by_type.setdefault(content_type_id, set()).add(str(object_id))
    ids = set()
    for content_type_id, object_ids in by_type.items():
        ids.update(
            ReferenceIndex.objects.filter(
                base_content_type=_page_content_type(),
                to_content_type_id=content_type_id,
                to_object_id__in=object_ids,
            ).values_list("object_id", flat=True)
        )
    return {int(pk) for pk in ids}


def _with_ancestors(page_ids):
    paths = Page.objects.filter(pk__in=page_ids).values_list("path", flat=True)
    prefixes = {
        path[:end] for path in paths for end in range(Page.steplen, len(path) + 1, Page.steplen)
    }
    return set(Page.objects.filter(path__in=prefixes).values_list("pk", flat=True))


def _split_by_model(targets):
    """{model: ids} for (content type id, object id) pairs."""
    models = {}
    for content_type_id, object_id in targets:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            models.setdefault(model, set()).add(object_id)
    return models


def also_listed_on_sections(page_type, *sections):
    """Pages of `page_type` are also listed by the heads of `sections`, outside their
    ancestors (an event's recording on the Stories page, a speaker's events on the
    library's author pages)."""
    _sections[page_type] = sections


def _section_page_ids(page):
    ids = set()
    for page_type, sections in _sections.items():
        if isinstance(page, page_type):
            ids.update(head.pk for head in map(section_page, sections) if head is not None)
    return ids


def pages_affected_by_page(page, referred_to_before=()):
    """Ids of the pages that show `page` (the numbered rules above)."""
    referred_to = _referenced_by(page) | set(referred_to_before)
    ids = {page.pk} | _pages_referring_to({(_page_content_type().pk, page.pk)})
    ids |= _section_page_ids(page)
    for model, object_ids in _split_by_model(referred_to).items():
        if issubclass(model, Page):
            ids.update(int(pk) for pk in object_ids)
        elif model in _about:
            ids.update(_about[model]([int(pk) for pk in object_ids]))
    return _with_ancestors(ids)


def _pages_linking_to(instance):
    """Ids of pages linked to `instance` by a many-to-many field (a resource's topics)."""
    ids = set()
    for model in apps.get_models():
        if not issubclass(model, Page):
            continue
        for field in model._meta.local_many_to_many:
            if isinstance(instance, field.related_model):
                ids.update(
                    field.remote_field.through.objects.filter(
                        **{field.m2m_reverse_field_name(): instance.pk}
                    ).values_list(field.m2m_field_name(), flat=True)
                )
    return ids


def pages_affected_by_object(instance):
    """Ids of the pages that show a snippet, image or document, and their listings."""
    content_type = ContentType.objects.get_for_model(instance)
    ids = _pages_referring_to({(content_type.pk, instance.pk)}) | _pages_linking_to(instance)
    for model, page_ids_for in _about.items():
        if isinstance(instance, model):
            ids.update(page_ids_for([instance.pk]))
    return _with_ancestors(ids) if len(ids) <= MANY_PAGES else EVERYTHING


# -- purging, after the commit -------------------------------------------------------


def _send(pages):
    """Purge now: `pages` is a set of page ids, or EVERYTHING."""
    if pages == EVERYTHING or len(pages) > MANY_PAGES:
        page_cache.purge_everything()
        cdn_pages = Page.objects.live().filter(depth__lte=3)  # home and the sections
    else:
        page_cache.purge([page_cache.page_tag(pk) for pk in pages])
        cdn_pages = Page.objects.live().filter(pk__in=pages)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.utils import PurgeBatch

        batch = PurgeBatch()
        batch.add_pages(cdn_pages.specific(defer=True))
        batch.purge()


def purge_after_commit(pages):
    """Purge `pages` (ids, or EVERYTHING) once the current transaction commits (now,
    outside one). A rolled-back change purges nothing."""
    transaction.on_commit(lambda: _send(pages))


def _purging_is_on():
    return page_cache.is_on() or getattr(settings, "WAGTAILFRONTENDCACHE", None)


# -- signals -------------------------------------------------------------------------


def remember_references(sender, instance, raw=False, **kwargs):
    """Before a page is saved, what it refers to now (the index is rewritten after)."""
    if raw or not instance.pk or not _purging_is_on():
        return
    instance._referred_to_before = _referenced_by(instance)


def page_changed(sender, instance, **kwargs):
    if not _purging_is_on():
        return
    before = getattr(instance, "_referred_to_before", ())
    if instance.numchild or instance.depth <= 3:
        # Its title is in the breadcrumbs of every page below it; home's children are
        # in the menu and footer of every page.
        purge_after_commit(EVERYTHING)
    else:
        purge_after_commit(pages_affected_by_page(instance, before))


def everything_changed(sender, instance, raw=False, **kwargs):
    if not raw and _purging_is_on() and isinstance(instance, tuple(_everywhere)):
        purge_after_commit(EVERYTHING)


def page_moved(**kwargs):
    if _purging_is_on():
        purge_after_commit(EVERYTHING)  # its address, and those below it, changed


def object_saved(sender, instance, raw=False, **kwargs):
    if raw or not _purging_is_on() or not isinstance(instance, tuple(_shown_by_reference)):
        return
    purge_after_commit(pages_affected_by_object(instance))


def object_deleted(sender, instance, **kwargs):
    if _purging_is_on() and isinstance(instance, tuple(_shown_by_reference)):
        purge_after_commit(EVERYTHING)  # rare, and its references are gone by now


def page_deleted(sender, instance, **kwargs):
    if _purging_is_on() and isinstance(instance, Page):
        purge_after_commit(EVERYTHING)


def page_presaved(sender, instance, **kwargs):
    if isinstance(instance, Page):
        remember_references(sender, instance, **kwargs)


def connect():
    pre_save.connect(page_presaved, dispatch_uid="purges_page_presaved")
    page_published.connect(page_changed, dispatch_uid="purges_page_published")
    page_unpublished.connect(page_changed, dispatch_uid="purges_page_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="purges_page_moved")
    post_delete.connect(page_deleted, dispatch_uid="purges_page_deleted")
    post_save.connect(everything_changed, dispatch_uid="purges_everywhere_saved")
    post_delete.connect(everything_changed, dispatch_uid="purges_everywhere_deleted")
    post_save.connect(object_saved, dispatch_uid="purges_object_saved")
    post_delete.connect(object_deleted, dispatch_uid="purges_object_deleted")
