"""Builds the whole site from the original content in SEED_DIR.

Idempotent and respectful of editors: every item it creates is recorded in
LoadedSeedItem under a stable key, and an item already recorded is never touched
again, even if an editor has since changed, moved or deleted it."""

import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Page, Site

from core.artwork import bridge_pattern
from core.models import LoadedSeedItem, SiteImage, SiteSettings
from core.seed import Seed, parse_seed
from events.models import EventIndexPage, EventPage, EventSeriesPage
from home.models import HomePage
from people.models import Organisation, Person
from projects.models import (
    PartnerIndexPage,
    PartnerPage,
    ProjectIndexPage,
    ProjectPage,
    ProjectPartnership,
)
from resources.models import (
    ResourceAuthor,
    ResourceIndexPage,
    ResourcePage,
    ResourceType,
    StoriesPage,
)

LONDON = ZoneInfo("Europe/London")

# The seed misspells some names; the site shows them correctly.
NAME_CORRECTIONS = {"Carneige Trust": "Carnegie UK Trust"}

# Authors in the seed that are organisations rather than people.
ORGANISATION_AUTHORS = {"The Belong Network", "Carnegie UK Trust", "People United"}

# What kind of resource each one is, in the seed's own words: the project text calls
# 'Cultivating Radical Kindness' a paper, the summaries call the others a report, a
# toolkit or a case study, and the Stories page collects materials.
RESOURCE_TYPES = [
    ("Paper", "Papers", "paper"),
    ("Report", "Reports", "report"),
    ("Toolkit", "Toolkits", "toolkit"),
    ("Case study", "Case studies", "case-study"),
    ("Collection", "Collections", "collection"),
]
RESOURCE_TYPE_BY_TITLE = {
    "Cultivating Radical Kindness": "paper",
    "Stories of Radical Kindness": "collection",
    "Radical Kindness Week 2021 – Toolkit": "toolkit",
    "North Ayrshire: A Case Study on Kindness": "case-study",
    "Kindness, Emotions, and Human Relationships: The blind spot in public policy": "paper",
    "The Practice of Kindness: Learning from KIN and North Ayrshire": "report",
    "The Art of Living Together": "paper",
    "Changing the World Through Arts and Kindness": "report",
    "Quantifying Kindness, Public Engagement and Place": "report",
}

# The seed's own words about the organisations it names.
BELONG = "The Belong Network"
SPIRIT = "Spirit of 2012"
NUFFIELD = "Nuffield Foundation"
KENT = "University of Kent"

ELEVENSES_FIRST = date(2020, 11, 3)  # the first Tuesday of November 2020
ELEVENSES_LAST = date(2021, 4, 27)  # the last Tuesday of April 2021


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{escape(text)}</p>"}


def heading(text, anchor=""):
    return {"type": "heading", "value": {"text": text, "anchor": anchor}}


def page_link(text, phrase, page):
    """Rich text with `phrase` turned into an internal link Wagtail keeps up to date."""
    html = escape(text)
    if page is not None and phrase in text:
        html = html.replace(
            escape(phrase), f'<a linktype="page" id="{page.pk}">{escape(phrase)}</a>', 1
        )
    return {"type": "paragraph", "value": f"<p>{html}</p>"}


def call_to_action(heading_text, text, link_text, page):
    return {
        "type": "call_to_action",
        "value": {
            "heading": heading_text,
            "text": text,
            "link_text": link_text,
            "page": page.pk,
            "url": "",
        },
    }


def tuesdays(first, last):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=7)


