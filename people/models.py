"""People and organisations: the authors and speakers that resources and events
share. Snippets, not pages: the library gives each author a page of its own at
/resources/authors/<slug>/ (an organisation that is a partner gets a partner page,
which points back at it).

People and organisations share one namespace of slugs, so `?author=<slug>` and an
author's address name exactly one of them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.models import SiteImage

# How a name is searched, wherever it is: as words (site search) and as typed so far
# (the admin's searches and choosers). Pages that credit people index their names so.
NAME_FIELDS = [index.SearchField("name"), index.AutocompleteField("name")]


def unique_author_slug(name, instance):
    """A slug for `name` that no other person or organisation has: jo-broadwood,
    then jo-broadwood-2 and so on."""
    base = slugify(name)[:70] or "author"
    candidate, number = base, 1
    while slug_taken(candidate, instance):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def slug_taken(slug, instance):
    for model in (Person, Organisation):
        others = model.objects.filter(slug=slug)
        if isinstance(instance, model) and instance.pk:
            others = others.exclude(pk=instance.pk)
        if others.exists():
            return True
    return False


class Author(models.Model):
    """What people and organisations share as authors: a name and an address."""

    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="Their address on the site (/resources/authors/<slug>/) and in library "
        "filters. Leave empty to make one from the name; changing it breaks old links.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_author_slug(self.name, self)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.slug and slug_taken(self.slug, self):
            raise ValidationError(
                {"slug": "Another person or organisation already has this address."}
            )


class Organisation(index.Indexed, Author):
    name = models.CharField(
        max_length=200, unique=True, help_text="The full name, e.g. Carnegie UK Trust."
    )
    website = models.URLField(blank=True, help_text="Optional: the organisation's own site.")
    description = models.TextField(
        blank=True, help_text="Optional: one or two sentences about them."
    )
    logo = models.ForeignKey(
        SiteImage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: their logo, for the partners page and their partner page. "
        "Give the image their name as its alt text.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
        FieldPanel("slug"),
    ]
    search_fields = NAME_FIELDS

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(index.Indexed, Author):
    name = models.CharField(
        max_length=200, help_text="As they would like to be credited, e.g. Jo Broadwood."
    )
    family_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="Optional, for citations (“Davies Hayon, K.”): the part of the name "
        "that comes first in a reference list, e.g. Davies Hayon. Leave empty to use the "
        "last word of the name.",
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
        FieldPanel("family_name"),
        FieldPanel("honorific_suffix"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("slug"),
    ]
    search_fields = NAME_FIELDS

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
