from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from people.models import Organisation, Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "honorific_suffix", "role", "organisation"]
    list_filter = ["organisation"]
    list_export = ["name", "honorific_suffix", "role", "organisation"]
    search_fields = ["name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "website"]
    list_export = ["name", "website", "description"]
    search_fields = ["name"]


class PeopleGroup(SnippetViewSetGroup):
    items = (PersonViewSet, OrganisationViewSet)
    menu_icon = "group"
    menu_label = "People & organisations"
    menu_name = "people"


register_snippet(PeopleGroup)


def credits_for(instance):
    """Where a person or organisation is credited on the site, in words for an editor."""
    # Imported here: resources and events import people, not the other way round.
    from events.models import EventSpeaker
    from projects.models import PartnerPage, ProjectPartnership
    from resources.models import ResourceAuthor

    if isinstance(instance, Person):
        authored = ResourceAuthor.objects.filter(person=instance).count()
        spoke = EventSpeaker.objects.filter(person=instance).count()
        return [
            f"author of {authored} resource(s)" if authored else "",
            f"speaker at {spoke} event(s)" if spoke else "",
        ]
    if isinstance(instance, Organisation):
        authored = ResourceAuthor.objects.filter(organisation=instance).count()
        partner = ProjectPartnership.objects.filter(organisation=instance).count()
        page = PartnerPage.objects.filter(organisation=instance).first()
        return [
            f"author of {authored} resource(s)" if authored else "",
            f"funder or partner of {partner} project(s)" if partner else "",
            f"the subject of the partner page “{page.title}”" if page else "",
        ]
    return []


@hooks.register("before_delete_snippet")
def refuse_to_delete_credited_people(request, instances):
    """Deleting a credited person or organisation would silently remove their credits
    from published pages (or fail on a partner page), so say where they are used."""
    for instance in instances:
        uses = [use for use in credits_for(instance) if use]
        if uses:
            messages.error(
                request,
                f"“{instance}” can’t be deleted while they are {', '.join(uses)}. "
                "Remove those credits first.",
            )
            edit_url = AdminURLFinder(request.user).get_edit_url(instance)
            return redirect(edit_url or "wagtailadmin_home")
    return None
