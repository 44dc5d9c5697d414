"""The resource library: papers, toolkits, case studies and reports, each with
authors and a date, plus the Stories of Radical Kindness collection, which the
library lists like any other resource but which lives at /stories/."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import BodyBlock
from core.listing import paginate
from core.models import BasePage, page_structured_data
from core.sections import Section, heads, section_page


class ResourceType(models.Model):
    """Paper, toolkit, case study, report, collection: a snippet so staff can add more."""

    name = models.CharField(max_length=60, unique=True, help_text="Singular, e.g. Case study.")
    plural_name = models.CharField(
        max_length=60, help_text="For filters and headings, e.g. Case studies."
    )
    slug = models.SlugField(
        max_length=60, unique=True, help_text="Used in the library's filter addresses."
    )

    panels = [FieldPanel("name"), FieldPanel("plural_name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def with_card_data(queryset):
    """Everything a resource card shows, in a fixed number of queries however many
    resources there are."""
    return queryset.select_related("resource_type", "listing_image").prefetch_related(
        "authors__person", "authors__organisation"
    )


@heads(Section.LIBRARY)
class ResourceIndexPage(BasePage):
    """The library at /resources/: every published resource on the site, newest first."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]

    template = "resources/resource_index_page.html"
    kind_label = "Resource library"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        types = list(ResourceType.objects.filter(resources__live=True).distinct())
        resources = ResourcePage.objects.live().public().order_by("-publication_date", "title")

        requested_type = request.GET.get("type", "")[:60]
        selected_type = next((t for t in types if t.slug == requested_type), None)
        if selected_type:
            resources = resources.filter(resource_type=selected_type)

        context.update(
            resource_types=types,
            selected_type=selected_type,
            unknown_type=requested_type if requested_type and not selected_type else "",
            # Kept on the pagination links, so page 2 of reports is still reports.
            filter_query=urlencode({"type": selected_type.slug}) if selected_type else "",
            resources=paginate(request, with_card_data(resources)),
        )
        return context


class ResourcePage(BasePage):
    resource_type = models.ForeignKey(
        ResourceType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        help_text="What kind of resource this is: paper, toolkit, case study, report…",
    )
    publication_date = models.DateField(help_text="When it was first published.")
    project = models.ForeignKey(
        "projects.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        help_text="Optional: the project this resource came from; it is listed on that project's page.",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the PDF or file visitors can download.",
    )
    external_url = models.URLField(
        "link to the original",
        blank=True,
        help_text="Optional: where the original is published, if elsewhere.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="Optional: more about the resource.")

    content_panels = BasePage.content_panels[:1] + [
        FieldPanel(
            "introduction",
            heading="Summary",
            help_text="The summary shown on the page and its card.",
        ),
        MultiFieldPanel(
            [FieldPanel("resource_type"), FieldPanel("publication_date"), FieldPanel("project")],
            heading="About this resource",
        ),
        InlinePanel("authors", heading="Authors", label="Author", min_num=0),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("external_url")], heading="Where to read it"
        ),
        FieldPanel("listing_image"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("publication_date"),
        index.RelatedFields("resource_type", [index.SearchField("name")]),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    template = "resources/resource_page.html"

    class Meta:
        indexes = [models.Index(fields=["publication_date"])]

    # schema.org types by resource type; anything else is a CreativeWork.
    SCHEMA_TYPES = {"paper": "ScholarlyArticle", "report": "Report", "case-study": "Report"}

    @property
    def kind_label(self):
        return self.resource_type.name if self.resource_type else "Resource"

    def get_structured_data(self, request):
        slug = self.resource_type.slug if self.resource_type else ""
        return page_structured_data(
            self,
            request,
            self.SCHEMA_TYPES.get(slug, "CreativeWork"),
            headline=self.title,
            datePublished=self.publication_date.isoformat(),
            genre=self.resource_type.name if self.resource_type else "",
            author=[
                {"@type": "Person" if a.person_id else "Organization", "name": a.name}
                for a in self.author_list
            ],
        )

    @cached_property
    def author_list(self):
        return list(
            self.authors.select_related("person", "organisation", "organisation__partner_page")
        )


class ResourceAuthor(Orderable):
    """One author of a resource: a person or an organisation, never both."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A person who wrote it (add new people under Snippets › People first)…",
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="…or an organisation credited as the author. Choose one, not both.",
    )

    panels = [FieldPanel("person"), FieldPanel("organisation")]

    def clean(self):
        if self.person_id and self.organisation_id:
            raise ValidationError("An author is a person or an organisation: remove one of them.")
        if not self.person_id and not self.organisation_id:
            raise ValidationError(
                "Choose a person or an organisation for this author, or delete the empty row."
            )

    @property
    def name(self):
        return self.person.display_name if self.person_id else self.organisation.name

    def __str__(self):
        return self.name


@heads(Section.STORIES)
class StoriesPage(ResourcePage):
    """Stories of Radical Kindness at /stories/: webinar recordings, podcasts and
    short video stories. It is itself a resource (the library lists it), so it
    inherits the resource fields; its stories are its child pages."""

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.StoryPage"]

    # The library facts (type, date, authors) stay on the model for the library's
    # card; the form asks only for what a collection page needs.
    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("introduction", heading="Summary"),
        FieldPanel("publication_date"),
        InlinePanel("authors", heading="Credited to", label="Author"),
        FieldPanel("listing_image"),
        FieldPanel("body"),
    ]

    template = "resources/stories_page.html"

    class Meta:
        verbose_name = "stories page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = (
            StoryPage.objects.child_of(self)
            .live()
            .public()
            .select_related("listing_image")
            .order_by("-date", "title")
        )
        context["stories"] = paginate(request, stories)
        # Where to send visitors while recordings are still being added.
        context["event_index"] = section_page(Section.EVENTS)
        return context


class StoryPage(BasePage):
    """One story: a webinar recording, a podcast episode or a short video."""

    class Kind(models.TextChoices):
        WEBINAR = "webinar", "Webinar recording"
        PODCAST = "podcast", "Podcast"
        VIDEO = "video", "Short video story"

    kind = models.CharField(
        "type of story",
        max_length=20,
        choices=Kind.choices,
        help_text="What sort of story this is.",
    )
    date = models.DateField(
        null=True, blank=True, help_text="Optional: when it was recorded or published."
    )
    media_url = models.URLField(
        "link to the recording",
        blank=True,
        help_text="Optional: the address of the video or audio (YouTube, Vimeo, SoundCloud…).",
    )
    event = models.ForeignKey(
        "events.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text="Optional: the event this is a recording of.",
    )
    transcript = RichTextField(
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text="Optional but encouraged: a transcript makes the story accessible to everyone.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("media_url"),
        FieldPanel("event"),
        FieldPanel("transcript"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("transcript")]

    parent_page_types = ["resources.StoriesPage"]
    subpage_types = []

    template = "resources/story_page.html"

    @property
    def kind_label(self):
        return self.get_kind_display()
