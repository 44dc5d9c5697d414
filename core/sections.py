"""The sections of the site, and the one way to find the page that heads each.

A page that needs "the library" or "the events index" asks for it by meaning
(`section_page(Section.LIBRARY)`) instead of importing another app's model, so apps
need not know each other. Each section's page type says which section it heads with
the `@heads(Section.…)` decorator; there is one such page on the site (max_count = 1)."""

from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured


class Section(StrEnum):
    PROJECTS = "projects"
    LIBRARY = "library"
    EVENTS = "events"
    STORIES = "stories"
    PARTNERS = "partners"


_page_types = {}


def heads(section):
    """Class decorator: this page type is the head of `section`."""

    def register(page_type):
        section_ = Section(section)
        if _page_types.setdefault(section_, page_type) is not page_type:
            raise ImproperlyConfigured(f"Two page types head the {section_} section.")
        return page_type

    return register


def section_page(section, request=None):
    """The live, public page heading `section`, or None while there is none (one query;
    none while the content is unchanged when a `request` is given, core/versions.py)."""
    page_type = _page_types.get(Section(section))
    if page_type is None:
        return None
    if request is not None:
        from core import versions

        return versions.kept(request, ("section", section), lambda: section_page(section))
    return page_type.objects.live().public().first()
