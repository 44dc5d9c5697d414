"""What a CDN may keep: pages every anonymous visitor sees alike, for five minutes
with a little stale grace; never anything personal, a form, search results, the admin
or an error."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from core.caching import PUBLIC_MAX_AGE

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize(
    "path", ["/", "/resources/", "/events/calendar.ics", "/resources/feed/", "/sitemap.xml"]
)
def test_what_every_visitor_sees_alike_may_be_kept_for_minutes(client, path):
    directives = cache_control(client.get(path))
    assert {"public", f"max-age={PUBLIC_MAX_AGE}"} <= directives
    assert any(d.startswith("stale-while-revalidate=") for d in directives)


@pytest.mark.parametrize(
    "path",
    ["/search/?q=kindness", "/contact/", "/stories/share/", "/no/such/page/", "/healthz"],
)
def test_search_forms_and_errors_are_never_kept(client, path):
    directives = cache_control(client.get(path))
    assert "public" not in directives
    assert "no-store" in directives or "no-cache" in directives


def test_a_signed_in_editor_gets_a_page_no_one_else_may_see(client):
    user = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(user)
    directives = cache_control(client.get("/resources/"))
    assert "private" in directives and "public" not in directives


def test_a_form_sent_is_never_kept(client):
    response = Client().post("/contact/", {})
    assert "public" not in cache_control(response)


def test_the_admin_is_never_kept(admin_client):
    assert "no-store" in cache_control(admin_client.get("/admin/"))
