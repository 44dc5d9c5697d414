"""`load_site_content` builds the site from seed/radical-kindness-page.txt and the
facts the site adds to it, seed/editorial.toml.

Expectations are read from the seed text here, with a parser of the tests' own (not
seeding.parser), so a mistake in the loader's reading of the seed cannot hide itself;
the facts in editorial.toml are read here too, and checked against the seed's text.
The real content is loaded once per session (tests/conftest.py); tests that change it
do so inside their own transaction."""

import datetime as dt
import io
import json
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import Page, Revision, Site

from core.models import SiteImage, SiteSettings
from events.models import EventIndexPage, EventPage, EventSeriesPage
from home.models import HomePage
from people.models import Organisation, Person
from projects.models import PartnerPage, ProjectPage, ProjectPartnership
from resources.models import LibraryItem, ResourceAuthor, ResourcePage, ResourceType, StoriesPage
from seeding.models import LoadedSeedItem
from tests.helpers import LONDON, assert_page_basics, has_link, main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db

UTC = dt.UTC
SEED_FILE = Path(settings.SEED_DIR) / "radical-kindness-page.txt"
EDITORIAL = tomllib.loads((Path(settings.SEED_DIR) / "editorial.toml").read_text("utf-8"))
CORRECTIONS = EDITORIAL["names"]["corrections"]
MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], start=1)}  # fmt: skip


# -- reading the seed, independently ----------------------------------------------------


def seed_text():
    return SEED_FILE.read_text(encoding="utf-8").replace("\xa0", " ")


def seed_lines():
    return [line.strip() for line in seed_text().splitlines() if line.strip()]


def seed_resources():
    """[(title, date, [authors], summary)] from the 'Project Resources' section: a
    title, a DD/MM/YY line, an 'Author:' line and a summary."""
    lines = seed_lines()
    block = lines[lines.index("Project Resources") + 1 : lines.index("Research Partners")]
    found = []
    for i, line in enumerate(block):
        match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{2})", line)
        if not match:
            continue
        day, month, year = (int(g) for g in match.groups())
        author_line = block[i + 1]
        assert author_line.startswith("Author:"), author_line
        names = re.split(r"\s*,\s*|\s+and\s+", author_line.removeprefix("Author:").strip())
        found.append(
            (
                block[i - 1],
                dt.date(2000 + year, month, day),
                [CORRECTIONS.get(n, n) for n in names],
                block[i + 2],
            )
        )
    return found


RESOURCES = seed_resources()


