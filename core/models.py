"""Site-wide pieces every app builds on: the image model, the abstract page that
carries listing and sharing fields, the standard page and site settings."""

import copy

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.template.defaultfilters import filesizeformat, pluralize
from django.templatetags.static import static
from django.urls import reverse
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image, SourceImageIOError
from wagtail.models import Orderable, Page, PageManager, Site
from wagtail.search import index
from wagtailmedia.models import AbstractMedia

from core import errors, privacy
from core.blocks import BodyBlock
from core.documents import read_pdf
from core.media_files import MIME_TYPES, check_captions, read_media


class SiteImage(AbstractImage):
    """Wagtail's image plus one decision editors must make: what it shows (its alt
    text), or that it is decorative, and then has none, so screen readers skip it.
    The admin's form asks for one of the two (core.forms.SiteImageForm)."""

    description = models.CharField(
        "alt text",
        blank=True,
        max_length=255,
        default="",
        help_text="What the image shows, for people who cannot see it (its alt text). "
        "Leave empty and tick 'decorative' for ornaments.",
    )
    is_decorative = models.BooleanField(
        default=False,
        help_text="Tick for ornaments that carry no information; screen readers will skip them.",
    )

    admin_form_fields = Image.admin_form_fields + ("is_decorative",)

    @property
    def alt_text(self):
        """The alt text an editor wrote; never the title, which is often a file name
        ("IMG_2041.jpg") and tells a screen reader user nothing."""
        return "" if self.is_decorative else self.description.strip()


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class SiteDocument(AbstractDocument):
    """Wagtail's document plus what the site reads from a PDF when it is uploaded: its
    page count, for download links ("PDF, 1.2 MB, 24 pages"), and its text, for
    search. `text_note` tells editors when search cannot read inside a PDF."""

    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    text = models.TextField(blank=True, editable=False)
    text_note = models.CharField(max_length=255, blank=True, editable=False)
    # The file_hash the facts above were read from: they are read again only when the
    # file changes, however it was saved (admin, bulk upload, a command).
    text_source_hash = models.CharField(max_length=40, blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"

    def clean(self):
        # With no file (the upload was refused, e.g. as too big), Wagtail's check of the
        # extension would add a second, confusing error about an extension "".
        if self.file:
            super().clean()

    def save(self, *args, **kwargs):
        if self.file and self.get_file_hash_for_facts() != self.text_source_hash:
            self.read_file_facts()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "page_count",
                    "text",
                    "text_note",
                    "text_source_hash",
                    "file_size",
                }
        super().save(*args, **kwargs)

    def get_file_hash_for_facts(self):
        if not self.file_hash:
            self._set_file_hash()
        return self.file_hash

    def read_file_facts(self):
        self.file_size = self.file.size  # as Wagtail's own upload sets it
        if self.file_extension.lower() == "pdf":
            with self.open_file() as file:
                facts = read_pdf(file)
            self.page_count, self.text, self.text_note = facts.page_count, facts.text, facts.note
        else:
            self.page_count, self.text, self.text_note = None, "", ""
        self.text_source_hash = self.file_hash

    @property
    def kind_label(self):
        """What visitors are told they will get: "PDF", "Word document"…"""
        return DOCUMENT_KINDS.get(self.file_extension.lower(), self.file_extension.upper())

    @property
    def facts_label(self):
        """What a download link says about the file: "PDF, 1.2 MB, 24 pages"."""
        facts = [self.kind_label]
        if self.file_size:
            facts.append(filesizeformat(self.file_size).replace("\xa0", " "))
        if self.page_count:
            facts.append(f"{self.page_count} page{pluralize(self.page_count)}")
        return ", ".join(facts)


