"""The series action "Create or update sessions": a preview of what the schedule
would do (events/sessions.py), and a button that does it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from events import sessions as schedule
from events.models import EventSeriesPage


def series_sessions(request, page_id):
    series = get_object_or_404(EventSeriesPage, pk=page_id)
    permissions = series.permissions_for_user(request.user)
    # Sessions are published as they are made: only someone who may publish here.
    if not (permissions.can_edit() and permissions.can_publish_subpage()):
        raise PermissionDenied
    plan = schedule.plan(series)
    if request.method == "POST":
        schedule.apply(plan, user=request.user)
        messages.success(request, summary(plan))
        return redirect(reverse("wagtailadmin_explore", args=[series.pk]))
    return TemplateResponse(
        request,
        "events/admin/series_sessions.html",
        {
            "series": series,
            "plan": plan,
            "sessions_to_create": [schedule.scheduled_values(series, day) for day in plan.create],
        },
    )


def summary(plan):
    parts = []
    for count, words in (
        (len(plan.create), "Created {} session{}"),
        (len(plan.update), "moved {} session{} to the new schedule"),
        (len(plan.remove), "deleted {} session{} the schedule no longer has"),
    ):
        if count:
            parts.append(words.format(count, "" if count == 1 else "s"))
    text = ", ".join(parts) if parts else "Nothing to do"
    return text[0].upper() + text[1:] + "."
