"""Test settings: only what tests need differs from base.

ARENA_TEST_DATABASE_URL runs the suite on PostgreSQL; without it, tests use SQLite.
"""

import os

import dj_database_url

os.environ.setdefault("ARENA_ENV", "test")

from arena.settings.base import *  # noqa: F403

_test_db = os.environ.get("ARENA_TEST_DATABASE_URL")
if _test_db:
    DATABASES = {"default": dj_database_url.parse(_test_db)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# Each test starts from an empty in-process cache (tests/conftest.py); public pages are cached only
# in the tests of arena.ui.pagecache, which switch it on.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ARENA_PUBLIC_CACHE_SECONDS = 0
# Argon2 is what users get; tests check that separately and hash fast everywhere else.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# A small deterministic embedder: page and service tests need the engine's plumbing, not its model
# (tests/matching has the integration test with the real one).
ARENA_EMBEDDER = "tests.fakes.HashingEmbedder"
# The score floor is set for e5; the hashing embedder scores related texts lower (tests of the
# floor set it back).
ARENA_SUGGESTION_SCORE_FLOOR = float("-inf")
ARENA_CPV_SEMANTIC = False
# No collectstatic in tests: WhiteNoise finds the apps' static files itself.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
