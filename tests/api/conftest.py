"""The API tests share the matching fixtures of tests/matches."""

from tests.matches.conftest import buyer, buyer_user, challenge, solar  # noqa: F401
