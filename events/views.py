"""Calendar files at the addresses calendar apps expect: <page>/calendar.ics.

Wagtail only routes paths made of slugs ending in "/", so these are routed here and
handed to Wagtail's own page view as the page's "calendar.ics/" route (CalendarMixin
in events/models.py). Everything Wagtail checks before serving a page (live,
privacy, the site) is checked for its calendar too."""

from django.http import HttpResponsePermanentRedirect
from django.views.decorators.http import require_safe
from wagtail.views import serve


@require_safe
def calendar_file(request, path, slash=""):
    if slash:
        # Where Wagtail's redirect for a renamed page leads (its route's own form).
        return HttpResponsePermanentRedirect(
            request.get_full_path().replace("calendar.ics/", "calendar.ics", 1)
        )
    return serve(request, f"{path}calendar.ics/")
