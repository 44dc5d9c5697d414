"""The resource library: papers, toolkits, case studies and reports, each with
authors and a date, and the Stories of Radical Kindness collection.

Everything the library lists is a `LibraryItem`: the facts a library card shows and
the library filters by (type, date, authors, project). A `ResourcePage` adds what a
reader opens (a document, a link to the original, a body); the `StoriesPage` adds its
stories. The library at /resources/ lists both; the Stories page lives at /stories/."""

import os
import uuid
from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.text import Truncator, slugify
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, PageManager
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel

from core.blocks import BodyBlock
from core.listing import describe_view, page_of, paginate
from core.models import (
    AttachedDocument,
    BasePage,
    SiteImage,
    SiteMedia,
    SiteSettings,
    page_structured_data,
    rendition_url,
    site_name_for,
)
from core.privacy import SitePageQuerySet
from core.sections import Section, heads, section_page
from core.storage import private_storage
from core.text import plain_text
from core.video import video_for, video_structured_data
from people.models import NAME_FIELDS, Organisation, Person
from resources import cards, citations, stories
from resources.feeds import LibraryFeedsMixin
from resources.library import SORT_PHRASES, LibraryBrowser, describe
from resources.podcast import PodcastFeedMixin
from resources.submissions import ShareStoryMixin


