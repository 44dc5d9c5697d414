"""The admin's forms for files: documents (Wagtail's form, plus a line telling the
editor what search can read inside the file, on the edit form, which Wagtail also
shows right after each file of a bulk upload) and audio and video (what a file may be,
said before it is chosen), and images (alt text, or decorative)."""

from django import forms
from django.template.defaultfilters import filesizeformat, pluralize
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm
from wagtailmedia.forms import BaseMediaForm

from core.media_files import MAX_SIZE


class SiteDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        document = self.instance
        if document.pk and document.file_extension.lower() == "pdf":
            if document.text_note:
                status = document.text_note
            else:
                pages = document.page_count or 0
                status = (
                    f"Search can read this PDF: {pages} page{pluralize(pages)}, "
                    f"{len(document.text):,} characters of text."
                )
            self.fields["search_status"] = forms.CharField(
                label="Search inside this PDF",
                required=False,
                disabled=True,
                initial=status,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Read from the file when it is uploaded or replaced.",
            )


class SiteMediaForm(BaseMediaForm):
    """The admin's audio and video form: it says what a file may be before it is
    chosen (core/media_files.py checks it after), and drops captions for audio."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.type
        if "file" in self.fields and kind in MAX_SIZE:
            formats = "MP3 or M4A" if kind == "audio" else "MP4 or WebM"
            self.fields["file"].help_text = (
                f"{formats}, up to {filesizeformat(MAX_SIZE[kind])}. Its length is read "
                "from the file."
            )
        if kind == "audio":
            self.fields.pop("captions", None)
        if "duration" in self.fields:
            self.fields[
                "duration"
            ].help_text = "In seconds. Leave it at 0: it is read from the file when you upload it."


class SiteImageForm(BaseImageForm):
    """The admin's image form: an image has alt text, or is decorative and has none.
    Only where the form shows both fields: the first step of a bulk upload asks for
    the files alone, and each image's form after it asks for the rest."""

    def clean(self):
        cleaned = super().clean()
        if "description" not in self.fields or "is_decorative" not in self.fields:
            return cleaned
        alt, decorative = cleaned.get("description", "").strip(), cleaned.get("is_decorative")
        if decorative and alt:
            self.add_error(
                "is_decorative",
                "A decorative image has no alt text: clear the alt text, or untick "
                "'decorative' if the picture tells something.",
            )
        elif not decorative and not alt:
            self.add_error(
                "description",
                "Say what the image shows, for people who cannot see it, or tick "
                "'decorative' if it is only an ornament.",
            )
        return cleaned