def elevenses_expectations():
    """'From November 2020 to April 2021 … at 11am every Tuesday' -> the sessions."""
    match = re.search(
        r"From (\w+) (\d{4}) to (\w+) (\d{4}) .*? at (\d{1,2})am every (\w+)day", seed_text()
    )
    assert match, "the seed no longer describes the Elevenses"
    first_month, first_year, last_month, last_year, hour, weekday = match.groups()
    assert weekday == "Tues"
    start = dt.date(int(first_year), MONTHS[first_month], 1)
    while start.weekday() != 1:  # the first Tuesday of the first month
        start += dt.timedelta(days=1)
    end_month = MONTHS[last_month]
    after = dt.date(int(last_year) + end_month // 12, end_month % 12 + 1, 1)
    days = []
    day = start
    while day < after:
        days.append(day)
        day += dt.timedelta(days=7)
    return [dt.datetime.combine(d, dt.time(int(hour)), tzinfo=LONDON).astimezone(UTC) for d in days]


def week_expectation():
    match = re.search(r"from Monday (\d+) until Friday (\d+) (\w+) (\d{4})", seed_text())
    assert match
    first, last, month, year = match.groups()
    return (
        dt.date(int(year), MONTHS[month], int(first)),
        dt.date(int(year), MONTHS[month], int(last)),
    )


# -- the seed reader itself -------------------------------------------------------------


def test_the_seed_has_the_nine_resources_we_expect():
    titles = [r[0] for r in RESOURCES]
    assert len(RESOURCES) == 9
    assert titles[0] == "Cultivating Radical Kindness"
    assert "Stories of Radical Kindness" in titles
    assert RESOURCES[0][1] == dt.date(2021, 5, 17)
    assert RESOURCES[0][2] == ["Kaya Davies Hayon", "Jo Broadwood", "Christine Cox"]


# -- what editorial.toml adds, checked against the seed ---------------------------------


def test_every_seed_resource_has_exactly_one_type_and_every_type_is_defined():
    by_title = EDITORIAL["resource_type_by_title"]
    assert set(by_title) == {title for title, *_ in RESOURCES}
    defined = {kind["slug"] for kind in EDITORIAL["resource_types"]}
    assert set(by_title.values()) <= defined


def test_the_corrections_fix_names_the_seed_really_misspells():
    for wrong, right in CORRECTIONS.items():
        assert wrong in seed_text() and wrong != right
    credited = {name for _, _, authors, _ in RESOURCES for name in authors}
    assert set(EDITORIAL["names"]["organisation_authors"]) <= credited


def test_the_elevenses_and_the_week_fall_where_the_seed_says():
    elevenses = EDITORIAL["elevenses"]
    expected = elevenses_expectations()
    assert elevenses["first"] == expected[0].astimezone(LONDON).date()
    assert elevenses["last"] == expected[-1].astimezone(LONDON).date()
    assert elevenses["starts"] == expected[0].astimezone(LONDON).time()
    assert (EDITORIAL["week"]["first"], EDITORIAL["week"]["last"]) == week_expectation()


def test_the_added_words_restate_the_seed():
    lines = seed_lines()
    said = lines[lines.index("Project Resources") + 1]
    assert said.removesuffix(" here.") == EDITORIAL["library"]["introduction"].removesuffix(
        " in one place."
    )
    assert EDITORIAL["stories"]["title"] in [title for title, *_ in RESOURCES]
    assert EDITORIAL["projects"]["radical-kindness"]["paper"] in lines  # a section heading
    assert EDITORIAL["week"]["toolkit"] in [title for title, *_ in RESOURCES]
    partners = " ".join(lines[lines.index("Research Partners") + 1 :])
    assert EDITORIAL["partners"]["described_by_the_seed"] in partners
    for project in EDITORIAL["projects"].values():
        if isinstance(project, dict):
            for partner in project.get("partners", []):
                assert partner["organisation"] in seed_text()


def test_the_resource_types_are_the_ones_editorial_toml_defines():
    fields = ("slug", "name", "plural_name", "schema_type", "colour")
    loaded = set(ResourceType.objects.values_list(*fields))
    assert loaded == {tuple(kind[f] for f in fields) for kind in EDITORIAL["resource_types"]}
    for title, slug in EDITORIAL["resource_type_by_title"].items():
        page = Page.objects.get(title=title).specific
        assert page.resource_type.slug == slug, title


# -- what the loader made ---------------------------------------------------------------


def test_home_page_replaces_wagtails_welcome_page():
    root = Page.get_first_root_node()
    children = list(root.get_children().specific())
    assert len(children) == 1 and isinstance(children[0], HomePage)
    home = children[0]
    assert home.live and home.title == seed_lines()[0] == "Radical Kindness"
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert Site.objects.count() == 1


@pytest.mark.parametrize("title, published, authors, summary", RESOURCES, ids=lambda v: str(v)[:30])
def test_every_seed_resource_is_a_live_page_with_its_facts(title, published, authors, summary):
    page = LibraryItem.objects.get(title=title)
    assert page.live
    assert page.publication_date == published
    assert page.introduction == summary
    # In the seed's order, as the page shows them; and that order is stored, not left to
    # whatever order the database returns rows in.
    assert [a.name for a in page.author_list] == authors
    if len(authors) > 1:
        sort_orders = [a.sort_order for a in ResourceAuthor.objects.filter(page=page)]
        assert None not in sort_orders and len(set(sort_orders)) == len(sort_orders), (
            f"the authors' order is not stored: sort_order {sort_orders}"
        )
    assert page.resource_type is not None


@pytest.mark.parametrize("title, published, authors, summary", RESOURCES, ids=lambda v: str(v)[:30])
def test_every_seed_resource_page_shows_its_facts(client, title, published, authors, summary):
    page = LibraryItem.objects.get(title=title)
    response = client.get(page.url)
    soup = assert_page_basics(response, title=title, description=summary, path=page.url)
    text = visible_text(main_of(soup))
    assert summary in text
    if page.specific_class is StoriesPage:
        return  # a collection page: its card in the library carries the byline and date
    byline = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1]
    assert byline in text
    assert f"{published.day} {published:%B %Y}" in text


