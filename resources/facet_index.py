"""The library's facet counts, read from an index each process keeps in memory.

Counting in SQL took a query per facet over every item in view: 5 to 18 ms each at
5,000 resources, most of a library search's time. What a count needs (which items
have which type, year, topic, author, project and partner) changes only when someone
edits the library, so each process reads it once into bitsets: one Python int per
facet value, with bit n set when the nth live item has that value. A count is then
`(value_mask & view_mask).bit_count()`: microseconds, whatever the library's size.

Staying correct: the index is kept under the content token (core/versions.py), which
every change that can alter a count rewrites in the same transaction as the change.
Each request reads the token (one query); a process whose index was built under
another token builds a new one (five queries). So no process counts from older data
than the database holds, however many there are."""

import threading
from dataclasses import dataclass

from core.versions import token_now, watch
from resources.models import LibraryItem, ResourceAuthor, ResourceType, Topic

FACETS = ("type", "topic", "author", "year", "project", "partner")
# Saving or deleting any of these can change what a facet counts or how it is labelled
# (pages, people and organisations are watched by core and people).
COUNTED_MODELS = (Topic, ResourceType, ResourceAuthor)
LINK_TABLES = (
    LibraryItem.topics.through,
    LibraryItem.projects.through,
    LibraryItem.partners.through,
)


@dataclass
class FacetValue:
    label: str
    mask: int  # bit n: the nth item of the index has this value


class FacetIndex:
    """Which live, public library items have which value of each facet."""

    def __init__(self, token, item_ids, values):
        self.token = token
        self.positions = {pk: n for n, pk in enumerate(item_ids)}
        self.values = values  # {facet: {value: FacetValue}}
        self.everything = (1 << len(item_ids)) - 1

    def mask_of(self, ids):
        """The mask of these item ids (those not in the index are left out)."""
        bits = bytearray((len(self.positions) + 7) // 8)
        for pk in ids:
            n = self.positions.get(pk)
            if n is not None:
                bits[n >> 3] |= 1 << (n & 7)
        return int.from_bytes(bits, "little")

    def select(self, ids, mask):
        """The ids in `ids` whose items are in `mask`, in the order given."""
        bits = mask.to_bytes((len(self.positions) + 7) // 8, "little")
        selected = []
        for pk in ids:
            n = self.positions.get(pk)
            if n is not None and bits[n >> 3] >> (n & 7) & 1:
                selected.append(pk)
        return selected

    def matching(self, facet, values):
        """The items with any of `values` for `facet` (OR within a facet)."""
        mask = 0
        for value in values:
            known = self.values[facet].get(value)
            if known is not None:
                mask |= known.mask
        return mask

    def counted_options(self, facet, view):
        """[(value, label, count)] for `facet` among the items in `view` (a mask),
        leaving out values none of them has: most used first, years newest first."""
        rows = []
        for value, known in self.values[facet].items():
            count = (known.mask & view).bit_count()
            if count:
                rows.append((value, known.label, count))
        if facet == "year":
            return sorted(rows, reverse=True)
        return sorted(rows, key=lambda row: (-row[2], row[1].lower()))


def build(token=None):
    """Read the index from the database: five queries, whatever the library's size."""
    items = LibraryItem.objects.live().public().order_by("pk")
    item_rows = list(
        items.values_list(
            "pk", "resource_type__slug", "resource_type__plural_name", "publication_date"
        )
    )
    item_ids = [pk for pk, *_ in item_rows]
    known = set(item_ids)
    found = {facet: {} for facet in FACETS}  # {facet: {value: (label, [item ids])}}

    def add(facet, pk, value, label):
        if pk in known and value:
            found[facet].setdefault(value, (label, []))[1].append(pk)

    for pk, type_slug, type_name, published in item_rows:
        add("type", pk, type_slug, type_name)
        if published is not None:
            add("year", pk, str(published.year), str(published.year))

    topics = LibraryItem.topics.through.objects.values_list(
        "libraryitem_id", "topic__slug", "topic__name"
    )
    for pk, slug, name in topics:
        add("topic", pk, slug, name)

    # People and organisations share one namespace of slugs (people.Author).
    credits = ResourceAuthor.objects.values_list(
        "page_id",
        "person__slug",
        "person__name",
        "person__honorific_suffix",
        "organisation__slug",
        "organisation__name",
    )
    for pk, person_slug, person_name, suffix, organisation_slug, organisation_name in credits:
        if person_slug:
            add("author", pk, person_slug, f"{person_name} {suffix}".strip())
        else:
            add("author", pk, organisation_slug, organisation_name)

    projects = LibraryItem.projects.through.objects.filter(projectpage__live=True).values_list(
        "libraryitem_id", "projectpage__slug", "projectpage__title"
    )
    for pk, slug, title in projects:
        add("project", pk, slug, title)

    partners = LibraryItem.partners.through.objects.values_list(
        "libraryitem_id", "organisation__slug", "organisation__name"
    )
    for pk, slug, name in partners:
        add("partner", pk, slug, name)

    index = FacetIndex(token, item_ids, {})
    index.values = {
        facet: {
            # An item credited twice (or linked twice) is still one item: a bit set twice.
            value: FacetValue(label, index.mask_of(ids))
            for value, (label, ids) in values.items()
        }
        for facet, values in found.items()
    }
    return index


_built = {}  # {database alias: FacetIndex}, this process's copy
_lock = threading.Lock()


def current_index():
    """This process's index, rebuilt first if the content changed since it was read."""
    token = token_now()
    alias = LibraryItem.objects.db
    index = _built.get(alias)
    if index is not None and token is not None and index.token == token:
        return index
    index = build(token)
    if token is not None:  # without a token nothing would say when it goes stale
        with _lock:
            _built[alias] = index
    return index


def connect():
    watch(*COUNTED_MODELS, links=LINK_TABLES)
