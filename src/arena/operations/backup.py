"""Backup and restore of a whole Arena installation: the database and the uploaded media files.

An archive is one tar.gz file:

- ``manifest.json`` (first, so it is read without decompressing the rest): Arena version,
  database vendor, creation time, the applied migrations per app, the number of rows per table,
  and the SHA-256 of the data file;
- ``data.jsonl``: every row as Django's JSON Lines serialisation (one object per line, primary
  keys kept), so an archive made on SQLite restores on PostgreSQL and the other way round;
- ``media/…``: the files under MEDIA_ROOT, when it is configured.

Rows are written and read as streams, so a large database is never held in memory. Restoring
replaces the whole database in one transaction: it ends with everything restored or nothing
changed.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "arena-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.jsonl"
MEDIA_PREFIX = "media/"

# Rows that are rebuilt rather than restored: content types and permissions are recreated by
# `migrate`/`flush` (rows that point at them are written with natural keys), sessions only log
# people out, the task queue must not replay old jobs (e-mails) on a new server, axes' lockouts
# are short-lived, TextVector is the matching engine's embedding cache (`arena
# build-match-index` refills it), and the CPV suggestions' examples are copies of the notices with
# their vectors (`arena notices cpv-examples` writes them again).
EXCLUDED_APPS = frozenset({"contenttypes", "sessions", "django_tasks_database", "axes"})
EXCLUDED_MODELS = frozenset(
    {
        "auth.permission",
        "matches.textvector",
        "reference.cpvexample",
        "reference.cpvexamplegeneration",
    }
)
# Written with natural keys because their primary keys differ between databases.
NATURAL_KEY_MODELS: tuple[type[Model], ...] = (ContentType, Permission)
# Rows a fresh installation has before anything is restored: reference vocabularies (`arena
# load-reference`) and the rows data migrations create. Replacing them loses nothing.
NOT_USER_DATA_APPS = frozenset({"reference"})
NOT_USER_DATA_MODELS = frozenset({"pilots.threshold"})

Progress = Callable[[int, int], None]


class BackupError(Exception):
    """A problem the person running the command can act on; the message says what to do."""


@dataclass
class BackupReport:
    path: Path
    counts: dict[str, int]
    media_files: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class RestoreReport:
    counts: dict[str, int]
    media_files: int
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but keeping microseconds (it cuts times to milliseconds)."""

    def default(self, o: object) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _SelectiveNaturalKeySerializer(JsonlSerializer):
    """JSON Lines with natural keys only towards content types and permissions.

    Everything else keeps its primary key: it is restored with the same one, and looking every
    user up by e-mail address for every foreign key would make large restores crawl.
    """

    def _model_supports_natural_key(self, model: type[Model]) -> bool:
        return issubclass(model, NATURAL_KEY_MODELS) and callable(
            getattr(model, "natural_key", None)
        )