class SiteMedia(AbstractMedia):
    """Audio and video uploaded by editors (wagtailmedia's library under Media):
    podcast episodes, and videos kept on the site rather than a video host. The file
    is checked and its duration read on upload (core/media_files.py); a video may
    carry WebVTT captions."""

    captions = models.FileField(
        upload_to="media_captions",
        blank=True,
        validators=[FileExtensionValidator(["vtt"])],
        help_text="For videos: captions as a WebVTT file (.vtt), shown when a visitor "
        "turns captions on. Everyone who cannot hear the video depends on them.",
    )

    # Stored on upload, so a podcast feed lists every episode's length without asking
    # the storage (a request each, on S3).
    file_size = models.PositiveBigIntegerField(null=True, editable=False)

    admin_form_fields = AbstractMedia.admin_form_fields + ("captions",)

    class Meta(AbstractMedia.Meta):
        verbose_name = "audio or video file"
        verbose_name_plural = "audio and video files"

    def clean(self):
        try:
            super().clean()  # the extension, by type (WAGTAILMEDIA's lists)
        except ValidationError as error:
            # Said next to the file, where the editor looks, not above the form.
            raise ValidationError({"file": error.messages}) from error
        if self.file and not getattr(self.file, "_committed", True):
            # A new upload: read it. A file already stored was read when it came.
            try:
                facts = read_media(self.file, self.type, self.file_extension.lower())
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error
            if facts.duration:
                self.duration = facts.duration
        if self.captions and not getattr(self.captions, "_committed", True):
            if self.type != "video":
                raise ValidationError({"captions": "Captions are for videos only."})
            try:
                check_captions(self.captions)
            except ValidationError as error:
                raise ValidationError({"captions": error.messages}) from error

    def save(self, *args, **kwargs):
        if self.file and (self.file_size is None or not getattr(self.file, "_committed", True)):
            self.file_size = self.file.size
        super().save(*args, **kwargs)

    @property
    def mime_type(self):
        return MIME_TYPES.get(self.file_extension.lower(), "application/octet-stream")

    @property
    def is_audio(self):
        return self.type == "audio"

    @property
    def duration_label(self):
        """ "32 minutes", "1 hour 5 minutes", "1 minute 30 seconds": seconds only for
        what is shorter than ten minutes, where they matter."""
        seconds = round(self.duration or 0)
        hours, rest = divmod(seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        parts = [(hours, "hour"), (minutes, "minute")]
        if not hours and minutes < 10:
            parts.append((seconds, "second"))
        return " ".join(f"{n} {unit}{pluralize(n)}" for n, unit in parts if n)

    @property
    def facts_label(self):
        """What a download link says: "MP3, 24.1 MB, 32 minutes"."""
        facts = [self.file_extension.upper()]
        if self.file_size:
            facts.append(filesizeformat(self.file_size).replace("\xa0", " "))
        if self.duration_label:
            facts.append(self.duration_label)
        return ", ".join(facts)


# Names visitors know, for the extensions WAGTAILDOCS_EXTENSIONS allows.
DOCUMENT_KINDS = {
    "pdf": "PDF",
    "docx": "Word document",
    "odt": "OpenDocument text",
    "rtf": "Rich text document",
    "txt": "Text file",
    "pptx": "PowerPoint presentation",
    "xlsx": "Excel spreadsheet",
    "csv": "CSV spreadsheet",
}


class AttachedDocument(Orderable):
    """A document attached to a page in an inline panel: a resource's report, an
    event's slides. Subclasses add the `page` ParentalKey."""

    document = models.ForeignKey(
        "core.SiteDocument",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A PDF or other file visitors can open or download.",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        abstract = True


class ContentVersion(models.Model):
    """One row: a token that changes, in the same transaction, whenever published
    content changes (core/versions.py). What is computed from many pages at once and
    kept (the library's facet index, calendar files) is kept under the token it was
    computed with, so no process serves it once the content has moved on. In the
    database, not a cache, so every process sees the change the moment it commits."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return self.token


class BasePage(Page):
    """Fields every page needs for cards, search results and share previews.

    Templates read two fallback chains instead of each page inventing its own:
    `summary_text` for cards and results (card summary → introduction → meta
    description) and `share_text` for meta and social tags (sharing text → meta
    description → card summary → introduction)."""

    introduction = models.TextField(
        blank=True,
        help_text="One or two sentences under the page title, in plain text. Also used on "
        "the page's card and in search results unless a card summary is given.",
    )
    short_title = models.CharField(
        max_length=40,
        blank=True,
        help_text="Optional: a shorter name for menus, e.g. 'Stories'. Defaults to the title.",
    )
    listing_summary = models.TextField(
        "card summary",
        blank=True,
        max_length=300,
        help_text="Optional: a shorter summary for cards and search results. "
        "If empty, the introduction (or summary) is used.",
    )
    listing_image = models.ForeignKey(
        SiteImage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="image",
        help_text="Optional: shown at the top of the page, and on its card where cards have pictures.",
    )
    social_text = models.CharField(
        "sharing text",
        max_length=255,
        blank=True,
        help_text="Optional: the description shown when the page is shared on social media. "
        "If empty, the meta description, then the card summary, then the introduction is used.",
    )
    social_image = models.ForeignKey(
        SiteImage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the picture shown when shared. Defaults to the page image.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("listing_image"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading="Address and search engines",
        ),
        MultiFieldPanel(
            [FieldPanel("show_in_menus"), FieldPanel("short_title")],
            heading="Main menu",
        ),
        MultiFieldPanel(
            [FieldPanel("listing_summary"), FieldPanel("social_text"), FieldPanel("social_image")],
            heading="Cards and sharing",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    objects = PageManager.from_queryset(privacy.SitePageQuerySet)()

    # What the page shows from other tables (a resource's authors and topics, an
    # event's speakers): names of its cached properties and foreign keys, read once per
    # content token in each process rather than on every view (core/versions.py). Any
    # change to a page, an inline row or a snippet rewrites the token; a preview reads
    # afresh. The values are shared between requests: templates only read them.
    kept_facts = ()

    # The section of the site this page type belongs to (core.sections), by which site
    # search groups its results: "Resources", "Events"... None is "Other pages".
    section = None

    class Meta:
        abstract = True

    @property
    def menu_title(self):
        return self.short_title or self.title

    @property
    def kind_label(self):
        """What this page is, in a visitor's words, for search results and cards."""
        return self._meta.verbose_name.capitalize()

    @property
    def summary_text(self):
        return self.listing_summary or self.introduction or self.search_description

    @property
    def share_text(self):
        return (
            self.social_text or self.search_description or self.listing_summary or self.introduction
        )

    @property
    def permanent_path(self):
        """/r/<id>/: the address to cite and share, which follows the page wherever it
        moves (core/permalinks.py)."""
        return reverse("permalink", args=[self.pk]) if self.pk else ""

    @property
    def share_image(self):
        return self.social_image or self.listing_image

    def get_structured_data(self, request):
        return page_structured_data(self, request)

    def get_context(self, request, *args, **kwargs):
        self.use_kept_facts(request)
        return super().get_context(request, *args, **kwargs)

    def use_kept_facts(self, request):
        if not (self.kept_facts and self.pk):
            return
        from core import versions  # which needs this module loaded first

        facts = versions.kept(
            request,
            ("page facts", self.pk),
            lambda: {name: getattr(self, name) for name in self.kept_facts},
        )
        for name, value in facts.items():
            foreign_key = getattr(type(self), name, None)
            if isinstance(foreign_key, ForwardManyToOneDescriptor):
                foreign_key.field.set_cached_value(self, value)
            else:
                self.__dict__[name] = value  # where cached_property keeps its value

    def get_view_restrictions(self):
        found = privacy.view_restrictions(self)
        return super().get_view_restrictions() if found is None else found

    def get_cached_paths(self):
        """What a CDN is told to drop when this page changes (core/purges.py): the page
        and its fixed routes (feeds, calendar files), the addresses kept for redirects."""
        return self.get_route_paths()

    def get_sitemap_urls(self, request=None):
        # Like canonical links, use the host the visitor asked for rather than the
        # Site record's hostname, so the sitemap is right on every deployment.
        urls = super().get_sitemap_urls(request)
        if request is not None:
            for url in urls:
                url["location"] = request.build_absolute_uri(self.get_url(request))
        return urls


class StandardPage(BasePage):
    """A plain page of text, for anything that is not a project, resource or event."""

    body = StreamField(BodyBlock(), blank=True, help_text="The main content of the page.")

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "core.StandardPage", "projects.ProjectPage"]
    subpage_types = ["core.StandardPage"]

    kind_label = "Page"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        max_length=120,
        default="The Belong Network",
        help_text="The organisation behind the site, named in the header, the footer and "
        "in the information search engines read.",
    )
    funder_acknowledgement = models.TextField(
        blank=True,
        help_text="The footer's thanks to the project's funder, in plain text. "
        "Leave empty to hide the funder section of the footer.",
    )
    # Any page, so the ground floor depends on no app above it; the chooser below offers
    # partner pages only.
    funder_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the funder's partner page, linked from the footer "
        "(shown only when there is an acknowledgement).",
    )

    # The words of the error pages (core/errors.py). Plain text: the pages add the
    # links to the home page and search themselves.
    page_not_found_heading = models.CharField(
        "heading",
        max_length=120,
        default="We can’t find that page",
    )
    page_not_found_text = models.TextField(
        "text",
        default="The address may be mistyped, or the page may have moved.",
        help_text="Followed by links to the home page and to search.",
    )
    server_error_heading = models.CharField(
        "heading",
        max_length=120,
        default=errors.SERVER_ERROR_HEADING,
    )
    server_error_text = models.TextField(
        "text",
        default=errors.SERVER_ERROR_TEXT,
        help_text="Shown when the site fails. If the database is down, the default words "
        "are shown instead.",
    )

    @classmethod
    def for_request(cls, request):
        """As Wagtail's, but read once per content token rather than once per request:
        every page shows them, and saving them rewrites the token (core/versions.py).
        Each request gets its own copy, as Wagtail hands it the request."""
        attr = cls.get_cache_attr_name()
        site = None if hasattr(request, attr) else Site.find_for_request(request)
        if site is not None:
            from core import versions  # which needs this module loaded first

            def read():
                found = cls.for_site(site)
                found.funder_page  # noqa: B018 - read now, so every copy has it
                return found

            found = copy.copy(versions.kept(request, ("site settings", site.pk), read))
            found._request = request
            setattr(request, attr, found)
        return super().for_request(request)

    site_panels = [
        FieldPanel("organisation_name"),
        FieldPanel("funder_acknowledgement"),
        PageChooserPanel("funder_page", page_type="projects.PartnerPage"),
    ]
    error_panels = [
        MultiFieldPanel(
            [FieldPanel("page_not_found_heading"), FieldPanel("page_not_found_text")],
            heading="Page not found (404)",
        ),
        MultiFieldPanel(
            [FieldPanel("server_error_heading"), FieldPanel("server_error_text")],
            heading="Server error (500)",
        ),
    ]
    edit_handler = TabbedInterface(
        [ObjectList(site_panels, heading="Site"), ObjectList(error_panels, heading="Error pages")]
    )

    class Meta:
        verbose_name = "site settings"


