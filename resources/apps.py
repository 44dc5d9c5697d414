from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"

    def ready(self):
        from core import purges

        from . import facet_index
        from .models import ResourceType, Topic

        facet_index.connect()
        purges.shown_where_referenced(ResourceType, Topic)
