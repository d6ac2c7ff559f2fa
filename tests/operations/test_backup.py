"""`arena backup` / `arena restore`: a round trip gives back the same rows, and bad archives are
refused with a clear message before anything is changed."""

import io
import json
import re
import tarfile
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from arena.accounts.models import User
from arena.needs.models import Challenge, ChallengeStatusChange
from arena.operations.backup import backed_up_models
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Organisation
from arena.pilots.models import PilotDocument
from arena.search.fulltext import fulltext_filter
from tests.factories.accounts import PASSWORD
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.pilots import PilotFactory, ProjectGroupFactory
from tests.factories.reference import CpvCodeFactory, MunicipalityFactory
from tests.factories.supply import SolutionFactory


def _everything() -> dict[str, list[dict]]:
    """Every backed-up row, serialised the same way before and after, for an exact comparison."""
    return {
        model._meta.label_lower: serializers.serialize("python", model._base_manager.order_by("pk"))
        for model in backed_up_models()
    }


def _realistic_data() -> Challenge:
    software = CpvCodeFactory(code="48000000", check_digit="8")
    food = CpvCodeFactory(
        code="15000000", check_digit="8", label_sv="Livsmedel", label_en="Food products"
    )
    stockholm = MunicipalityFactory()
    buyer = BuyerFactory(name="Solby kommun", slug="solby")
    company = OrganisationFactory(name="Vågtech AB", slug="vagtech")
    buyer_admin = MembershipFactory(organisation=buyer, role=MembershipRole.ADMIN).user
    MembershipFactory(organisation=company, role=MembershipRole.ADMIN)
    MembershipFactory(organisation=company, user=buyer_admin)  # one person in two organisations
    challenge = ChallengeFactory(
        owners=[buyer],
        slug="matsvinn",
        title_sv="Mindre matsvinn i skolköken",
        title_en="Less food waste in school kitchens",
    )
    challenge.cpv_codes.set([software, food])
    challenge.municipalities.set([stockholm])
    ChallengeStatusChange.objects.create(
        challenge=challenge, from_status="draft", to_status="published", changed_by=buyer_admin
    )
    SolutionFactory(organisation=company, published=True, cpv_codes=[software])
    group = ProjectGroupFactory(challenge=challenge, companies=[company])
    pilot = PilotFactory(group=group)
    PilotDocument.objects.create(
        pilot=pilot,
        kind="pilot",
        language="sv",
        file_format="pdf",
        version=1,
        filename="avtal.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.7\x00\xff binary",
    )
    return challenge


