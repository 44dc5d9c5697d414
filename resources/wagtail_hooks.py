from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from resources.models import ResourceType


class ResourceTypeViewSet(SnippetViewSet):
    model = ResourceType
    icon = "tag"
    menu_label = "Resource types"
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["name", "plural_name", "slug", "schema_type", "colour"]
    list_export = ["name", "plural_name", "slug", "schema_type", "colour"]


register_snippet(ResourceTypeViewSet)
