from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from resources.models import ResourceType, Topic


class ResourceTypeViewSet(SnippetViewSet):
    model = ResourceType
    icon = "tag"
    menu_label = "Resource types"
    list_display = ["name", "plural_name", "slug", "schema_type", "colour"]
    list_export = ["name", "plural_name", "slug", "schema_type", "colour"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "folder-open-inverse"
    menu_label = "Topics"
    list_display = ["name", "slug"]
    list_export = ["name", "slug", "description"]
    search_fields = ["name"]


class LibraryGroup(SnippetViewSetGroup):
    """What the library's resources are classified by, under one menu item."""

    items = (ResourceTypeViewSet, TopicViewSet)
    menu_icon = "tag"
    menu_label = "Library"
    menu_name = "library"
    menu_order = 210


register_snippet(LibraryGroup)
