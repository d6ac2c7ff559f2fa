import json

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.recorder import MigrationRecorder

from arena.matches import pgvector
from arena.operations import selectors
from tests.factories.reference import CpvCodeFactory


def test_healthz_answers_ok_without_database(client):
    # No django_db mark: any query here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_without_reference_data_is_503_naming_reference(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {
        "status": "failing",
        "checks": {
            "database": "ok",
            "task_queue": "ok",
            "reference": "failing",
            "migrations": "ok",
            "vector_store": "ok",
        },
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_with_reference_data_is_200(client):
    CpvCodeFactory()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "ok"


@pytest.mark.django_db
def test_readyz_pgvector_required_but_not_enabled_is_503(client, settings):
    CpvCodeFactory()
    settings.ARENA_VECTOR_STORE = "pgvector"
    if pgvector.enabled(connection):
        pgvector.disable(connection)  # PostgreSQL: rolled back with the test

    response = client.get("/readyz")

    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["vector_store"] == "failing"


@pytest.mark.django_db
def test_readyz_database_error_is_503_not_500(client, monkeypatch):
    CpvCodeFactory()

    def broken() -> bool:
        raise DatabaseError("connection refused")

    monkeypatch.setitem(selectors.READINESS_CHECKS, "task_queue", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["task_queue"] == "failing"
    assert "connection refused" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_unapplied_migration_is_503(client, monkeypatch):
    CpvCodeFactory()
    # A process that has not yet seen every migration applied, and a database one behind.
    monkeypatch.setattr(selectors, "_migrations_seen_applied", False)
    latest = MigrationRecorder.Migration.objects.filter(app="readiness").order_by("-name").first()
    assert latest is not None
    latest.delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["migrations"] == "failing"


@pytest.mark.django_db
def test_readyz_migrations_once_applied_are_not_read_again(client, monkeypatch):
    CpvCodeFactory()
    monkeypatch.setattr(selectors, "_migrations_seen_applied", False)
    assert client.get("/readyz").status_code == 200
    MigrationRecorder.Migration.objects.filter(app="readiness").delete()
    # Migrations change only with new code, i.e. a new process: this one trusts what it saw.
    assert client.get("/readyz").status_code == 200


def test_health_probes_are_exempt_from_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/", secure=False).status_code == 301


def test_health_post_is_refused(client):
    assert client.post("/healthz").status_code == 405
