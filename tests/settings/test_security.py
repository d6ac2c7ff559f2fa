import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize("path", ["/", "/konto/logga-in/", "/finns-inte/", "/healthz"])
def test_csp_header_on_pages_and_errors(client, path):
    response = client.get(path)
    assert _policy(response) == POLICY


def _inline_code(html: str) -> list[str]:
    scripts = [
        tag
        for tag, body in re.findall(r"(<script\b[^>]*>)(.*?)</script>", html, flags=re.S | re.I)
        if body.strip() or "src=" not in tag
    ]
    styles = re.findall(r"<style\b|\sstyle\s*=", html, flags=re.I)
    handlers = re.findall(r"\son[a-z]+\s*=", html, flags=re.I)
    return scripts + styles + handlers


@pytest.mark.parametrize(
    "name", ["ui:home", "accounts:login", "accounts:signup", "accounts:password_reset"]
)
def test_csp_pages_have_no_inline_script_style_or_handler(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert _inline_code(response.content.decode()) == []


def test_csp_admin_login_has_no_inline_script(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert [s for s in _inline_code(response.content.decode()) if "<script" in s] == []


def test_static_files_are_served_by_whitenoise(client):
    response = client.get("/static/ui/css/arena.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
