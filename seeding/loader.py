"""Builds the whole site from the seed folder: the original text (parsed by
`seeding.parser`) and the facts the site adds to it (editorial.toml).

Idempotent and respectful of editors: every item it creates is recorded in
LoadedSeedItem under a stable key, and an item already recorded is never touched
again, even if an editor has since changed, moved or deleted it. The keys are the
ledger's contract with every database loaded before: never rename one."""

import io
from datetime import datetime, time

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page, Site

from contact.models import ContactFormField, ContactPage
from core.models import SiteImage, SiteSettings
from events import sessions
from events.models import EventIndexPage, EventPage, EventSeriesPage, FestivalPage
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
from seeding.artwork import bridge_pattern
from seeding.models import LoadedSeedItem
from seeding.parser import Seed

# The seed's headings of the sections the project page quotes.
ELEVENSES_SECTION = "Learn more about the project through our online resources"
WEEK_SECTION = "Radical Kindness Week"


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


def local(day, clock):
    """A moment on `day` at `clock` in the site's zone (TIME_ZONE: Europe/London)."""
    return timezone.make_aware(datetime.combine(day, clock))


class Loader:
    def __init__(self, seed: Seed, facts: dict):
        self.seed = seed
        self.facts = facts
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

    def section_page(self, key, home, page_type, facts):
        """A section's index page under the home page, in the main menu."""
        page = page_type(
            title=facts["title"],
            short_title=facts.get("short_title", ""),
            slug=facts["slug"],
            show_in_menus=True,
            introduction=facts.get("introduction", ""),
        )
        return self.page(key, home, page)

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
        fields = {**self.facts["organisations"].get(name, {}), **fields}
        return self.once(
            f"organisation:{name}",
            Organisation,
            lambda: Organisation.objects.create(name=name, **fields),
        )

    def person(self, name):
        honorific = next(
            (h for h in self.facts["names"]["honorifics"] if name.endswith(f" {h}")), ""
        )
        name = name.removesuffix(f" {honorific}") if honorific else name
        fields = dict(self.facts["people"].get(name, {}))
        if "organisation" in fields:
            fields["organisation"] = self.organisation(fields["organisation"])

        return self.once(
            f"person:{name}",
            Person,
            lambda: Person.objects.create(name=name, honorific_suffix=honorific, **fields),
        )

    def author(self, raw_name):
        """A resource's author row for a name as the seed spells it, or None if an
        editor has deleted that person or organisation."""
        names = self.facts["names"]
        name = names["corrections"].get(raw_name, raw_name)
        if name in names["organisation_authors"]:
            credited = ResourceAuthor(organisation=self.organisation(name))
        else:
            credited = ResourceAuthor(person=self.person(name))
        return credited if (credited.person or credited.organisation) else None

    # -- the site ---------------------------------------------------------------------

    def run(self):
        home = self.home_page()
        if home is None:
            return

        facts = self.facts
        # The second sentence of the seed's partner paragraph says what the funder is.
        funder_words = self.seed.partners_paragraphs[0].split(". ")[1]
        funder = self.organisation(
            facts["partners"]["described_by_the_seed"], description=f"{funder_words}."
        )
        for name in facts["people"]:
            self.person(name)

        projects = self.section_page("page:projects", home, ProjectIndexPage, facts["projects"])
        resources = self.section_page("page:resources", home, ResourceIndexPage, facts["library"])
        events = self.section_page("page:events", home, EventIndexPage, facts["events"])
        types = {
            kind["slug"]: self.once(
                f"resource-type:{kind['slug']}",
                ResourceType,
                lambda kind=kind: ResourceType.objects.create(**kind),
            )
            for kind in facts["resource_types"]
        }

        radical_kindness = self.radical_kindness_project(projects)
        self.beyond_us_and_them_project(projects, radical_kindness)
        stories = self.resources(home, resources, types, radical_kindness)
        series = self.elevenses(events, stories)
        self.week(events)
        self.finish_project_body(radical_kindness, series, stories)
        self.partners(home, funder)
        self.contact_page(home)
        self.site_settings(home, funder)

    def home_page(self):
        facts = self.facts["home"]

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
                seo_title=facts["seo_title"],
                introduction=self.seed.tagline,
                search_description=self.seed.tagline,
                listing_image=self.image("home", facts["image"]),
            )
            intro = self.seed.section("").paragraphs
            home.body = [heading(facts["about_heading"]), paragraph(intro[1]), paragraph(intro[2])]
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

    def partnerships(self, facts):
        """A project's funders and partners, in the order editorial.toml gives them."""
        rows = []
        for position, partner in enumerate(facts["partners"]):
            organisation = self.organisation(partner["organisation"])
            if organisation is not None:  # else an editor has deleted it
                rows.append(
                    ProjectPartnership(
                        organisation=organisation, role=partner["role"], sort_order=position
                    )
                )
        return rows

    def radical_kindness_project(self, projects):
        facts = self.facts["projects"]["radical-kindness"]
        project = ProjectPage(
            title=self.seed.name,
            slug=facts["slug"],
            introduction=self.seed.tagline,
            listing_image=self.image("project:radical-kindness", facts["image"]),
        )
        # The body is finished once the pages it links to exist (finish_project_body).
        intro = self.seed.section("").paragraphs
        project.body = [heading(facts["details_heading"])] + [paragraph(p) for p in intro]
        project.partnerships = self.partnerships(facts)
        return self.page("project:radical-kindness", projects, project)

    def beyond_us_and_them_project(self, projects, radical_kindness):
        facts = self.facts["projects"]["beyond-us-and-them"]
        project = ProjectPage(
            title=facts["title"],
            slug=facts["slug"],
            introduction=facts["introduction"],
            listing_image=self.image("project:beyond-us-and-them", facts["image"]),
        )
        project.body = [page_link(facts["body"], self.seed.name, radical_kindness)]
        project.partnerships = self.partnerships(facts)
        return self.page("project:beyond-us-and-them", projects, project)

    def resources(self, home, library, types, project):
        type_by_title = self.facts["resource_type_by_title"]
        paper = self.facts["projects"]["radical-kindness"]["paper"]
        stories_page = None
        for item in self.seed.resources:
            authors = [a for a in map(self.author, item.authors) if a is not None]
            for position, author in enumerate(authors):
                author.sort_order = position  # the seed's order is the credit order
            fields = dict(
                title=item.title,
                introduction=item.summary,
                publication_date=item.published,
                resource_type=types[type_by_title[item.title]],
            )
            if item.title == self.facts["stories"]["title"]:
                facts = self.facts["stories"]
                page = StoriesPage(
                    slug=facts["slug"],
                    short_title=facts["short_title"],
                    listing_image=self.image("stories", facts["image"]),
                    show_in_menus=True,
                    **fields,
                )
                page.authors = authors
                page.projects = [project] if project else []
                stories_page = self.page("page:stories", home, page)
                continue
            page = ResourcePage(**fields)
            if item.title == paper:
                page.body = [paragraph(self.seed.section(item.title).paragraphs[0])]
            page.authors = authors
            page.projects = [project] if project else []
            self.page(f"resource:{item.title}", library, page)
        return stories_page

    def elevenses(self, events, stories):
        facts = self.facts["elevenses"]
        words = self.seed.section(ELEVENSES_SECTION).paragraphs
        series = EventSeriesPage(
            title=facts["title"],
            slug=facts["slug"],
            schedule=facts["schedule"],
            introduction=words[0],
            listing_image=self.image("elevenses", facts["image"]),
            first_session=facts["first"],
            last_session=facts["last"],
            repeats=EventSeriesPage.Repeat.WEEKLY,
            session_starts=facts["starts"],
            session_ends=facts["ends"],
            session_format=facts["format"],
            session_kind=facts["kind"],
        )
        series.body = [page_link(words[1], f"{self.facts['stories']['title']} page", stories)]
        series = self.page("series:elevenses", events, series)
        if series is None:
            return None
        # The sessions come from the series' own schedule, as an editor's would
        # (events/sessions.py). Each is recorded under its date, so a session an editor
        # deletes is not made again.
        for day in sessions.plan(series).create:
            self.once(
                f"event:elevenses:{day.isoformat()}",
                EventPage,
                lambda day=day: sessions.create_session(series, day),
            )
        return series

    def week(self, events):
        facts = self.facts["week"]
        toolkit = self.loaded(f"resource:{facts['toolkit']}", ResourcePage)
        week = FestivalPage(
            title=facts["title"],
            slug=facts["slug"],
            introduction=facts["introduction"],
            # All day, every day: from the first minute of the first to the last of the last.
            starts_at=local(facts["first"], time(0, 0)),
            ends_at=local(facts["last"], time(23, 59)),
            all_day=True,
            listing_image=self.image("radical-kindness-week", facts["image"]),
        )
        week.body = (
            [call_to_action(toolkit.title, toolkit.introduction, facts["toolkit_button"], toolkit)]
            if toolkit is not None
            else []
        )
        return self.page("event:radical-kindness-week-2021", events, week)

    def finish_project_body(self, project, series, stories):
        """Add the sections that link to other pages, once they all exist."""
        if project is None or self.seen("project:radical-kindness:linked-sections"):
            return
        if project.revisions.count() > 1:
            # An editor has worked on the page since it was created: leave it to them.
            return
        seed, facts = self.seed, self.facts
        elevenses = seed.section(ELEVENSES_SECTION).paragraphs
        week_words = seed.section(WEEK_SECTION).paragraphs[0]
        paper_title = facts["projects"]["radical-kindness"]["paper"]
        week = self.loaded("event:radical-kindness-week-2021", EventPage)
        paper = self.loaded(f"resource:{paper_title}", ResourcePage)
        body = list(project.body.raw_data)
        body += [
            heading(facts["elevenses"]["title"], "elevenses"),
            page_link(elevenses[0], f"‘{facts['elevenses']['title']}’", series),
            page_link(elevenses[1], f"{facts['stories']['title']} page", stories),
            heading(WEEK_SECTION, "week"),
            page_link(week_words, f"{WEEK_SECTION} page", week),
            # The seed's own section about the paper, under its title.
            heading(paper_title, "paper"),
            paragraph(seed.section(paper_title).paragraphs[0]),
        ]
        if paper is not None:
            button = facts["library"]["paper_button"]
            body.append(call_to_action(paper_title, paper.introduction, button, paper))
        project.body = body
        project.save_revision().publish()
        LoadedSeedItem.objects.create(
            key="project:radical-kindness:linked-sections", object_id=project.pk
        )
        self.created += 1

    def partners(self, home, funder):
        facts = self.facts["partners"]
        index = self.section_page("page:partners", home, PartnerIndexPage, facts)
        for name, words in facts["pages"].items():
            organisation = self.loaded(f"organisation:{name}", Organisation)
            if organisation is None:
                continue  # an editor has deleted it
            page = (
                self.funder_page(funder, words["slug"])
                if organisation == funder
                else PartnerPage(
                    title=name,
                    slug=words["slug"],
                    organisation=organisation,
                    introduction=words["introduction"],
                )
            )
            self.page(f"partner:{words['slug']}", index, page)
        for name in facts["author_pages"]:
            organisation = self.loaded(f"organisation:{name}", Organisation)
            if organisation is not None:
                self.page(
                    f"partner:{name}", index, PartnerPage(title=name, organisation=organisation)
                )
        return index

    def funder_page(self, funder, slug):
        """The seed's partner paragraphs are all about the funder: its page gets them,
        the first two sentences as the introduction."""
        paragraphs = self.seed.partners_paragraphs
        first, *rest = paragraphs[0].split(". ")
        website = self.facts["organisations"][funder.name]["website"]
        shown = website.removeprefix("https://")
        page = PartnerPage(
            title=funder.name,
            slug=slug,
            organisation=funder,
            introduction=f"{first}. {rest[0]}.",
        )
        page.body = [
            paragraph(". ".join(rest[1:])),
            *[paragraph(p) for p in paragraphs[1:-1]],
            # "For more information visit www.spiritof2012.org.uk.", with the address linked.
            {
                "type": "paragraph",
                "value": "<p>"
                + escape(paragraphs[-1]).replace(shown, f'<a href="{website}">{shown}</a>')
                + "</p>",
            },
        ]
        return page

    def contact_page(self, home):
        """The contact form, with the fields the editorial file lists; staff change
        them in the admin. No address to email is set: the seed gives none, so
        messages wait in the admin (Forms) until staff name one."""
        facts = self.facts["contact"]
        page = ContactPage(
            title=facts["title"],
            slug=facts["slug"],
            introduction=facts["introduction"],
            privacy_notice=f"<p>{escape(facts['privacy_notice'])}</p>",
            thank_you_text=f"<p>{escape(facts['thank_you_text'])}</p>",
            form_fields=[ContactFormField(**field) for field in facts["fields"]],
        )
        return self.page("page:contact", home, page)

    def site_settings(self, home, funder):
        def create():
            site = Site.objects.get(root_page=home)
            settings_ = SiteSettings.for_site(site)
            settings_.funder_acknowledgement = self.facts["settings"]["funder_acknowledgement"]
            settings_.funder_page = PartnerPage.objects.filter(organisation=funder).first()
            settings_.save()
            return settings_

        return self.once("settings:site", SiteSettings, create)
