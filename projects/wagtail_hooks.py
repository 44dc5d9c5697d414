from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import ReferenceIndex

from people.models import Organisation
from projects.models import PartnerPage


@hooks.register("before_delete_snippet")
def keep_organisations_that_have_a_partner_page(request, instances):
    """A partner page protects its organisation (on_delete=PROTECT), but Wagtail's
    reference index does not follow one-to-one fields: its delete view would offer to
    delete an organisation whose only use is its partner page, and the database would
    then refuse. Say why instead, as Wagtail's view does for every other use."""
    for instance in instances:
        if not isinstance(instance, Organisation):
            continue
        page = PartnerPage.objects.filter(organisation=instance).first()
        if page is None or ReferenceIndex.get_grouped_references_to(instance).is_protected:
            continue  # nothing to protect, or Wagtail's own view already refuses
        messages.error(
            request,
            f"“{instance}” can’t be deleted while it has a partner page, “{page.title}”. "
            "Delete that page first.",
            buttons=[
                messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), "Edit page")
            ],
        )
        return redirect(AdminURLFinder(request.user).get_edit_url(instance) or "wagtailadmin_home")
    return None
