"""The admin dashboard's "The site at a glance" panel: what is coming up, what changed
lately, and the resources that need an editor's attention. A fixed handful of
queries, however large the library grows."""

from django.db.models import Count, Q
from wagtail.admin.ui.components import Component

from events.models import EventPage
from resources.models import ResourcePage

SHOWN = 5


class SiteAtAGlancePanel(Component):
    name = "site_at_a_glance"
    template_name = "editorial/dashboard_panel.html"
    order = 90  # above Wagtail's own panels: what needs doing first

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        resources = ResourcePage.objects.all()
        missing = resources.annotate(
            credits=Count("authors", distinct=True), documents=Count("attachments", distinct=True)
        ).filter(
            Q(introduction="", listing_summary="") | Q(credits=0) | Q(documents=0, external_url="")
        )
        needing = list(missing.order_by("title")[:50])
        context.update(
            upcoming_events=list(EventPage.objects.live().upcoming().defer_streamfields()[:SHOWN]),
            recent_resources=list(
                resources.filter(latest_revision_created_at__isnull=False)
                .select_related("latest_revision__user")
                .order_by("-latest_revision_created_at")[:SHOWN]
            ),
            needing_attention=[{"page": page, "missing": gaps(page)} for page in needing],
            needing_count=missing.count(),
        )
        return context


def gaps(page):
    """What a resource lacks, in an editor's words."""
    missing = []
    if not (page.introduction or page.listing_summary):
        missing.append("a summary")
    if not page.credits:
        missing.append("an author")
    if not page.documents and not page.external_url:
        missing.append("a document or link")
    return missing
