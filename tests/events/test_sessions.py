"""A series' schedule makes its sessions (events/sessions.py): one page per
occurrence at <series>/<date>/, and running it again never duplicates a session nor
overwrites what an editor wrote."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from events import sessions as schedule
from events.models import EventPage, EventSeriesPage, SeriesBreak
from tests import factories as f
from tests.helpers import soup_of, visible_text

pytestmark = pytest.mark.django_db

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def series(site_tree):
    """Weekly on Tuesdays, 11:00-12:00 London time, November 2020 to April 2021, with a
    break over Christmas (22 December to 5 January: three Tuesdays)."""
    page = f.EventSeriesPageFactory(
        parent=site_tree.events,
        title="Tuesday talks",
        first_session=dt.date(2020, 11, 3),
        last_session=dt.date(2021, 4, 27),
        repeats=1,
        session_starts=dt.time(11, 0),
        session_ends=dt.time(12, 0),
        session_format="online",
    )
    SeriesBreak.objects.create(
        page=page, first_day=dt.date(2020, 12, 22), last_day=dt.date(2021, 1, 5), reason="Christmas"
    )
    return EventSeriesPage.objects.get(pk=page.pk)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "", "pass-for-tests-only")


def run(series, user=None):
    return schedule.apply(schedule.plan(EventSeriesPage.objects.get(pk=series.pk)), user)


def sessions_of(series):
    return list(EventPage.objects.child_of(series).order_by("starts_at"))


def edit(session, user, **changes):
    session = EventPage.objects.get(pk=session.pk)
    for name, value in changes.items():
        setattr(session, name, value)
    session.save_revision(user=user).publish(user=user)
    return EventPage.objects.get(pk=session.pk)


TUESDAYS = [dt.date(2020, 11, 3) + dt.timedelta(weeks=n) for n in range(26)]
CHRISTMAS = [dt.date(2020, 12, 22), dt.date(2020, 12, 29), dt.date(2021, 1, 5)]


def test_one_session_per_tuesday_less_the_break_each_at_its_own_address(client, series):
    run(series)
    made = sessions_of(series)
    expected = [day for day in TUESDAYS if day not in CHRISTMAS]
    assert [s.slug for s in made] == [day.isoformat() for day in expected] and len(made) == 23
    assert all(s.live for s in made)
    assert made[0].url == f"{series.url}2020-11-03/"
    assert made[0].title == "Tuesday talks, 3 November 2020"

    response = client.get(series.url + "calendar.ics")
    calendar = Calendar.from_ical(response.content)
    starts = {e.start.astimezone(LONDON).date(): e.start for e in calendar.walk("VEVENT")}
    assert sorted(starts) == expected
    assert max(starts) == dt.date(2021, 4, 27)  # ends on the end date
    assert starts[dt.date(2020, 11, 3)].astimezone(UTC) == dt.datetime(2020, 11, 3, 11, tzinfo=UTC)
    assert starts[dt.date(2021, 4, 13)].astimezone(UTC) == dt.datetime(2021, 4, 13, 10, tzinfo=UTC)


def test_running_it_again_changes_nothing(series):
    run(series)
    before = [(s.pk, s.latest_revision_id, s.starts_at) for s in sessions_of(series)]
    plan = schedule.plan(series)
    assert not plan.changes_anything
    assert len(plan.unchanged) == 23
    run(series)
    assert [(s.pk, s.latest_revision_id, s.starts_at) for s in sessions_of(series)] == before


def test_a_new_time_moves_the_sessions_but_not_what_an_editor_changed(series, editor):
    run(series)
    made = sessions_of(series)
    moved_by_hand = edit(
        made[0],
        editor,
        starts_at=dt.datetime(2020, 11, 3, 14, tzinfo=LONDON),
        ends_at=dt.datetime(2020, 11, 3, 15, tzinfo=LONDON),
    )
    described = edit(
        made[1], editor, title="Kindness in schools", introduction="With a head teacher."
    )
    f.EventSpeakerFactory(page=described)

    series.session_starts, series.session_ends = dt.time(10, 30), dt.time(11, 30)
    series.save_revision().publish()
    plan = run(series, editor)
    assert [s.pk for s, fields in plan.kept_edited] == [moved_by_hand.pk]
    assert len(plan.update) == 22

    after = {s.pk: s for s in sessions_of(series)}
    # The editor's time stands; the other sessions move to 10:30.
    assert after[moved_by_hand.pk].starts_at == dt.datetime(2020, 11, 3, 14, tzinfo=LONDON)
    assert after[described.pk].starts_at == dt.datetime(2020, 11, 10, 10, 30, tzinfo=LONDON)
    # What the editor wrote on a moved session stays.
    assert after[described.pk].title == "Kindness in schools"
    assert after[described.pk].introduction == "With a head teacher."
    assert after[described.pk].speakers.count() == 1
    summer = next(s for s in after.values() if s.slug == "2021-04-13")
    assert summer.starts_at.astimezone(UTC) == dt.datetime(2021, 4, 13, 9, 30, tzinfo=UTC)


def test_a_new_break_removes_untouched_sessions_and_keeps_edited_ones(series, editor):
    run(series)
    by_day = {s.slug: s for s in sessions_of(series)}
    edit(by_day["2021-02-16"], editor, introduction="Half-term special.")
    SeriesBreak.objects.create(
        page=series,
        first_day=dt.date(2021, 2, 9),
        last_day=dt.date(2021, 2, 16),
        reason="Half term",
    )
    plan = run(series, editor)
    assert [s.slug for s in plan.remove] == ["2021-02-09"]
    assert [s.slug for s in plan.kept_unscheduled] == ["2021-02-16"]
    slugs = [s.slug for s in sessions_of(series)]
    assert "2021-02-09" not in slugs and "2021-02-16" in slugs


def test_a_draft_or_unpublished_session_is_left_alone(series, editor):
    run(series)
    first, second = sessions_of(series)[:2]
    draft = EventPage.objects.get(pk=first.pk)
    draft.title = "Not ready yet"
    draft.save_revision(user=editor)
    EventPage.objects.get(pk=second.pk).unpublish()
    series.session_starts = dt.time(9, 0)
    series.save_revision().publish()
    plan = run(series, editor)
    assert {s.pk for s in plan.drafts} == {first.pk, second.pk}
    assert not EventPage.objects.get(pk=second.pk).live
    assert EventPage.objects.get(pk=first.pk).starts_at.astimezone(LONDON).hour == 11


def test_an_incomplete_schedule_is_refused_and_makes_nothing(site_tree):
    page = EventSeriesPage(
        title="Half a plan", slug="half-a-plan", first_session=dt.date(2021, 1, 5)
    )
    with pytest.raises(ValidationError, match="give the first session"):
        page.full_clean()
    assert schedule.occurrences(page) == []


def test_a_mistyped_year_cannot_make_hundreds_of_sessions(series):
    series.last_session = dt.date(2201, 4, 27)
    with pytest.raises(ValidationError, match="more than the 300 a series can have"):
        series.full_clean()


def test_a_break_cannot_end_before_it_starts(series):
    gap = SeriesBreak(page=series, first_day=dt.date(2021, 3, 2), last_day=dt.date(2021, 3, 1))
    with pytest.raises(ValidationError, match="before the first day"):
        gap.full_clean()


# -- in the admin -----------------------------------------------------------------------------


def test_an_editor_previews_then_creates_the_sessions(client, series, editor):
    client.force_login(editor)
    url = reverse("event_series_sessions", args=[series.pk])
    preview = client.get(url)
    assert preview.status_code == 200
    text = visible_text(soup_of(preview))
    assert "23 sessions to create" in text
    assert "Tuesday 3 November 2020, 11:00–12:00" in text
    assert not sessions_of(series)

    done = client.post(url, follow=True)
    assert done.status_code == 200
    assert "Created 23 sessions" in visible_text(soup_of(done))
    assert len(sessions_of(series)) == 23
    again = client.get(url)
    assert "Nothing to do" in visible_text(soup_of(again))


def test_the_series_edit_page_offers_the_action(client, series, editor):
    client.force_login(editor)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[series.pk]))
    assert reverse("event_series_sessions", args=[series.pk]) in edit_page.content.decode()


def test_someone_without_publish_rights_cannot_run_it(client, series):
    user = get_user_model().objects.create_user("visitor", "", "pass-for-tests-only")
    client.force_login(user)
    response = client.post(reverse("event_series_sessions", args=[series.pk]))
    assert response.status_code in (302, 403)
    assert not sessions_of(series)


def test_a_session_added_by_hand_takes_its_date_as_its_address(client, series, editor):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    client.force_login(editor)
    run(series)
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", series.pk])

    def add(day):
        data = nested_form_data(
            {
                "title": "An extra session",
                "slug": "an-extra-session",
                "status": "scheduled",
                "starts_at": f"{day} 18:00",
                "ends_at": f"{day} 19:00",
                "event_format": "online",
                "body": streamfield([]),
                "speakers": inline_formset([]),
                "documents": inline_formset([]),
                "related_resources": inline_formset([]),
                "comments": inline_formset([]),
                "action-publish": "publish",
            }
        )
        return client.post(url, data)

    response = add("2021-05-04")
    assert response.status_code == 302, visible_text(soup_of(response))[:2000]
    assert EventPage.objects.child_of(series).filter(slug="2021-05-04").exists()
    clash = add("2021-04-27")
    assert clash.status_code == 200
    assert "There is already a session on 27 April 2021" in visible_text(soup_of(clash))
