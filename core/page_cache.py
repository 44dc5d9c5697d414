"""Whole pages kept in the cache, so a surge of visitors costs Redis look-ups, not
page renders (settings.PAGE_CACHE_SECONDS; 0 turns it off).

What is kept: a 200 to an anonymous GET of a page served by Wagtail (a page or one of
its routes: a filtered listing, a feed, a calendar file) that a CDN may keep too
(core/caching.py): never the admin, search, a form, a response setting a cookie, or
anything asked for with a session cookie (a signed-in editor). The key is the host,
path and query string, so each filtered view of a listing is kept on its own.

Staying correct: each kept page is tagged with the page that served it, and with
"all". A tag has a version in the cache; purging a tag gives it a new version, and a
kept page whose tags' versions have moved on is not served. So purging the library
page's tag retires the library, every filtered view of it, its feeds and author
pages at once, whatever their query strings. Which tags a change purges is decided
in core/purges.py. Purges go to the shared cache, so with Redis every app server
sees them at once.

A page rendered while a purge happened is not kept: each request notes the purge
counter before it renders and keeps its page only if the counter has not moved, so a
render that read the old content cannot be kept after the purge that retired it.
Kept pages also expire after PAGE_CACHE_SECONDS, for what changes with time alone
(an event moving from "upcoming" to "past").

A hit costs no SQL and one cache round trip (two the first time a process meets the
page, before it knows the page's tags). If the cache is down, every request is a miss
(core/cache_backend.py) and the site is served uncached.

Without Redis, each process keeps pages in its own memory, where another process's
purge (the admin's worker, `publish_scheduled`) cannot reach. There a kept page also
records the content token (core/versions.py) it was rendered under, and is served
only while the token is the same: one query per hit, and never a page older than the
database, however many processes there are."""

import functools
import hashlib
import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse

from core.versions import token_for

logger = logging.getLogger(__name__)

ALL = "all"
PURGE_COUNTER = "pagecache:purges"
HEADER = "X-Page-Cache"
NEVER = ("/admin/", "/search/", "/documents/", "/healthz", "/django-admin/")
NOT_KEPT_HEADERS = {"set-cookie", HEADER.lower()}


def page_tag(page_id):
    return f"page:{page_id}"


def _tag_key(tag):
    return f"pagecache:tag:{tag}"


def is_on():
    return settings.PAGE_CACHE_SECONDS > 0


def tag_request(page, request, serve_args, serve_kwargs):
    """Wagtail's `before_serve_page` hook (core/wagtail_hooks.py): this response shows
    `page`, so purging that page's tag retires it."""
    request.page_cache_tags = (ALL, page_tag(page.pk))


_purge_failed = False  # a purge Redis did not take: purge everything once it answers


def purge(tags):
    """Retire every kept page carrying any of `tags` (ALL for every page)."""
    global _purge_failed
    if not is_on() or not tags:
        return
    if _purge_failed:
        tags = [*tags, ALL]
    versions = {_tag_key(tag): uuid.uuid4().hex for tag in tags}
    versions[PURGE_COUNTER] = uuid.uuid4().hex
    failed = bool(cache.set_many(versions, timeout=None))
    if failed and not _purge_failed:
        logger.error(
            "A page-cache purge did not reach the cache; everything is purged once it answers."
        )
    _purge_failed = failed


def retry_failed_purge():
    if _purge_failed:
        purge([ALL])


def purge_everything():
    purge([ALL])


# {page key: its tags' keys} as this process last found them, so a hit can ask for the
# tags' versions with the page. Only a hint: the versions kept with the page decide.
_tags_seen = {}
TAGS_SEEN_AT_MOST = 20_000


def _process_local():
    """Whether the cache is this process's own memory (no REDIS_URL)."""
    return isinstance(caches["default"], LocMemCache)


@functools.cache
def release():
    """A fingerprint of the code and templates this process runs, in every key: pages
    kept by the previous release (its markup, its static files' hashed names) are not
    served after a deploy."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in ("templates", "core", "home", "people", "projects", "resources", "events",
                   "contact", "search", "editorial"):  # fmt: skip
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt", ".xml") and path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def _entry_key(request):
    host = request.get_host()
    query = request.META.get("QUERY_STRING", "")
    address = f"{release()}:{request.scheme}://{host}{request.path}?{query}"
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


def _may_look_up(request):
    return (
        is_on()
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NEVER)
    )


def _may_keep(request, response):
    return (
        getattr(request, "page_cache_tags", None)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    """Listed after core.caching's middleware and before the session and CSRF ones,
    so it sees every cookie a response sets and the CDN headers are added to hits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_look_up(request):
            return self.get_response(request)
        try:
            key = _entry_key(request)
        except DisallowedHost:
            return self.get_response(request)  # Django answers it with a 400
        retry_failed_purge()
        token = token_for(request) if _process_local() else None
        # The tags' versions are read with the page when this process has seen its tags
        # before: one round trip to Redis for a hit instead of two.
        found = cache.get_many([key, PURGE_COUNTER, *_tags_seen.get(key, ())])
        kept = found.get(key)
        if (
            kept is not None
            and kept.get("token") == token
            and self._still_current(key, kept, found)
        ):
            return self._rebuild(kept)
        response = self.get_response(request)
        if _may_keep(request, response):
            self._keep(key, request.page_cache_tags, response, found.get(PURGE_COUNTER), token)
            response[HEADER] = "miss"
        return response

    def _still_current(self, key, kept, found):
        versions = kept["versions"]
        if len(_tags_seen) >= TAGS_SEEN_AT_MOST:
            _tags_seen.clear()
        _tags_seen[key] = tuple(versions)
        if all(tag_key in found for tag_key in versions):
            current = {tag_key: found[tag_key] for tag_key in versions}
        else:
            current = cache.get_many(list(versions))
        return current == versions

    def _rebuild(self, kept):
        response = HttpResponse(kept["content"], status=kept["status"])
        for name, value in kept["headers"]:
            response[name] = value
        response[HEADER] = "hit"
        return response

    def _keep(self, key, tags, response, purges_before, token):
        tag_keys = [_tag_key(tag) for tag in tags]
        current = cache.get_many([*tag_keys, PURGE_COUNTER])
        if current.get(PURGE_COUNTER) != purges_before:
            return  # something was purged while this page was rendered
        versions = {}
        for tag_key in tag_keys:
            version = current.get(tag_key)
            if version is None:  # a tag never purged yet (or evicted): give it one
                cache.add(tag_key, uuid.uuid4().hex, timeout=None)
                version = cache.get(tag_key)
                if version is None:
                    return  # the cache is not keeping anything
            versions[tag_key] = version
        if cache.get(PURGE_COUNTER) != purges_before:
            return  # a first purge of one of its tags came in meanwhile
        headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_KEPT_HEADERS]
        entry = {
            "token": token,
            "versions": versions,
            "status": response.status_code,
            "headers": headers,
            "content": response.content,
        }
        cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
