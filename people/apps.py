from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self):
        # A renamed person or organisation changes what facets and credits show.
        from core import purges
        from core.versions import watch
        from people.models import Organisation, Person

        watch(Person, Organisation)
        purges.shown_where_referenced(Person, Organisation)
