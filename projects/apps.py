from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self):
        # A partner page lists what its organisation wrote or funded: a resource that
        # credits the organisation purges it (core/purges.py).
        from core import purges
        from people.models import Organisation

        from .models import PartnerPage

        purges.pages_about(
            Organisation,
            lambda ids: PartnerPage.objects.filter(organisation__in=ids).values_list(
                "pk", flat=True
            ),
        )
