import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ARENA_", "DATABASE_URL"))}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import arena.settings.base as s; print(s.DATABASES['default']['ENGINE'], s.DEBUG)",
        ],
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
