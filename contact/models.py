"""The contact page: a form staff build in the admin (Wagtail's form builder), whose
messages are kept in the admin (Forms) to read and export, and emailed on if the page
names an address.

Spam is kept out as on "Share your story": a honeypot field people never see (a bot
that fills it is thanked and nothing is kept), and at most RATE_LIMIT messages from
one address in RATE_WINDOW seconds. A message refused for the rate is shown again
with the visitor's words in it, never lost."""

import logging

from django import forms
from django.db import models
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey
from wagtail.admin.mail import send_mail
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, EmailFormMixin, FormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from core import ratelimit
from core.models import BasePage

logger = logging.getLogger(__name__)

RATE_SCOPE = "contact"
RATE_LIMIT = 5
RATE_WINDOW = 10 * 60
HONEYPOT = "website"
KEPT = "Your message is still in the form below"


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(EmailFormMixin, FormMixin, BasePage):
    """/contact/: the form, then its thank-you on the same address."""

    privacy_notice = RichTextField(
        features=["bold", "italic", "link"],
        help_text="What happens to what people send: shown under the form.",
    )
    thank_you_text = RichTextField(
        features=["bold", "italic", "link"],
        help_text="Shown once a message is sent.",
    )

    content_panels = BasePage.content_panels + [
        FormSubmissionsPanel(),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Email each message to",
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    # Linked from every page's footer (core's site_tags.site_pages).
    show_in_footer = True

    kind_label = "Contact"

    class Meta:
        verbose_name = "contact page"
        permissions = [("read_messages", "Can read and export messages sent to the contact page")]

    def get_form_class(self):
        form_class = super().get_form_class()
        # The honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
        return type(
            "ContactForm",
            (form_class,),
            {HONEYPOT: forms.CharField(required=False, label="Leave this empty")},
        )

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        # Browsers fill in the sender's own details (WCAG 1.3.5, input purpose).
        for name, field in form.fields.items():
            if isinstance(field.widget, forms.EmailInput):
                field.widget.attrs.setdefault("autocomplete", "email")
            elif name.endswith("name") and isinstance(field.widget, forms.TextInput):
                field.widget.attrs.setdefault("autocomplete", "name")
        return form

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if request.POST.get(HONEYPOT):
            return self.render_landing_page(request)
        status, notice = 400, ""
        if ratelimit.over_limit(request, RATE_SCOPE, RATE_LIMIT) or (
            form.is_valid() and ratelimit.count(request, RATE_SCOPE, RATE_WINDOW) > RATE_LIMIT
        ):
            status = 429
            notice = (
                "Several messages have been sent from your connection in the last few "
                f"minutes, so this one was not sent. {KEPT}: please try again in "
                f"{RATE_WINDOW // 60} minutes."
            )
        elif form.is_valid():
            return self.render_landing_page(request, self.process_form_submission(form))
        context = self.get_context(request)
        context.update(form=form, notice=notice, noindex=True)
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def process_form_submission(self, form):
        form.cleaned_data.pop(HONEYPOT, None)
        return super().process_form_submission(form)

    def send_mail(self, form):
        """The message to the project's inbox, with replies going to the sender. A mail
        server that fails is logged: the message is kept in the admin either way."""
        reply_to = [
            form.cleaned_data[field.clean_name]
            for field in self.get_form_fields()
            if field.field_type == "email" and form.cleaned_data.get(field.clean_name)
        ][:1]
        try:
            send_mail(
                self.subject or f"A message from the {self.title} page",
                self.render_email(form),
                [address.strip() for address in self.to_address.split(",")],
                self.from_address or None,
                reply_to=reply_to or None,
            )
        except Exception:
            logger.exception("A contact message could not be emailed; it is kept in the admin")