def rendition_url(image, spec, request):
    """The absolute address of a rendition of `image`, for structured data and feeds,
    or "" when there is no image or its file is missing (a database restored without
    its media): the page or feed is still served, without the picture."""
    if image is None:
        return ""
    try:
        return request.build_absolute_uri(image.get_rendition(spec).url)
    except (SourceImageIOError, FileNotFoundError):
        return ""


def organisation_name(request):
    """The organisation's name from the site's settings; the default where the host
    matches no site (a 404 page for a stray host still names it)."""
    if Site.find_for_request(request) is None:
        return SiteSettings._meta.get_field("organisation_name").default
    return SiteSettings.for_request(request).organisation_name


def organisation_data(request):
    """The organisation behind the site, as schema.org sees it (from site settings).
    Every page describes it once (base.html); elsewhere it is the same @id."""
    home = request.build_absolute_uri("/")
    return {
        "@type": "Organization",
        "@id": f"{home}#organisation",
        "name": organisation_name(request),
        "url": home,
        "logo": request.build_absolute_uri(static("img/logo-512.png")),
    }


def site_name_for(request):
    """The name of the site the visitor asked for, for titles and descriptions."""
    site = Site.find_for_request(request)  # cached on the request
    return (site.site_name if site else "") or "Radical Kindness"


def page_structured_data(page, request, schema_type="WebPage", **extra):
    """The schema.org description shared by every page; subclasses add their own facts."""
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": page.title,
        "url": request.build_absolute_uri(page.get_url(request)),
    }
    if page.summary_text:
        data["description"] = page.summary_text
    data.update({key: value for key, value in extra.items() if value})
    return data
