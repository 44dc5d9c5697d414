"""Share your story: the form at /stories/share/ (a route of the Stories page), and
making a shared story into a draft story page in one step (the admin's Shared
stories, resources/wagtail_hooks.py).

Spam is kept out without a third party: a honeypot field people never see (a bot that
fills it is thanked and nothing is kept), and at most RATE_LIMIT stories from one
address in RATE_WINDOW seconds (core/ratelimit.py). Whatever is refused, the
visitor's words stay in the form."""

import html
import io
import uuid

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import Truncator
from PIL import Image, ImageOps
from wagtail.contrib.routable_page.models import path
from wagtail.models import Collection
from wagtail.rich_text import RichText

from core import ratelimit
from core.models import SiteImage

MAX_PHOTO_SIZE = 10 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
RATE_SCOPE = "share-story"
RATE_LIMIT = 5
RATE_WINDOW = 10 * 60
KEPT = "Your story is still here"


def model(name):
    # resources/models.py builds the Stories page on this module (ShareStoryMixin), so
    # its models are found through Django's app registry when they are needed, as
    # resources/feeds.py does, rather than by importing the module that imports this.
    return apps.get_model("resources", name)


class PhotoField(forms.ImageField):
    """An optional photo, its size checked before Pillow reads it, so a huge file is
    told it is too big rather than that it is not a photo."""

    def to_python(self, data):
        if data and getattr(data, "size", 0) > MAX_PHOTO_SIZE:
            raise forms.ValidationError(
                f"This photo is {filesizeformat(data.size)}; photos can be at most "
                f"{filesizeformat(MAX_PHOTO_SIZE)}. {KEPT}: choose a smaller photo, or "
                "send your story without one.",
                code="too_big",
            )
        return super().to_python(data)


class ShareStoryBaseForm(forms.ModelForm):
    """What the form checks; `share_form()` binds it to the model."""

    # The honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(required=False, label="Leave this empty")

    def clean_story(self):
        story = self.cleaned_data["story"].strip()
        if not story:
            raise forms.ValidationError("Please tell us your story: the box is empty.")
        return story

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo or not hasattr(photo, "image"):
            return photo
        format = photo.image.format
        if format not in PHOTO_FORMATS:
            raise forms.ValidationError(
                f"Photos can be JPEG, PNG, WebP or GIF. {KEPT}: choose another photo, or "
                "send your story without one."
            )
        width, height = photo.image.size
        if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
            # Small files can hold enormous pictures, which would take a worker's
            # memory to draw.
            raise forms.ValidationError(
                f"This photo is {width:,} by {height:,} pixels, more than we can take. "
                f"{KEPT}: choose a smaller photo, or send your story without one."
            )
        # Named by what it is, not by what the visitor's file was called.
        photo.name = f"photo.{EXTENSIONS[format]}"
        return photo

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_to_contact") and not cleaned.get("email"):
            self.add_error("email", "Give your email address, so we can write to you.")
        return cleaned


def share_form(*args, **kwargs):
    form_class = forms.modelform_factory(
        model("StorySubmission"),
        form=ShareStoryBaseForm,
        fields=[
            "name",
            "anonymous",
            "email",
            "place",
            "story",
            "photo",
            "consent_to_publish",
            "consent_to_contact",
        ],
        widgets={"story": forms.Textarea(attrs={"rows": 10})},
        field_classes={"photo": PhotoField},
        error_messages={
            "story": {
                "required": "Please tell us your story: the box is empty.",
                "max_length": "Please keep your story under 6,000 characters (it has "
                "%(show_value)d). " + KEPT + ".",
            },
            "email": {"invalid": "This does not look like an email address."},
            # Django's own says "Upload a valid image…" for a file that is not one.
            "photo": {
                "invalid_image": "This file is not a photo. Photos can be JPEG, PNG, WebP "
                f"or GIF. {KEPT}: choose another file, or send your story without one."
            },
        },
    )
    return form_class(*args, **kwargs)


