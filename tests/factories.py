"""One factory per page type, snippet and image model.

Pages are always created under a parent (`parent=...`): Wagtail pages live in a tree,
and a page without one would become a second tree root."""

import datetime as dt

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Collection

from contact.models import ContactPage
from core.models import SiteDocument, SiteImage, SiteMedia, StandardPage
from events.models import EventIndexPage, EventPage, EventSeriesPage, EventSpeaker, FestivalPage
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
    RelatedResource,
    ResourceAuthor,
    ResourceDocument,
    ResourceIndexPage,
    ResourcePage,
    ResourceType,
    StoriesPage,
    StoryPage,
    StoryPerson,
    Topic,
)
from seeding.management.commands.generate_synthetic_content import pdf_with_text

# -- images and snippets --------------------------------------------------------------


class ImageFactory(wagtail_factories.ImageFactory):
    """A real (small) PNG in the root collection."""

    title = factory.Sequence(lambda n: f"Photograph {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(width=400, height=300, color="teal")
    is_decorative = False

    class Meta:
        model = SiteImage


def silent_mp3(seconds):
    """A real MP3 of silence: MPEG-1 Layer III frames at 128 kbit/s and 44.1 kHz, 417
    bytes each. Players and mutagen read it; mutagen takes its length from the size
    and the bit rate (16,000 bytes a second), so it is `seconds` long to them."""
    frame = b"\xff\xfb\x90\x64" + bytes(413)
    return frame * round(seconds * 16000 / 417)


class AudioFactory(DjangoModelFactory):
    """An uploaded podcast episode's audio (core.SiteMedia), read as an upload is."""

    title = factory.Sequence(lambda n: f"Episode audio {n}")
    type = "audio"
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.LazyAttribute(lambda o: ContentFile(silent_mp3(o.seconds), name="episode.mp3"))

    class Params:
        seconds = 90

    class Meta:
        model = SiteMedia

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        media = model_class(*args, **kwargs)
        media.full_clean()  # checks the file and reads its duration, as the admin does
        media.save()
        return media


class VideoFactory(AudioFactory):
    """An uploaded video (WebM: checked by its first bytes) with WebVTT captions."""

    title = factory.Sequence(lambda n: f"Video {n}")
    type = "video"
    file = factory.LazyFunction(
        lambda: ContentFile(b"\x1a\x45\xdf\xa3" + bytes(2048), name="clip.webm")
    )
    captions = factory.LazyFunction(
        lambda: ContentFile(b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n", name="clip.vtt")
    )


class DocumentFactory(wagtail_factories.DocumentFactory):
    """A PDF (core.SiteDocument) with real text, read on save as an upload's is:
    `DocumentFactory(lines=["First line", "Second line"])`."""

    title = factory.Sequence(lambda n: f"Report {n}")
    file = factory.LazyAttribute(
        lambda o: ContentFile(pdf_with_text(o.lines), name=f"{slugify(o.title)}.pdf")
    )

    class Params:
        lines = factory.LazyAttribute(lambda o: [o.title, "A report in a portable document."])

    class Meta:
        model = SiteDocument


class OrganisationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    website = factory.LazyAttribute(lambda o: f"https://{slugify(o.name)}.example.org/")

    class Meta:
        model = Organisation
        django_get_or_create = ("name",)


class PersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author Person {n}")
    role = ""

    class Meta:
        model = Person


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        model = Topic
        django_get_or_create = ("slug",)


class RelatedResourceFactory(DjangoModelFactory):
    class Meta:
        model = RelatedResource


class ResourceTypeFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Kind {n}")
    plural_name = factory.LazyAttribute(lambda o: f"{o.name}s")
    slug = factory.Sequence(lambda n: f"kind-{n}")

    class Meta:
        model = ResourceType
        django_get_or_create = ("slug",)


# -- pages ------------------------------------------------------------------------------


class BasePageFactory(wagtail_factories.PageFactory):
    introduction = factory.LazyAttribute(lambda o: f"An introduction to {o.title}.")

    class Meta:
        abstract = True


class HomePageFactory(BasePageFactory):
    title = "Radical Kindness"
    slug = "home"
    introduction = "Acts of kindness that build bridges across difference."

    class Meta:
        model = HomePage


class StandardPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"About us {n}")

    class Meta:
        model = StandardPage


class ProjectIndexPageFactory(BasePageFactory):
    title = "Projects"
    slug = "projects"
    show_in_menus = True

    class Meta:
        model = ProjectIndexPage


class ProjectPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Project number {n}")

    class Meta:
        model = ProjectPage


class PartnerIndexPageFactory(BasePageFactory):
    title = "Partners and funders"
    slug = "partners"
    show_in_menus = True

    class Meta:
        model = PartnerIndexPage


class PartnerPageFactory(BasePageFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.LazyAttribute(lambda o: o.organisation.name)

    class Meta:
        model = PartnerPage


class ResourceIndexPageFactory(BasePageFactory):
    title = "Resources"
    slug = "resources"
    show_in_menus = True

    class Meta:
        model = ResourceIndexPage


class LibraryItemFactoryMixin:
    """`projects=[…]`, `topics=[…]` and `partners=[…]` set a library item's links."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        links = {
            name: kwargs.pop(name) for name in ("projects", "topics", "partners") if name in kwargs
        }
        instance = super()._create(model_class, *args, **kwargs)
        if links:
            for name, values in links.items():
                getattr(instance, name).set(values)
            instance.save()
        return instance


class ResourcePageFactory(LibraryItemFactoryMixin, BasePageFactory):
    title = factory.Sequence(lambda n: f"Resource number {n}")
    resource_type = factory.SubFactory(ResourceTypeFactory)
    publication_date = dt.date(2021, 5, 17)

    class Meta:
        model = ResourcePage


class StoriesPageFactory(LibraryItemFactoryMixin, BasePageFactory):
    title = "Stories of Radical Kindness"
    slug = "stories"
    show_in_menus = True
    publication_date = dt.date(2021, 5, 14)
    resource_type = factory.SubFactory(
        ResourceTypeFactory, name="Collection", plural_name="Collections", slug="collection"
    )

    class Meta:
        model = StoriesPage


class StoryPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Story number {n}")
    kind = StoryPage.Kind.VIDEO
    date = dt.date(2021, 3, 2)

    class Meta:
        model = StoryPage


class ContactPageFactory(BasePageFactory):
    title = "Contact us"
    slug = "contact"
    privacy_notice = "<p>We use what you send only to reply to you.</p>"
    thank_you_text = "<p>Thank you.</p>"

    class Meta:
        model = ContactPage


class EventIndexPageFactory(BasePageFactory):
    title = "Events"
    slug = "events"
    show_in_menus = True

    class Meta:
        model = EventIndexPage


class EventSeriesPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Series number {n}")
    schedule = "11:00 UK time every Tuesday"

    class Meta:
        model = EventSeriesPage


class EventPageFactory(BasePageFactory):
    title = factory.Sequence(lambda n: f"Event number {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    event_format = EventPage.Format.ONLINE

    class Meta:
        model = EventPage


class FestivalPageFactory(EventPageFactory):
    title = factory.Sequence(lambda n: f"Festival number {n}")
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(days=5))
    all_day = True
    event_format = ""

    class Meta:
        model = FestivalPage


# -- inline children -----------------------------------------------------------------


class ResourceAuthorFactory(DjangoModelFactory):
    sort_order = factory.Sequence(lambda n: n)
    person = factory.SubFactory(PersonFactory)

    class Meta:
        model = ResourceAuthor


class StoryPersonFactory(DjangoModelFactory):
    sort_order = factory.Sequence(lambda n: n)
    person = factory.SubFactory(PersonFactory)

    class Meta:
        model = StoryPerson


class EventSpeakerFactory(DjangoModelFactory):
    sort_order = factory.Sequence(lambda n: n)
    person = factory.SubFactory(PersonFactory)

    class Meta:
        model = EventSpeaker


class ResourceDocumentFactory(DjangoModelFactory):
    sort_order = factory.Sequence(lambda n: n)
    document = factory.SubFactory(DocumentFactory)

    class Meta:
        model = ResourceDocument


class ProjectPartnershipFactory(DjangoModelFactory):
    sort_order = factory.Sequence(lambda n: n)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ProjectPartnership.Role.PARTNER

    class Meta:
        model = ProjectPartnership
