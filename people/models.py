"""People and organisations: the authors and speakers that resources and events
share. Snippets, not pages: they have no page of their own (an organisation that
is a partner gets a partner page, which points back at it)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Organisation(index.Indexed, models.Model):
    name = models.CharField(
        max_length=200, unique=True, help_text="The full name, e.g. Carnegie UK Trust."
    )
    website = models.URLField(blank=True, help_text="Optional: the organisation's own site.")
    description = models.TextField(
        blank=True, help_text="Optional: one or two sentences about them."
    )

    panels = [FieldPanel("name"), FieldPanel("website"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(index.Indexed, models.Model):
    name = models.CharField(
        max_length=200, help_text="As they would like to be credited, e.g. Jo Broadwood."
    )
    honorific_suffix = models.CharField(
        max_length=40, blank=True, help_text="Optional: letters after the name, e.g. CBE."
    )
    role = models.CharField(
        max_length=200, blank=True, help_text="Optional: job title or role, e.g. CEO of Belong."
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text="Optional: where they work.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("honorific_suffix"),
        FieldPanel("role"),
        FieldPanel("organisation"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "organisation"], name="unique_person_per_organisation"
            ),
            # NULLs never clash, so people with no organisation need a rule of their own.
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(organisation__isnull=True),
                name="unique_person_without_organisation",
                violation_error_message="There is already a person with this name and no "
                "organisation. Choose them instead, or give each an organisation.",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return f"{self.name} {self.honorific_suffix}".strip()