def test_the_misspelt_carnegie_trust_is_corrected_everywhere(client):
    assert "Carneige Trust" in seed_text()  # still misspelt at the source
    assert not Organisation.objects.filter(name__icontains="Carneige").exists()
    assert not Person.objects.filter(name__icontains="Carneige").exists()
    carnegie = Organisation.objects.get(name="Carnegie UK Trust")
    expected = {title for title, _, authors, _ in RESOURCES if "Carnegie UK Trust" in authors}
    assert len(expected) == 2
    authored = set(
        LibraryItem.objects.filter(authors__organisation=carnegie).values_list("title", flat=True)
    )
    assert authored == expected
    library = client.get("/resources/")
    assert b"Carneige" not in library.content
    assert "Carnegie UK Trust" in visible_text(main_of(soup_of(library)))


def test_library_lists_all_seed_resources_newest_first(client):
    main = main_of(soup_of(client.get("/resources/")))
    shown = [visible_text(h) for h in main.select(".card__title")]
    assert sorted(shown) == sorted(r[0] for r in RESOURCES)
    dates = [dt.date.fromisoformat(t["datetime"]) for t in main.select(".card time")]
    assert dates == sorted(dates, reverse=True)


def test_each_resource_tells_search_engines_its_kind_and_its_card_its_colour(client):
    kinds = {kind["slug"]: kind for kind in EDITORIAL["resource_types"]}
    library = main_of(soup_of(client.get("/resources/")))
    for title, slug in EDITORIAL["resource_type_by_title"].items():
        page = LibraryItem.objects.get(title=title)
        data = json.loads(
            soup_of(client.get(page.url)).find("script", type="application/ld+json").string
        )
        assert data["@type"] == kinds[slug]["schema_type"], title
        card = next(c for c in library.select(".card") if title in visible_text(c))
        assert f"card--{kinds[slug]['colour']}" in card["class"], title
        assert visible_text(card.select_one(".card__kicker")) == kinds[slug]["name"]


def test_the_stories_page_is_at_stories():
    stories = StoriesPage.objects.get()
    assert stories.url == "/stories/"
    assert stories.live
    title, published, authors, summary = next(r for r in RESOURCES if r[0] == stories.title)
    assert stories.get_parent().specific_class is HomePage
    assert stories.publication_date == published


def test_the_projects_and_who_funds_them():
    text = seed_text()
    # The seed's own words name the funders and the research partner.
    assert "funded by Spirit of 2012" in text
    assert "funded by the Nuffield Foundation and in collaboration with the University of Kent" in (
        text
    )
    projects = {p.title: p for p in ProjectPage.objects.live()}
    assert set(projects) == {"Radical Kindness", "Beyond Us and Them"}
    assert projects["Radical Kindness"].url == "/projects/radical-kindness/"

    def roles(project):
        return {
            (p.organisation.name, p.role)
            for p in ProjectPartnership.objects.filter(page=project).select_related("organisation")
        }

    assert roles(projects["Radical Kindness"]) == {("Spirit of 2012", "funder")}
    assert roles(projects["Beyond Us and Them"]) == {
        ("Nuffield Foundation", "funder"),
        ("University of Kent", "research_partner"),
    }
    # Every seed resource came from the Radical Kindness project.
    assert set(
        LibraryItem.objects.filter(projects=projects["Radical Kindness"]).values_list(
            "title", flat=True
        )
    ) == {r[0] for r in RESOURCES}


def test_the_project_page_shows_its_resources_and_funder(client):
    project = ProjectPage.objects.get(title="Radical Kindness")
    soup = assert_page_basics(client.get(project.url), title="Radical Kindness")
    main = main_of(soup)
    for title, *_ in RESOURCES:
        assert title in visible_text(main)
    spirit = PartnerPage.objects.get(title="Spirit of 2012")
    assert has_link(main, spirit.url, "Spirit of 2012")


