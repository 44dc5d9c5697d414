from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"

    def ready(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion

        from core.versions import watch

        from . import signals

        signals.connect()
        # Results keep the promotions per content token (views.promoted).
        watch(SearchPromotion)