class ResourceType(models.Model):
    """Paper, toolkit, case study, report, collection: a snippet so staff can add more."""

    class SchemaType(models.TextChoices):
        CREATIVE_WORK = "CreativeWork", "Creative work (anything else)"
        SCHOLARLY_ARTICLE = "ScholarlyArticle", "Scholarly article (a paper)"
        REPORT = "Report", "Report"
        ARTICLE = "Article", "Article"
        BOOK = "Book", "Book"
        DATASET = "Dataset", "Dataset"
        VIDEO = "VideoObject", "Video"
        PODCAST_EPISODE = "PodcastEpisode", "Podcast episode"

    class Colour(models.TextChoices):
        # The site's palette (static/css/site.css), as the stripe on top of a card.
        PLUM = "plum", "Plum"
        TEAL = "teal", "Teal"
        SUN = "sun", "Sunflower yellow"
        CORAL = "coral", "Coral"
        ROSE = "rose", "Rose"

    name = models.CharField(max_length=60, unique=True, help_text="Singular, e.g. Case study.")
    plural_name = models.CharField(
        max_length=60, help_text="For filters and headings, e.g. Case studies."
    )
    slug = models.SlugField(
        max_length=60, unique=True, help_text="Used in the library's filter addresses."
    )
    schema_type = models.CharField(
        "kind of work",
        max_length=40,
        choices=SchemaType.choices,
        default=SchemaType.CREATIVE_WORK,
        help_text="What search engines are told resources of this type are (schema.org).",
    )
    colour = models.CharField(
        max_length=20,
        choices=Colour.choices,
        default=Colour.PLUM,
        help_text="The colour of the stripe on this type's cards in the library.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("plural_name"),
        FieldPanel("slug"),
        FieldPanel("schema_type"),
        FieldPanel("colour"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(models.Model):
    """What a resource is about (loneliness, local government, the arts…): a snippet,
    so one list of topics serves the library's filters, feeds and related resources."""

    name = models.CharField(max_length=80, unique=True, help_text="e.g. Local government.")
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="Used in the library's filter and feed addresses. Leave empty to make one "
        "from the name; changing it breaks links to the topic.",
    )
    description = models.TextField(
        blank=True, help_text="Optional: a sentence about the topic, shown on its filtered view."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.name)[:70] or "topic"
            self.slug, number = base, 1
            while Topic.objects.filter(slug=self.slug).exclude(pk=self.pk).exists():
                number += 1
                self.slug = f"{base}-{number}"
        super().save(*args, **kwargs)


class LibraryItemQuerySet(SitePageQuerySet):
    def for_cards(self):
        """Everything a library card shows, in a fixed number of queries however many
        items there are; the bodies cards never show are left unread."""
        credits = ResourceAuthor.objects.select_related("person", "organisation")
        return (
            self.select_related("resource_type", "listing_image")
            .prefetch_related(Prefetch("authors", queryset=credits))
            .defer_streamfields()
        )

    def newest_first(self):
        return self.order_by("-publication_date", "title")


# How many related resources a resource page suggests.
RELATED_LIMIT = 3


class LibraryItem(BasePage):
    """What the library lists. Not a page type of its own: a resource or a collection
    always is one of the page types below."""

    section = Section.LIBRARY

    resource_type = models.ForeignKey(
        ResourceType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        help_text="What kind of resource this is: paper, toolkit, case study, report…",
    )
    publication_date = models.DateField(
        help_text="When it was first published: day/month/year, e.g. 17/05/2021."
    )
    topics = ParentalManyToManyField(
        Topic,
        blank=True,
        related_name="library_items",
        help_text="What it is about; resources sharing a topic are suggested as related.",
    )
    projects = ParentalManyToManyField(
        "projects.ProjectPage",
        blank=True,
        related_name="library_items",
        help_text="The projects it belongs to; it is listed on each project's page.",
    )
    partners = ParentalManyToManyField(
        "people.Organisation",
        blank=True,
        related_name="library_items",
        help_text="Organisations involved beyond its authors: funders, collaborators, hosts.",
    )

    objects = PageManager.from_queryset(LibraryItemQuerySet)()

    # The passage a search matched, set on results; templates asking an item that was
    # not searched for would otherwise cost Django a slow failed lookup each time.
    search_snippet = ""

    is_creatable = False
    parent_page_types = []
    subpage_types = []

    # The summary first, then the facts the library shows on the card and filters by.
    library_panels = [
        FieldPanel(
            "introduction",
            heading="Summary",
            help_text="The summary shown on the page and its card.",
        ),
        MultiFieldPanel(
            [FieldPanel("resource_type"), FieldPanel("publication_date")],
            heading="About this resource",
        ),
        InlinePanel("authors", heading="Authors", label="Author"),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("projects", widget=forms.CheckboxSelectMultiple),
                FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Topics, projects and partners",
        ),
        InlinePanel(
            "related_links",
            heading="Related resources",
            label="Related resource",
            help_text="Optional: chosen first; the page tops the list up from resources "
            "that share its topics or authors.",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.FilterField("publication_date"),
        index.RelatedFields("resource_type", [index.SearchField("name")]),
        index.RelatedFields(
            "authors",
            [
                # Autocomplete too: the admin's page search matches as you type.
                index.RelatedFields("person", NAME_FIELDS),
                index.RelatedFields("organisation", NAME_FIELDS),
            ],
        ),
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]

    class Meta:
        indexes = [models.Index(fields=["publication_date"])]

    @property
    def kind_label(self):
        return self.resource_type.name if self.resource_type else "Resource"

    def related_items(self, limit=RELATED_LIMIT):
        """Up to `limit` items to read next: those an editor chose, in their order, then
        the items sharing most topics and authors with this one, newest first. A fixed
        number of queries, however big the library."""
        if not self.pk:  # a new page being previewed has no links saved yet
            return []
        # Read the page's own links in Python: a page being previewed holds them in
        # memory, where querysets cannot go (and there are only a handful).
        chosen_ids = [link.resource_id for link in self.related_links.all()][:limit]
        topics = [topic.pk for topic in self.topic_list]
        credits = self.author_list
        people = [c.person_id for c in credits if c.person_id]
        organisations = [c.organisation_id for c in credits if c.organisation_id]

        visible = LibraryItem.objects.live().public().exclude(pk=self.pk)
        chosen = visible.filter(pk__in=chosen_ids).for_cards().in_bulk()
        items = [chosen[pk] for pk in chosen_ids if pk in chosen]
        # One count per kind of link shared; an empty list is left out, as Django would
        # otherwise find the whole query empty.
        shared = [
            Count(relation, filter=Q(**{lookup: ids}), distinct=True)
            for relation, lookup, ids in (
                ("topics", "topics__in", topics),
                ("authors", "authors__person__in", people),
                ("authors", "authors__organisation__in", organisations),
            )
            if ids
        ]
        if len(items) < limit and shared:
            shared = sum(shared[1:], shared[0])
            # Count only among items that share something: a handful, not the library.
            sharing = Q(
                pk__in=LibraryItem.topics.through.objects.filter(topic__in=topics).values(
                    "libraryitem_id"
                )
            )
            sharing |= Q(
                pk__in=ResourceAuthor.objects.filter(
                    Q(person__in=people) | Q(organisation__in=organisations)
                ).values("page_id")
            )
            items += list(
                visible.filter(sharing)
                .exclude(pk__in=chosen_ids)
                .annotate(shared=shared)
                .filter(shared__gt=0)
                .for_cards()
                .order_by("-shared", "-publication_date", "title")[: limit - len(items)]
            )
        return items

    @cached_property
    def topic_list(self):
        return sorted(self.topics.all(), key=lambda topic: topic.name)

    @cached_property
    def partner_list(self):
        # all(), then a prefetch: a page being previewed holds its partners in memory.
        partners = sorted(self.partners.all(), key=lambda o: o.name)
        prefetch_related_objects(partners, "partner_page")
        return partners

    @cached_property
    def live_projects(self):
        # filter(), not live(): a page being previewed holds its projects in memory.
        return list(self.projects.filter(live=True).order_by("title"))

    @cached_property
    def author_list(self):
        return list(
            self.authors.select_related("person", "organisation", "organisation__partner_page")
        )

    def get_structured_data(self, request):
        kind = self.resource_type
        return page_structured_data(
            self,
            request,
            kind.schema_type if kind else ResourceType.SchemaType.CREATIVE_WORK,
            headline=self.title,
            datePublished=self.publication_date.isoformat(),
            genre=kind.name if kind else "",
            author=[
                {"@type": "Person" if a.person_id else "Organization", "name": a.name}
                for a in self.author_list
            ],
        )


class ResourceAuthor(Orderable):
    """One author of a library item: a person or an organisation, never both. Credits
    protect the people and organisations they name from deletion."""

    page = ParentalKey(LibraryItem, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A person who wrote it (not in the list? Choose “Add a new person” in the chooser)…",
    )
    organisation = models.ForeignKey(
        "people.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
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


class RelatedResource(Orderable):
    """A resource an editor recommends alongside another."""

    page = ParentalKey(LibraryItem, on_delete=models.CASCADE, related_name="related_links")
    resource = models.ForeignKey(
        LibraryItem,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A resource to suggest to readers of this one.",
    )

    panels = [PageChooserPanel("resource", page_type="resources.ResourcePage")]


def facet_models():
    """The models the library's facets read (resources.library). Projects sit above the
    library, so their model is reached through the relation, not imported."""
    return SimpleNamespace(
        LibraryItem=LibraryItem,
        ResourceAuthor=ResourceAuthor,
        ResourceType=ResourceType,
        Topic=Topic,
        Person=Person,
        Organisation=Organisation,
        ProjectPage=LibraryItem._meta.get_field("projects").related_model,
    )


@heads(Section.LIBRARY)
class ResourceIndexPage(LibraryFeedsMixin, RoutablePageMixin, BasePage):
    """The library at /resources/: every library item, with facets, search and sorting
    (resources.library), and a page for each author at /resources/authors/<slug>/."""

    section = Section.LIBRARY

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]

    kind_label = "Resource library"

    @path("")
    def library(self, request):
        from resources import search  # these read this module's models
        from resources.facet_index import current_index

        visible = LibraryItem.objects.live().public()
        browser = LibraryBrowser(request, visible.for_cards(), facet_models())
        listing = browser.browse(
            current_index(), matching_ids=search.matching_ids, search_scope=visible
        )
        if browser.query:
            # The passage that matched, PDFs included, under each result shown.
            items = list(listing)
            search.prefetch_snippet_sources(items)
            for item in items:
                item.search_snippet = search.highlighted_snippet(item, browser.query)
            listing.object_list = [cards.draw(request, item) for item in items]
        else:
            listing.object_list = cards.cards_of(request, listing.object_list)
        context = {
            "browser": browser,
            "feeds": self.feeds_for(browser),
            "facets": list(browser.facets.values()),
            "listing": listing,
        }
        if browser.is_filtered:
            name = describe(browser)
            site_name = site_name_for(request)
            count = listing.paginator.count
            context["view_name"] = name
            context["view_title"] = f"{name} in the {site_name} library"
            context["view_description"] = (
                f"{name} in the {site_name} library: {count} item{pluralize(count)}."
            )
        topics = browser.facets["topic"].selected
        if len(topics) == 1:
            context["topic_description"] = (
                Topic.objects.filter(slug=topics[0].value)
                .values_list("description", flat=True)
                .first()
            )
        if browser.sort_is_requested:
            # Another order is another view of the same items, with its own address.
            order = SORT_PHRASES[browser.sort]
            description = context.get("view_description") or self.share_text
            context["view_description"] = f"{description} Sorted {order}."
        if browser.query or browser.unknown:
            # Searches and views of things that do not exist are not pages to index.
            context["noindex"] = True
        if listing.number > 1 or "view_title" in context:
            default_title = f"{self.seo_title or self.title} | {site_name_for(request)}"
            context.update(
                page_of(
                    listing,
                    context.get("view_title") or default_title,
                    context.get("view_description") or self.share_text,
                )
            )
        return self.render(request, context_overrides=context)

    def feeds_for(self, browser):
        """The library's feed, and the feed of the one type or topic a view shows."""
        feeds = [
            {"url": self.url + self.reverse_subpage("feed"), "title": f"{self.title} (Atom feed)"}
        ]
        for facet, route in (("type", "type_feed"), ("topic", "topic_feed")):
            selected = browser.facets[facet].selected
            if len(selected) == 1:
                option = selected[0]
                name = option.label if facet == "type" else f"resources on {option.label}"
                feeds.append(
                    {
                        "url": self.url + self.reverse_subpage(route, args=[option.value]),
                        "title": f"{name[:1].upper()}{name[1:]} (Atom feed)",
                        "name": name.lower() if facet == "type" else name,
                    }
                )
        return feeds

    @path("authors/<slug:slug>/", name="author")
    def author(self, request, slug):
        author = (
            Person.objects.filter(slug=slug).select_related("organisation").first()
            or Organisation.objects.filter(slug=slug).first()
        )
        if author is None:
            raise Http404("No author has this address.")
        is_person = isinstance(author, Person)
        credits = ResourceAuthor.objects.filter(
            **{"person" if is_person else "organisation": author}
        )
        items = (
            LibraryItem.objects.live()
            .public()
            .filter(pk__in=credits.values("page_id"))
            .for_cards()
            .newest_first()
        )
        listing = paginate(request, items)
        # A person's events too: the ones they spoke at, coming first.
        events = speaking_events(author) if is_person else []
        if not listing.paginator.count and not events:
            # Credited only on drafts or private pages.
            raise Http404("This author has no published resources or events.")
        name = author.display_name if is_person else author.name
        count = listing.paginator.count
        role = f", {author.role}" if is_person and author.role else ""
        context = {
            "author": author,
            "author_name": name,
            "is_person": is_person,
            "listing": listing,
            "events": events,
        }
        if count:
            title = f"{name}: author in the {site_name_for(request)} library"
            description = (
                f"{name}{role}: {count} resource{pluralize(count)} in the library, newest first."
            )
        else:
            title = f"{name}: speaker at {site_name_for(request)} events"
            description = f"{name}{role}: {len(events)} event{pluralize(len(events))}."
        context.update(page_of(listing, title, description))
        return self.render(
            request, template="resources/author_page.html", context_overrides=context
        )


SPEAKER_EVENTS_SHOWN = 24


def speaking_events(person):
    """The live, public events `person` speaks at: coming first (soonest first), then
    past (newest first); at most SPEAKER_EVENTS_SHOWN."""
    from events.listing import in_time_order  # events sit below the library
    from events.models import EventPage

    events = EventPage.objects.live().public().filter(speakers__person=person).for_cards()
    return list(in_time_order(events.distinct())[:SPEAKER_EVENTS_SHOWN])


def filled_rows(formset, *fields):
    """The rows of an inline formset that are kept and have any of `fields` filled.
    The page form's clean() runs before its formsets are checked, so check them first
    (Django caches the result)."""
    formset.is_valid()
    return [
        form
        for form in formset.forms
        if any(getattr(form, "cleaned_data", {}).get(name) for name in fields)
        and not form.cleaned_data.get("DELETE")
    ]


class LibraryItemForm(WagtailAdminPageForm):
    """Every library item credits at least one author (the library, its citations and
    its author pages all need one)."""

    def clean(self):
        cleaned = super().clean()
        if "authors" in self.formsets and not filled_rows(
            self.formsets["authors"], "person", "organisation"
        ):
            self.add_error(
                None,
                "Add at least one author: a person or an organisation, under Authors.",
            )
        if self.instance.pk and any(
            form.cleaned_data["resource"].pk == self.instance.pk
            for form in filled_rows(self.formsets["related_links"], "resource")
        ):
            self.add_error(
                None,
                "A resource cannot be related to itself: remove it under Related resources.",
            )
        return cleaned


# Addresses under the library that are its own routes (feeds, author pages): a
# resource with one of these slugs could never be reached.
LIBRARY_ROUTE_SLUGS = {"feed", "authors"}


class ResourcePageForm(LibraryItemForm):
    """Checks the main button against what it points at, documents included (they are
    an inline list, which the model alone cannot see before it is saved)."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("slug") in LIBRARY_ROUTE_SLUGS:
            self.add_error(
                "slug",
                f"“{cleaned['slug']}” is taken by the library's own pages: choose another slug.",
            )
        action = cleaned.get("read_action")
        if action == ResourcePage.ReadAction.LINK and not cleaned.get("external_url"):
            self.add_error(
                "external_url",
                "The main button goes to the link to the original: add the link, or choose "
                "another main button.",
            )
        if action == ResourcePage.ReadAction.DOCUMENT:
            if not filled_rows(self.formsets["attachments"], "document"):
                self.add_error(
                    "read_action",
                    "The main button downloads a document, but none is attached: add one "
                    "under Documents, or choose another main button.",
                )
        return cleaned


class ResourcePage(RoutablePageMixin, LibraryItem):
    """A paper, toolkit, case study or report: its facts, where to read it, and more.
    Papers, reports and case studies offer "Cite this" and BibTeX and RIS downloads."""

    class ReadAction(models.TextChoices):
        DOCUMENT = "document", "Download the first document below"
        LINK = "link", "Go to the link to the original"
        NONE = "none", "Neither: this page is the resource"

    # What people cite: papers (ScholarlyArticle), reports and case studies (Report).
    # Asked of the type's schema.org kind rather than its slug, so a type an editor adds
    # ("Briefing", a Report) is cited too, and toolkits and collections (CreativeWork),
    # which nobody puts in a reference list, are not.
    CITED_KINDS = {ResourceType.SchemaType.SCHOLARLY_ARTICLE, ResourceType.SchemaType.REPORT}

    external_url = models.URLField(
        "link to the original",
        blank=True,
        help_text="Optional: where the original is published, if elsewhere.",
    )
    read_action = models.CharField(
        "main button",
        max_length=10,
        choices=ReadAction.choices,
        default=ReadAction.NONE,
        help_text="What the page's main “Read” button does. Other documents are listed under it.",
    )
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional: who published it, as its citations and search engines name "
        "them. Leave empty for the site's organisation (Settings › Site settings › "
        "Organisation name: The Belong Network).",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="Optional: more about the resource.")

    content_panels = (
        BasePage.content_panels[:1]
        + LibraryItem.library_panels
        + [
            MultiFieldPanel(
                [
                    FieldPanel("read_action"),
                    InlinePanel("attachments", label="Document"),
                    FieldPanel("external_url"),
                ],
                heading="Where to read it",
            ),
            FieldPanel("publisher"),
            FieldPanel("listing_image", heading="Cover image"),
            FieldPanel("body"),
        ]
    )
    search_fields = LibraryItem.search_fields + [
        index.SearchField("body"),
        # The text read from attached PDFs (core.SiteDocument), so search sees inside them.
        index.RelatedFields(
            "attachments", [index.RelatedFields("document", [index.SearchField("text")])]
        ),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []
    base_form_class = ResourcePageForm
    kept_facts = (
        "resource_type",
        "listing_image",
        "author_list",
        "topic_list",
        "partner_list",
        "live_projects",
        "funder_names",
        "document_list",
    )

    @cached_property
    def document_list(self):
        return [a.document for a in self.attachments.select_related("document") if a.document]

    @property
    def other_documents(self):
        """The documents listed under the main button (all of them if it is not one)."""
        primary = self.primary_document
        return [d for d in self.document_list if d != primary]

    @property
    def primary_document(self):
        if self.read_action == self.ReadAction.DOCUMENT and self.document_list:
            return self.document_list[0]
        return None

    @property
    def is_cited(self):
        return bool(self.resource_type) and self.resource_type.schema_type in self.CITED_KINDS

    @cached_property
    def funder_names(self):
        """Who funded the projects it belongs to, in one query however many projects.
        ("funder" is projects' ProjectPartnership.Role.FUNDER, a floor above this one.)"""
        projects = [project.pk for project in self.live_projects]
        if not projects:
            return []
        funders = Organisation.objects.filter(
            partnerships__role="funder", partnerships__page__in=projects
        )
        return list(funders.order_by("name").values_list("name", flat=True).distinct())

    def get_publisher(self, request):
        return self.publisher.strip() or SiteSettings.for_request(request).organisation_name

    def get_citation(self, request):
        """The page's facts as a citation, looked up today in the site's zone (Europe/
        London), where "Accessed: …" is dated."""
        document = self.primary_document
        pdf = document if document and document.file_extension.lower() == "pdf" else None
        # On the host the visitor asked for, as the canonical link and JSON-LD are.
        path = self.get_url(request)
        work = citations.Work(
            title=self.title,
            authors=tuple(
                citations.Contributor.person(a.person.name, a.person.family_name)
                if a.person_id
                else citations.Contributor.organisation(a.organisation.name)
                for a in self.author_list
            ),
            publisher=self.get_publisher(request),
            date=self.publication_date,
            url=request.build_absolute_uri(self.permanent_path or path) if path else "",
            page_url=request.build_absolute_uri(path) if path else "",
            kind=self.resource_type.name if self.resource_type else "",
            summary=self.summary_text or "",
            pdf_url=request.build_absolute_uri(pdf.url) if pdf else "",
        )
        return citations.Citation(work, accessed=timezone.localdate())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["citation"] = self.get_citation(request) if self.is_cited else None
        return context

    @path("cite/bibtex/", name="cite_bibtex")
    def cite_bibtex(self, request):
        return self.citation_download(request, "bib", "application/x-bibtex")

    @path("cite/ris/", name="cite_ris")
    def cite_ris(self, request):
        return self.citation_download(request, "ris", "application/x-research-info-systems")

    def citation_download(self, request, extension, content_type):
        """The citation as a file for a reference manager, named after the page."""
        if not self.is_cited:
            raise Http404("This resource offers no citation.")
        citation = self.get_citation(request)
        text = citation.bibtex() if extension == "bib" else citation.ris()
        response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{self.slug}.{extension}"
        )
        # The page is what search engines should find, not its citation files.
        response["X-Robots-Tag"] = "noindex"
        return response

    def get_structured_data(self, request):
        data = super().get_structured_data(request)
        if self.author_list:
            data["author"] = [self.schema_author(a) for a in self.author_list]
        data["publisher"] = {"@type": "Organization", "name": self.get_publisher(request)}
        if self.funder_names:
            data["funder"] = [{"@type": "Organization", "name": n} for n in self.funder_names]
        return data

    @staticmethod
    def schema_author(author):
        """A credited author as schema.org describes them: a Person with the parts of
        their name (honours apart), or an Organization."""
        if not author.person_id:
            return {"@type": "Organization", "name": author.organisation.name}
        person = author.person
        name = citations.Contributor.person(person.name, person.family_name)
        data = {"@type": "Person", "name": person.name}
        parts = {
            "familyName": name.family,
            "givenName": name.given,
            "honorificSuffix": person.honorific_suffix,
        }
        return data | {key: value for key, value in parts.items() if value}


class ResourceDocument(AttachedDocument):
    """A document attached to a resource: the report itself, an appendix, a summary."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="attachments")


@heads(Section.STORIES)
class StoriesPage(ShareStoryMixin, PodcastFeedMixin, RoutablePageMixin, LibraryItem):
    """Stories of Radical Kindness at /stories/: webinar recordings, podcasts and
    short video stories, its child pages, and the recordings added to event pages
    (resources/stories.py). Its podcast episodes make the podcast feed
    (/stories/podcast/, resources/podcast.py). The library lists it as a collection."""

    section = Section.STORIES

    body = StreamField(BodyBlock(), blank=True, help_text="Optional: more about the stories.")

    content_panels = (
        BasePage.content_panels[:1]
        + LibraryItem.library_panels
        + [FieldPanel("listing_image"), FieldPanel("body")]
    )
    search_fields = LibraryItem.search_fields + [index.SearchField("body")]

    base_form_class = LibraryItemForm
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.StoryPage"]

    class Meta:
        verbose_name = "stories page"

    @cached_property
    def has_podcast_feed(self):
        """Whether any episode is in the podcast feed, so it is worth offering."""
        episodes = StoryPage.objects.live().public().child_of(self)
        return episodes.filter(kind=StoryPage.Kind.PODCAST, media__type="audio").exists()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters, listing = stories.story_listing(request, self)
        context.update(filters=filters, listing=listing)
        context["has_podcast"] = self.has_podcast_feed
        context.update(
            describe_view(
                self,
                listing,
                site_name_for(request),
                filters.name() if filters.is_filtered else "",
                lambda count: f"{count} stor{'y' if count == 1 else 'ies'} of radical kindness",
                filters.unknown,
            )
        )
        # Where to send visitors while recordings are still being added.
        context["event_index"] = section_page(Section.EVENTS, request)
        return context


# Addresses under the Stories page that are its own routes, not stories.
RESERVED_STORY_SLUGS = {"podcast", "share"}


class StoryPage(BasePage):
    """One story: a webinar recording, a podcast episode or a short video, with the
    people in it and its transcript. Its media is a video on a host (shown behind a
    click-to-load facade, core/video.py) or a file uploaded to the site (played in
    the browser's own player; a podcast episode's audio goes in the podcast feed)."""

    section = Section.STORIES

    class Kind(models.TextChoices):
        WEBINAR = "webinar", "Webinar recording"
        PODCAST = "podcast", "Podcast episode"
        VIDEO = "video", "Short video story"
        WRITTEN = "written", "Written story"

    kind = models.CharField(
        "type of story",
        max_length=20,
        choices=Kind.choices,
        help_text="What sort of story this is. Podcast episodes with an audio file are "
        "in the podcast feed.",
    )
    date = models.DateField(
        null=True, blank=True, help_text="Optional: when it was recorded or published."
    )
    media_url = models.URLField(
        "video address",
        blank=True,
        help_text="A video on YouTube or Vimeo (or another video host): its address. Or "
        "upload a file below instead. Nothing is loaded from the host until a visitor "
        "presses play.",
    )
    media = models.ForeignKey(
        SiteMedia,
        verbose_name="audio or video file",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An MP3 or M4A file for a podcast episode, or an MP4 or WebM video with "
        "its captions. Upload new files under Media.",
    )
    poster = models.ForeignKey(
        SiteImage,
        verbose_name="still image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: a picture shown on the video before it plays, and when the "
        "story is shared.",
    )
    event = models.ForeignKey(
        "events.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text="Optional: the event this is a recording of.",
    )
    partners = ParentalManyToManyField(
        Organisation,
        blank=True,
        related_name="stories",
        help_text="Optional: organisations involved. It is listed on their partner pages.",
    )
    transcript = RichTextField(
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text="What is said, for people who cannot or would rather not listen. Search "
        "finds the story by its words.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="For a written story: the story itself. For others, optional: more about it.",
    )
    told_by = models.CharField(
        "shared by",
        max_length=120,
        blank=True,
        help_text="Optional: who told the story, as they asked to be named (a story "
        "shared through the site's form fills this in).",
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("told_by"),
        InlinePanel("people", heading="People in it", label="Person"),
        MultiFieldPanel(
            [
                FieldPanel("media_url"),
                MediaChooserPanel("media"),
                FieldPanel("poster"),
            ],
            heading="Video or audio",
        ),
        FieldPanel("transcript"),
        FieldPanel("body"),
        FieldPanel("event"),
        FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
        InlinePanel(
            "related_resources",
            heading="Related resources",
            label="Resource",
            help_text="Optional: resources from the library to read next.",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("transcript"),
        index.SearchField("body"),
        index.RelatedFields("people", [index.RelatedFields("person", NAME_FIELDS)]),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]

    parent_page_types = ["resources.StoriesPage"]
    subpage_types = []

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"

    def clean(self):
        super().clean()
        if self.slug in RESERVED_STORY_SLUGS:
            # The Stories page answers these addresses itself (its podcast feed and the
            # Share your story form), so a story there could never be reached.
            raise ValidationError(
                {"slug": f"The Stories page uses /{self.slug}/ itself: choose another address."}
            )
        if self.media_url and self.media_id:
            raise ValidationError(
                {"media": "Give a video address or a file, not both: which should play?"}
            )
        if self.kind == self.Kind.PODCAST and self.media_id and self.media.type != "audio":
            raise ValidationError({"media": "A podcast episode needs an audio file (MP3 or M4A)."})

    @property
    def kind_label(self):
        return self.get_kind_display()

    @cached_property
    def people_list(self):
        return [credit.person for credit in self.people.select_related("person")]

    @cached_property
    def hosted_video(self):
        """The video on a host (core.video.Video), or None."""
        return video_for(self.media_url)

    @property
    def share_image(self):
        return super().share_image or self.poster

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["event"] = self.event if self.event_id and self.event.live else None
        ids = list(self.related_resources.values_list("resource_id", flat=True))
        found = LibraryItem.objects.live().public().for_cards().in_bulk(ids) if ids else {}
        context["related_resources"] = [found[pk] for pk in ids if pk in found]
        context["stories_page"] = self.get_parent().specific
        return context

    def get_structured_data(self, request):
        """PodcastEpisode for an episode, else VideoObject (or AudioObject for a
        recording that is only sound), with the people in it and the transcript."""
        url = request.build_absolute_uri(self.get_url(request))
        published = self.date.isoformat() if self.date else None
        if published is None and self.first_published_at:
            published = timezone.localtime(self.first_published_at).date().isoformat()
        transcript = plain_text(self.transcript)
        still = rendition_url(self.poster, "fill-1280x720", request)
        people = [{"@type": "Person", "name": person.display_name} for person in self.people_list]
        file = self.media
        if self.hosted_video is not None:
            media = video_structured_data(
                self.hosted_video,
                name=self.title,
                description=self.share_text,
                upload_date=published,
                thumbnail_url=still,
                transcript=transcript,
            )
        elif file is not None:
            media = {
                "@type": "AudioObject" if file.is_audio else "VideoObject",
                "name": self.title,
                "description": self.share_text,
                "uploadDate": published,
                "contentUrl": request.build_absolute_uri(file.url),
                "encodingFormat": file.mime_type,
                "contentSize": f"{file.file_size} B" if file.file_size else None,
                "duration": iso_duration(file.duration),
                "thumbnailUrl": still,
                "transcript": transcript,
            }
            media = {key: value for key, value in media.items() if value}
        else:
            media = None
        if self.kind == self.Kind.PODCAST:
            series = self.get_parent().specific
            return page_structured_data(
                self,
                request,
                "PodcastEpisode",
                url=url,
                datePublished=published,
                description=self.share_text,
                duration=iso_duration(file.duration) if file else None,
                associatedMedia=media,
                actor=people,
                partOfSeries={
                    "@type": "PodcastSeries",
                    "name": series.title,
                    "url": request.build_absolute_uri(series.get_url(request)),
                    "webFeed": request.build_absolute_uri(series.podcast_feed_path(request)),
                },
            )
        if media is None:
            author = {"@type": "Person", "name": self.told_by} if self.told_by else None
            return page_structured_data(
                self, request, "CreativeWork", datePublished=published, author=author
            )
        media.update({"@context": "https://schema.org", "url": url, "name": self.title})
        if people:
            media["actor"] = people
        if self.event_id and self.event.live:
            media["recordedAt"] = {
                "@type": "Event",
                "name": self.event.title,
                "url": request.build_absolute_uri(self.event.get_url(request)),
            }
        return media


def iso_duration(seconds):
    """Seconds as ISO 8601 (PT1H2M3S), as schema.org wants a duration; None for 0."""
    seconds = round(seconds or 0)
    if not seconds:
        return None
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return "PT" + "".join(
        f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if value
    )


class StoryPerson(Orderable):
    """Someone in a story: they are named on it, and it is listed on their page."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,  # a person credited on a story cannot be deleted
        related_name="story_credits",
        help_text="Someone who speaks or appears in it.",
    )

    panels = [FieldPanel("person")]

    def __str__(self):
        return str(self.person)