def _rewrite(source: Path, target: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Copy an archive, letting `change(name, bytes)` alter each member's content."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            content = change(member.name, old.extractfile(member).read())
            info = tarfile.TarInfo(member.name)
            info.size = len(content)
            new.addfile(info, io.BytesIO(content))


@pytest.fixture
def archive(db, tmp_path) -> Path:
    OrganisationFactory(name="Backupbolaget AB", slug="backupbolaget")
    path = tmp_path / "arena.tar.gz"
    call_command("backup", output=path, stdout=io.StringIO())
    return path


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """Writes that commit (flush and restore do), undone afterwards to the state found before.

    Not pytest-django's serialized_rollback: it reloads the state saved when the test database
    was created, which collides with the content types that an earlier transactional test's
    flush may have re-created (tests/organisations/test_tasks.py run first made this test fail).
    """
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
        try:
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(before)


def test_backup_restore_round_trip_keeps_rows_and_relations(committed_db, tmp_path):
    challenge = _realistic_data()
    before = _everything()
    path = tmp_path / "arena.tar.gz"
    out = io.StringIO()
    call_command("backup", output=path, stdout=out)
    assert str(path) in out.getvalue()

    call_command("flush", interactive=False, verbosity=0)
    assert not User.objects.exists()
    out = io.StringIO()
    call_command("restore", str(path), stdout=out)

    assert _everything() == before
    assert str(sum(len(rows) for rows in before.values())) in out.getvalue()
    restored = Challenge.objects.get(slug="matsvinn")
    assert sorted(restored.cpv_codes.values_list("code", flat=True)) == ["15000000", "48000000"]
    assert restored.owners.get().slug == "solby"
    assert restored.status_changes.get().changed_by.memberships.count() == 2
    assert bytes(PilotDocument.objects.get().content) == b"%PDF-1.7\x00\xff binary"
    user = User.objects.get(pk=restored.status_changes.get().changed_by_id)
    assert user.check_password(PASSWORD)
    found = fulltext_filter(
        Challenge.objects.all(), query="skolköken", fields=["title_sv", "title_en"]
    )
    assert list(found) == [challenge]
    # The id sequences were moved past the restored rows: new rows do not collide.
    assert OrganisationFactory().pk > max(before["organisations.organisation"], key=_pk)["pk"]


def _pk(row: dict) -> int:
    return int(row["pk"])


def test_backup_default_path_under_var_backups(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("backup", stdout=out)
    written = list((tmp_path / "backups").iterdir())
    assert len(written) == 1
    assert re.fullmatch(r"arena-\d{8}-\d{6}\.tar\.gz", written[0].name)
    assert str(written[0]) in out.getvalue()


def test_backup_manifest_records_migrations_and_counts(archive):
    with tarfile.open(archive, "r:gz") as tar:
        assert tar.getnames()[:2] == ["manifest.json", "data.jsonl"]
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["format"] == "arena-backup"
    assert manifest["counts"]["organisations.organisation"] == 1
    assert "0001_initial" in manifest["migrations"]["needs"]
    assert manifest["last_migrations"]["needs"] == manifest["migrations"]["needs"][-1]
    # Caches and rebuilt rows stay out.
    assert "matches.textvector" not in manifest["counts"]
    assert "reference.cpvexample" not in manifest["counts"]
    assert "sessions.session" not in manifest["counts"]
    assert "contenttypes.contenttype" not in manifest["counts"]


def test_restore_refuses_non_empty_database_without_force(archive):
    OrganisationFactory(name="Ny data AB", slug="ny-data")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Organisation.objects.filter(slug="ny-data").exists()


def test_restore_with_force_replaces_existing_data(archive):
    OrganisationFactory(name="Ny data AB", slug="ny-data")
    call_command("restore", str(archive), force=True, stdout=io.StringIO())
    assert list(Organisation.objects.values_list("slug", flat=True)) == ["backupbolaget"]


def test_restore_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"saknas|not found"):
        call_command("restore", str(tmp_path / "nothing.tar.gz"))


def test_restore_non_archive_is_not_an_arena_backup(db, tmp_path):
    path = tmp_path / "notes.tar.gz"
    path.write_text("just some notes")
    with pytest.raises(CommandError, match="Arena"):
        call_command("restore", str(path))


def test_restore_foreign_tar_is_not_an_arena_backup(db, tmp_path):
    path = tmp_path / "other.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("README")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    with pytest.raises(CommandError, match="Arena"):
        call_command("restore", str(path))


def test_restore_truncated_archive_is_reported_damaged(archive, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[:-200])
    with pytest.raises(CommandError, match=r"skadad|damaged"):
        call_command("restore", str(truncated), force=True, stdout=io.StringIO())
    assert Organisation.objects.filter(slug="backupbolaget").exists()


def test_restore_tampered_data_changes_nothing(archive, tmp_path):
    """The data is loaded before its checksum is known: a mismatch must roll everything back."""
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(
        archive,
        tampered,
        lambda name, content: (
            content.replace(b"Backupbolaget AB", b"Falskbolaget AB")
            if name == "data.jsonl"
            else content
        ),
    )
    OrganisationFactory(name="Kvar AB", slug="kvar")
    with pytest.raises(CommandError, match=r"skadad|damaged"):
        call_command("restore", str(tampered), force=True, stdout=io.StringIO())
    assert set(Organisation.objects.values_list("slug", flat=True)) == {"backupbolaget", "kvar"}


def test_restore_refuses_archive_with_unknown_migration(archive, tmp_path):
    def future(name: str, content: bytes) -> bytes:
        if name != "manifest.json":
            return content
        manifest = json.loads(content)
        manifest["migrations"]["needs"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    newer = tmp_path / "newer.tar.gz"
    _rewrite(archive, newer, future)
    with pytest.raises(CommandError, match="9999_from_the_future"):
        call_command("restore", str(newer), force=True, stdout=io.StringIO())
    assert Organisation.objects.filter(slug="backupbolaget").exists()


def test_backup_restore_media_files_round_trip(db, settings, tmp_path):
    media = tmp_path / "media"
    (media / "logos").mkdir(parents=True)
    (media / "logos" / "solby.png").write_bytes(b"\x89PNG logo")
    settings.MEDIA_ROOT = str(media)
    path = tmp_path / "arena.tar.gz"
    call_command("backup", output=path, stdout=io.StringIO())
    (media / "logos" / "solby.png").unlink()

    out = io.StringIO()
    call_command("restore", str(path), stdout=out)

    assert (media / "logos" / "solby.png").read_bytes() == b"\x89PNG logo"
