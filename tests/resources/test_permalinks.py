"""Links that never break: every resource's permanent link (/r/<id>/), shown on its page
with a copy button, and the redirects Wagtail makes when a resource is renamed or moved."""

import pytest
from wagtail.models import PageViewRestriction

from resources.models import ResourceIndexPage, ResourcePage
from tests import factories as f
from tests.helpers import assert_page_basics, main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db


def fresh(page):
    """A copy of a site_tree page of our own to change (the module shares the originals)."""
    return type(page).objects.get(pk=page.pk)


def assert_moved_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, (old, response.status_code)
    assert response["Location"] == new
    return response


# -- the permanent link ------------------------------------------------------------------


def test_a_resource_page_shows_its_permanent_link_with_a_copy_button(client, site_tree):
    t = site_tree
    soup = assert_page_basics(
        client.get(t.resource.url),
        title=t.resource.title,
        path="/resources/cultivating-radical-kindness/",
    )
    main = main_of(soup)
    block = main.select_one(".permalink")
    assert block is not None
    address = f"http://testserver/r/{t.resource.pk}/"

    # A labelled, read-only field holding the address, so it can be selected and copied
    # by hand, with a sentence that says why to use it.
    field = block.find("input", id="permalink")
    assert field["value"] == address
    assert field.has_attr("readonly")
    label = block.find("label", attrs={"for": "permalink"})
    assert visible_text(label) == "Permanent link"
    hint = block.find(id=field["aria-describedby"])
    assert "keeps working if the page is renamed or moved" in visible_text(hint)

    # The copy button copies that field; it stays hidden until the script can copy.
    button = block.find("button")
    assert button["type"] == "button"
    assert "copy-button" in button["class"]
    assert button["data-copy"] == "#permalink"
    assert soup.select_one(button["data-copy"]) is field
    assert button.has_attr("hidden")
    assert visible_text(button) == "Copy link"

    # It comes after the ways to read the resource.
    assert (
        main.find(string=lambda s: "Read it at the publisher" in s).find_next(class_="permalink")
        is block
    )


def test_the_canonical_address_is_still_the_page_itself(client, site_tree):
    t = site_tree
    soup = soup_of(client.get(t.resource.url))
    assert soup.find("link", rel="canonical")["href"] == (
        "http://testserver/resources/cultivating-radical-kindness/"
    )
    assert len(soup.find_all("script", type="application/ld+json")) >= 1


def test_the_permanent_link_leads_to_the_resource(client, site_tree):
    t = site_tree
    response = assert_moved_permanently(
        client,
        f"/r/{t.resource.pk}/",
        "http://testserver/resources/cultivating-radical-kindness/",
    )
    assert "max-age=86400" in response["Cache-Control"]
    response = client.get(f"/r/{t.resource.pk}/", follow=True)
    assert response.status_code == 200
    assert response.context["page"].pk == t.resource.pk


def test_the_stories_collection_has_a_permanent_link_too(client, site_tree):
    # The library lists it among its resources.
    assert_moved_permanently(client, f"/r/{site_tree.stories.pk}/", "http://testserver/stories/")


def test_a_head_request_is_answered_too(client, site_tree):
    assert client.head(f"/r/{site_tree.resource.pk}/").status_code == 301
    assert client.post(f"/r/{site_tree.resource.pk}/").status_code == 405


def test_a_draft_or_private_resource_has_no_permanent_link(client, site_tree):
    t = site_tree
    draft = f.ResourcePageFactory(parent=t.resources, title="Not yet")
    draft.unpublish()
    private = f.ResourcePageFactory(parent=t.resources, title="Members only")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    for page in (draft, private):
        assert client.get(f"/r/{page.pk}/").status_code == 404


def test_a_deleted_resource_has_no_permanent_link(client, site_tree):
    page = f.ResourcePageFactory(parent=site_tree.resources, title="Withdrawn")
    page_id = page.pk
    page.delete()
    assert client.get(f"/r/{page_id}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/r/abc/",
        "/r/-1/",
        "/r/0/",
        "/r/1.5/",
        "/r/%00/",
        "/r/١٢/",  # Arabic-Indic digits
        "/r/99999999999999999999999999999999/",
        "/r/2147483648/",
        "/r/9223372036854775808/",
        "/r/",
    ],
)
def test_nonsense_permanent_links_are_not_found(client, site_tree, path):
    assert client.get(path).status_code == 404