def test_26_elevenses_sessions_at_eleven_london_time():
    expected = elevenses_expectations()
    assert len(expected) == 26
    # Facts, stated independently of the parsing above.
    assert expected[0] == dt.datetime(2020, 11, 3, 11, 0, tzinfo=UTC)  # GMT
    assert expected[-1] == dt.datetime(2021, 4, 27, 10, 0, tzinfo=UTC)  # BST

    series = EventSeriesPage.objects.get(title="Radical Kindness Elevenses")
    assert series.get_parent().specific_class is EventIndexPage
    sessions = list(EventPage.objects.child_of(series).live().order_by("starts_at"))
    assert [s.starts_at for s in sessions] == expected
    for session in sessions:
        local_start = session.starts_at.astimezone(LONDON)
        local_end = session.ends_at.astimezone(LONDON)
        assert local_start.weekday() == 1
        assert (local_start.hour, local_start.minute) == (11, 0)
        assert (local_end.hour, local_end.minute) == (12, 0)
        assert not session.all_day
    summer = [s for s in sessions if s.starts_at.date() >= dt.date(2021, 3, 28)]
    assert {s.starts_at.astimezone(UTC).hour for s in summer} == {10}
    winter = [s for s in sessions if s.starts_at.date() < dt.date(2021, 3, 28)]
    assert {s.starts_at.astimezone(UTC).hour for s in winter} == {11}


def test_the_elevenses_sessions_come_from_the_series_schedule():
    """An editor sees the seed's schedule on the series, and running "Create or update
    sessions" on it has nothing to do: every session is where the schedule puts it."""
    from events import sessions as schedule

    series = EventSeriesPage.objects.get(title="Radical Kindness Elevenses")
    elevenses = EDITORIAL["elevenses"]
    assert (series.first_session, series.last_session) == (elevenses["first"], elevenses["last"])
    assert (series.session_starts, series.session_ends) == (elevenses["starts"], elevenses["ends"])
    assert series.session_format == "online" and series.repeats == 1
    plan = schedule.plan(series)
    assert not plan.changes_anything
    assert len(plan.unchanged) == 26
    assert {s.slug for s in plan.unchanged} == {
        d.astimezone(LONDON).date().isoformat() for d in elevenses_expectations()
    }


def test_the_week_is_a_festival_whose_programme_the_seed_does_not_give(client):
    from events.models import FestivalPage

    week = FestivalPage.objects.get(title="Radical Kindness Week 2021")
    main = main_of(soup_of(client.get(week.url)))
    # The seed names no workshop or webinar of the week, so none is made up.
    assert "The programme of Radical Kindness Week 2021 has not been added to this site." in (
        visible_text(main)
    )
    assert not week.get_children().exists()


@pytest.mark.parametrize("day", [dt.date(2020, 11, 3), dt.date(2021, 4, 27)])
def test_an_elevenses_session_page_shows_eleven_oclock(client, day):
    session = EventPage.objects.get(starts_at__date=day, title__contains="Elevenses")
    main = main_of(assert_page_basics(client.get(session.url), title=session.title))
    text = visible_text(main)
    assert f"{day:%A} {day.day} {day:%B %Y}, 11:00–12:00 UK time" in text


def test_radical_kindness_week():
    first, last = week_expectation()
    assert (first, last) == (dt.date(2021, 5, 17), dt.date(2021, 5, 21))
    week = EventPage.objects.get(title__startswith="Radical Kindness Week")
    assert week.live and week.all_day
    assert week.starts_at.astimezone(LONDON).date() == first
    assert week.ends_at.astimezone(LONDON).date() == last
    assert week.get_parent().specific_class is EventIndexPage


def test_radical_kindness_week_page(client):
    week = EventPage.objects.get(title__startswith="Radical Kindness Week")
    main = main_of(assert_page_basics(client.get(week.url), title=week.title))
    assert "Monday 17 May to Friday 21 May 2021" in visible_text(main)


def test_the_partners():
    lines = seed_lines()
    partner_text = " ".join(lines[lines.index("Research Partners") + 1 :])
    website = re.search(r"visit (www\.[\w.]+?)\.?$", partner_text).group(1)
    assert website == "www.spiritof2012.org.uk"
    partners = {p.title: p for p in PartnerPage.objects.live().select_related("organisation")}
    for name in ("Spirit of 2012", "Nuffield Foundation", "University of Kent"):
        assert name in partners, f"no partner page for {name}"
        assert partners[name].organisation.name == name
    assert urlsplit(partners["Spirit of 2012"].organisation.website).netloc == website


