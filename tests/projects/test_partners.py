"""Partners and funders: /partners/ grouped by role, with logos, and a partner page
that lists exactly what links to it, with the permanent links a partner can put on
its own site ("Link to us"), and tells search engines who it is."""

import datetime as dt
import json

import pytest

from events.models import EventPage
from resources.models import StoryPage
from tests import factories as f
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db


def structured(soup, kind):
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    # Every page also describes the organisation behind the site, by its own @id.
    (found,) = [
        b
        for b in blocks
        if b.get("@type") == kind and not b.get("@id", "").endswith("#organisation")
    ]
    return found


@pytest.fixture
def linked(site_tree):
    """The funder hosts an event and appears in a story; another event and story do not
    name it."""
    t = site_tree
    t.hosted = f.EventPageFactory(parent=t.events, title="A kindness walk")
    t.hosted.partners.add(t.funder)
    t.hosted.save_revision().publish()
    f.EventPageFactory(parent=t.events, title="Someone else's walk")
    t.told = f.StoryPageFactory(
        parent=t.stories, title="The funder's story", date=dt.date(2022, 1, 5)
    )
    t.told.partners.add(t.funder)
    t.told.save_revision().publish()
    f.StoryPageFactory(parent=t.stories, title="Another story")
    return t


def section_titles(main, heading_id):
    section = main.find(id=heading_id).find_parent("section")
    return [visible_text(h) for h in section.select(".card__title")]


def test_a_partner_page_lists_exactly_what_links_to_it(client, linked):
    t = linked
    main = main_of(soup_of(client.get(t.partner.url)))
    assert section_titles(main, "their-events") == ["A kindness walk"]
    assert section_titles(main, "their-stories") == ["The funder's story"]
    assert section_titles(main, "their-resources") == [t.other_resource.title]
    facts = visible_text(main.select_one("dl.facts"))
    assert "Role Funder, Author" in facts
    assert "Project Beyond Us and Them (funder)" in facts


def test_link_to_us_lists_the_permanent_link_of_each(client, linked):
    t = linked
    main = main_of(soup_of(client.get(t.partner.url)))
    panel = main.find(id="link-to-us-heading").find_parent("section")
    rows = {
        visible_text(li.select_one(".link-to-us__title")): visible_text(li.find("code"))
        for li in panel.find_all("li")
    }
    expected = [t.partner, t.project, t.other_resource, t.hosted, t.told]
    assert rows == {page.title: f"http://testserver/r/{page.pk}/" for page in expected}
    # Each link leads to the page, wherever it is now.
    for page in expected:
        assert client.get(f"/r/{page.pk}/")["Location"] == f"http://testserver{page.url}"


def test_a_link_to_us_survives_a_rename(client, linked, django_capture_on_commit_callbacks):
    t = linked
    event = EventPage.objects.get(pk=t.hosted.pk)
    old = event.url
    event.slug = "a-kindness-walk-in-spring"
    # As an editor publishes a change; Wagtail makes its redirects once it is committed.
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert (
        client.get(f"/r/{event.pk}/")["Location"]
        == "http://testserver/events/a-kindness-walk-in-spring/"
    )
    assert client.get(old).status_code == 301  # Wagtail's automatic redirect


def test_the_partner_is_an_organisation_to_search_engines(client, linked):
    t = linked
    data = structured(soup_of(client.get(t.partner.url)), "Organization")
    assert data["name"] == "Test Funders' Trust"
    assert data["sameAs"] == ["https://funders.example.org/"]
    assert data["url"] == f"http://testserver{t.partner.url}"


def test_a_project_names_its_funders_to_search_engines(client, site_tree):
    data = structured(soup_of(client.get(site_tree.project.url)), "Project")
    assert data["funder"] == [
        {
            "@type": "Organization",
            "name": "Test Funders' Trust",
            "sameAs": "https://funders.example.org/",
        }
    ]


def test_partners_are_grouped_by_role_with_their_logos(client, site_tree):
    t = site_tree
    logo = f.ImageFactory(title="Trust logo", description="Test Funders' Trust")
    t.funder.logo = logo
    t.funder.save()
    research = f.OrganisationFactory(name="A University")
    page = f.PartnerPageFactory(parent=t.partners, organisation=research)
    f.ProjectPartnershipFactory(page=t.project, organisation=research, role="research_partner")
    main = main_of(soup_of(client.get(t.partners.url)))
    groups = {
        visible_text(section.find("h2")): [visible_text(h) for h in section.select("h3")]
        for section in main.select("section.band")
    }
    assert groups["Funders"] == ["Test Funders' Trust"]
    assert groups["Research partners"] == ["A University"]
    assert groups["Authors of resources in our library"] == ["Test Funders' Trust"]
    card = main.find("a", string="Test Funders' Trust").find_parent("li")
    assert card.find("img")["alt"] == ""  # the name is right beside it
    assert "Radical Kindness is funded by the Test Funders' Trust." in visible_text(main)
    # On its own page, the logo says whose it is.
    partner_main = main_of(soup_of(client.get(t.partner.url)))
    assert partner_main.select_one(".partner-logo img")["alt"] == "Test Funders' Trust"
    assert page.url


def test_every_page_a_partner_links_to_shows_its_permanent_link(client, linked):
    t = linked
    for page in (t.hosted, t.told, t.project, t.resource):
        main = main_of(soup_of(client.get(page.url)))
        assert main.find("input", id="permalink")["value"] == f"http://testserver/r/{page.pk}/", (
            page
        )


def test_a_story_lists_on_the_partner_page_only_while_published(client, linked):
    t = linked
    StoryPage.objects.get(pk=t.told.pk).unpublish()
    main = main_of(soup_of(client.get(t.partner.url)))
    assert main.find(id="their-stories") is None
