from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from people.models import Organisation, Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "honorific_suffix", "role", "organisation", "slug"]
    list_filter = ["organisation"]
    list_export = ["name", "honorific_suffix", "role", "organisation"]
    search_fields = ["name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "website", "slug"]
    list_export = ["name", "website", "description"]
    search_fields = ["name"]


class PeopleGroup(SnippetViewSetGroup):
    items = (PersonViewSet, OrganisationViewSet)
    menu_icon = "group"
    menu_label = "People & organisations"
    menu_name = "people"


# Deleting a credited person or organisation is refused by the foreign keys that credit
# them (on_delete=PROTECT): Wagtail's delete view then lists where they are used.
register_snippet(PeopleGroup)
