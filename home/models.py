from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core import versions
from core.blocks import BodyBlock
from core.models import BasePage, organisation_data, page_structured_data
from core.sections import Section, section_page
from events.models import EventPage
from projects.models import PartnerPage
from resources.models import ResourcePage


class HomePage(BasePage):
    """The front door: what Radical Kindness is, then the latest of everything."""

    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="What Radical Kindness is, shown below the introduction.",
    )

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "projects.ProjectIndexPage",
        "resources.ResourceIndexPage",
        "events.EventIndexPage",
        "resources.StoriesPage",
        "projects.PartnerIndexPage",
        "contact.ContactPage",
        "core.StandardPage",
    ]

    kind_label = "Home page"

    def get_structured_data(self, request):
        data = page_structured_data(self, request, "WebSite")
        data["publisher"] = organisation_data(request)
        # Lets a search engine offer the site's own search from its results.
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": request.build_absolute_uri(reverse("search")) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        }
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            resource_index=section_page(Section.LIBRARY, request),
            event_index=section_page(Section.EVENTS, request),
            stories_page=section_page(Section.STORIES, request),
        )
        if getattr(request, "is_preview", False):
            context.update(self.latest_of_every_section())
        else:
            # Kept while the content is unchanged (core/versions.py), and for a minute at
            # most, as "upcoming" and "recent" move with the clock.
            minute = timezone.now().replace(second=0, microsecond=0)
            context.update(
                versions.kept(request, ("home sections", minute), self.latest_of_every_section)
            )
        return context

    def latest_of_every_section(self):
        events = EventPage.objects.live().public().for_cards()
        return {
            "latest_resources": list(
                ResourcePage.objects.live().public().for_cards().newest_first()[:3]
            ),
            "upcoming_events": list(events.upcoming()[:3]),
            "recent_events": list(events.past()[:3]),
            "partners": list(PartnerPage.objects.live().public().order_by("title")),
        }
