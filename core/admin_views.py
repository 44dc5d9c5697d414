"""The admin's document upload, saying straight away when search cannot read inside
an uploaded PDF (Wagtail's own view only says it was added)."""

from django.contrib import messages
from wagtail.documents.views.documents import CreateView


class SiteDocumentCreateView(CreateView):
    def form_valid(self, form):
        response = super().form_valid(form)
        if self.object.text_note:
            messages.warning(self.request, f"“{self.object.title}”: {self.object.text_note}")
        return response
