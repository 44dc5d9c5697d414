from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site-wide pieces"

    def ready(self):
        from core import versions

        versions.connect()
