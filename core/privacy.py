"""Which parts of the site are private, read once per content token.

Wagtail asks the database on every page it serves whether the page or an ancestor
has a view restriction (two queries: the ancestors' alias links, then the
restrictions), and again for every listing filtered with `public()`. Restrictions are
few and rarely change, and changing one rewrites the content token (core/versions.py),
so each process keeps the restricted sections' paths under the token and answers
from them. Alias pages take their source's restrictions: a page under an alias is
left to Wagtail's own lookup."""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet


def _read_private_sections():
    """((path, restriction id), ...) of every restricted page, and the alias pages' paths."""
    restricted = tuple(PageViewRestriction.objects.values_list("page__path", "pk"))
    aliases = frozenset(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    return restricted, aliases


def private_sections():
    from core import versions  # which needs core.models, which needs this module

    return versions.kept_now("private sections", _read_private_sections)


def view_restrictions(page):
    """The restrictions on `page` and its ancestors as a queryset (Wagtail's
    `get_view_restrictions()`), with no query when there are none; None when only
    Wagtail can say (a page not yet saved, a page under an alias)."""
    if not page.path:
        return None
    restricted, aliases = private_sections()
    ancestors = {page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)}
    if ancestors & aliases:
        return None
    ids = [pk for path, pk in restricted if page.path.startswith(path)]
    if not ids:
        return PageViewRestriction.objects.none()
    return PageViewRestriction.objects.filter(pk__in=ids)


class SitePageQuerySet(PageQuerySet):
    """Every page type's queryset: `public()` reads the kept private sections."""

    def private_q(self):
        restricted, _aliases = private_sections()
        q = Q()
        for path in {path for path, _pk in restricted}:
            q |= Q(path__startswith=path)
        return q if q else Q(pk__in=[])


def pages():
    """All pages (any type), with `public()` as above: for site search."""
    return SitePageQuerySet(Page)