def share_view(request, stories_page):
    """GET: the form. POST: kept, then a thank-you (POST, redirect, GET); or the form
    again with the visitor's words and what to change."""
    status = 200
    notice = ""
    if request.method == "POST":
        form = share_form(request.POST, request.FILES)
        if request.POST.get("website"):
            return redirect(stories_page.url + stories_page.reverse_subpage("share_thanks"))
        if ratelimit.over_limit(request, RATE_SCOPE, RATE_LIMIT) or (
            form.is_valid() and ratelimit.count(request, RATE_SCOPE, RATE_WINDOW) > RATE_LIMIT
        ):
            status = 429
            notice = (
                f"Several stories have been sent from your connection in the last few "
                f"minutes, so this one was not sent. {KEPT}: please try again in "
                f"{RATE_WINDOW // 60} minutes."
            )
        elif form.is_valid():
            form.save()
            response = redirect(stories_page.url + stories_page.reverse_subpage("share_thanks"))
            response.status_code = 303
            return response
        else:
            status = 400
    else:
        form = share_form()
    context = {
        "page": stories_page,
        "self": stories_page,
        "form": form,
        "notice": notice,
        "view_title": f"Share your story | {stories_page.title}",
        "view_description": "Tell us about an act of radical kindness: one that built a "
        "bridge across difference.",
        "noindex": request.method == "POST",
    }
    return TemplateResponse(request, "resources/share_story.html", context, status=status)


def thanks_view(request, stories_page):
    context = {
        "page": stories_page,
        "self": stories_page,
        "view_title": f"Thank you for your story | {stories_page.title}",
        "noindex": True,
    }
    return TemplateResponse(request, "resources/share_story_thanks.html", context)


class CannotPublish(Exception):
    """Why a shared story cannot become a story page, in words for the editor."""


@transaction.atomic
def make_story(submission, stories_page, user):
    """A draft story page from a shared story, for an editor to check and publish:
    its text as the body, the teller as they asked to be named, their photo as the
    page's image (copied into the image library; its alt text is the editor's to
    write). Refused without the teller's consent to publish."""
    StoryPage, StorySubmission = model("StoryPage"), model("StorySubmission")
    if not submission.consent_to_publish:
        raise CannotPublish("The teller did not agree to their story being published.")
    if submission.story_page_id:
        raise CannotPublish("This story has already been made into a story page.")
    words = " ".join(submission.story.split())
    title = (
        f"A story from {submission.place.strip()}"
        if submission.place.strip()
        else ("A story of radical kindness")
    )
    paragraphs = [p.strip() for p in submission.story.replace("\r\n", "\n").split("\n\n")]
    body = [
        ("paragraph", RichText("<p>" + html.escape(p).replace("\n", "<br>") + "</p>"))
        for p in paragraphs
        if p
    ]
    page = StoryPage(
        title=Truncator(title).chars(200),
        kind=StoryPage.Kind.WRITTEN,
        date=timezone.localtime(submission.received_at).date(),
        introduction=Truncator(words).words(40),
        told_by=submission.credit,
        body=body,
        live=False,
    )
    page.listing_image = public_copy(submission, page.title)
    stories_page.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    submission.status = StorySubmission.Status.MADE_INTO_STORY
    submission.story_page = page
    submission.story_image = page.listing_image
    submission.save(update_fields=["status", "story_page", "story_image"])
    return page


def public_copy(submission, title):
    """The shared photo as a library image for the story page: drawn again by Pillow,
    so nothing but the picture goes public (no EXIF: no camera, time or GPS position),
    upright, under a name nobody can guess. None without a photo, or if its file is
    missing."""
    if not submission.photo:
        return None
    try:
        with submission.photo.open("rb") as file:
            data = file.read()
    except FileNotFoundError:
        return None
    with Image.open(io.BytesIO(data)) as picture:
        format = picture.format if picture.format in PHOTO_FORMATS else "JPEG"
        upright = ImageOps.exif_transpose(picture)
        if format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        redrawn = io.BytesIO()
        upright.save(redrawn, format=format)
    return SiteImage.objects.create(
        title=f"Photo shared with “{title}”",
        file=ContentFile(
            redrawn.getvalue(), name=f"shared-story-{uuid.uuid4().hex[:12]}.{EXTENSIONS[format]}"
        ),
        collection=Collection.get_first_root_node(),
    )


class ShareStoryMixin:
    """The form's addresses, as routes of the Stories page (with RoutablePageMixin),
    so they follow the page: /stories/share/ and /stories/share/thanks/."""

    @path("share/", name="share")
    def share(self, request):
        return share_view(request, self)

    @path("share/thanks/", name="share_thanks")
    def share_thanks(self, request):
        return thanks_view(request, self)

    def get_route_paths(self):
        """So the form's old address redirects when the Stories page moves."""
        return [*super().get_route_paths(), "/" + self.reverse_subpage("share")]
