"""Finding the page for an address in one query instead of two per level.

Wagtail routes /resources/some-paper/ by asking home for its child "resources", then
that page's specific type for its child "some-paper", and so on: two queries per
level, seven for a resource, on every request. Here the live pages' addresses are
kept in each process under the content token (core/versions.py), so the walk down
the tree happens in memory and only the page found is read from the database. The
page then routes the rest of the address itself (a library feed, an author page, a
calendar file), exactly as Wagtail would: Wagtail's own `route()` is what runs, and
its answer is handed to Wagtail's serve view (`request._wagtail_route_for_request`,
which Wagtail reads before routing again).

The walk follows Wagtail's rules: a routable page's own routes come before its
children; a page that is not live is not in the map, so its parent routes the rest,
which ends in the 404 Wagtail would give."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from core import versions


def live_pages():
    """{url_path: (page id, content type id)} of every live page."""
    return {
        url_path: (pk, content_type_id)
        for url_path, pk, content_type_id in Page.objects.live().values_list(
            "url_path", "pk", "content_type_id"
        )
    }


def _model(content_type_id):
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _routes_itself(model, remaining):
    if not (remaining and issubclass(model, RoutablePageMixin)):
        return False
    try:
        model.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Http404:
        return False
    return True


def find_route(request, path):
    """Wagtail's RouteResult for `path`, or None (a 404)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    pages = versions.kept(request, "live page addresses", live_pages)
    root_path = versions.kept(request, ("site root", site.pk), lambda: site.root_page.url_path)
    if root_path not in pages:
        # The site's root is not live: Wagtail walks through it to what is.
        return Page.route_for_request(request, path)
    components = [component for component in path.split("/") if component]
    url_path, depth = root_path, 0
    pk, content_type_id = pages[root_path]
    while depth < len(components):
        remaining = components[depth:]
        if _routes_itself(_model(content_type_id), remaining):
            break
        child = f"{url_path}{remaining[0]}/"
        if child not in pages:
            break
        url_path, depth = child, depth + 1
        pk, content_type_id = pages[child]
    page = _model(content_type_id).objects.filter(pk=pk).first()
    if page is None:  # deleted since the map was made; Wagtail's walk will say 404
        return Page.route_for_request(request, path)
    try:
        return page.route(request, components[depth:])
    except Http404:
        return None


def remember_site(request):
    """Find the request's site from the sites kept per content token, and leave it where
    Wagtail's `Site.find_for_request` looks first: no query for it on this request."""
    if not hasattr(request, "_wagtail_site"):  # Wagtail's own per-request memo
        host = (request._get_raw_host(), request.get_port())
        request._wagtail_site = versions.kept(
            request, ("site", host), lambda: Site._find_for_request(request)
        )


class FastRouteMiddleware:
    """Finds the page before Wagtail's serve view runs, for the view to use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve and not hasattr(request, "_wagtail_route_for_request"):
            remember_site(request)
            path = view_args[0] if view_args else view_kwargs.get("path", "")
            request._wagtail_route_for_request = find_route(request, path)
        return None
