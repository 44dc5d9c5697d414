"""Projects (Radical Kindness, Beyond Us and Them) and the partners and funders
that make them possible."""

from django.db import models
from django.db.models import F, Q
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import BodyBlock
from core.models import (
    BasePage,
    SiteSettings,
    organisation_data,
    page_structured_data,
    rendition_url,
    site_name_for,
)
from core.sections import Section, heads, section_page
from core.text import and_list
from events.models import EventPage
from resources.models import LibraryItem, StoryPage
from resources.stories import cards as story_cards

# How many resources a project or partner page shows before pointing to the library.
PREVIEW_SIZE = 12


@heads(Section.PROJECTS)
class ProjectIndexPage(BasePage):
    section = Section.PROJECTS
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
        names = and_list([project.title for project in context["projects"]])
        if names:
            organisation = SiteSettings.for_request(request).organisation_name
            context["fallback_description"] = f"The projects of {organisation}: {names}."
        return context


class ProjectPage(BasePage):
    section = Section.PROJECTS
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
        if not (self.social_text or self.search_description):
            # A project's introduction may be the site's own (the flagship project's
            # is), so its description says whose project it is.
            organisation = SiteSettings.for_request(request).organisation_name
            context["view_description"] = " ".join(
                filter(None, [f"{self.title}, a project of {organisation}.", self.share_text])
            )
        context["resource_index"] = section_page(Section.LIBRARY, request)
        context["partnerships"] = (
            list(
                self.partnerships.select_related(
                    "organisation", "organisation__partner_page", "organisation__logo"
                ).prefetch_related("organisation__logo__renditions")
            )
            if self.pk
            else list(self.partnerships.all())
        )
        return context

    def get_structured_data(self, request):
        """A schema.org Project (an organisation's undertaking) with its funders and
        the organisation it belongs to."""

        partnerships = self.partnerships.select_related("organisation")
        funders = [
            organisation_reference(p.organisation)
            for p in partnerships
            if p.role == ProjectPartnership.Role.FUNDER
        ]
        return page_structured_data(
            self,
            request,
            "Project",
            parentOrganization=organisation_data(request),
            funder=funders,
        )


def organisation_reference(organisation):
    """An organisation as schema.org names it elsewhere: its name and its own site."""
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        data["sameAs"] = organisation.website
    return data


class ProjectPartnership(Orderable):
    class Role(models.TextChoices):
        FUNDER = "funder", "Funder"
        RESEARCH_PARTNER = "research_partner", "Research partner"
        PARTNER = "partner", "Collaborator"

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,  # a funder or partner of a project cannot be deleted
        related_name="partnerships",
        help_text="The funder or partner. Not in the list? Add it under People & "
        "organisations › Organisations first.",
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

    section = Section.PARTNERS

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
            .select_related("organisation", "organisation__logo", "listing_image")
            .prefetch_related("organisation__logo__renditions")
            .order_by("title")
        )
        organisations = [p.organisation_id for p in partners]
        # Each partner's roles ("Funder of Radical Kindness"), in one query for all.
        roles = {}
        for partnership in ProjectPartnership.objects.filter(
            organisation__in=organisations, page__live=True
        ).select_related("page"):
            roles.setdefault(partnership.organisation_id, []).append(partnership)
        authors = set(
            LibraryItem.objects.live()
            .public()
            .filter(authors__organisation__in=organisations)
            .values_list("authors__organisation", flat=True)
        )
        context["groups"] = partner_groups(partners, roles, authors)
        context["acknowledgement"] = SiteSettings.for_request(request).funder_acknowledgement
        return context


# The partners page's groups, in order: who funds us first.
ROLE_GROUPS = [
    (ProjectPartnership.Role.FUNDER, "Funders"),
    (ProjectPartnership.Role.RESEARCH_PARTNER, "Research partners"),
    (ProjectPartnership.Role.PARTNER, "Collaborators"),
]


