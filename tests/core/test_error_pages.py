"""Error pages that look like the site and say what to do next: 404 and 500 in the
editors' words, 400 and 403 styled too, and a 500 page that still answers when the
database is down."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.views.defaults import permission_denied

from core.errors import SERVER_ERROR_HEADING, UNAVAILABLE_HEADING
from core.models import SiteSettings
from resources.models import ResourceIndexPage
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db


def styled(soup):
    """The site's stylesheet and its brand link home: it looks like the site."""
    assert soup.find("link", rel="stylesheet")["href"].endswith("site.css")
    assert soup.select_one("a.brand")["href"] == "/"
    return visible_text(main_of(soup))


def test_a_missing_page_says_so_in_the_editors_words(client):
    settings = SiteSettings.objects.get()
    settings.page_not_found_heading = "That page has wandered off"
    settings.save()
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    soup = soup_of(response)
    assert visible_text(soup.h1) == "That page has wandered off"
    assert "may have moved" in styled(soup)
    assert soup.find("form", role="search") is not None
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_a_refusal_is_a_styled_403():
    request = RequestFactory().get("/somewhere/private/")
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    soup = soup_of(response)
    assert visible_text(soup.h1) == "You can’t see this page"
    styled(soup)


def test_a_form_sent_without_its_security_token_gets_a_styled_403(client):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/stories/share/", {"story": "Words I do not want to lose."})
    assert response.status_code == 403
    soup = soup_of(response)
    assert visible_text(soup.h1) == "Please send the form again"
    styled(soup)


def test_a_host_the_site_does_not_serve_gets_a_styled_400(client):
    response = client.get("/", HTTP_HOST="not-our-site.example")
    assert response.status_code == 400
    soup = soup_of(response)
    assert visible_text(soup.h1) == "We could not understand that request"
    styled(soup)


def failing(tables):
    """A database that fails every query touching one of `tables` (all when empty),
    as a server that has gone away does."""

    def execute(run, sql, params, many, context):
        if not tables or any(table in sql for table in tables):
            raise OperationalError("server closed the connection unexpectedly")
        return run(sql, params, many, context)

    return execute


def break_the_library(monkeypatch):
    """A bug in a page: the kind of fault the 500 page is for."""

    def broken(*args, **kwargs):
        raise ValueError("a bug in the page")

    monkeypatch.setattr(ResourceIndexPage, "get_context", broken)


def test_the_500_page_uses_the_editors_words(client, monkeypatch):
    settings = SiteSettings.objects.get()
    settings.server_error_heading = "Our apologies"
    settings.server_error_text = "The site tripped over. Try again shortly."
    settings.save()
    break_the_library(monkeypatch)
    client.raise_request_exception = False
    response = client.get("/resources/")
    assert response.status_code == 500
    soup = soup_of(response)
    assert visible_text(soup.h1) == "Our apologies"
    assert "The site tripped over. Try again shortly." in styled(soup)


def test_a_database_that_is_down_gets_a_503_to_come_back_to(client):
    client.raise_request_exception = False
    with connection.execute_wrapper(failing([])):
        response = client.get("/resources/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    soup = soup_of(response)
    assert visible_text(soup.h1) == UNAVAILABLE_HEADING
    assert "try again in a minute" in styled(soup)


def test_the_500_page_answers_even_when_its_words_cannot_be_read(client, monkeypatch):
    break_the_library(monkeypatch)
    client.raise_request_exception = False
    with connection.execute_wrapper(failing(["core_sitesettings"])):
        response = client.get("/resources/")
    assert response.status_code == 500
    assert visible_text(soup_of(response).h1) == SERVER_ERROR_HEADING
