from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site-wide pieces"

    def ready(self):
        from wagtail.documents import get_document_model

        from core import purges, versions
        from core.models import SiteImage, SiteMedia, SiteSettings

        versions.connect()
        purges.connect()
        purges.shown_on_every_page(SiteSettings)
        purges.shown_where_referenced(SiteImage, SiteMedia, get_document_model())
        # What a page shows of them is kept per content token too (core/versions.py).
        versions.watch(SiteSettings, SiteImage, SiteMedia, get_document_model())
