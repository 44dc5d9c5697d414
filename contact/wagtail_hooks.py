from wagtail import hooks


@hooks.register("filter_form_submissions_for_user")
def only_those_who_handle_messages(user, editable_forms):
    """Messages hold people's names and addresses: only staff allowed to handle them
    (Moderators, and administrators) see them, not everyone who can edit the page."""
    return editable_forms if user.has_perm("contact.read_messages") else editable_forms.none()
