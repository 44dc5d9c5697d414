"""The library's faceted browsing: what a visitor asked for, what it matches, and how
many items each further choice would leave.

The query string is public (partners link to filtered views), so it is read strictly:
`type`, `topic`, `author`, `project`, `partner` take slugs, `year` four digits, each
may repeat; `sort` is newest, oldest or title; `q` searches. A value that names
nothing is dropped and reported, never an error. Facets combine with AND between
them and OR within one, and each facet's counts apply every *other* facet, so a
count always says how many items ticking that box would add to or leave in view.

The counts come from the facet index (resources.facet_index), which each process
keeps in memory; the results themselves are filtered and sorted by the database."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import CharField, F, Q, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils.functional import cached_property

from core import versions
from core.listing import as_typed, paginate

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
PAGE_SLUG = re.compile(r"[-\w]{1,255}")  # Wagtail page slugs may be Unicode and long
YEAR = re.compile(r"[0-9]{4}")
PATTERNS = {"year": YEAR, "project": PAGE_SLUG}
MAX_VALUES = 20  # per parameter; more is not a person choosing filters
SHOWN_OPTIONS = 8  # per facet before the rest fold away under "More"


@dataclass
class Option:
    value: str
    label: str
    count: int = 0
    selected: bool = False
    detail: str = ""  # a ticked topic's description, shown on its view


@dataclass
class Facet:
    """One group of checkboxes: its parameter, its legend and how it filters."""

    name: str
    legend: str
    noun: str  # "topic", for "There is no topic called …"
    options: list = field(default_factory=list)
    selected: list = field(default_factory=list)  # the Options ticked, in the order of options

    @property
    def shown(self):
        """The options shown at once: the most used, and every one ticked."""
        first = self.options[:SHOWN_OPTIONS]
        return first + [o for o in self.options[SHOWN_OPTIONS:] if o.selected]

    @property
    def folded(self):
        return [o for o in self.options[SHOWN_OPTIONS:] if not o.selected]


SORTS = {
    "newest": ("Newest first", ("-publication_date", "title")),
    "oldest": ("Oldest first", ("publication_date", "title")),
    "title": ("Title (A to Z)", ("title", "-publication_date")),
}
RELEVANCE = "relevance"
# How a description says the order: "Sorted oldest first."
SORT_PHRASES = {
    "newest": "newest first",
    "oldest": "oldest first",
    "title": "by title, A to Z",
    RELEVANCE: "by best match",
}


def requested(request, name, pattern):
    """The distinct values of parameter `name` that look right, in the order given."""
    values = []
    for raw in request.GET.getlist(name)[:MAX_VALUES]:
        value = raw.strip()
        if pattern.fullmatch(value) and value not in values:
            values.append(value)
    return values


def malformed(request, name, pattern):
    return [v for v in request.GET.getlist(name)[:MAX_VALUES] if not pattern.fullmatch(v.strip())]


class LibraryBrowser:
    """Everything the library index shows for one request, in a fixed number of queries."""

    def __init__(self, request, items, models):
        """`items`: the live, public library items; `models`: a namespace of the models
        facets read (resources.models.facet_models(): this module is imported by it)."""
        self.request = request
        self.all_items = items
        self.m = models
        from resources.search import clean_query  # resources.search reads the models

        self.query = clean_query(request.GET.get("q", ""))
        self.facets = {
            "type": Facet("type", "Type", "resource type"),
            "topic": Facet("topic", "Topic", "topic"),
            "author": Facet("author", "Author", "author"),
            "year": Facet("year", "Year", "year"),
            "project": Facet("project", "Project", "project"),
            "partner": Facet("partner", "Partner", "partner"),
        }
        self.wanted = {
            name: requested(request, name, YEAR if name == "year" else SLUG) for name in self.facets
        }
        self.unknown = []  # (noun, value) pairs a visitor asked for that name nothing
        for name, facet in self.facets.items():
            for value in malformed(request, name, PATTERNS.get(name, SLUG)):
                shown = as_typed(value)
                if shown:
                    self.unknown.append((facet.noun, shown))
        sort = request.GET.get("sort", "")
        default_sort = RELEVANCE if self.query else "newest"
        self.sort = sort if sort in SORTS or (sort == RELEVANCE and self.query) else default_sort
        self.sort_is_requested = sort == self.sort and sort != default_sort

    # -- what each facet means -----------------------------------------------------------

    def matching(self, name, values):
        """A condition selecting the items that have any of `values` for facet `name`."""
        m = self.m
        if name == "type":
            return Q(resource_type__slug__in=values)
        if name == "year":
            # Date ranges, not __year__in: SQLite would call a Python function per row.
            years = Q()
            for year in values:
                years |= Q(publication_date__range=(date(int(year), 1, 1), date(int(year), 12, 31)))
            return years
        if name == "author":
            credited = m.ResourceAuthor.objects.filter(
                Q(person__slug__in=values) | Q(organisation__slug__in=values)
            )
            return Q(pk__in=credited.values("page_id"))
        through = {
            "topic": (m.LibraryItem.topics.through, "topic__slug__in"),
            "project": (m.LibraryItem.projects.through, "projectpage__slug__in"),
            "partner": (m.LibraryItem.partners.through, "organisation__slug__in"),
        }[name]
        links = through[0].objects.filter(**{through[1]: values})
        return Q(pk__in=links.values("libraryitem_id"))

    # -- the result ------------------------------------------------------------------------

    def known_labels(self):
        """{facet: {value: label}} for the asked-for values that exist, even where none
        is in view: one query for every facet together (a UNION), however many are used,
        kept per content token for the same choice of values."""
        wanted = tuple((name, tuple(values)) for name, values in self.wanted.items() if values)
        if not wanted:
            return self.read_labels()
        return versions.kept(self.request, ("facet labels", wanted), self.read_labels)

    def read_labels(self):
        m = self.m
        sources = {
            "type": (m.ResourceType.objects, F("plural_name")),
            "topic": (m.Topic.objects, F("name")),
            "author": (m.Person.objects, Concat("name", Value(" "), "honorific_suffix")),
            "project": (m.ProjectPage.objects.filter(live=True), F("title")),
            "partner": (m.Organisation.objects, F("name")),
        }
        parts = []
        for name, (objects, label) in sources.items():
            values = self.wanted[name]
            if not values:
                continue
            parts.append(self.labelled(objects.filter(slug__in=values), name, label))
            if name == "author":
                organisations = m.Organisation.objects.filter(slug__in=values)
                parts.append(self.labelled(organisations, name, F("name")))
        known = {name: {} for name in self.facets}
        known["year"] = {v: (v, "") for v in self.wanted["year"]}
        if parts:
            query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
            for facet, slug, label, detail in query:
                known[facet][slug] = (label.strip(), detail or "")
        return known

    @staticmethod
    def labelled(objects, facet, label):
        detail = F("description") if facet == "topic" else Value("")
        return (
            objects.order_by()
            .annotate(
                facet_name=Value(facet, output_field=CharField()),
                facet_label=Cast(label, output_field=CharField()),
                facet_detail=Cast(detail, output_field=TextField()),
            )
            .values_list("facet_name", "slug", "facet_label", "facet_detail")
        )

    def browse(self, index, matching_ids=None, search_scope=None):
        """Filter, count and paginate. `index`: the facet index (resources.facet_index)
        the counts come from; `matching_ids(queryset, query)` ranks a search of
        `search_scope` (the items, without what cards need: search reads only ids)."""
        conditions = {}
        labels = self.known_labels()
        for name, values in self.wanted.items():
            known = labels[name]
            for value in values:
                if value not in known:
                    self.unknown.append((self.facets[name].noun, value))
            self.wanted[name] = [v for v in values if v in known]
            self.facets[name].selected = [
                Option(v, known[v][0], selected=True, detail=known[v][1]) for v in self.wanted[name]
            ]
            if self.wanted[name]:
                conditions[name] = self.matching(name, self.wanted[name])

        items = self.all_items
        ranked = None
        in_view = index.everything
        if self.query and matching_ids is not None:
            from resources.search import PkIn  # resources.search reads the models

            ranked = matching_ids(search_scope if search_scope is not None else items, self.query)
            # Thousands of ids as one parameter, not one placeholder each (see PkIn).
            items = items.filter(PkIn(ranked))
            in_view = index.mask_of(ranked)

        # Each facet counts what the *other* facets leave in view.
        chosen_masks = {name: index.matching(name, self.wanted[name]) for name in conditions}
        for name, facet in self.facets.items():
            scope = in_view
            for other, mask in chosen_masks.items():
                if other != name:
                    scope &= mask
            counted = {v: (label, n) for v, label, n in index.counted_options(name, scope)}
            ticked = {o.value: o for o in facet.selected}
            facet.options = [
                Option(
                    v, label, n, selected=v in ticked, detail=getattr(ticked.get(v), "detail", "")
                )
                for v, (label, n) in counted.items()
            ] + [
                Option(o.value, o.label, 0, selected=True, detail=o.detail)
                for o in facet.selected
                if o.value not in counted
            ]
            facet.selected = [o for o in facet.options if o.selected]

        for condition in conditions.values():
            items = items.filter(condition)
        if self.sort == RELEVANCE and ranked is not None:
            chosen = None
            for mask in chosen_masks.values():
                chosen = mask if chosen is None else chosen & mask
            results = RankedResults(items, ranked, index, chosen)
        else:
            results = items.order_by(*SORTS[self.sort if self.sort in SORTS else "newest"][1])

        filters = {name: values for name, values in self.wanted.items()}
        filters["q"] = self.query
        if self.sort_is_requested:
            filters["sort"] = self.sort
        return paginate(self.request, results, filters=filters)

    @property
    def is_filtered(self):
        return bool(self.query) or any(self.wanted.values())

    @property
    def sort_options(self):
        options = [(RELEVANCE, "Best match")] if self.query else []
        return options + [(key, label) for key, (label, _) in SORTS.items()]


class RankedResults:
    """Search results in rank order, sliced a page at a time for the paginator: the
    ranked ids are narrowed to the items the facets leave (by the facet index, no
    query), and only the items on the page shown are loaded."""

    def __init__(self, items, ranked_ids, index, chosen=None):
        self.items = items
        self.ranked_ids = ranked_ids
        self.index = index
        self.chosen = chosen  # the mask of the items the facets leave; None: all of them

    @cached_property
    def surviving_ids(self):
        if self.chosen is None:
            return self.ranked_ids
        return self.index.select(self.ranked_ids, self.chosen)

    def count(self):
        return len(self.surviving_ids)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("RankedResults are read a page at a time")
        ids = self.surviving_ids[index]
        by_id = self.items.in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]


def joined(words, conjunction):
    """ "a", "a or b", "a, b or c"."""
    words = list(words)
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def describe(browser):
    """The name of a filtered view, for its heading, title and description:
    "Reports by Jo Broadwood", "Resources on local government from 2021"."""
    labels = {name: [o.label for o in facet.selected] for name, facet in browser.facets.items()}
    types = labels["type"]
    # "Papers and case studies": the first as its name is written, the rest in lower case.
    types = types[:1] + [t.lower() for t in types[1:]]
    words = [joined(types, "and") if types else "Resources"]
    if labels["author"]:
        words.append(f"by {joined(labels['author'], 'or')}")
    if labels["topic"]:
        words.append(f"on {joined(labels['topic'], 'or')}")
    if labels["project"]:
        noun = "projects" if len(labels["project"]) > 1 else "project"
        words.append(f"from the {joined(labels['project'], 'or')} {noun}")
    if labels["partner"]:
        words.append(f"with {joined(labels['partner'], 'or')}")
    if labels["year"]:
        words.append(f"published in {joined(labels['year'], 'or')}")
    if browser.query:
        words.append(f"matching “{browser.query}”")
    return " ".join(words)
