"""Whole pages kept for anonymous visitors (core/page_cache.py) and purged when what
they show changes (core/purges.py): a visitor never sees the old content after a
publish, and pages the change does not touch stay kept. Run on both caches the site
uses: each process's memory and Redis (shared by every app server)."""

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import Page

from core import page_cache
from core.models import ContentVersion
from events.models import EventPage
from people.models import Organisation
from resources.models import ResourceAuthor, ResourcePage, Topic

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
HEADER = page_cache.HEADER


def clear_own_keys(prefix):
    """Empty this run's keys only: another test run may share the Redis database."""
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(params=["memory", "redis"])
def page_caching(request, settings):
    settings.PAGE_CACHE_SECONDS = 300
    if request.param == "redis":
        prefix = f"page-cache-test-{os.getpid()}"
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache_backend.ForgivingRedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
        cache.set("reachable", 1)
        if cache.get("reachable") != 1:
            if os.environ.get("CI") == "true":
                pytest.fail(f"Redis is not reachable at {REDIS_URL}")
            pytest.skip(f"Redis is not reachable at {REDIS_URL}")
        clear_own_keys(prefix)
        yield request.param
        clear_own_keys(prefix)
    else:
        cache.clear()
        yield request.param


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page as the admin does, purges (sent after the commit) included."""

    def publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()

    return publish


def visit(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response


def kept(client, path):
    """Whether `path` is served from the page cache (a hit)."""
    return visit(client, path).get(HEADER) == "hit"


def credited_resource():
    """A live resource crediting an organisation that has a partner page."""
    author = (
        ResourceAuthor.objects.filter(organisation__partner_page__live=True, page__live=True)
        .select_related("page", "organisation__partner_page")
        .first()
    )
    return author.page.specific, author.organisation.partner_page


def test_a_page_is_kept_and_served_again_without_a_query(
    client, page_caching, django_assert_num_queries
):
    first = visit(client, "/resources/")
    assert first[HEADER] == "miss"
    # In a process's own memory, a hit reads the content token (see the test below).
    with django_assert_num_queries(0 if page_caching == "redis" else 1):
        second = visit(client, "/resources/")
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # What the outer layers add is still there on a hit.
    assert "public" in second["Cache-Control"]
    assert "script-src 'self'" in second["Content-Security-Policy"]


def test_a_hit_reads_the_page_and_its_tags_in_one_round_trip(client, page_caching, monkeypatch):
    visit(client, "/resources/")
    assert kept(client, "/resources/")  # this process has now seen the page's tags
    trips = []
    backend = type(caches["default"])
    real_get_many = backend.get_many

    def get_many(self, keys, *args, **kwargs):
        trips.append(keys)
        return real_get_many(self, keys, *args, **kwargs)

    monkeypatch.setattr(backend, "get_many", get_many)
    assert kept(client, "/resources/")
    assert len(trips) == 1


def test_publishing_a_resource_purges_it_its_listings_and_its_partner_page(
    client, page_caching, publish
):
    resource, partner_page = credited_resource()
    event = EventPage.objects.live().public().first()
    paths = [
        resource.url,
        "/resources/",
        "/resources/?sort=title",  # a filtered view of the library is purged too
        "/",
        partner_page.url,
        event.url,
    ]
    for path in paths:
        visit(client, path)
    assert [path for path in paths if not kept(client, path)] == []

    resource.title = "A title no one has seen before"
    publish(resource)

    for path in paths[:-1]:
        response = visit(client, path)
        assert response[HEADER] == "miss", path
        if path != "/resources/?sort=title":
            assert "A title no one has seen before" in response.content.decode(), path
    if page_caching == "redis":
        # A page that does not show the resource stays kept: the purge is precise.
        # (In a process's own memory any change retires every page: see below.)
        assert kept(client, event.url)


def test_a_resource_that_stops_crediting_an_organisation_leaves_its_partner_page(
    client, page_caching, publish
):
    resource, partner_page = credited_resource()
    visit(client, partner_page.url)
    assert resource.title in visit(client, partner_page.url).content.decode()
    assert kept(client, partner_page.url)

    # As in the editor: the author row is removed in the form, then the page published.
    resource.authors = [
        author
        for author in resource.authors.all()
        if author.organisation_id != partner_page.organisation_id
    ]
    publish(resource)

    response = visit(client, partner_page.url)
    assert response[HEADER] == "miss"
    assert resource.url not in response.content.decode()


def test_a_page_in_the_menu_or_footer_purges_every_page(
    client, page_caching, django_capture_on_commit_callbacks
):
    contact = Page.objects.get(url_path__endswith="/contact/")  # linked from every footer
    contact_url = contact.url
    event = EventPage.objects.live().public().first()
    for path in ("/resources/", event.url):
        assert f'href="{contact_url}"' in visit(client, path).content.decode()
        assert kept(client, path)
    with django_capture_on_commit_callbacks(execute=True):
        contact.specific.unpublish()
    for path in ("/resources/", event.url):
        response = visit(client, path)
        assert response[HEADER] == "miss", path
        assert f'href="{contact_url}"' not in response.content.decode(), path


def test_publishing_an_event_purges_the_stories_page_which_lists_recordings(
    client, page_caching, publish
):
    event = EventPage.objects.live().public().first()
    visit(client, "/stories/")
    assert kept(client, "/stories/")
    publish(event)
    assert visit(client, "/stories/")[HEADER] == "miss"


def test_unpublishing_a_resource_takes_it_out_of_its_listing_at_once(
    client, page_caching, django_capture_on_commit_callbacks
):
    resource, _ = credited_resource()
    visit(client, "/resources/")
    assert kept(client, "/resources/")
    with django_capture_on_commit_callbacks(execute=True):
        resource.unpublish()
    assert resource.url not in visit(client, "/resources/").content.decode()
    assert client.get(resource.url).status_code == 404


def test_renaming_a_person_purges_the_pages_that_credit_them(
    client, page_caching, django_capture_on_commit_callbacks
):
    author = ResourceAuthor.objects.filter(person__isnull=False, page__live=True).first()
    resource, person = author.page.specific, author.person
    visit(client, resource.url)
    assert kept(client, resource.url)
    with django_capture_on_commit_callbacks(execute=True):
        person.name = "Someone Renamed Just Now"
        person.save()
    assert "Someone Renamed Just Now" in visit(client, resource.url).content.decode()


def test_renaming_a_topic_purges_the_resources_filed_under_it(
    client, page_caching, django_capture_on_commit_callbacks
):
    topic = Topic.objects.create(name="Neighbours", slug="neighbours")
    resource, _ = credited_resource()
    resource.topics.set([topic])
    resource.save()
    visit(client, resource.url)
    assert kept(client, resource.url)
    with django_capture_on_commit_callbacks(execute=True):
        topic.name = "A topic renamed just now"
        topic.save()
    assert "A topic renamed just now" in visit(client, resource.url).content.decode()


def test_in_process_memory_a_change_made_by_another_process_is_seen(client, settings):
    """Without Redis each process keeps its own pages, which another process's purge
    (the admin's worker, publish_scheduled) cannot reach: the content token, in the
    shared database, says when a kept page is out of date."""
    settings.PAGE_CACHE_SECONDS = 300
    resource, _ = credited_resource()
    visit(client, resource.url)
    assert kept(client, resource.url)
    # Another process publishes: the database and its token change, this process's
    # memory hears nothing.
    ResourcePage.objects.filter(pk=resource.pk).update(title="Changed elsewhere")
    Page.objects.filter(pk=resource.pk).update(title="Changed elsewhere")
    ContentVersion.objects.update(token="another process's change")
    response = visit(client, resource.url)
    assert response[HEADER] == "miss"
    assert "Changed elsewhere" in response.content.decode()


def test_a_change_rolled_back_purges_nothing(client, page_caching):
    if page_caching == "memory":
        pytest.skip("in memory the content token decides, and it rolls back too")
    visit(client, "/resources/")
    organisation = Organisation.objects.first()
    organisation.name = "Never saved"
    organisation.save()  # the test's transaction is never committed
    assert kept(client, "/resources/")


def test_signed_in_editors_and_forms_are_never_served_from_the_cache(
    client, admin_client, page_caching
):
    visit(client, "/resources/")
    assert kept(client, "/resources/")
    response = admin_client.get("/resources/")
    assert response.status_code == 200
    assert HEADER not in response  # neither looked up nor kept
    contact = visit(client, "/contact/")
    assert HEADER not in contact  # it sets a CSRF cookie: never kept
    assert HEADER not in client.get("/search/?q=kindness")


def test_a_page_rendered_while_a_purge_happened_is_not_kept(page_caching):
    """A render that began before a publish may show the old content: the purge it
    missed must not be undone by keeping it."""
    renders = []

    def render_with_a_publish_in_the_middle(request):
        request.page_cache_tags = (page_cache.ALL, page_cache.page_tag(1))
        renders.append(request)
        if len(renders) == 1:
            page_cache.purge([page_cache.page_tag(1)])
        return HttpResponse(f"render {len(renders)}")

    middleware = page_cache.PageCacheMiddleware(render_with_a_publish_in_the_middle)
    factory = RequestFactory()
    assert middleware(factory.get("/x/")).content == b"render 1"
    assert middleware(factory.get("/x/")).content == b"render 2"  # 1 was not kept
    assert middleware(factory.get("/x/")).content == b"render 2"  # 2 was


def test_with_the_cache_off_nothing_is_kept(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    visit(client, "/resources/")
    assert HEADER not in visit(client, "/resources/")


def test_when_redis_is_down_pages_are_served_uncached(client, settings, caplog):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.ForgivingRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    for path in ("/", "/resources/", "/events/", "/resources/?sort=title", "/contact/"):
        first, second = client.get(path), client.get(path)
        assert first.status_code == second.status_code == 200, path
        assert second.get(HEADER) != "hit"
    assert client.get("/healthz").status_code == 503


class PurgeRecorder(BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    """A cache on loopback that records the PURGE requests Wagtail sends it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    PurgeRecorder.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()


def test_the_cdn_is_told_to_drop_the_page_its_listings_and_feeds(cdn, publish):
    resource, partner_page = credited_resource()
    event = EventPage.objects.live().public().first()
    publish(resource)
    paths = {path for _host, path in cdn}
    assert {resource.url, "/resources/", "/resources/feed/", "/", partner_page.url} <= paths
    assert event.url not in paths
    assert {host for host, _path in cdn} == {"localhost"}  # the site's own host


def test_the_cdn_setting_is_read_from_the_environment(monkeypatch):
    import importlib

    from radicalkindness.settings import base

    monkeypatch.setenv("FRONTEND_CACHE", "cloudflare")
    monkeypatch.setenv("CLOUDFLARE_BEARER_TOKEN", "token")
    monkeypatch.setenv("CLOUDFLARE_ZONE_ID", "zone")
    try:
        config = importlib.reload(base).WAGTAILFRONTENDCACHE
    finally:
        monkeypatch.delenv("FRONTEND_CACHE")
        importlib.reload(base)
    assert config["cloudflare"]["BACKEND"].endswith("CloudflareBackend")
    assert config["cloudflare"]["ZONEID"] == "zone"
    assert importlib.reload(base).WAGTAILFRONTENDCACHE == {}