def test_the_spirit_of_2012_page_links_to_its_website(client):
    page = PartnerPage.objects.get(title="Spirit of 2012")
    main = main_of(assert_page_basics(client.get(page.url), title="Spirit of 2012"))
    links = [a for a in main.find_all("a", href=True) if "spiritof2012.org.uk" in a["href"]]
    assert links, "no link to www.spiritof2012.org.uk"
    assert all(urlsplit(a["href"]).scheme == "https" for a in links)
    assert "Olympic and Paralympic Games legacy funder" in visible_text(main)


def test_every_loaded_page_renders(client):
    """All fifty-odd pages of the real site: one h1 that is the title, en-GB, canonical,
    description, og:title."""
    pages = list(Page.objects.live().public().filter(depth__gt=1).specific())
    assert len(pages) >= 45
    for page in pages:
        assert_page_basics(client.get(page.url), title=page.title, path=page.url)


# -- running it again -------------------------------------------------------------------


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Revision,
            Person,
            Organisation,
            ResourceType,
            ResourceAuthor,
            ProjectPartnership,
            SiteImage,
            Site,
            SiteSettings,
            LoadedSeedItem,
            get_user_model(),
        )
    }


def load():
    out = io.StringIO()
    call_command("load_site_content", stdout=out)
    return out.getvalue()


def test_running_it_again_creates_nothing():
    before = counts()
    assert before["Page"] > 40 and before["SiteImage"] > 0
    output = load()
    assert counts() == before
    assert "nothing to do" in output


def test_an_editors_changes_survive_a_rerun(client):
    page = ResourcePage.objects.get(title="The Art of Living Together")
    page.title = "The Art of Living Together (second edition)"
    page.introduction = "Revised by the editor."
    page.save_revision().publish()
    load()
    page.refresh_from_db()
    assert page.title == "The Art of Living Together (second edition)"
    assert page.introduction == "Revised by the editor."
    assert not ResourcePage.objects.filter(title="The Art of Living Together").exists()
    main = main_of(soup_of(client.get(page.url)))
    assert visible_text(main.find("h1")) == "The Art of Living Together (second edition)"
    assert "Revised by the editor." in visible_text(main)


def test_a_deleted_page_is_not_recreated():
    page = ResourcePage.objects.get(title="The Art of Living Together")
    page.delete()
    before = counts()
    load()
    assert not ResourcePage.objects.filter(title="The Art of Living Together").exists()
    assert counts() == before


def test_a_deleted_series_does_not_come_back_with_its_sessions():
    EventSeriesPage.objects.get().delete()
    load()
    assert not EventSeriesPage.objects.exists()
    assert not EventPage.objects.filter(title__contains="Elevenses").exists()


def test_an_editors_change_to_a_partner_survives():
    spirit = Organisation.objects.get(name="Spirit of 2012")
    spirit.website = "https://spiritof2012.example/"
    spirit.save()
    load()
    spirit.refresh_from_db()
    assert spirit.website == "https://spiritof2012.example/"


# -- the local admin account ------------------------------------------------------------


def test_ensure_local_admin_creates_one_superuser_whose_printed_password_works(client):
    User = get_user_model()
    assert not User.objects.filter(is_superuser=True).exists()
    out = io.StringIO()
    call_command("ensure_local_admin", stdout=out)
    printed = out.getvalue()
    match = re.search(r"as '(\w+)' with the password (\S+)", printed)
    assert match, printed
    username, password = match.groups()
    assert User.objects.filter(is_superuser=True).count() == 1
    # Signed in as a person would, through the admin's form (which the sign-in
    # throttle watches, so it needs the request).
    user = authenticate(
        RequestFactory().post("/admin/login/"), username=username, password=password
    )
    assert user is not None and user.is_superuser and user.is_staff
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    again = io.StringIO()
    call_command("ensure_local_admin", stdout=again)
    assert User.objects.filter(is_superuser=True).count() == 1
    assert password not in again.getvalue()
    assert "already exists" in again.getvalue()


def test_ensure_local_admin_passwords_differ_between_databases():
    """The password is generated, not a default anyone could guess."""
    User = get_user_model()
    passwords = []
    for _ in range(2):
        out = io.StringIO()
        call_command("ensure_local_admin", stdout=out)
        passwords.append(re.search(r"the password (\S+)", out.getvalue()).group(1))
        User.objects.all().delete()
    assert passwords[0] != passwords[1]
    assert all(len(p) >= 12 for p in passwords)