def partner_groups(partners, roles, authors):
    """[(heading, [(partner, [partnerships in this role])])]: a partner is in every
    group it has a role in, and organisations that wrote resources in our library
    are listed as authors."""
    groups = []
    for role, heading in ROLE_GROUPS:
        members = []
        for partner in partners:
            held = [p for p in roles.get(partner.organisation_id, []) if p.role == role]
            if held:
                members.append((partner, held))
        if members:
            groups.append((heading, members))
    written = [(p, []) for p in partners if p.organisation_id in authors]
    if written:
        groups.append(("Authors of resources in our library", written))
    grouped = {p.pk for _, members in groups for p, _ in members}
    others = [(p, []) for p in partners if p.pk not in grouped]
    if others:
        groups.append(("Other partners", others))
    return groups


class PartnerPage(BasePage):
    """A page about one organisation. Its name and website live on the organisation
    snippet, which resources also use as an author, so there is one record per body."""

    section = Section.PARTNERS

    organisation = models.OneToOneField(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="partner_page",
        help_text="The organisation this page is about; its name and website come from there.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="Optional: more about the organisation.")

    content_panels = BasePage.content_panels + [FieldPanel("organisation"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.RelatedFields(
            "organisation", [index.SearchField("name"), index.SearchField("description")]
        ),
    ]

    parent_page_types = ["projects.PartnerIndexPage"]
    subpage_types = []

    kind_label = "Partner"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        organisation = self.organisation_id
        partnerships = list(
            ProjectPartnership.objects.filter(organisation=organisation, page__live=True)
            .select_related("page")
            .order_by("page__title")
        )
        authored = (
            LibraryItem.objects.live()
            .public()
            .filter(Q(authors__organisation=organisation) | Q(partners=organisation))
            .distinct()
        )
        events = EventPage.objects.live().public().filter(partners=organisation)
        stories = StoryPage.objects.live().public().filter(partners=organisation)
        context.update(
            partnerships=partnerships,
            authored_resources=list(authored.for_cards().newest_first()[:PREVIEW_SIZE]),
            authored_resource_count=authored.count(),
            partner_events=list(events.for_cards().order_by("-starts_at")[:PREVIEW_SIZE]),
            partner_stories=story_cards(
                stories.order_by(F("date").desc(nulls_last=True), "-first_published_at")[
                    :PREVIEW_SIZE
                ]
            ),
            resource_index=section_page(Section.LIBRARY, request),
        )
        context["roles"] = self.roles(partnerships, context["authored_resources"])
        roles = and_list(role.lower() for role in context["roles"])
        context["fallback_description"] = self.organisation.description or (
            f"{self.title}, a partner of {site_name_for(request)}"
            + (f" ({roles})" if roles else "")
            + ": who they are, and the resources, events and stories we share."
        )
        # Everything it is linked to, with the addresses to link to: its own page first.
        context["links_to_us"] = [
            self,
            *(p.page for p in partnerships),
            *context["authored_resources"],
            *context["partner_events"],
            *context["partner_stories"],
        ]
        return context

    def roles(self, partnerships, authored_resources):
        """What it is to us, as the partners page groups it: "Funder", "Author"."""
        roles = [
            label
            for value, label in ProjectPartnership.Role.choices
            if any(p.role == value for p in partnerships)
        ]
        if any(
            author.organisation_id == self.organisation_id
            for resource in authored_resources
            for author in resource.authors.all()
        ):
            roles.append("Author")
        return roles

    def get_structured_data(self, request):
        """The organisation itself, with its own site as `sameAs`."""
        organisation = self.organisation
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": organisation.name,
            "url": request.build_absolute_uri(self.get_url(request)),
            "description": organisation.description or self.summary_text,
        }
        if organisation.website:
            data["sameAs"] = [organisation.website]
        data["logo"] = rendition_url(organisation.logo, "max-600x600", request)
        return {key: value for key, value in data.items() if value}