def backed_up_models() -> list[type[Model]]:
    """Every table the archive holds, in dependency order (for readers of the data file)."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in EXCLUDED_APPS
        and model._meta.label_lower not in EXCLUDED_MODELS
    ]
    by_app: dict[str, list[type[Model]]] = {}
    for model in chosen:
        by_app.setdefault(model._meta.app_label, []).append(model)
    app_list = [(apps.get_app_config(label), models) for label, models in by_app.items()]
    ordered: list[type[Model]] = serializers.sort_dependencies(app_list, allow_cycles=True)
    return ordered


def default_backup_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"arena-{stamp}.tar.gz"


def arena_version() -> str:
    try:
        return metadata.version("arena")
    except metadata.PackageNotFoundError:
        return "unknown"


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _media_root() -> Path | None:
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root) if root else None


def _media_files(root: Path | None) -> list[Path]:
    if root is None or not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


class _Snapshot:
    """A read transaction that sees one consistent state of the database for the whole dump.

    PostgreSQL: REPEATABLE READ. SQLite: a deferred (read) transaction, which in WAL mode sees
    one snapshot without taking the write lock the site's IMMEDIATE transactions would take, so
    the site keeps writing while the backup runs.
    """

    def __enter__(self) -> None:
        self._atomic = None
        if connection.in_atomic_block:
            return  # the caller's transaction already fixes what is seen
        self._mode = getattr(connection, "transaction_mode", None)
        if connection.vendor == "sqlite":
            connection.transaction_mode = None  # type: ignore[attr-defined]
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def __exit__(self, *exc: object) -> None:
        if self._atomic is None:
            return
        try:
            self._atomic.__exit__(*exc)  # type: ignore[arg-type]
        finally:
            if connection.vendor == "sqlite":
                connection.transaction_mode = self._mode  # type: ignore[attr-defined]


def _counting(rows: Iterable[Model], counts: Counter[str], label: str) -> Iterator[Model]:
    for row in rows:
        counts[label] += 1
        yield row


def backup_create(*, output: Path | None = None, progress: Progress | None = None) -> BackupReport:
    """Write the database and the media files to one archive; return where and how many rows."""
    path = output or default_backup_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(
            _("Cannot create the folder %(folder)s: %(error)s")
            % {"folder": path.parent, "error": error.strerror or error}
        ) from error
    models = backed_up_models()
    media_root = _media_root()
    counts: Counter[str] = Counter()
    digest = hashlib.sha256()
    # Written beside the archive and renamed at the end: a half-written archive never looks done.
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".arena-backup-") as work_dir:
            data_path = Path(work_dir) / DATA_NAME
            with _Snapshot():
                migrations = applied_migrations()
                with data_path.open("w", encoding="utf-8") as data:
                    for done, model in enumerate(models, start=1):
                        label = model._meta.label_lower
                        counts[label] = 0
                        rows = _rows_of(model)
                        _SelectiveNaturalKeySerializer().serialize(
                            _counting(rows, counts, label),
                            stream=data,
                            use_natural_foreign_keys=True,
                            cls=_ExactJSONEncoder,
                        )
                        if progress:
                            progress(done, len(models))
            with data_path.open("rb") as data_bytes:
                for chunk in iter(lambda: data_bytes.read(1 << 20), b""):
                    digest.update(chunk)
            media = _media_files(media_root)
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "arena_version": arena_version(),
                "created_at": timezone.now().isoformat(),
                "database_vendor": connection.vendor,
                "migrations": migrations,
                "last_migrations": {app: names[-1] for app, names in migrations.items()},
                "counts": dict(sorted(counts.items())),
                "data": {"name": DATA_NAME, "sha256": digest.hexdigest()},
                "media": {"files": len(media)},
            }
            partial = Path(work_dir) / path.name
            with tarfile.open(partial, "w:gz") as archive:
                encoded = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST_NAME)
                info.size = len(encoded)
                info.mtime = int(timezone.now().timestamp())
                info.mode = 0o600
                archive.addfile(info, io.BytesIO(encoded))
                archive.add(data_path, arcname=DATA_NAME, recursive=False)
                for file in media:
                    relative = file.relative_to(media_root)  # type: ignore[arg-type]
                    archive.add(file, arcname=MEDIA_PREFIX + relative.as_posix(), recursive=False)
            # The archive holds password hashes and private documents: owner-only.
            partial.chmod(0o600)
            os.replace(partial, path)
    except OSError as error:
        raise BackupError(
            _("Cannot write the backup to %(path)s: %(error)s")
            % {"path": path, "error": error.strerror or error}
        ) from error
    return BackupReport(path=path, counts=dict(sorted(counts.items())), media_files=len(media))


def _rows_of(model: type[Model]) -> Iterator[Model]:
    m2m = [
        f.name
        for f in model._meta.many_to_many
        if f.remote_field.through._meta.auto_created  # type: ignore[union-attr]
    ]
    queryset = model._base_manager.order_by("pk")
    if m2m:
        queryset = queryset.prefetch_related(*m2m)
    return queryset.iterator(chunk_size=1000)


# -- restore ----------------------------------------------------------------------------------


class _HashingReader(io.RawIOBase):
    """Passes bytes through while hashing them, so the data is checked in the same single read."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.raw.read(len(buffer))
        self.digest.update(chunk)
        buffer[: len(chunk)] = chunk
        return len(chunk)


_CORRUPT_ERRORS = (tarfile.TarError, EOFError, zlib.error, UnicodeDecodeError, OSError)


def _corrupted(path: Path, detail: object) -> BackupError:
    return BackupError(
        _("The backup %(path)s is damaged and cannot be restored (%(detail)s).")
        % {"path": path, "detail": detail}
    )


