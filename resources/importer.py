"""Creating and updating library resources from a CSV file, all or nothing.

Used by `manage.py import_resources FILE.csv [--dry-run]` and by the admin's Library ›
Import resources. The file format is in docs/importing-resources.md:

    title,type,authors,date,summary,topics,link
    Kindness in Public Policy,Report,Jo Broadwood; Carnegie UK Trust,2021-05-17,…,Policy,https://…

`check()` reads and validates every row without writing anything and says what it
would do; `run()` does it in one transaction, so a file with any bad row imports
nothing, and a failure half-way leaves nothing half-imported."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.text import slugify

from people.models import Organisation, Person
from resources.models import ResourceAuthor, ResourcePage, ResourceType, Topic

COLUMNS = ["title", "type", "authors", "date", "summary", "topics", "link"]
REQUIRED = ["title", "type", "authors", "date"]
MAX_ROWS = 10_000
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
LIST_SEPARATOR = ";"


@dataclass
class Row:
    line: int
    title: str
    kind: ResourceType
    authors: list
    published: date
    summary: str
    topics: list
    link: str
    existing: ResourcePage | None = None
    changes: list = field(default_factory=list)

    @property
    def action(self):
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"

    def describe(self):
        if self.action == "update":
            return f"line {self.line}: update ‘{self.title}’ ({', '.join(self.changes)})"
        return f"line {self.line}: {self.action} ‘{self.title}’"


@dataclass
class Plan:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def outcome(self):
        """What a finished import did, in words."""
        return (
            f"{self.count('create')} created, {self.count('update')} updated, "
            f"{self.count('unchanged')} unchanged"
        )

    @property
    def summary(self):
        return (
            f"{self.count('create')} to create, {self.count('update')} to update, "
            f"{self.count('unchanged')} unchanged"
        )


def split(cell):
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def check(data, library):
    """What importing `data` (the file's bytes or text) into `library` would do: a
    Plan whose errors name each bad row's line and reason. Writes nothing."""
    plan = Plan()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            plan.errors.append(
                "the file is not UTF-8 text: save it from your spreadsheet as “CSV UTF-8”"
            )
            return plan
    reader = csv.reader(io.StringIO(data, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        plan.errors.append("the file is empty")
        return plan
    except csv.Error as problem:
        plan.errors.append(f"line 1: {problem}")
        return plan
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        if missing:
            plan.errors.append(f"line 1: no column {', '.join(repr(n) for n in missing)}")
        if unknown:
            plan.errors.append(
                f"line 1: unknown column {', '.join(repr(n) for n in unknown)} "
                f"(the columns are {', '.join(COLUMNS)})"
            )
        if len(set(header)) != len(header):
            plan.errors.append("line 1: a column is named twice")
        return plan

    lookups = Lookups(library)
    seen_titles = {}
    line = 1
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(plan.rows) + len(plan.errors) >= MAX_ROWS:
                plan.errors.append(f"line {start}: more than {MAX_ROWS:,} rows; split the file")
                break
            if len(cells) != len(header):
                plan.errors.append(
                    f"line {start}: {len(cells)} cells where the header has {len(header)}"
                )
                continue
            values = {name: cells[i].strip() for i, name in enumerate(header)}
            row, problems = read_row(start, values, lookups)
            if row is not None and row.title.lower() in seen_titles:
                problems.append(f"‘{row.title}’ is also on line {seen_titles[row.title.lower()]}")
            if problems:
                plan.errors.extend(f"line {start}: {problem}" for problem in problems)
            else:
                seen_titles[row.title.lower()] = start
                plan.rows.append(row)
    except csv.Error as problem:
        plan.errors.append(f"line {reader.line_num}: {problem}")
    if not plan.rows and not plan.errors:
        plan.errors.append("the file has a header but no rows")
    return plan


class Lookups:
    """What rows are checked against, read once: the resource types and the
    library's resources by title."""

    def __init__(self, library):
        kinds = list(ResourceType.objects.all())
        self.types = {}
        for kind in kinds:
            for name in (kind.name, kind.plural_name, kind.slug):
                self.types.setdefault(name.lower(), kind)
        self.type_names = ", ".join(kind.name for kind in kinds)
        self.resources = {
            page.title.lower(): page
            for page in ResourcePage.objects.child_of(library).prefetch_related(
                "authors__person", "authors__organisation", "topics"
            )
        }


def read_row(line, values, lookups):
    problems = []
    title = values.get("title", "")
    if not title:
        problems.append("title is empty")
    elif len(title) > 255:
        problems.append(f"title is {len(title)} characters long; the most is 255")
    kind = lookups.types.get(values.get("type", "").lower())
    if kind is None:
        problems.append(
            f"type '{values.get('type', '')}' is not one of: {lookups.type_names}"
            if values.get("type")
            else f"type is empty (one of: {lookups.type_names})"
        )
    authors = split(values.get("authors", ""))
    if not authors:
        problems.append("authors is empty: name at least one, separated by ‘;’")
    too_long = [name for name in authors if len(name) > 120]
    if too_long:
        problems.append(f"author name '{too_long[0][:40]}…' is longer than 120 characters")
    raw_date = values.get("date", "")
    published = None
    if not DATE.fullmatch(raw_date):
        problems.append(f"date '{raw_date}' is not YYYY-MM-DD")
    else:
        try:
            published = date.fromisoformat(raw_date)
        except ValueError:
            problems.append(f"date '{raw_date}' is not a real day")
    topics = split(values.get("topics", ""))
    long_topics = [name for name in topics if len(name) > 80]
    if long_topics:
        problems.append(f"topic '{long_topics[0][:40]}…' is longer than 80 characters")
    link = values.get("link", "")
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            problems.append(f"link '{link[:80]}' is not a web address (http:// or https://)")
    if problems:
        return None, problems
    row = Row(
        line=line,
        title=title,
        kind=kind,
        authors=authors,
        published=published,
        summary=values.get("summary", ""),
        topics=topics,
        link=link,
        existing=lookups.resources.get(title.lower()),
    )
    if row.existing is not None:
        row.changes = changes(row.existing, row)
    return row, []


def changes(page, row):
    """What importing `row` would change on `page`. An empty summary, topics or link
    cell leaves the page's own as it is."""
    changed = []
    if page.resource_type_id != row.kind.pk:
        changed.append("type")
    if [author.name for author in page.authors.all()] != row.authors:
        changed.append("authors")
    if page.publication_date != row.published:
        changed.append("date")
    if row.summary and page.introduction != row.summary:
        changed.append("summary")
    if row.topics and sorted(t.name.lower() for t in page.topics.all()) != sorted(
        t.lower() for t in row.topics
    ):
        changed.append("topics")
    if row.link and page.external_url != row.link:
        changed.append("link")
    return changed


def run(plan, library, user=None, publish=True, progress=None):
    """Carry out a Plan without errors, in one transaction. Each resource is saved as
    a revision by `user`, and published if `publish`. `progress(done, total)` is
    called after each row. Returns the pages created and updated."""
    if plan.errors:
        raise ValueError("A plan with errors cannot be run.")
    work = [row for row in plan.rows if row.action != "unchanged"]
    done = []
    with transaction.atomic():
        for number, row in enumerate(work, start=1):
            done.append(save(row, library, user, publish))
            if progress is not None:
                progress(number, len(work))
    return done


def save(row, library, user, publish):
    if row.existing is None:
        page = ResourcePage(
            title=row.title,
            slug=free_slug(library, row.title),
            live=publish,
        )
    else:
        page = ResourcePage.objects.get(pk=row.existing.pk).get_latest_revision_as_object()
    page.resource_type = row.kind
    page.publication_date = row.published
    if row.summary:
        page.introduction = row.summary
    if row.link:
        page.external_url = row.link
        if page.read_action == ResourcePage.ReadAction.NONE:
            page.read_action = ResourcePage.ReadAction.LINK
    page.authors = [credit(name) for name in row.authors]
    if row.topics:
        page.topics = [topic(name) for name in row.topics]
    if row.existing is None:
        library.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return page


def credit(name):
    """A credit for `name`: the organisation of that name if there is one, else the
    person, who is added if new."""
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is not None:
        return ResourceAuthor(organisation=organisation)
    person = Person.objects.filter(name__iexact=name).first()
    if person is None:
        person = Person.objects.create(name=name)
    return ResourceAuthor(person=person)


def topic(name):
    found = Topic.objects.annotate(lower=Lower("name")).filter(lower=name.lower()).first()
    return found or Topic.objects.create(name=name)


def free_slug(parent, title):
    base = slugify(title)[:70] or "resource"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
