"""The site's own error pages, for when Django's handlers cannot use the page layout.

The 404 and 403 pages extend base.html like any page (templates/404.html, 403.html).
A 400 may come from a host the site does not serve, and a 500 from a database that is
down, so those two must not touch the request's host or the database: they render
templates/errors/, which use only static files. The 500 page's words are editable
(Settings › Site settings › Error pages) and read with one guarded query, falling back
to the words below when the database cannot answer. When the database is what failed,
the answer is a 503 with Retry-After instead: an outage, not a broken page."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

UNAVAILABLE_HEADING = "Back in a moment"
UNAVAILABLE_TEXT = (
    "The site cannot reach its records just now, so this page cannot be shown. "
    "Nothing you did caused it. Please try again in a minute."
)
SERVER_ERROR_HEADING = "Something went wrong on our side"
SERVER_ERROR_TEXT = (
    "Sorry: this page could not be shown just now. Nothing you did caused it, and "
    "we have been told. Please try again in a minute."
)


def server_error_words():
    """(heading, text) for the 500 page: the editors' words, or the defaults when the
    database is what failed."""
    from core.models import SiteSettings  # the models need the app registry, ready by now

    try:
        saved = (
            SiteSettings.objects.filter(site__is_default_site=True)
            .values_list("server_error_heading", "server_error_text")
            .first()
        )
    except Exception:  # the database is down, or the failed request broke its connection
        logger.warning("The 500 page is shown with its default words", exc_info=True)
        saved = None
    heading, text = saved or ("", "")
    return heading or SERVER_ERROR_HEADING, text or SERVER_ERROR_TEXT


def database_unreachable():
    """Whether the error being handled is the database not answering (it is down or
    restarting): a passing outage, not a fault in the page."""
    error = sys.exc_info()[1]
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request):
    if database_unreachable():
        # 503 with Retry-After: load balancers and crawlers come back, not give up.
        html = render_to_string(
            "errors/500.html", {"heading": UNAVAILABLE_HEADING, "text": UNAVAILABLE_TEXT}
        )
        response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        return response
    heading, text = server_error_words()
    html = render_to_string("errors/500.html", {"heading": heading, "text": text})
    return HttpResponseServerError(html)


def bad_request(request, exception):
    return HttpResponseBadRequest(render_to_string("errors/400.html"))
