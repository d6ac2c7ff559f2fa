# The browser fixtures of tests/e2e, shared rather than copied.
from tests.e2e.conftest import browser_context, live_url, login_as, page  # noqa: F401