class StoryRelatedResource(Orderable):
    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="related_resources")
    resource = models.ForeignKey(
        LibraryItem,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A resource to read after this story.",
    )

    panels = [PageChooserPanel("resource", page_type="resources.ResourcePage")]


def submission_photo_path(instance, filename):
    """A name that says nothing about the sender, under the private storage."""
    extension = os.path.splitext(filename)[1].lower()[:8]
    return f"story-submissions/{uuid.uuid4().hex}{extension}"


class StorySubmission(models.Model):
    """A visitor's story of radical kindness, sent with the form at /stories/share/
    (resources/submissions.py). Never published by itself: staff read it under
    Stories shared, and, if the teller agreed, make a draft story page of it in one
    step. Deleting it deletes the personal data it holds (name, email, photo)."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        MADE_INTO_STORY = "made_into_story", "Made into a story"
        NOT_PUBLISHED = "not_published", "Not for publishing"

    received_at = models.DateTimeField("received", auto_now_add=True)
    name = models.CharField("your name", max_length=120, blank=True)
    anonymous = models.BooleanField("publish it without my name", default=False)
    email = models.EmailField(
        "your email address",
        blank=True,
        help_text="Only so we can ask you about your story. We never publish it or add "
        "it to a mailing list.",
    )
    place = models.CharField(
        "where it happened",
        max_length=200,
        blank=True,
        help_text="A town, a street, a place: as much as you'd like to say.",
    )
    story = models.TextField("your story", max_length=6000)
    photo = models.ImageField(
        "a photo",
        storage=private_storage,
        upload_to=submission_photo_path,
        blank=True,
        help_text="JPEG, PNG, WebP or GIF, up to 10 MB. Only with the permission of anyone in it.",
    )
    consent_to_publish = models.BooleanField(
        "Radical Kindness may publish my story on this website", default=False
    )
    consent_to_contact = models.BooleanField(
        "Radical Kindness may email me about my story", default=False
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    story_page = models.ForeignKey(
        StoryPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story page made from it.",
    )
    story_image = models.ForeignKey(
        SiteImage,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The public copy of its photo, made for the story page: deleted with it.",
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "shared story"
        verbose_name_plural = "shared stories"

    def __str__(self):
        return f"{self.credit or 'Anonymous'}, {timezone.localtime(self.received_at):%d %B %Y}"

    @property
    def credit(self):
        """How the teller asked to be named on the site: "" for anonymously."""
        return "" if self.anonymous else self.name.strip()

    # The admin's list of shared stories

    @property
    def opening(self):
        """The first words."""
        return Truncator(" ".join(self.story.split())).words(14)

    opening.fget.short_description = "Story"

    @property
    def teller(self):
        name = self.name.strip() or "No name given"
        return f"{name} (anonymous on the site)" if self.anonymous and self.name.strip() else name

    teller.fget.short_description = "From"

    @property
    def may_publish(self):
        return "Yes" if self.consent_to_publish else "No"

    may_publish.fget.short_description = "May publish"


@receiver(post_delete, sender=StorySubmission)
def delete_shared_photo(sender, instance, **kwargs):
    """Deleting a shared story is how its teller's data is erased: the photo goes too,
    and the public copy made for its story page, however it was deleted (one in the
    admin, many at once, or in the shell)."""
    if instance.photo:
        instance.photo.storage.delete(instance.photo.name)
    if instance.story_image_id:
        SiteImage.objects.filter(pk=instance.story_image_id).delete()
