"""When published content changes: a token in the database (`ContentVersion`) that
every change rewrites, so what is computed from many pages and kept (the library's
facet index, calendar files) can be kept under the token it was computed with.

Rewritten, in the same transaction as the change, when a page is saved, published,
unpublished, moved or deleted, when a page is made private or public again, and when
any model an app registers with `watch()` (people, topics, resource types…) is saved
or deleted. Each request that uses a kept result reads the token (one query); a
result kept under another token is computed again. So no process serves a result
older than the database, however many processes there are.

Code that changes content with `update()` or raw SQL bypasses the signals and must
call `content_changed()` itself. A restart (a deploy, a data migration) drops what
each process kept."""

import contextvars
import functools
import threading
import uuid
from collections import OrderedDict

from django.db.models.signals import m2m_changed, post_delete, post_save
from modelcluster.fields import ParentalKey
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.models import ContentVersion

WATCHED = [Page, PageViewRestriction, Site]  # and whatever apps add with watch()
WATCHED_LINKS = []  # many-to-many link tables


def current_token():
    """The token now (one query); None if there is no row (a test database flushed)."""
    return ContentVersion.objects.values_list("token", flat=True).first()


def token_for(request):
    """The token, read once per request (one query) however many parts use it."""
    if not hasattr(request, "_content_token"):
        request._content_token = current_token()
    return request._content_token


# The request being served in this thread, for code that is handed none (querysets,
# model methods Wagtail calls) yet reads the token: it is still read once a request.
_current_request = contextvars.ContextVar("current_request", default=None)


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(reset)


def token_now():
    """The token as the request being served read it, or read now outside requests."""
    request = _current_request.get()
    return token_for(request) if request is not None else current_token()


_kept = OrderedDict()
_kept_lock = threading.Lock()
KEEP_AT_MOST = 10_000  # per process: menus, breadcrumbs, page facts, cards (a few MB)


def kept(request, key, compute):
    """`compute()`, computed once per content token in this process: what every page
    shows alike (the menu, breadcrumbs) costs one query per request, not one per part.
    Results are shared between requests, so they must not be changed. Previews compute
    afresh, as a page being edited is not what the database holds."""
    return _kept_under(request, [key], lambda missing: {key: compute()})[key]


def kept_many(request, kind, ids, compute):
    """{id: value} for each of `ids`, each kept as `kept()` keeps one, under
    (kind, id); `compute(missing ids)` gives {id: value} for those not kept yet, in
    one go (a page of search results, some seen before)."""

    def compute_missing(keys):
        return {(kind, pk): value for pk, value in compute([pk for _, pk in keys]).items()}

    found = _kept_under(request, [(kind, pk) for pk in ids], compute_missing)
    return {pk: value for (_, pk), value in found.items()}


def _kept_under(request, keys, compute_missing):
    """{key: value} for `keys`, those not kept under the request's token computed by
    `compute_missing(keys)` in one go and kept, the oldest dropped past KEEP_AT_MOST."""
    token = token_for(request)
    if token is None or getattr(request, "is_preview", False):
        return compute_missing(list(keys))
    found = {}
    with _kept_lock:
        for key in keys:
            if (token, key) in _kept:
                _kept.move_to_end((token, key))
                found[key] = _kept[(token, key)]
    missing = [key for key in keys if key not in found]
    if missing:
        computed = compute_missing(missing)
        with _kept_lock:
            for key, value in computed.items():
                _kept[(token, key)] = value
            while len(_kept) > KEEP_AT_MOST:
                _kept.popitem(last=False)
        found |= computed
    return found


def kept_now(key, compute):
    """`kept()` for the request being served; outside requests, `compute()`."""
    request = _current_request.get()
    return compute() if request is None else kept(request, key, compute)


def forget_kept():
    """Drop what this process kept (tests, whose rolled-back changes can bring a token
    back)."""
    with _kept_lock:
        _kept.clear()


def content_changed(**kwargs):
    """Give the content a new token: every process recomputes what it keeps on its
    next request."""
    if kwargs.get("raw"):
        return  # fixtures being loaded keep the token they bring
    token = uuid.uuid4().hex
    if not ContentVersion.objects.filter(pk=1).update(token=token):
        ContentVersion.objects.get_or_create(pk=1, defaults={"token": token})


def watch(*models, links=()):
    """Treat saving or deleting any of `models`, and changing any of the many-to-many
    `links` tables, as a change of content."""
    WATCHED.extend(models)
    WATCHED_LINKS.extend(links)


@functools.cache
def is_part_of_a_page(model):
    """An inline row of a page (a resource's authors, an event's speakers, a related
    link): saved with its page when an editor publishes, but scripts and tests may
    save one alone."""
    return any(
        isinstance(field, ParentalKey) and issubclass(field.related_model, Page)
        for field in model._meta.get_fields()
    )


def on_save_or_delete(sender, instance, **kwargs):
    if isinstance(instance, tuple(WATCHED)) or is_part_of_a_page(type(instance)):
        content_changed(**kwargs)


def on_link_change(sender, **kwargs):
    if sender in WATCHED_LINKS:
        content_changed()


def connect():
    post_save.connect(on_save_or_delete, dispatch_uid="content_version_save")
    post_delete.connect(on_save_or_delete, dispatch_uid="content_version_delete")
    m2m_changed.connect(on_link_change, dispatch_uid="content_version_links")
    # Publishing saves the page before its inline rows and tags; without a transaction
    # around it, a process could recompute in between. These come after.
    page_published.connect(content_changed, dispatch_uid="content_version_published")
    page_unpublished.connect(content_changed, dispatch_uid="content_version_unpublished")
    # A move can put a page under a private section without saving the page itself.
    post_page_move.connect(content_changed, dispatch_uid="content_version_moved")