def test_every_page_partners_link_to_has_a_permanent_link(client, site_tree):
    """Stories, events, partners and projects are linked to from partners' sites too."""
    t = site_tree
    for page in (t.story, t.session, t.partner, t.project, t.about):
        assert_moved_permanently(client, f"/r/{page.pk}/", f"http://testserver{page.url}")


def test_the_tree_root_has_no_permanent_link(client, site_tree):
    root = site_tree.home.get_parent()
    assert client.get(f"/r/{root.pk}/").status_code == 404


# -- renamed and moved resources -----------------------------------------------------------


def test_a_renamed_resource_redirects_from_its_old_address(
    client, site_tree, django_capture_on_commit_callbacks
):
    t = site_tree
    page = fresh(t.resource)
    page.title = "Cultivating Kindness"
    page.slug = "cultivating-kindness"
    # As an editor publishes a change; Wagtail makes its redirects once it is committed.
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert client.get("/resources/cultivating-kindness/").status_code == 200
    assert_moved_permanently(
        client, "/resources/cultivating-radical-kindness/", "/resources/cultivating-kindness/"
    )
    # Old links with a query string or without the final slash are caught too.
    assert_moved_permanently(
        client,
        "/resources/cultivating-radical-kindness/?utm_source=newsletter",
        "/resources/cultivating-kindness/",
    )
    # The permanent link goes straight to the new address.
    assert_moved_permanently(
        client, f"/r/{t.resource.pk}/", "http://testserver/resources/cultivating-kindness/"
    )
    # And the page still shows the same permanent link.
    soup = soup_of(client.get("/resources/cultivating-kindness/"))
    assert soup.find("input", id="permalink")["value"] == f"http://testserver/r/{t.resource.pk}/"


def test_renaming_twice_keeps_the_first_address_working(
    client, site_tree, django_capture_on_commit_callbacks
):
    page = fresh(site_tree.other_resource)
    for slug in ("kindness-and-emotions", "kindness-emotions"):
        page.slug = slug
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
    response = client.get("/resources/kindness-emotions-and-human-relationships/", follow=True)
    assert response.redirect_chain[-1] == ("/resources/kindness-emotions/", 301)
    assert response.status_code == 200


def test_moving_the_library_moves_every_resource_with_it(
    client, site_tree, django_capture_on_commit_callbacks
):
    t = site_tree
    library = fresh(t.resources)
    library.slug = "library"
    with django_capture_on_commit_callbacks(execute=True):
        library.save_revision().publish()

    assert_moved_permanently(client, "/resources/", "/library/")
    assert_moved_permanently(
        client,
        "/resources/cultivating-radical-kindness/",
        "/library/cultivating-radical-kindness/",
    )
    assert_moved_permanently(
        client,
        f"/r/{t.resource.pk}/",
        "http://testserver/library/cultivating-radical-kindness/",
    )
    assert client.get("/library/cultivating-radical-kindness/").status_code == 200


def test_a_resource_moved_to_another_library_page_redirects(client, site_tree):
    """Wagtail's move action (the admin's "Move"). The tree allows one library, so a
    second library page is made here only as somewhere to move a resource to."""
    t = site_tree
    archive = f.ResourceIndexPageFactory(parent=t.home, title="Archive", slug="archive")
    page = ResourcePage.objects.get(pk=t.other_resource.pk)
    page.move(ResourceIndexPage.objects.get(pk=archive.pk), pos="last-child")

    new = "/archive/kindness-emotions-and-human-relationships/"
    assert client.get(new).status_code == 200
    assert_moved_permanently(client, "/resources/kindness-emotions-and-human-relationships/", new)
    assert_moved_permanently(client, f"/r/{page.pk}/", f"http://testserver{new}")
