"""Projects (Radical Kindness, Beyond Us and Them) and the partners and funders
that make them possible."""

from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import BasePage
from core.sections import Section, heads, section_page
from resources.models import LibraryItem

# How many resources a project or partner page shows before pointing to the library.
PREVIEW_SIZE = 12


@heads(Section.PROJECTS)
class ProjectIndexPage(BasePage):
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["projects.ProjectPage"]

    kind_label = "Projects"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = (
            ProjectPage.objects.live()
            .public()
            .child_of(self)
            .select_related("listing_image")
            .defer_streamfields()
        )
        return context


class ProjectPage(BasePage):
    body = StreamField(BodyBlock(), blank=True, help_text="What the project is and does.")

    content_panels = BasePage.content_panels + [
        FieldPanel("body"),
        InlinePanel("partnerships", heading="Funders and partners", label="Funder or partner"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = ["core.StandardPage"]

    kind_label = "Project"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A new project being previewed in the admin has no resources or saved partners yet.
        resources = LibraryItem.objects.live().public().filter(projects=self.pk)
        context["project_resources"] = (
            list(resources.for_cards().newest_first()[:PREVIEW_SIZE]) if self.pk else []
        )
        context["project_resource_count"] = resources.count() if self.pk else 0
        context["resource_index"] = section_page(Section.LIBRARY)
        context["partnerships"] = (
            list(self.partnerships.select_related("organisation", "organisation__partner_page"))
            if self.pk
            else list(self.partnerships.all())
        )
        return context


class ProjectPartnership(Orderable):
    class Role(models.TextChoices):
        FUNDER = "funder", "Funder"
        RESEARCH_PARTNER = "research_partner", "Research partner"
        PARTNER = "partner", "Partner"

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,  # a funder or partner of a project cannot be deleted
        related_name="partnerships",
        help_text="The funder or partner (add new ones under Snippets › Organisations first).",
    )
    role = models.CharField(
        max_length=30,
        choices=Role.choices,
        default=Role.PARTNER,
        help_text="What they do for this project.",
    )

    panels = [FieldPanel("organisation"), FieldPanel("role")]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


@heads(Section.PARTNERS)
class PartnerIndexPage(BasePage):
    """/partners/: funders, research partners and the organisations behind our resources."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["projects.PartnerPage"]

    kind_label = "Partners"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        partners = list(
            PartnerPage.objects.live()
            .public()
            .child_of(self)
            .select_related("organisation", "listing_image")
            .order_by("title")
        )
        # Each partner's roles ("Funder of Radical Kindness"), in one query for all.
        roles = {}
        for partnership in ProjectPartnership.objects.filter(
            organisation__in=[p.organisation_id for p in partners], page__live=True
        ).select_related("page"):
            roles.setdefault(partnership.organisation_id, []).append(partnership)
        # Funders and research partners first, then the authors of our resources.
        context["partners"] = sorted(
            ((p, roles.get(p.organisation_id, [])) for p in partners),
            key=lambda item: (not item[1], item[0].title),
        )
        return context


class PartnerPage(BasePage):
    """A page about one organisation. Its name and website live on the organisation
    snippet, which resources also use as an author, so there is one record per body."""

    organisation = models.OneToOneField(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="partner_page",
        help_text="The organisation this page is about; its name and website come from there.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="Optional: more about the organisation.")

    content_panels = BasePage.content_panels + [FieldPanel("organisation"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["projects.PartnerIndexPage"]
    subpage_types = []

    kind_label = "Partner"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["partnerships"] = list(
            ProjectPartnership.objects.filter(organisation=self.organisation_id, page__live=True)
            .select_related("page")
            .order_by("page__title")
        )
        authored = (
            LibraryItem.objects.live()
            .public()
            .filter(
                Q(authors__organisation=self.organisation_id) | Q(partners=self.organisation_id)
            )
            .distinct()
        )
        context["authored_resources"] = list(authored.for_cards().newest_first()[:PREVIEW_SIZE])
        context["authored_resource_count"] = authored.count()
        context["resource_index"] = section_page(Section.LIBRARY)
        return context
