"""Projects and partners: who funds what, and what each partner wrote."""

import pytest

from tests import factories as f
from tests.helpers import assert_page_basics, has_link, main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db


def test_projects_index_lists_projects(client, site_tree):
    t = site_tree
    response = client.get(t.projects.url)
    soup = assert_page_basics(
        response, title="Projects", description=t.projects.introduction, path="/projects/"
    )
    main = main_of(soup)
    assert has_link(main, t.project.url, "Beyond Us and Them")
    assert t.project.introduction in visible_text(main)


def test_project_page_shows_its_resources_and_funders(client, site_tree):
    t = site_tree
    response = client.get(t.project.url)
    soup = assert_page_basics(
        response,
        title="Beyond Us and Them",
        # Whose project it is comes first: the flagship project's introduction is the
        # site's own, and two pages must not share a description.
        description=f"{t.project.title}, a project of The Belong Network. {t.project.introduction}",
        path="/projects/beyond-us-and-them/",
    )
    main = main_of(soup)
    text = visible_text(main)
    assert t.project.introduction in text
    assert "A nationwide research project." in text
    # Resources that came from the project, with their authors and dates.
    resources = main.find(id="project-resources").find_parent("section")
    assert has_link(resources, t.resource.url, "Cultivating Radical Kindness")
    assert "Amira Khan and Kindness Research Trust" in visible_text(resources)
    assert "17 May 2021" in visible_text(resources)
    assert t.other_resource.title not in visible_text(resources)
    # Funders and partners, linking to their partner pages.
    partners = main.find(id="partners").find_parent("section")
    assert "Funder" in visible_text(partners)
    assert has_link(partners, t.partner.url, "Test Funders' Trust")


def test_partners_index_lists_partners(client, site_tree):
    t = site_tree
    response = client.get(t.partners.url)
    soup = assert_page_basics(
        response,
        title="Partners and funders",
        description=t.partners.introduction,
        path="/partners/",
    )
    main = main_of(soup)
    assert has_link(main, t.partner.url, "Test Funders' Trust")
    assert t.partner.introduction in visible_text(main)


def test_partner_page_shows_website_projects_and_resources(client, site_tree):
    t = site_tree
    response = client.get(t.partner.url)
    soup = assert_page_basics(
        response,
        title="Test Funders' Trust",
        description=t.partner.introduction,
        path=t.partner.url,
    )
    main = main_of(soup)
    text = visible_text(main)
    assert has_link(main, "https://funders.example.org/", "funders.example.org")
    assert "Beyond Us and Them (funder)" in text
    assert has_link(main, t.project.url, "Beyond Us and Them")
    assert has_link(main, t.other_resource.url, t.other_resource.title)
    # Only what they wrote.
    assert t.resource.title not in text


def test_footer_thanks_the_funder_and_links_to_its_page(client, site_tree):
    t = site_tree
    soup = soup_of(client.get(t.home.url))
    footer = soup.find("footer", class_="site-footer") or soup.find_all("footer")[-1]
    assert "Radical Kindness is funded by the Test Funders' Trust." in visible_text(footer)
    assert has_link(footer, t.partner.url, "Test Funders' Trust")


def test_a_partner_page_lists_resources_it_wrote_or_was_involved_in(client, site_tree):
    t = site_tree
    involved = f.ResourcePageFactory(
        parent=t.resources, title="A study the funder supported", partners=[t.funder]
    )
    main = main_of(soup_of(client.get(t.partner.url)))
    section = main.find("section", attrs={"aria-labelledby": "their-resources"})
    titles = [visible_text(h) for h in section.select(".card__title")]
    assert involved.title in titles and t.other_resource.title in titles
    # The resource names the partner, linking to its page.
    resource = main_of(soup_of(client.get(involved.url)))
    assert has_link(resource.select_one(".facts"), t.partner.url, "Test Funders' Trust")
