from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        # An event's recording is listed on the Stories page, and its speakers' events
        # on their author pages in the library: neither is an ancestor of the event.
        from core import purges
        from core.sections import Section

        from .models import EventPage

        purges.also_listed_on_sections(EventPage, Section.STORIES, Section.LIBRARY)
