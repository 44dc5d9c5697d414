import django_filters
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from people.models import Organisation, Person


class PersonFilterSet(WagtailFilterSet):
    has_role = django_filters.BooleanFilter(label="Has a role", method="with_role")

    class Meta:
        model = Person
        fields = ["organisation"]

    def with_role(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(role="") if value else queryset.filter(role="")


class OrganisationFilterSet(WagtailFilterSet):
    has_partner_page = django_filters.BooleanFilter(
        label="Has a partner page", field_name="partner_page", lookup_expr="isnull", exclude=True
    )
    has_logo = django_filters.BooleanFilter(
        label="Has a logo", field_name="logo", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Organisation
        fields = []


class PersonChooserViewSet(SnippetChooserViewSet):
    """The chooser an author or speaker is picked from offers "Add a new person" too,
    to those who may add people, so crediting someone new needs no other screen."""

    form_fields = ["name", "family_name", "honorific_suffix", "role", "organisation"]
    create_action_label = "Add a new person"
    creation_tab_label = "Add a new person"


class OrganisationChooserViewSet(SnippetChooserViewSet):
    form_fields = ["name", "website", "description"]
    create_action_label = "Add a new organisation"
    creation_tab_label = "Add a new organisation"


class PersonViewSet(SnippetViewSet):
    chooser_viewset_class = PersonChooserViewSet
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "honorific_suffix", "role", "organisation", "slug"]
    filterset_class = PersonFilterSet
    list_export = ["name", "family_name", "honorific_suffix", "role", "organisation", "slug"]
    search_fields = ["name"]


class OrganisationViewSet(SnippetViewSet):
    chooser_viewset_class = OrganisationChooserViewSet
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "website", "slug"]
    filterset_class = OrganisationFilterSet
    list_export = ["name", "website", "description", "slug"]
    search_fields = ["name"]


class PeopleGroup(SnippetViewSetGroup):
    items = (PersonViewSet, OrganisationViewSet)
    menu_icon = "group"
    menu_label = "People & organisations"
    menu_name = "people"


# Deleting a credited person or organisation is refused by the foreign keys that credit
# them (on_delete=PROTECT): Wagtail's delete view then lists where they are used.
register_snippet(PeopleGroup)
