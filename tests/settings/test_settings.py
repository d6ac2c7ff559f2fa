import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


def _import_settings(
    code: str = "print(s.DATABASES['default']['ENGINE'], s.DEBUG)", **env: str
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ARENA_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", f"import arena.settings.base as s; {code}"],
        env={**clean, "PYTHONPATH": str(SRC), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_production_without_secret_refuses_to_start(tmp_path):
    result = _import_settings(ARENA_ENV="production", ARENA_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "ARENA_SECRET_KEY" in result.stderr


def test_settings_production_with_secret_starts_without_debug(tmp_path):
    result = _import_settings(
        ARENA_ENV="production",
        ARENA_SECRET_KEY="x" * 50,
        ARENA_VAR_DIR=str(tmp_path),
        ARENA_SITE_URL="https://arena.example.se",
        ARENA_ALLOW_SQLITE="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "False"]


def test_settings_default_is_sqlite_with_debug(tmp_path):
    result = _import_settings(ARENA_VAR_DIR=str(tmp_path))
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_settings_database_url_switches_to_postgresql(tmp_path):
    result = _import_settings(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/arena", ARENA_VAR_DIR=str(tmp_path)
    )
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_settings_bad_boolean_is_refused(tmp_path):
    result = _import_settings(ARENA_DEBUG="kanske", ARENA_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "ARENA_DEBUG" in result.stderr


def test_settings_production_without_site_url_refuses_to_start(tmp_path):
    result = _import_settings(
        ARENA_ENV="production",
        ARENA_SECRET_KEY="x" * 50,
        ARENA_VAR_DIR=str(tmp_path),
        ARENA_SITE_URL="",
    )
    assert result.returncode != 0
    assert "ARENA_SITE_URL" in result.stderr


PRODUCTION = {
    "ARENA_ENV": "production",
    "ARENA_SECRET_KEY": "x" * 50,
    "ARENA_SITE_URL": "https://arena.example.se",
    "DATABASE_URL": "postgres://arena@db.example.se:5432/arena",
}


def test_settings_production_on_sqlite_without_consent_refuses_to_start(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"}
    result = _import_settings(ARENA_VAR_DIR=str(tmp_path), **env)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_settings_production_site_url_over_http_refuses_to_start(tmp_path):
    env = {**PRODUCTION, "ARENA_SITE_URL": "http://arena.example.se"}
    result = _import_settings(ARENA_VAR_DIR=str(tmp_path), **env)
    assert result.returncode != 0
    assert "ARENA_SITE_URL" in result.stderr


def test_settings_production_has_secure_cookies_hsts_and_hashed_static(tmp_path):
    result = _import_settings(
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_SAMESITE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT,"
        " s.STORAGES['staticfiles']['BACKEND'], s.DATABASES['default']['CONN_MAX_AGE'],"
        " s.LOGGING['handlers']['console']['formatter'])",
        ARENA_VAR_DIR=str(tmp_path),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "Lax",
        "31536000",
        "True",
        "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "60",
        "json",
    ]


def test_settings_development_keeps_plain_static_and_text_logs(tmp_path):
    result = _import_settings(
        "print(s.STORAGES['staticfiles']['BACKEND'], s.LOGGING['handlers']['console']['formatter'],"
        " s.SESSION_COOKIE_SECURE)",
        ARENA_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.split() == [
        "django.contrib.staticfiles.storage.StaticFilesStorage",
        "text",
        "False",
    ]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ARENA_LOG_RETENTION_DAYS", "0"),
        ("ARENA_LOG_RETENTION_DAYS", "ninety"),
        ("ARENA_LOG_RETENTION_DAYS", "-5"),
        ("ARENA_LOGIN_FAILURE_LIMIT", "0"),
        ("ARENA_LOGIN_COOLOFF_MINUTES", "1.5"),
        ("ARENA_LOG_FORMAT", "xml"),
        ("ARENA_LOG_LEVEL", "loud"),
        ("ARENA_PROXY_COUNT", "-1"),
    ],
)
def test_settings_bad_number_or_choice_is_refused(tmp_path, name, value):
    result = _import_settings(ARENA_VAR_DIR=str(tmp_path), **{name: value})
    assert result.returncode != 0
    assert name in result.stderr
    assert "Traceback" in result.stderr  # ImproperlyConfigured, not a silent default


def test_settings_log_retention_and_lockout_read_from_environment(tmp_path):
    result = _import_settings(
        "print(s.ARENA_LOG_RETENTION_DAYS, s.AXES_FAILURE_LIMIT,"
        " int(s.AXES_COOLOFF_TIME.total_seconds()))",
        ARENA_VAR_DIR=str(tmp_path),
        ARENA_LOG_RETENTION_DAYS="30",
        ARENA_LOGIN_FAILURE_LIMIT="8",
        ARENA_LOGIN_COOLOFF_MINUTES="60",
    )
    assert result.stdout.split() == ["30", "8", "3600"]


def test_settings_defaults_for_retention_and_lockout(tmp_path):
    result = _import_settings(
        "print(s.ARENA_LOG_RETENTION_DAYS, s.AXES_FAILURE_LIMIT,"
        " int(s.AXES_COOLOFF_TIME.total_seconds()), s.AXES_LOCKOUT_PARAMETERS)",
        ARENA_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.strip().split(maxsplit=3) == [
        "90",
        "5",
        "900",
        "[['username', 'ip_address']]",
    ]


JSON_LOG = """
import logging, logging.config
logging.config.dictConfig(s.LOGGING)
from django.test import RequestFactory
request = RequestFactory().get('/upphandlingar/?q=hemligt', HTTP_COOKIE='sessionid=abc')
logging.getLogger('django.request').warning('Not Found: %s', request.path,
    extra={'status_code': 404, 'request': request})
"""


def test_settings_json_log_lines_parse_with_path_and_status(tmp_path):
    result = _import_settings(
        "import django; from django.conf import settings; settings.configure(); " + JSON_LOG,
        ARENA_VAR_DIR=str(tmp_path),
        ARENA_LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING"
    assert line["logger"] == "django.request"
    assert line["message"] == "Not Found: /upphandlingar/"
    assert line["path"] == "/upphandlingar/"
    assert line["status"] == 404
    assert "timestamp" in line
    assert "sessionid" not in result.stderr
    assert "hemligt" not in result.stderr


def test_settings_text_logs_are_plain_lines(tmp_path):
    result = _import_settings(
        "import logging, logging.config; logging.config.dictConfig(s.LOGGING);"
        " logging.getLogger('arena').warning('hej')",
        ARENA_VAR_DIR=str(tmp_path),
    )
    assert result.stderr.strip().endswith("WARNING arena: hej")
