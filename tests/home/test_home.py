"""The home page, the navigation every page shares, and standard pages."""

import pytest

from tests import factories as f
from tests.helpers import assert_page_basics, has_link, links_to, main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db


def test_home_page_introduces_the_project(client, site_tree):
    t = site_tree
    response = client.get("/")
    soup = assert_page_basics(
        response, title="Radical Kindness", description=t.home.introduction, path="/"
    )
    main = main_of(soup)
    assert t.home.introduction in visible_text(main)
    # The first things offered: the library and the stories.
    hero = main.find("h1").find_parent("section") or main
    for page in (t.resources, t.stories):
        links = links_to(hero, page.url)
        assert links, f"the top of the home page does not link to {page.title}"
        assert all(visible_text(a) for a in links)


def test_home_page_shows_the_latest_of_everything(client, site_tree):
    t = site_tree
    main = main_of(soup_of(client.get("/")))
    latest = main.find(id="latest-resources").find_parent("section")
    # Newest first; the Stories collection has its own section, not a resource card.
    assert [visible_text(h) for h in latest.select(".card__title")] == [
        t.resource.title,
        t.other_resource.title,
    ]
    assert "Amira Khan and Kindness Research Trust" in visible_text(latest)
    assert links_to(latest, t.resources.url)

    events = main.find(id="events-heading").find_parent("section")
    text = visible_text(events)
    assert text.index(t.next_session.title) < text.index(t.workshop.title)
    assert text.index("Recent events") < text.index(t.week.title) < text.index(t.session.title)
    assert links_to(events, t.events.url)

    stories = main.find(id="stories-heading").find_parent("section")
    assert visible_text(stories.find("h2")) == t.stories.title
    assert links_to(stories, t.stories.url)
    partners = main.find(id="partners-heading").find_parent("section")
    assert has_link(partners, t.partner.url, "Test Funders' Trust")


def test_navigation_reaches_every_section(client, site_tree):
    t = site_tree
    soup = soup_of(client.get("/"))
    nav = soup.find("nav", attrs={"aria-label": "Main"})
    assert nav is not None
    for page in (t.projects, t.resources, t.events, t.stories, t.partners):
        assert has_link(nav, page.url, page.title), f"the main navigation lacks {page.title}"
    assert has_link(nav, "/search/", "Search")
    # Pages not marked for menus stay out of it.
    assert not has_link(nav, t.about.url, t.about.title)


def test_navigation_marks_the_current_section(client, site_tree):
    t = site_tree
    nav = soup_of(client.get(t.resource.url)).find("nav", attrs={"aria-label": "Main"})
    current = nav.select("[aria-current]")
    assert [visible_text(a) for a in current] == ["Resources"]


def test_skip_link_comes_first_and_targets_main(client, site_tree):
    soup = soup_of(client.get("/"))
    first_link = soup.body.find("a")
    assert first_link is not None and first_link["href"].startswith("#")
    assert "skip" in visible_text(first_link).lower()
    target = soup.find(id=first_link["href"][1:])
    assert target is not None and target.name == "main"


def test_standard_page(client, site_tree):
    t = site_tree
    response = client.get(t.about.url)
    soup = assert_page_basics(
        response, title=t.about.title, description=t.about.introduction, path=t.about.url
    )
    assert "Belong connects people across divides." in visible_text(main_of(soup))


def test_a_standard_page_can_live_under_a_project(client, site_tree):
    t = site_tree
    child = f.StandardPageFactory(parent=t.project, title="Findings")
    response = client.get(child.url)
    assert child.url == "/projects/beyond-us-and-them/findings/"
    soup = assert_page_basics(response, title="Findings", path=child.url)
    crumbs = soup.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [visible_text(a) for a in crumbs.find_all("a")] == ["Home", "Projects", t.project.title]


def test_a_decorative_image_has_empty_alt_and_an_informative_one_its_alt_text(client, site_tree):
    t = site_tree
    photo = f.ImageFactory(
        title="IMG_2041.jpg", description="Volunteers painting a mural", is_decorative=False
    )
    ornament = f.ImageFactory(title="Decorative arcs", is_decorative=True)
    with_photo = f.StandardPageFactory(parent=t.home, title="With a photo", listing_image=photo)
    with_ornament = f.StandardPageFactory(
        parent=t.home, title="With an ornament", listing_image=ornament
    )
    img = main_of(soup_of(client.get(with_photo.url))).find("img")
    assert img is not None and img["alt"] == "Volunteers painting a mural"
    img = main_of(soup_of(client.get(with_ornament.url))).find("img")
    assert img is not None and img["alt"] == ""


def test_an_image_without_alt_text_never_shows_its_file_name(client, site_tree):
    """An image made by code (not the admin, which asks) may lack alt text: the page
    says nothing rather than read out a file name."""
    image = f.ImageFactory(title="IMG_2041.jpg", description="", is_decorative=False)
    page = f.StandardPageFactory(parent=site_tree.home, title="Unnamed", listing_image=image)
    img = main_of(soup_of(client.get(page.url))).find("img")
    assert img["alt"] == "" and "IMG_2041" not in str(img.get("alt"))


def test_unpublished_pages_are_not_shown_or_listed(client, site_tree):
    t = site_tree
    draft = f.ResourcePageFactory(parent=t.resources, title="A draft resource", live=False)
    assert client.get(draft.url).status_code == 404
    assert "A draft resource" not in visible_text(main_of(soup_of(client.get(t.resources.url))))
    assert "A draft resource" not in visible_text(main_of(soup_of(client.get("/"))))
