"""The editorial workflow in Chromium, as staff do it: an editor signs in, adds a
resource (crediting a new author from inside the chooser) and submits it; it is not
public; the moderator is emailed, approves and publishes it; visitors then see it."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from people.models import Person
from resources.models import ResourceIndexPage, ResourcePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_empty_database"),
]

TITLE = "A street of kind neighbours"


@pytest.fixture
def accounts(site):
    """An editor and a moderator, made before the browser starts (see `site`)."""
    User = get_user_model()
    for username, group in (("edna", "Editors"), ("moira", "Moderators")):
        user = User.objects.create_user(username, f"{username}@example.org", f"pw-{username}")
        user.groups.add(Group.objects.get(name=group))
    return ResourceIndexPage.objects.get().pk


def sign_in(page, site, username):
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"pw-{username}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/admin/")


def test_an_editor_submits_a_resource_and_a_moderator_publishes_it(accounts, page, site):
    library_id = accounts
    sign_in(page, site, "edna")
    page.goto(f"{site}/admin/pages/add/resources/resourcepage/{library_id}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_introduction").fill("Neighbours who had never spoken now share a garden.")
    page.get_by_role("button", name="Choose resource type").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name="Report", exact=True).click()
    expect(modal).to_be_hidden()
    page.locator("#id_publication_date").fill("17/05/2024")
    page.keyboard.press("Escape")  # close the date picker

    # The author is new to the site: added from inside the chooser, and chosen.
    page.get_by_role("button", name="Add Author").click()
    page.get_by_role("button", name="Choose person").first.click()
    modal.get_by_role("tab", name="Add a new person").click()
    modal.get_by_label("Name").first.fill("Imogen Threlfall")
    modal.get_by_role("button", name="Add a new person").click()
    expect(modal).to_be_hidden()
    expect(page.get_by_text("Imogen Threlfall")).to_be_visible()

    footer = page.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    # An editor may submit, never publish.
    expect(footer.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    footer.get_by_role("button", name="Submit to Moderators approval").click()
    expect(page.locator(".messages")).to_contain_text("submitted")

    resource = ResourcePage.objects.get(title=TITLE)
    assert not resource.live
    assert Person.objects.filter(name="Imogen Threlfall").exists()
    assert page.request.get(site + "/resources/a-street-of-kind-neighbours/").status == 404
    notices = [m for m in mail.outbox if "moira@example.org" in m.to]
    assert notices and TITLE in notices[0].subject

    moderator = page.context.browser.new_context(locale="en-GB", timezone_id=settings.TIME_ZONE)
    moderator.set_default_timeout(15_000)
    refused = []
    moderator.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    review = moderator.new_page()
    sign_in(review, site, "moira")
    # The dashboard lists it among the pages awaiting the moderator's review.
    review.locator("main").get_by_role("link", name=TITLE).first.click()
    review.wait_for_url(f"{site}/admin/pages/{resource.pk}/edit/")
    review.locator("footer").get_by_role("button", name="More actions").click()
    review.locator("footer").get_by_role("button", name="Approve and Publish").click()
    expect(review.locator(".messages")).to_contain_text("has been updated")

    visitor = page.context.browser.new_context().new_page()
    visitor.goto(site + "/resources/a-street-of-kind-neighbours/")
    expect(visitor.locator("h1")).to_have_text(TITLE)
    expect(visitor.locator("main")).to_contain_text("Imogen Threlfall")
    approvals = [m for m in mail.outbox if "edna@example.org" in m.to]
    assert approvals and "approved" in approvals[-1].subject.lower()
    moderator.close()
    assert refused == [], "the admin's Content-Security-Policy refused:\n" + "\n".join(refused)
