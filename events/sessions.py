"""A series' sessions from its schedule: one session page per occurrence, at
<series>/<date>/ (e.g. /events/radical-kindness-elevenses/2021-04-13/).

`plan(series)` says what running the schedule would do; `apply(plan)` does it. Safe
to run again and again:

- a date that already has a session gets no second one;
- each session remembers the values the schedule gave it (`EventPage.generated`), and
  only a field that still has that value is updated when the schedule changes: a
  title, time or format an editor changed is theirs, and so is anything the schedule
  never sets (speakers, description, recording);
- a session with unpublished changes (an editor's draft) is left alone;
- a session the schedule no longer produces (a date now in a break, or past the new
  end) is deleted only if nobody ever edited it; otherwise it is kept and listed for
  the editor to decide.

Times are made in Europe/London, so a session at 11:00 is at 11:00 in winter (11:00
UTC) and in summer (10:00 UTC)."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

# The fields the schedule sets on each session, and so may update later.
SCHEDULED_FIELDS = ("title", "starts_at", "ends_at", "event_format")
FIELD_WORDS = {"title": "title", "starts_at": "start", "ends_at": "end", "event_format": "format"}


def occurrences(series):
    """The dates the schedule produces, in order: every `repeats` weeks from the first
    session until the last date, less those in a break."""
    if not (series.first_session and series.last_session and series.session_starts):
        return []
    breaks = [(b.first_day, b.last_day or b.first_day) for b in series.breaks.all()]
    step = timedelta(weeks=series.repeats or 1)
    dates, day = [], series.first_session
    while day <= series.last_session:
        if not any(first <= day <= last for first, last in breaks):
            dates.append(day)
        day += step
    return dates


def session_title(series, day):
    return f"{series.title}, {day.day} {day:%B %Y}"


def scheduled_values(series, day):
    """What the schedule gives the session on `day`."""
    zone = timezone.get_default_timezone()
    starts = timezone.make_aware(datetime.combine(day, series.session_starts), zone)
    if series.session_ends:
        ends = timezone.make_aware(datetime.combine(day, series.session_ends), zone)
        if ends <= starts:  # ends after midnight
            ends += timedelta(days=1)
    else:
        ends = starts + timedelta(hours=1)
    return {
        "title": session_title(series, day),
        "starts_at": starts,
        "ends_at": ends,
        "event_format": series.session_format,
    }


def stored(values):
    """`values` as kept in EventPage.generated (JSON): times in UTC, so the same moment
    always reads the same."""
    return {
        name: value.astimezone(UTC).isoformat() if isinstance(value, datetime) else value
        for name, value in values.items()
    }


def current(session):
    return stored({name: getattr(session, name) for name in SCHEDULED_FIELDS})


@dataclass
class Plan:
    series: object
    create: list = field(default_factory=list)  # dates
    update: list = field(default_factory=list)  # (session, {field: new value})
    unchanged: list = field(default_factory=list)  # sessions already as scheduled
    kept_edited: list = field(default_factory=list)  # (session, [what an editor changed])
    drafts: list = field(default_factory=list)  # unpublished, or with unpublished changes
    remove: list = field(default_factory=list)  # untouched sessions no longer scheduled
    kept_unscheduled: list = field(default_factory=list)  # edited ones, for the editor

    @property
    def changes_anything(self):
        return bool(self.create or self.update or self.remove)


def was_edited_by_a_person(session):
    return session.revisions.exclude(user=None).exists()


def plan(series):
    from events.models import EventPage  # this module is imported by events.models

    result = Plan(series)
    dates = occurrences(series)
    sessions = {s.slug: s for s in EventPage.objects.child_of(series).order_by("starts_at")}
    for day in dates:
        session = sessions.pop(day.isoformat(), None)
        if session is None:
            result.create.append(day)
            continue
        if session.has_unpublished_changes or not session.live:
            result.drafts.append(session)  # an editor's draft, or taken down on purpose
            continue
        wanted = scheduled_values(series, day)
        given = session.generated or {}
        now = current(session)
        changes, edited = {}, []
        for name in SCHEDULED_FIELDS:
            if stored({name: wanted[name]})[name] == now[name]:
                continue
            if name in given and given[name] == now[name]:
                changes[name] = wanted[name]  # still as the schedule left it
            else:
                edited.append(FIELD_WORDS[name])
        if changes:
            result.update.append((session, changes))
        elif edited:
            result.kept_edited.append((session, edited))
        else:
            result.unchanged.append(session)
    for session in sessions.values():
        if session.generated and not was_edited_by_a_person(session):
            result.remove.append(session)
        else:
            result.kept_unscheduled.append(session)
    return result


def create_session(series, day, user=None):
    """The session of `series` on `day`, as its schedule makes it, published."""
    from events.models import EventPage

    values = scheduled_values(series, day)
    session = EventPage(slug=day.isoformat(), generated=stored(values), **values)
    series.add_child(instance=session)
    session.save_revision(user=user, log_action=True).publish(user=user)
    return session


@transaction.atomic
def apply(plan, user=None):
    """Carry out `plan`: sessions created and updated are published at once."""
    series = plan.series
    for day in plan.create:
        create_session(series, day, user)
    for session, changes in plan.update:
        for name, value in changes.items():
            setattr(session, name, value)
        session.generated = {**(session.generated or {}), **stored(changes)}
        session.save_revision(user=user, log_action=True).publish(user=user)
    for session in plan.remove:
        session.delete()
    return plan
