from django.contrib.auth.hashers import make_password

from arena.settings import base


def test_passwords_are_hashed_with_argon2_outside_tests(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    assert make_password("någon-lösenfras").startswith("argon2$")