def london(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


class Loader:
    def __init__(self, seed: Seed):
        self.seed = seed
        self.created = 0

    # -- bookkeeping ------------------------------------------------------------------

    def once(self, key, model, create):
        """Create something the first time only; afterwards return what exists (or None
        if an editor deleted it)."""
        item = LoadedSeedItem.objects.filter(key=key).first()
        if item is not None:
            return model.objects.filter(pk=item.object_id).first()
        obj = create()
        LoadedSeedItem.objects.create(key=key, object_id=obj.pk)
        self.created += 1
        return obj

    def page(self, key, parent, page):
        """Add `page` under `parent` and publish it, once. Children of a page an editor
        deleted are not recreated."""
        if parent is None and not self.seen(key):
            return None

        def create():
            parent.add_child(instance=page)
            page.save_revision().publish()
            return page

        return self.once(key, type(page), create)

    def seen(self, key):
        return LoadedSeedItem.objects.filter(key=key).exists()

    def loaded(self, key, model):
        """What the loader created under `key`, wherever an editor has since moved or
        renamed it; None if it was never created or has been deleted."""
        item = LoadedSeedItem.objects.filter(key=key).first()
        return model.objects.filter(pk=item.object_id).first() if item else None

    def image(self, key, title):
        def create():
            image = SiteImage(title=title, is_decorative=True)
            image.file = ImageFile(
                io.BytesIO(bridge_pattern(key)), name=f"{key.replace(':', '-')}.png"
            )
            image.save()
            return image

        return self.once(f"image:{key}", SiteImage, create)

    def organisation(self, name, **fields):
        return self.once(
            f"organisation:{name}",
            Organisation,
            lambda: Organisation.objects.create(name=name, **fields),
        )

    def person(self, name, **fields):
        honorific = ""
        if name.endswith(" CBE"):
            name, honorific = name.removesuffix(" CBE"), "CBE"
        return self.once(
            f"person:{name}",
            Person,
            lambda: Person.objects.create(name=name, honorific_suffix=honorific, **fields),
        )

    # -- the site ---------------------------------------------------------------------

    def run(self):
        seed = self.seed
        home = self.home_page()
        if home is None:
            return

        belong = self.organisation(BELONG)
        spirit_text = seed.partners_paragraphs
        spirit = self.organisation(
            SPIRIT,
            website="https://www.spiritof2012.org.uk",
            description=" ".join(spirit_text[0].split(". ")[1:2]) + ".",
        )
        nuffield = self.organisation(NUFFIELD)
        kent = self.organisation(KENT)
        self.person("Jo Broadwood", role="CEO", organisation=belong)

        projects = self.page(
            "page:projects",
            home,
            ProjectIndexPage(title="Projects", slug="projects", show_in_menus=True),
        )
        resources = self.page(
            "page:resources",
            home,
            ResourceIndexPage(
                title="Resources",
                slug="resources",
                show_in_menus=True,
                introduction=seed.resources_intro.replace("here.", "in one place."),
            ),
        )
        events = self.page(
            "page:events",
            home,
            EventIndexPage(
                title="Events",
                slug="events",
                show_in_menus=True,
                introduction="Radical Kindness Elevenses, our weekly webinars, and Radical "
                "Kindness Week, a week-long celebration of radical kindness.",
            ),
        )
        types = {
            slug: self.once(
                f"resource-type:{slug}",
                ResourceType,
                lambda n=name, p=plural, s=slug: ResourceType.objects.create(
                    name=n, plural_name=p, slug=s
                ),
            )
            for name, plural, slug in RESOURCE_TYPES
        }

        radical_kindness = self.radical_kindness_project(projects, spirit)
        self.beyond_us_and_them_project(projects, nuffield, kent, radical_kindness)
        stories = self.resources(home, resources, types, radical_kindness)
        series = self.elevenses(events, stories)
        self.week(events, radical_kindness)
        self.finish_project_body(radical_kindness, series, stories)
        self.partners(home, spirit, nuffield, kent)
        self.site_settings(home, spirit)

    def home_page(self):
        def create():
            root = Page.get_first_root_node()
            site = Site.objects.filter(is_default_site=True).first()
            address = {"hostname": site.hostname, "port": site.port} if site else {}
            # Wagtail's first migration makes a "Welcome" page; the home page replaces it
            # (deleting it deletes the Site that points at it, so the Site is remade below).
            for welcome in root.get_children().filter(slug="home"):
                if welcome.specific_class is Page:
                    welcome.delete()
            home = HomePage(
                title=self.seed.name,
                slug="home",
                seo_title=f"{self.seed.name}: acts of kindness that build bridges",
                introduction=self.seed.tagline,
                search_description=self.seed.tagline,
                listing_image=self.image("home", "Decorative arcs: home page"),
            )
            intro = self.seed.section("").paragraphs
            home.body = [
                heading("What is radical kindness?"),
                paragraph(intro[1]),
                paragraph(intro[2]),
            ]
            root.add_child(instance=home)
            home.save_revision().publish()
            Site.objects.update_or_create(
                is_default_site=True,
                defaults={
                    "hostname": address.get("hostname", "localhost"),
                    "port": address.get("port", 80),
                    "root_page": home,
                    "site_name": self.seed.name,
                },
            )
            return home

        return self.once("page:home", HomePage, create)

    def radical_kindness_project(self, projects, spirit):
        seed = self.seed
        intro = seed.section("").paragraphs
        project = ProjectPage(
            title=seed.name,
            slug="radical-kindness",
            introduction=seed.tagline,
            listing_image=self.image(
                "project:radical-kindness", "Decorative arcs: Radical Kindness project"
            ),
        )
        # The body is finished once the pages it links to exist (finish_project_body).
        project.body = [heading("Project details")] + [paragraph(p) for p in intro]
        project.partnerships = [
            ProjectPartnership(
                organisation=spirit, role=ProjectPartnership.Role.FUNDER, sort_order=0
            )
        ]
        return self.page("project:radical-kindness", projects, project)

    def beyond_us_and_them_project(self, projects, nuffield, kent, radical_kindness):
        # Everything the seed says of Beyond Us and Them is in its first paragraph.
        description = (
            "Our nationwide research project, funded by the Nuffield Foundation and in "
            "collaboration with the University of Kent, exploring the impact of Covid-19 on "
            "social cohesion."
        )
        project = ProjectPage(
            title="Beyond Us and Them",
            slug="beyond-us-and-them",
            introduction=description,
            listing_image=self.image(
                "project:beyond-us-and-them", "Decorative arcs: Beyond Us and Them"
            ),
        )
        project.body = [
            page_link(
                "Radical Kindness celebrates acts of radical kindness and draws on findings from "
                "Beyond Us and Them.",
                "Radical Kindness",
                radical_kindness,
            )
        ]
        project.partnerships = [
            ProjectPartnership(
                organisation=nuffield, role=ProjectPartnership.Role.FUNDER, sort_order=0
            ),
            ProjectPartnership(
                organisation=kent, role=ProjectPartnership.Role.RESEARCH_PARTNER, sort_order=1
            ),
        ]
        return self.page("project:beyond-us-and-them", projects, project)

    def resources(self, home, library, types, project):
        stories_page = None
        for item in self.seed.resources:
            authors = []
            for raw in item.authors:
                name = NAME_CORRECTIONS.get(raw, raw)
                if name in ORGANISATION_AUTHORS:
                    author = ResourceAuthor(organisation=self.organisation(name))
                else:
                    author = ResourceAuthor(person=self.person(name))
                if not (author.person or author.organisation):
                    continue  # an editor deleted this author: leave the credit out
                # The seed's order is the credit order.
                author.sort_order = len(authors)
                authors.append(author)
            fields = dict(
                title=item.title,
                introduction=item.summary,
                publication_date=item.published,
                resource_type=types[RESOURCE_TYPE_BY_TITLE[item.title]],
                project=project,
            )
            if item.title == "Stories of Radical Kindness":
                page = StoriesPage(
                    slug="stories",
                    short_title="Stories",
                    listing_image=self.image(
                        "stories", "Decorative arcs: Stories of Radical Kindness"
                    ),
                    show_in_menus=True,
                    **fields,
                )
                page.authors = authors
                stories_page = self.page("page:stories", home, page)
                continue
            page = ResourcePage(**fields)
            if item.title == "Cultivating Radical Kindness":
                page.body = [paragraph(self.seed.section(item.title).paragraphs[0])]
            page.authors = authors
            self.page(f"resource:{item.title}", library, page)
        return stories_page

    def elevenses(self, events, stories):
        words = self.seed.section(
            "Learn more about the project through our online resources"
        ).paragraphs
        series = EventSeriesPage(
            title="Radical Kindness Elevenses",
            slug="radical-kindness-elevenses",
            schedule="11:00 UK time every Tuesday, November 2020 to April 2021",
            introduction=words[0],
            listing_image=self.image("elevenses", "Decorative arcs: Radical Kindness Elevenses"),
        )
        series.body = [page_link(words[1], "Stories of Radical Kindness page", stories)]
        series = self.page("series:elevenses", events, series)
        for day in tuesdays(ELEVENSES_FIRST, ELEVENSES_LAST):
            self.page(
                f"event:elevenses:{day.isoformat()}",
                series,
                EventPage(
                    title=f"Radical Kindness Elevenses, {day:%-d %B %Y}",
                    slug=day.isoformat(),
                    starts_at=london(day, 11),
                    ends_at=london(day, 12),
                    event_format=EventPage.Format.ONLINE,
                ),
            )
        return series

    def week(self, events, project):
        toolkit = self.loaded("resource:Radical Kindness Week 2021 – Toolkit", ResourcePage)
        week = EventPage(
            title="Radical Kindness Week 2021",
            slug="radical-kindness-week-2021",
            introduction=(
                "Our first Radical Kindness Week: a week-long celebration of radical kindness, "
                "with a range of free events including workshops and a webinar."
            ),
            starts_at=london(date(2021, 5, 17), 0),
            ends_at=london(date(2021, 5, 21), 23, 59),
            all_day=True,
            listing_image=self.image(
                "radical-kindness-week", "Decorative arcs: Radical Kindness Week"
            ),
        )
        body = []
        if toolkit is not None:
            body.append(
                call_to_action(
                    "Radical Kindness Week 2021 – Toolkit",
                    toolkit.introduction,
                    "Open the toolkit",
                    toolkit,
                )
            )
        week.body = body
        return self.page("event:radical-kindness-week-2021", events, week)

    def finish_project_body(self, project, series, stories):
        """Add the sections that link to other pages, once they all exist."""
        if project is None or self.seen("project:radical-kindness:linked-sections"):
            return
        if project.revisions.count() > 1:
            # An editor has worked on the page since it was created: leave it to them.
            return
        seed = self.seed
        elevenses = seed.section(
            "Learn more about the project through our online resources"
        ).paragraphs
        week_words = seed.section("Radical Kindness Week").paragraphs[0]
        paper_words = seed.section("Cultivating Radical Kindness").paragraphs[0]
        week = self.loaded("event:radical-kindness-week-2021", EventPage)
        paper = self.loaded("resource:Cultivating Radical Kindness", ResourcePage)
        body = list(project.body.raw_data)
        body += [
            heading("Radical Kindness Elevenses", "elevenses"),
            page_link(elevenses[0], "‘Radical Kindness Elevenses’", series),
            page_link(elevenses[1], "Stories of Radical Kindness page", stories),
            heading("Radical Kindness Week", "week"),
            page_link(week_words, "Radical Kindness Week page", week),
            heading("Cultivating Radical Kindness", "paper"),
            paragraph(paper_words),
        ]
        if paper is not None:
            body.append(
                call_to_action(
                    "Cultivating Radical Kindness", paper.introduction, "Read the paper", paper
                )
            )
        project.body = body
        project.save_revision().publish()
        LoadedSeedItem.objects.create(
            key="project:radical-kindness:linked-sections", object_id=project.pk
        )
        self.created += 1

    def partners(self, home, spirit, nuffield, kent):
        seed = self.seed
        index = self.page(
            "page:partners",
            home,
            PartnerIndexPage(
                title="Partners and funders",
                short_title="Partners",
                slug="partners",
                show_in_menus=True,
                introduction="The organisations that fund our work, research with us, and wrote "
                "the resources in our library.",
            ),
        )
        first, *rest = seed.partners_paragraphs[0].split(". ")
        spirit_page = PartnerPage(
            title=SPIRIT,
            slug="spirit-of-2012",
            organisation=spirit,
            introduction=f"{first}. {rest[0]}.",
        )
        more = seed.partners_paragraphs[-1]  # "For more information visit www.spiritof2012.org.uk."
        spirit_page.body = [
            paragraph(". ".join(rest[1:])),
            *[paragraph(p) for p in seed.partners_paragraphs[1:-1]],
            {
                "type": "paragraph",
                "value": "<p>"
                + escape(more).replace(
                    "www.spiritof2012.org.uk",
                    '<a href="https://www.spiritof2012.org.uk">www.spiritof2012.org.uk</a>',
                )
                + "</p>",
            },
        ]
        self.page("partner:spirit-of-2012", index, spirit_page)
        self.page(
            "partner:nuffield-foundation",
            index,
            PartnerPage(
                title=NUFFIELD,
                slug="nuffield-foundation",
                organisation=nuffield,
                introduction="The Nuffield Foundation funds ‘Beyond Us and Them’, our nationwide "
                "research project on the impact of Covid-19 on social cohesion.",
            ),
        )
        self.page(
            "partner:university-of-kent",
            index,
            PartnerPage(
                title=KENT,
                slug="university-of-kent",
                organisation=kent,
                introduction="The University of Kent is our research partner in ‘Beyond Us and "
                "Them’, exploring the impact of Covid-19 on social cohesion.",
            ),
        )
        for name in ("Carnegie UK Trust", "People United"):
            organisation = self.loaded(f"organisation:{name}", Organisation)
            if organisation is not None:
                self.page(
                    f"partner:{name}",
                    index,
                    PartnerPage(title=name, organisation=organisation),
                )
        return index

    def site_settings(self, home, spirit):
        def create():
            site = Site.objects.get(root_page=home)
            settings_ = SiteSettings.for_site(site)
            settings_.funder_acknowledgement = (
                "Radical Kindness is funded by Spirit of 2012, the London 2012 Olympic and "
                "Paralympic Games legacy funder."
            )
            settings_.funder_page = PartnerPage.objects.filter(organisation=spirit).first()
            settings_.save()
            return settings_

        return self.once("settings:site", SiteSettings, create)


class Command(BaseCommand):
    help = "Load the real content from the seed into the site. Safe to run again."

    def handle(self, *args, **options):
        seed = parse_seed(settings.SEED_DIR / "radical-kindness-page.txt")
        with transaction.atomic():
            loader = Loader(seed)
            loader.run()
        if loader.created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {loader.created} items from the seed."))
        else:
            self.stdout.write("The site already has the seed content; nothing to do.")
