"""Share your story (/stories/share/): a form that works without JavaScript, keeps
spam out without a third party, keeps the visitor's words whatever it refuses, never
publishes by itself, and lets staff make a draft story page in one step, or delete
someone's data when they ask."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from resources import submissions
from resources.models import StoryPage, StorySubmission
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db

SHARE = "/stories/share/"
STORY = "Our neighbour, who had never spoken to us, shovelled our path every morning.\n\nNow we share Sunday lunch."


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()  # the rate limit counts in the cache, which outlives a test


def photo(size=(40, 30), format="JPEG", padding=0):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=format)
    return SimpleUploadedFile(
        f"photo.{format.lower()}", buffer.getvalue() + bytes(padding), content_type="image/jpeg"
    )


def send(client, remote_addr="127.0.0.1", **fields):
    data = {"name": "Priya", "email": "priya@example.org", "place": "Leeds", "story": STORY}
    data.update(fields)
    return client.post(SHARE, data, REMOTE_ADDR=remote_addr)


def test_the_form_works_without_javascript(client, site_tree):
    soup = soup_of(client.get(SHARE))
    form = main_of(soup).find("form", class_="share-form")
    assert form["method"] == "post" and form["enctype"] == "multipart/form-data"
    names = {field["name"] for field in form.find_all(["input", "textarea"]) if field.get("name")}
    assert {"story", "place", "name", "anonymous", "email", "photo"} <= names
    assert {"consent_to_publish", "consent_to_contact", "website"} <= names
    # The honeypot is out of sight and out of the tab order.
    honeypot = form.find("input", attrs={"name": "website"})
    assert honeypot["tabindex"] == "-1" and honeypot.parent["aria-hidden"] == "true"
    assert soup.title.string.startswith("Share your story | ")


def test_a_story_is_kept_for_staff_and_not_published(client, site_tree):
    before = StoryPage.objects.count()
    response = send(client, consent_to_publish="on", photo=photo())
    assert response.status_code == 303
    assert response["Location"] == "/stories/share/thanks/"
    thanks = main_of(soup_of(client.get(response["Location"])))
    assert "Thank you for your story" in visible_text(thanks)
    submission = StorySubmission.objects.get()
    assert submission.story == STORY and submission.place == "Leeds"
    assert submission.consent_to_publish and not submission.consent_to_contact
    assert submission.status == StorySubmission.Status.NEW
    assert StoryPage.objects.count() == before
    # The photo is kept where no address serves it.
    path = Path(submission.photo.path)
    assert path.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not path.is_relative_to(settings.MEDIA_ROOT)


def assert_refused_and_kept(response, message):
    assert response.status_code == 400
    main = main_of(soup_of(response))
    assert message in visible_text(main)
    # Nothing the visitor wrote is lost.
    kept = main.find("textarea", attrs={"name": "story"}).string
    assert "shovelled our path" in kept and "Now we share Sunday lunch." in kept
    assert main.find("input", attrs={"name": "place"})["value"] == "Leeds"
    assert not StorySubmission.objects.exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"story": "   "}, "Please tell us your story: the box is empty."),
        ({"photo": photo(padding=20 * 1024 * 1024)}, "This photo is 20.0"),
        (
            {
                "photo": SimpleUploadedFile(
                    "photo.jpg", b"not a photo at all", content_type="image/jpeg"
                )
            },
            "This file is not a photo.",
        ),
        ({"photo": photo(format="BMP")}, "Photos can be JPEG, PNG, WebP or GIF."),
        (
            {"email": "", "consent_to_contact": "on"},
            "Give your email address, so we can write to you.",
        ),
        ({"email": "priya at example"}, "This does not look like an email address."),
    ],
)
def test_bad_input_gets_a_clear_answer_and_nothing_is_lost(client, site_tree, fields, message):
    response = send(client, **fields)
    if "story" in fields:
        assert response.status_code == 400
        assert message in visible_text(main_of(soup_of(response)))
        assert not StorySubmission.objects.exists()
        return
    assert_refused_and_kept(response, message)


def test_a_bot_that_fills_the_honeypot_is_thanked_and_nothing_kept(client, site_tree):
    response = send(client, website="http://spam.example")
    assert response.status_code == 302 and response["Location"] == "/stories/share/thanks/"
    assert not StorySubmission.objects.exists()


def test_a_hundred_stories_a_minute_are_refused_after_the_fifth(client, site_tree):
    codes = [send(client, story=f"{STORY} ({n})").status_code for n in range(100)]
    assert codes[: submissions.RATE_LIMIT] == [303] * submissions.RATE_LIMIT
    assert set(codes[submissions.RATE_LIMIT :]) == {429}
    assert StorySubmission.objects.count() == submissions.RATE_LIMIT
    response = send(client)
    assert response.status_code == 429
    main = main_of(soup_of(response))
    kept = main.find("textarea", attrs={"name": "story"}).string
    assert "Now we share Sunday lunch." in kept
    assert "Your story is still here: please try again in 10 minutes." in visible_text(main)
    assert main.find("input", attrs={"name": "place"})["value"] == "Leeds"
    # Someone else, elsewhere, is not held up.
    assert send(client, remote_addr="203.0.113.9").status_code == 303


def test_behind_a_proxy_each_visitor_is_counted_apart(client, site_tree, settings):
    """Every request reaches the app from the proxy; the proxy names the visitor."""
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for _ in range(submissions.RATE_LIMIT):
        assert (
            client.post(SHARE, {"story": STORY}, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code
            == 303
        )
    assert (
        client.post(SHARE, {"story": STORY}, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    )
    # A spoofed first address does not help: the proxy's own addition comes last.
    spoofed = "203.0.113.1, 198.51.100.7"
    assert client.post(SHARE, {"story": STORY}, HTTP_X_FORWARDED_FOR=spoofed).status_code == 429
    assert (
        client.post(SHARE, {"story": STORY}, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 303
    )


@pytest.fixture
def staff(client, db):
    user = get_user_model().objects.create_superuser("editor", "", "pass-for-tests-only")
    client.force_login(user)
    return user


def test_staff_make_a_draft_story_page_in_one_step(client, site_tree, staff):
    send(client, consent_to_publish="on", photo=photo(), anonymous="")
    submission = StorySubmission.objects.get()
    response = client.post(f"/admin/shared_stories/{submission.pk}/make-story/")
    submission.refresh_from_db()
    page = submission.story_page
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert submission.status == StorySubmission.Status.MADE_INTO_STORY
    assert not page.live  # a draft, for an editor to check and publish
    assert page.title == "A story from Leeds" and page.kind == StoryPage.Kind.WRITTEN
    assert page.told_by == "Priya"
    assert [block.value.source for block in page.body] == [
        "<p>Our neighbour, who had never spoken to us, shovelled our path every morning.</p>",
        "<p>Now we share Sunday lunch.</p>",
    ]
    assert page.listing_image.file.name.startswith("original_images/shared-story")
    # Run again, it makes nothing more.
    client.post(f"/admin/shared_stories/{submission.pk}/make-story/")
    assert StoryPage.objects.filter(kind="written").count() == 1


def test_without_consent_no_story_page_is_made(client, site_tree, staff):
    send(client)
    submission = StorySubmission.objects.get()
    response = client.post(f"/admin/shared_stories/{submission.pk}/make-story/", follow=True)
    assert "did not agree to their story being published" in response.content.decode()
    assert not StoryPage.objects.filter(kind="written").exists()


def test_an_anonymous_story_names_no_one(client, site_tree, staff):
    send(client, consent_to_publish="on", anonymous="on")
    submission = StorySubmission.objects.get()
    page = submissions.make_story(submission, site_tree.stories, staff)
    assert page.told_by == ""


def test_the_photo_is_for_staff_only_and_goes_when_the_story_is_deleted(client, site_tree, staff):
    send(client, photo=photo())
    submission = StorySubmission.objects.get()
    path = Path(submission.photo.path)
    assert client.get(f"/admin/shared_stories/{submission.pk}/photo/").status_code == 200
    client.logout()
    assert client.get(f"/admin/shared_stories/{submission.pk}/photo/").status_code == 302
    client.force_login(staff)
    # Staff find a story by the teller's email, then delete it, as docs/ describes.
    listing = client.get("/admin/shared_stories/", {"q": "priya@example.org"})
    assert "Leeds" in listing.content.decode()
    client.post(f"/admin/shared_stories/delete/{submission.pk}/")
    assert not StorySubmission.objects.exists()
    assert not path.exists()


def test_only_those_who_handle_shared_stories_can_publish_them(client, site_tree):
    """An editor who may add story pages and images, but not handle shared stories,
    can neither make a story page of one nor see its photo."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    send(client, consent_to_publish="on", photo=photo())
    submission = StorySubmission.objects.get()
    group = Group.objects.create(name="Page editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupCollectionPermission.objects.create(  # images are permitted by collection
        group=group,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="add_image"),
    )
    GroupPagePermission.objects.create(
        group=group, page=site_tree.stories, permission=Permission.objects.get(codename="add_page")
    )
    editor = get_user_model().objects.create_user("page-editor", "", "pass-for-tests-only")
    editor.groups.add(group)
    client.force_login(editor)
    # Wagtail answers a refusal in its admin by sending the user to the dashboard.
    refused = client.post(f"/admin/shared_stories/{submission.pk}/make-story/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    refused = client.get(f"/admin/shared_stories/{submission.pk}/photo/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    submission.refresh_from_db()
    assert submission.story_page is None and submission.status == StorySubmission.Status.NEW

    # Given the right to handle shared stories, the same editor can.
    group.permissions.add(
        Permission.objects.get(codename="view_storysubmission"),
        Permission.objects.get(codename="change_storysubmission"),
    )
    editor = get_user_model().objects.get(pk=editor.pk)  # permissions are cached per user
    client.force_login(editor)
    assert client.get(f"/admin/shared_stories/{submission.pk}/photo/").status_code == 200
    response = client.post(f"/admin/shared_stories/{submission.pk}/make-story/")
    submission.refresh_from_db()
    assert response["Location"] == f"/admin/pages/{submission.story_page.pk}/edit/"


def test_the_public_copy_of_a_photo_carries_nothing_but_the_picture(client, site_tree, staff):
    picture = Image.new("RGB", (40, 30), "teal")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # the camera's make
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif)
    upload = SimpleUploadedFile(
        "IMG_20240101_family.jpg", buffer.getvalue(), content_type="image/jpeg"
    )
    send(client, consent_to_publish="on", photo=upload)
    submission = StorySubmission.objects.get()
    assert submission.photo.name.endswith("/" + Path(submission.photo.name).name)
    assert "family" not in submission.photo.name and submission.photo.name.endswith(".jpg")
    page = submissions.make_story(submission, site_tree.stories, staff)
    copy = page.listing_image
    assert "family" not in copy.file.name and "shared-story-" in copy.file.name
    with copy.file.open("rb") as file, Image.open(file) as public:
        assert not public.getexif()
    # Deleting the shared story deletes the public copy too.
    submission.delete()
    assert not type(copy).objects.filter(pk=copy.pk).exists()


def test_an_enormous_picture_in_a_small_file_is_refused(client, site_tree, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000
    response = send(client, photo=photo(size=(100, 100), format="PNG"))
    assert_refused_and_kept(response, "This photo is 100 by 100 pixels, more than we can take.")


def test_the_stories_page_keeps_its_own_addresses(site_tree):
    from django.core.exceptions import ValidationError

    for slug in ("share", "podcast"):
        page = StoryPage(title="A story", slug=slug, kind="written")
        with pytest.raises(ValidationError, match="The Stories page uses"):
            page.clean()
