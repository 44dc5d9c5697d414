from django.conf import settings
from django.http import Http404
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.models import Site

from core import document_serving, health, permalinks, share_images
from core.admin_views import SiteDocumentCreateView
from events import views as event_views
from resources.api import api_router
from search import views as search_views


def site_sitemap(request):
    # Wagtail's view assumes a default Site; a host that matches no Site gets a 404.
    if Site.find_for_request(request) is None:
        raise Http404("No site is configured for this host.")
    return sitemap(request)


# The 400 and 500 pages work without the database or a known host (core/errors.py).
handler400 = "core.errors.bad_request"
handler500 = "core.errors.server_error"

urlpatterns = [
    # Wagtail's single document upload, plus a warning when search cannot read inside a
    # PDF (core/admin_views.py). Listed first, so it answers the same address.
    path(
        "admin/documents/add/",
        require_admin_access(SiteDocumentCreateView.as_view()),
        name="site_document_add",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view, without its empty Content-Encoding (core/document_serving.py).
    re_path(r"^documents/(\d+)/(.*)$", document_serving.serve, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    # A library item's permanent link: its page id, which survives renames and moves.
    path("r/<int:page_id>/", permalinks.permalink, name="permalink"),
    # The picture a page shares when its editors chose none (core/share_images.py).
    path(
        "share/<int:page_id>/<slug:fingerprint_>.png",
        share_images.share_image,
        name="share_image",
    ),
    # The read-only open data API for partners (docs/api.md).
    path("api/v2/", api_router.urls),
    # An event's, a series' or the whole site's calendar: /events/calendar.ics and so on.
    re_path(
        r"^(?P<path>(?:[\w\-]+/)*)calendar\.ics(?P<slash>/?)$",
        event_views.calendar_file,
        name="calendar",
    ),
    path("sitemap.xml", site_sitemap, name="sitemap"),
    # For load balancers and monitors: can this server reach its database and cache?
    path("healthz", health.healthz, name="healthz"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

if settings.SERVE_MEDIA:
    # Uploaded images and files, served by Django for development and tests only;
    # production serves MEDIA_ROOT from the web server (docs/deployment.md).
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [path("", include(wagtail_urls))]
