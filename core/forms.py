"""The admin's document form: Wagtail's, plus a line telling the editor what search
can read inside the file. It shows on the edit form, which Wagtail also shows right
after each file of a bulk upload, so the note is seen when it matters."""

from django import forms
from django.template.defaultfilters import pluralize
from wagtail.documents.forms import BaseDocumentForm


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
