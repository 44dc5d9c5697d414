"""Guessing passwords at the admin's sign-in: after five wrong ones for an account from
one address, that account is refused from there for 15 minutes, even with the right
password; the owner signing in from elsewhere is not held back, and a right password
before the limit clears the count."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.helpers import soup_of, visible_text

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-for-tests"


@pytest.fixture
def user():
    return get_user_model().objects.create_superuser("ruth", "ruth@example.org", PASSWORD)


def sign_in(password, address="203.0.113.5", client=None):
    client = client or Client()
    return client.post(
        "/admin/login/", {"username": "ruth", "password": password}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_the_account_out_from_that_address(user):
    for attempt in range(4):
        response = sign_in(f"guess-{attempt}")
        assert response.status_code == 200  # the form again, saying the password is wrong
    assert sign_in("guess-5").status_code == 429  # the fifth locks
    locked = sign_in(PASSWORD)
    assert locked.status_code == 429
    text = visible_text(soup_of(locked))
    assert "Too many wrong passwords" in text and "15 minutes" in text
    assert soup_of(locked).find("link", rel="stylesheet") is not None
    # Locked out means not signed in.
    client = Client()
    sign_in(PASSWORD, client=client)
    assert client.get("/admin/").status_code == 302


def test_the_owner_elsewhere_is_not_held_back(user):
    for attempt in range(6):
        sign_in(f"guess-{attempt}")
    response = sign_in(PASSWORD, address="198.51.100.77")
    assert response.status_code == 302 and response["Location"].startswith("/admin/")


def test_a_right_password_before_the_limit_clears_the_count(user):
    for attempt in range(4):
        sign_in(f"guess-{attempt}")
    assert sign_in(PASSWORD).status_code == 302
    for attempt in range(4):
        sign_in(f"again-{attempt}")
    assert sign_in(PASSWORD).status_code == 302
