"""Cache-Control for a CDN in front of the site (docs/deployment.md).

What every anonymous visitor sees alike (a page, a listing, a feed, a calendar) may
be kept by the CDN and browsers for PUBLIC_MAX_AGE seconds, and served stale for a
little longer while it is fetched again. Nothing personal is ever kept: not for a
signed-in editor (the page carries their user bar), not the admin or a preview, not
search results, not a page with a form (its security token is per visitor), nothing
that sets a cookie, and nothing but a plain 200 to a GET. Documents are revalidated
each time (`no-cache`), because unpublishing a page takes its document away
(core/document_serving.py)."""

from django.utils.cache import patch_cache_control

PUBLIC_MAX_AGE = 300
STALE_WHILE_REVALIDATE = 60
STALE_IF_ERROR = 24 * 60 * 60
NEVER = ("/admin/", "/search/")


def may_be_shared(request, response):
    """A form's security token and a session both arrive as cookies: listed before
    the session and CSRF middleware, this sees every cookie the response sets."""
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not request.path.startswith(NEVER)
        and not (user is not None and user.is_authenticated)
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


class CacheControlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response  # the view knew better (share pictures, the admin)
        if request.path.startswith("/documents/") and response.status_code == 200:
            patch_cache_control(response, public=True, no_cache=True)
        elif may_be_shared(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=PUBLIC_MAX_AGE,
                stale_while_revalidate=STALE_WHILE_REVALIDATE,
                stale_if_error=STALE_IF_ERROR,
            )
        else:
            patch_cache_control(response, private=True, no_cache=True, no_store=True)
        return response
