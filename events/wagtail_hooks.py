from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from events.admin_views import series_sessions
from events.models import EventSeriesPage


@hooks.register("register_admin_urls")
def series_session_urls():
    return [
        path("events/series/<int:page_id>/sessions/", series_sessions, name="event_series_sessions")
    ]


@hooks.register("register_page_header_buttons")
def create_sessions_button(page, user, view_name=None, next_url=None):
    """In the … menu next to a series' title in the admin."""
    if isinstance(page.specific_deferred, EventSeriesPage):
        yield Button(
            "Create or update sessions",
            reverse("event_series_sessions", args=[page.pk]),
            icon_name="date",
            priority=25,
        )