def read_manifest(archive: tarfile.TarFile, path: Path) -> dict[str, Any]:
    not_arena = BackupError(_("%(path)s is not an Arena backup.") % {"path": path})
    try:
        member = archive.next()
        if member is None or member.name != MANIFEST_NAME or not member.isfile():
            raise not_arena
        stream = archive.extractfile(member)
        if stream is None:
            raise not_arena
        manifest = json.loads(stream.read().decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise not_arena from error
    except _CORRUPT_ERRORS as error:
        raise _corrupted(path, error) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise not_arena
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _(
                "%(path)s was written in backup format %(version)s, which this version of "
                "Arena cannot read."
            )
            % {"path": path, "version": manifest.get("format_version")}
        )
    for key, kind in (("migrations", dict), ("counts", dict), ("data", dict)):
        if not isinstance(manifest.get(key), kind):
            raise _corrupted(path, _("the manifest has no %(key)s") % {"key": key})
    return manifest


def check_migrations(manifest: dict[str, Any]) -> None:
    """Refuse an archive whose tables are shaped differently from this database's."""
    archived = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    known = set(MigrationLoader(connection, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(archived - known)
    if unknown:
        raise BackupError(
            _(
                "The backup was made by a newer version of Arena: this code does not know "
                "the migrations %(migrations)s. Install the Arena version that made it "
                "(%(version)s) or a later one, then restore."
            )
            % {
                "migrations": ", ".join(f"{app}.{name}" for app, name in unknown),
                "version": manifest.get("arena_version", "?"),
            }
        )
    current = {
        (app, name)
        for app, names in applied_migrations().items()
        for name in names
        if (app, name) in known
    }
    not_applied = sorted(archived - current)
    if not_applied:
        raise BackupError(
            _(
                "This database is missing migrations the backup has (%(migrations)s). Run "
                "`arena migrate` first, then restore."
            )
            % {"migrations": ", ".join(f"{app}.{name}" for app, name in not_applied)}
        )
    newer = sorted(current - archived)
    if newer:
        archive_apps = manifest["migrations"]
        steps = [
            f"arena migrate {app} {archive_apps[app][-1] if archive_apps.get(app) else 'zero'}"
            for app in sorted({app for app, _name in newer})
        ]
        raise BackupError(
            _(
                "The backup was made before the migrations %(migrations)s, which this database "
                "has. Restore into a new database migrated to the backup's state (%(steps)s), "
                "then run `arena migrate`."
            )
            % {
                "migrations": ", ".join(f"{app}.{name}" for app, name in newer),
                "steps": "; ".join(steps),
            }
        )


def user_data_tables() -> list[str]:
    """Tables of this database that hold data a restore would replace (empty: nothing to lose)."""
    found = []
    for model in backed_up_models():
        if (
            model._meta.app_label in NOT_USER_DATA_APPS
            or model._meta.label_lower in NOT_USER_DATA_MODELS
        ):
            continue
        if model._base_manager.exists():
            found.append(model._meta.label_lower)
    return found


def _safe_media_name(name: str) -> Path | None:
    relative = Path(name[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return relative


def _rebuild_fulltext_indexes() -> None:
    """Refill SQLite's FTS5 indexes (arena.search) from their tables.

    Triggers keep them in step on every insert, but a rebuild makes the restored index exactly
    match the restored rows whatever happened before (PostgreSQL searches the columns directly).
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql LIKE 'CREATE VIRTUAL TABLE%%USING fts5%%'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        for table in tables:
            cursor.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'rebuild\')')  # noqa: S608  # names from sqlite_master


def _load_data(
    archive: tarfile.TarFile,
    member: tarfile.TarInfo,
    manifest: dict[str, Any],
    path: Path,
    progress: Progress | None,
) -> Counter[str]:
    stream = archive.extractfile(member)
    if stream is None:
        raise _corrupted(path, _("the data is not a file"))
    reader = _HashingReader(stream)
    text = io.TextIOWrapper(io.BufferedReader(reader, 1 << 16), encoding="utf-8")
    expected: dict[str, int] = manifest["counts"]
    total = sum(expected.values())
    counts: Counter[str] = Counter()
    loaded_models: set[type[Model]] = set()
    deferred = []
    objects = serializers.deserialize(
        "jsonl", text, handle_forward_references=True, ignorenonexistent=False
    )
    with connection.constraint_checks_disabled():
        for done, obj in enumerate(objects, start=1):
            model = type(obj.object)
            obj.save()
            loaded_models.add(model)
            counts[model._meta.label_lower] += 1
            if obj.deferred_fields:
                deferred.append(obj)
            if progress and (done % 500 == 0 or done == total):
                progress(done, total)
        for obj in deferred:
            obj.save_deferred_fields()
    if reader.digest.hexdigest() != manifest["data"].get("sha256"):
        raise _corrupted(path, _("the data does not match its checksum"))
    differing = {
        label
        for label in set(expected) | set(counts)
        if expected.get(label, 0) != counts.get(label, 0)
    }
    if differing:
        raise _corrupted(
            path,
            _("row counts differ from the manifest in %(tables)s")
            % {"tables": ", ".join(sorted(differing))},
        )
    connection.check_constraints(table_names=[m._meta.db_table for m in loaded_models])
    sequence_sql = connection.ops.sequence_reset_sql(no_style(), list(loaded_models))
    if sequence_sql:
        with connection.cursor() as cursor:
            for statement in sequence_sql:
                cursor.execute(statement)
    return counts


def backup_restore(
    *, path: Path, force: bool = False, progress: Progress | None = None
) -> RestoreReport:
    """Replace the database (and the media files) with an archive's, all or nothing."""
    if not path.is_file():
        raise BackupError(_("File not found: %(path)s") % {"path": path})
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115  # closed in the finally below
    except (tarfile.ReadError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            _("%(path)s is not an Arena backup (not a tar.gz archive).") % {"path": path}
        ) from error
    try:
        return _restore_from(archive, path=path, force=force, progress=progress)
    finally:
        archive.close()
        # flush re-created the content types, maybe in a transaction that was then rolled back.
        ContentType.objects.clear_cache()


def _restore_from(
    archive: tarfile.TarFile, *, path: Path, force: bool, progress: Progress | None
) -> RestoreReport:
    manifest = read_manifest(archive, path)
    check_migrations(manifest)
    if not force:
        tables = user_data_tables()
        if tables:
            raise BackupError(
                _(
                    "The database is not empty (%(tables)s). Restoring replaces everything "
                    "in it: run again with --force to do that."
                )
                % {"tables": ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")}
            )
    media_root = _media_root()
    with tempfile.TemporaryDirectory(prefix=".arena-restore-") as staging_dir:
        staging = Path(staging_dir)
        media_count = 0
        counts: Counter[str] = Counter()
        try:
            data_member = archive.next()
            if data_member is None or data_member.name != DATA_NAME:
                raise _corrupted(path, _("the data file is missing"))
            try:
                with transaction.atomic():
                    if connection.vendor == "postgresql":
                        # TRUNCATE refuses tables with deferred checks still pending from
                        # earlier writes in an enclosing transaction: run those checks now.
                        with connection.cursor() as cursor:
                            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                    # flush re-creates content types and permissions (post_migrate), which the
                    # archive refers to by natural key.
                    call_command("flush", interactive=False, verbosity=0)
                    counts = _load_data(archive, data_member, manifest, path, progress)
                    _rebuild_fulltext_indexes()
                    # Media files come after the data; staging them inside the transaction means
                    # a damaged file anywhere in the archive still leaves the database as it was.
                    for member in archive:
                        if not member.name.startswith(MEDIA_PREFIX) or not member.isfile():
                            continue
                        relative = _safe_media_name(member.name)
                        source = archive.extractfile(member)
                        if relative is None or source is None:
                            continue
                        target = staging / relative
                        target.parent.mkdir(parents=True, exist_ok=True)
                        with target.open("wb") as out:
                            shutil.copyfileobj(source, out)
                        media_count += 1
                    if media_count and media_root is None:
                        raise BackupError(
                            _(
                                "The backup holds %(count)d media files but MEDIA_ROOT is not "
                                "set; set it and restore again."
                            )
                            % {"count": media_count}
                        )
            except (DeserializationError, IntegrityError, DatabaseError, ValueError) as error:
                raise _corrupted(path, error) from error
        except _CORRUPT_ERRORS as error:
            raise _corrupted(path, error) from error
        if media_count and media_root is not None:
            shutil.copytree(staging, media_root, dirs_exist_ok=True)
    return RestoreReport(
        counts=dict(sorted(counts.items())), media_files=media_count, manifest=manifest
    )


def format_created_at(manifest: dict[str, Any]) -> str:
    try:
        created = datetime.datetime.fromisoformat(str(manifest.get("created_at")))
    except ValueError:
        return "?"
    return timezone.localtime(created).strftime("%Y-%m-%d %H:%M")
