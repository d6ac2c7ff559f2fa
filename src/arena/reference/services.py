"""Writes for the reference vocabularies: loading the CSV files in reference/data/.

`reference_load` reads and checks every file first and writes nothing if any file has a
problem. Then it brings the tables in line with the files in one transaction: new rows are
created, changed rows updated and rows that are gone from the files deleted, unless another
table still refers to them. Running it again with the same files changes nothing.

`cpv_examples_set` and `cpv_examples_embed` keep the CPV classifier's labelled examples: the forms
of imported notices with official codes, written in the import's transaction, embedded after it.
"""

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import F, ForeignObjectRel, Q
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.reference.codes import cpv_ancestor_codes, cpv_level, sdg_target_sort_key
from arena.reference.models import (
    CpvCode,
    CpvExample,
    CpvExampleGeneration,
    Municipality,
    NutsCode,
    Region,
    SdgGoal,
    SdgTarget,
)
from arena.reference.text import fold

if TYPE_CHECKING:
    from arena.matching.embed import Embedder

CPV_FILE = "cpv_2008.csv"
NUTS_FILE = "nuts_se.csv"
COUNTIES_FILE = "se_counties_regions.csv"
MUNICIPALITIES_FILE = "se_municipalities.csv"
SDG_GOALS_EN_FILE = "sdg_goals_en.csv"
SDG_GOALS_SV_FILE = "sdg_goals_sv.csv"
SDG_TARGETS_FILE = "sdg_targets_en.csv"

# The columns the loader reads; a file may have more (cpv_2008.csv also has Finnish and German).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    CPV_FILE: ("code", "code_with_check_digit", "level", "parent_code", "label_en", "label_sv"),
    NUTS_FILE: ("nuts_code", "nuts_level", "label_en", "label_sv"),
    COUNTIES_FILE: ("county_code", "county_name", "region_name", "nuts3_code", "n_municipalities"),
    MUNICIPALITIES_FILE: (
        "municipality_code",
        "municipality_name",
        "county_code",
        "county_name",
        "nuts3_code",
    ),
    SDG_GOALS_EN_FILE: ("goal", "short_title_en", "title_en"),
    SDG_GOALS_SV_FILE: ("goal", "short_title_sv"),
    SDG_TARGETS_FILE: ("target", "goal", "title_en"),
}

_CPV_CODE = re.compile(r"\d{8}")
_CPV_WITH_CHECK_DIGIT = re.compile(r"(\d{8})-(\d)")
_GOAL_NUMBER = re.compile(r"[1-9]\d?")
_TARGET_CODE = re.compile(r"([1-9]\d?)\.([1-9]\d?|[a-z])")
_NUTS_CODE = re.compile(r"SE[0-9A-Z]{0,3}")
_COUNTY_CODE = re.compile(r"\d{2}")
_MUNICIPALITY_CODE = re.compile(r"\d{4}")


class ReferenceDataError(Exception):
    """The reference files have problems; `problems` names each one with its file and line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class VocabularyCounts:
    """What one load did to one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    # Gone from the files but still referred to by other rows, so left in place.
    kept: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass(frozen=True)
class ReferenceLoadReport:
    cpv_codes: VocabularyCounts
    sdg_goals: VocabularyCounts
    sdg_targets: VocabularyCounts
    nuts_codes: VocabularyCounts
    regions: VocabularyCounts
    municipalities: VocabularyCounts

    def items(self) -> list[tuple[type[models.Model], VocabularyCounts]]:
        """Each vocabulary's model (for its translated name) with its counts, in a stable order."""
        return [
            (CpvCode, self.cpv_codes),
            (SdgGoal, self.sdg_goals),
            (SdgTarget, self.sdg_targets),
            (NutsCode, self.nuts_codes),
            (Region, self.regions),
            (Municipality, self.municipalities),
        ]

    @property
    def changed(self) -> bool:
        return any(counts.changed for _model, counts in self.items())


# One table's wanted state: primary key -> {attname: value}, search_text included.
type _Wanted = dict[Any, dict[str, Any]]


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]


class _Problems:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, file: str, line: int | None, problem: str) -> None:
        if line is None:
            self.messages.append(_("%(file)s: %(problem)s") % {"file": file, "problem": problem})
        else:
            self.messages.append(
                _("%(file)s, line %(line)d: %(problem)s")
                % {"file": file, "line": line, "problem": problem}
            )


def reference_load(*, data_dir: Path) -> ReferenceLoadReport:
    """Check all reference files in `data_dir`, then upsert them in one transaction.

    Raises ReferenceDataError, listing every problem found and having written nothing, if any
    file is missing or malformed.
    """
    problems = _Problems()
    rows = {
        file: _read_csv(data_dir / file, columns, problems)
        for file, columns in REQUIRED_COLUMNS.items()
    }

    cpv = _parse_cpv(rows[CPV_FILE], problems)
    goals = _parse_goals(rows[SDG_GOALS_EN_FILE], rows[SDG_GOALS_SV_FILE], problems)
    targets = _parse_targets(rows[SDG_TARGETS_FILE], goals, problems)
    nuts = _parse_nuts(rows[NUTS_FILE], problems)
    regions = _parse_regions(rows[COUNTIES_FILE], nuts, problems)
    municipalities = _parse_municipalities(
        rows[MUNICIPALITIES_FILE], rows[COUNTIES_FILE], regions, problems
    )
    if (
        problems.messages
        or cpv is None
        or goals is None
        or targets is None
        or nuts is None
        or regions is None
        or municipalities is None
    ):
        raise ReferenceDataError(problems.messages)

    with transaction.atomic():
        # Create and update parents before children, and delete children before parents.
        nuts_created = _upsert(NutsCode, nuts)
        regions_created = _upsert(Region, regions)
        municipalities_created = _upsert(Municipality, municipalities)
        goals_created = _upsert(SdgGoal, goals)
        targets_created = _upsert(SdgTarget, targets)
        cpv_created = _upsert(CpvCode, cpv)
        report = ReferenceLoadReport(
            cpv_codes=_delete_stale(CpvCode, cpv, cpv_created, level_field="level"),
            sdg_targets=_delete_stale(SdgTarget, targets, targets_created),
            sdg_goals=_delete_stale(SdgGoal, goals, goals_created),
            municipalities=_delete_stale(Municipality, municipalities, municipalities_created),
            regions=_delete_stale(Region, regions, regions_created),
            nuts_codes=_delete_stale(NutsCode, nuts, nuts_created, level_field="level"),
        )
    return report


# --- Reading -------------------------------------------------------------------------------


def _read_csv(path: Path, columns: tuple[str, ...], problems: _Problems) -> list[_Row] | None:
    """The file's rows with stripped values, or None (and a problem) if it cannot be used."""
    file = path.name
    if not path.is_file():
        problems.add(
            file, None, _("the file is missing (looked in %(dir)s)") % {"dir": path.parent}
        )
        return None
    rows: list[_Row] = []
    line = 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [column for column in columns if column not in header]
            if missing:
                problems.add(
                    file, 1, _("missing columns: %(columns)s") % {"columns": ", ".join(missing)}
                )
                return None
            line = reader.line_num + 1
            for record in reader:
                if None in record:
                    problems.add(file, line, _("more fields than the header has columns"))
                elif any(value is None for value in record.values()):
                    problems.add(file, line, _("fewer fields than the header has columns"))
                else:
                    rows.append(_Row(line, {key: value.strip() for key, value in record.items()}))
                line = reader.line_num + 1
    except UnicodeDecodeError:
        problems.add(file, None, _("the file is not UTF-8 text"))
        return None
    except csv.Error as error:
        problems.add(file, line, _("the CSV is malformed: %(error)s") % {"error": error})
        return None
    if not rows:
        problems.add(file, None, _("the file has no data rows"))
        return None
    return rows


class _Seen:
    """Remembers the line each key was first seen on, to report duplicates."""

    def __init__(self, file: str, problems: _Problems) -> None:
        self.file = file
        self.problems = problems
        self.lines: dict[str, int] = {}

    def is_duplicate(self, key: str, line: int, message: str) -> bool:
        """Report `message` (with %(key)s and %(first)d) if `key` was seen on an earlier line."""
        if key in self.lines:
            self.problems.add(self.file, line, message % {"key": key, "first": self.lines[key]})
            return True
        self.lines[key] = line
        return False


def _require(file: str, row: _Row, columns: Iterable[str], problems: _Problems) -> bool:
    """True if every column has a value; adds a problem for each empty one."""
    ok = True
    for column in columns:
        if not row.values[column]:
            problems.add(file, row.line, _("the column %(column)s is empty") % {"column": column})
            ok = False
    return ok


def _int(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() else None


# --- CPV -----------------------------------------------------------------------------------


def _parse_cpv(rows: list[_Row] | None, problems: _Problems) -> _Wanted | None:
    if rows is None:
        return None
    file = CPV_FILE
    seen = _Seen(file, problems)
    wanted: _Wanted = {}
    parents: dict[str, tuple[int, str]] = {}
    for row in rows:
        values = row.values
        code = values["code"]
        if not _CPV_CODE.fullmatch(code):
            problems.add(
                file, row.line, _("bad CPV code %(code)r: it must be eight digits") % {"code": code}
            )
            continue
        if seen.is_duplicate(
            code, row.line, _("duplicate CPV code %(key)s (first on line %(first)d)")
        ):
            continue
        ok = _require(file, row, ("label_sv", "label_en"), problems)
        match = _CPV_WITH_CHECK_DIGIT.fullmatch(values["code_with_check_digit"])
        if match is None or match[1] != code:
            problems.add(
                file,
                row.line,
                _(
                    "bad code_with_check_digit %(value)r: it must be %(code)s, a hyphen and one digit"
                )
                % {"value": values["code_with_check_digit"], "code": code},
            )
            ok = False
        if _int(values["level"]) != cpv_level(code):
            problems.add(
                file,
                row.line,
                _("bad level %(level)r for %(code)s: it must be %(expected)d")
                % {"level": values["level"], "code": code, "expected": cpv_level(code)},
            )
            ok = False
        parents[code] = (row.line, values["parent_code"])
        if ok and match is not None:
            wanted[code] = {
                "check_digit": match[2],
                "level": cpv_level(code),
                "parent_id": values["parent_code"] or None,
                "label_sv": values["label_sv"],
                "label_en": values["label_en"],
                "search_text": fold(
                    " ".join(
                        (
                            code,
                            values["code_with_check_digit"],
                            values["label_sv"],
                            values["label_en"],
                        )
                    )
                ),
            }
    # Parents are checked once every code is known, so their order in the file does not matter.
    for code, (line, parent) in parents.items():
        existing = [ancestor for ancestor in cpv_ancestor_codes(code) if ancestor in parents]
        expected = existing[-1] if existing else ""
        if parent == expected:
            continue
        if parent and parent not in parents:
            message = _("unknown parent code %(parent)s for %(code)s")
        elif parent and parent not in existing:
            message = _("parent code %(parent)s is not above %(code)s in the hierarchy")
        else:
            message = _(
                "the parent of %(code)s must be %(expected)s, the nearest code above it, not %(parent)r"
            )
        problems.add(file, line, message % {"parent": parent, "code": code, "expected": expected})
    return wanted


# --- SDGs ----------------------------------------------------------------------------------


def _parse_goals(
    rows_en: list[_Row] | None, rows_sv: list[_Row] | None, problems: _Problems
) -> _Wanted | None:
    if rows_en is None:
        return None
    wanted: _Wanted = {}
    seen = _Seen(SDG_GOALS_EN_FILE, problems)
    for row in rows_en:
        goal = row.values["goal"]
        if not _GOAL_NUMBER.fullmatch(goal):
            problems.add(
                SDG_GOALS_EN_FILE, row.line, _("bad goal number %(goal)r") % {"goal": goal}
            )
            continue
        if seen.is_duplicate(goal, row.line, _("duplicate goal %(key)s (first on line %(first)d)")):
            continue
        if _require(SDG_GOALS_EN_FILE, row, ("short_title_en", "title_en"), problems):
            wanted[int(goal)] = {
                "short_title_en": row.values["short_title_en"],
                "title_en": row.values["title_en"],
                "short_title_sv": "",
            }
    if rows_sv is None:
        return None
    goals_en = {row.values["goal"] for row in rows_en}
    seen = _Seen(SDG_GOALS_SV_FILE, problems)
    for row in rows_sv:
        goal = row.values["goal"]
        if not _GOAL_NUMBER.fullmatch(goal):
            problems.add(
                SDG_GOALS_SV_FILE, row.line, _("bad goal number %(goal)r") % {"goal": goal}
            )
            continue
        if seen.is_duplicate(goal, row.line, _("duplicate goal %(key)s (first on line %(first)d)")):
            continue
        if goal not in goals_en:
            problems.add(
                SDG_GOALS_SV_FILE,
                row.line,
                _("goal %(goal)s is not in %(file)s") % {"goal": goal, "file": SDG_GOALS_EN_FILE},
            )
            continue
        if _require(SDG_GOALS_SV_FILE, row, ("short_title_sv",), problems) and int(goal) in wanted:
            wanted[int(goal)]["short_title_sv"] = row.values["short_title_sv"]
    for number in wanted:
        if str(number) not in seen.lines:
            problems.add(
                SDG_GOALS_SV_FILE,
                None,
                _("no Swedish short title for goal %(goal)d") % {"goal": number},
            )
    return wanted


def _parse_targets(
    rows: list[_Row] | None, goals: _Wanted | None, problems: _Problems
) -> _Wanted | None:
    if rows is None:
        return None
    file = SDG_TARGETS_FILE
    seen = _Seen(file, problems)
    wanted: _Wanted = {}
    for row in rows:
        code, goal = row.values["target"], row.values["goal"]
        match = _TARGET_CODE.fullmatch(code)
        if match is None:
            problems.add(
                file,
                row.line,
                _("bad target code %(code)r: it must look like 11.6 or 11.a") % {"code": code},
            )
            continue
        if seen.is_duplicate(
            code, row.line, _("duplicate target %(key)s (first on line %(first)d)")
        ):
            continue
        if match[1] != goal:
            problems.add(
                file,
                row.line,
                _("target %(code)s is filed under goal %(goal)r") % {"code": code, "goal": goal},
            )
            continue
        if goals is not None and int(goal) not in goals:
            problems.add(
                file,
                row.line,
                _("unknown goal %(goal)s for target %(code)s") % {"goal": goal, "code": code},
            )
            continue
        if not _require(file, row, ("title_en",), problems) or goals is None:
            continue
        goal_values = goals[int(goal)]
        wanted[code] = {
            "goal_id": int(goal),
            "sort_key": sdg_target_sort_key(code),
            "title_sv": "",  # No Swedish target texts are published as data (see data/README.md).
            "title_en": row.values["title_en"],
            "search_text": fold(
                " ".join(
                    (
                        code,
                        row.values["title_en"],
                        goal_values["short_title_sv"],
                        goal_values["short_title_en"],
                    )
                )
            ),
        }
    return wanted


# --- Geography -----------------------------------------------------------------------------


def _parse_nuts(rows: list[_Row] | None, problems: _Problems) -> _Wanted | None:
    if rows is None:
        return None
    file = NUTS_FILE
    seen = _Seen(file, problems)
    wanted: _Wanted = {}
    lines: dict[str, int] = {}
    for row in rows:
        code = row.values["nuts_code"]
        if not _NUTS_CODE.fullmatch(code):
            problems.add(file, row.line, _("bad NUTS code %(code)r for Sweden") % {"code": code})
            continue
        if seen.is_duplicate(
            code, row.line, _("duplicate NUTS code %(key)s (first on line %(first)d)")
        ):
            continue
        level = len(code) - 2
        if _int(row.values["nuts_level"]) != level:
            problems.add(
                file,
                row.line,
                _("bad level %(level)r for %(code)s: it must be %(expected)d")
                % {"level": row.values["nuts_level"], "code": code, "expected": level},
            )
            continue
        if _require(file, row, ("label_sv", "label_en"), problems):
            lines[code] = row.line
            wanted[code] = {
                "level": level,
                "parent_id": code[:-1] if level else None,
                "label_sv": row.values["label_sv"],
                "label_en": row.values["label_en"],
            }
    for code, values in wanted.items():
        parent = values["parent_id"]
        if parent is not None and parent not in seen.lines:
            problems.add(
                file,
                lines[code],
                _("unknown parent code %(parent)s for %(code)s") % {"parent": parent, "code": code},
            )
    return wanted


def _parse_regions(
    rows: list[_Row] | None, nuts: _Wanted | None, problems: _Problems
) -> _Wanted | None:
    if rows is None:
        return None
    file = COUNTIES_FILE
    seen = _Seen(file, problems)
    wanted: _Wanted = {}
    for row in rows:
        values = row.values
        code = values["county_code"]
        if not _COUNTY_CODE.fullmatch(code):
            problems.add(
                file,
                row.line,
                _("bad county code %(code)r: it must be two digits") % {"code": code},
            )
            continue
        if seen.is_duplicate(
            code, row.line, _("duplicate county code %(key)s (first on line %(first)d)")
        ):
            continue
        ok = _require(file, row, ("county_name", "region_name"), problems)
        nuts3 = values["nuts3_code"]
        if nuts is not None and (nuts3 not in nuts or nuts[nuts3]["level"] != 3):
            problems.add(
                file,
                row.line,
                _("unknown NUTS 3 code %(nuts)r for county %(code)s")
                % {"nuts": nuts3, "code": code},
            )
            ok = False
        if _int(values["n_municipalities"]) is None:
            problems.add(
                file,
                row.line,
                _("bad number of municipalities %(value)r") % {"value": values["n_municipalities"]},
            )
            ok = False
        if ok:
            wanted[code] = {
                "county_name": values["county_name"],
                "name": values["region_name"],
                "nuts_id": nuts3,
                "search_text": fold(" ".join((code, values["region_name"], values["county_name"]))),
            }
    return wanted


def _parse_municipalities(
    rows: list[_Row] | None,
    county_rows: list[_Row] | None,
    regions: _Wanted | None,
    problems: _Problems,
) -> _Wanted | None:
    if rows is None:
        return None
    file = MUNICIPALITIES_FILE
    seen = _Seen(file, problems)
    wanted: _Wanted = {}
    counted: Counter[str] = Counter()
    for row in rows:
        values = row.values
        code, county = values["municipality_code"], values["county_code"]
        if not _MUNICIPALITY_CODE.fullmatch(code):
            problems.add(
                file,
                row.line,
                _("bad municipality code %(code)r: it must be four digits") % {"code": code},
            )
            continue
        if seen.is_duplicate(
            code, row.line, _("duplicate municipality code %(key)s (first on line %(first)d)")
        ):
            continue
        counted[county] += 1
        ok = _require(file, row, ("municipality_name",), problems)
        if not code.startswith(county):
            problems.add(
                file,
                row.line,
                _("municipality code %(code)s does not start with its county code %(county)r")
                % {"code": code, "county": county},
            )
            ok = False
        if regions is not None:
            region = regions.get(county)
            if region is None:
                problems.add(
                    file,
                    row.line,
                    _("unknown county code %(county)r for municipality %(code)s")
                    % {"county": county, "code": code},
                )
                ok = False
            else:
                for column, expected in (
                    ("county_name", region["county_name"]),
                    ("nuts3_code", region["nuts_id"]),
                ):
                    if values[column] != expected:
                        problems.add(
                            file,
                            row.line,
                            _(
                                "%(column)s is %(value)r, but %(file)s says %(expected)r for county %(county)s"
                            )
                            % {
                                "column": column,
                                "value": values[column],
                                "file": COUNTIES_FILE,
                                "expected": expected,
                                "county": county,
                            },
                        )
                        ok = False
        if ok:
            wanted[code] = {
                "name": values["municipality_name"],
                "region_id": county,
                "search_text": fold(f"{code} {values['municipality_name']}"),
            }
    if county_rows is not None and regions is not None:
        for row in county_rows:
            county = row.values["county_code"]
            expected_count = _int(row.values["n_municipalities"])
            if (
                county in regions
                and expected_count is not None
                and expected_count != counted[county]
            ):
                problems.add(
                    COUNTIES_FILE,
                    row.line,
                    _(
                        "county %(county)s should have %(expected)d municipalities, but %(file)s lists %(actual)d"
                    )
                    % {
                        "county": county,
                        "expected": expected_count,
                        "file": file,
                        "actual": counted[county],
                    },
                )
    return wanted


# --- Writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Upserted:
    created: int
    updated: int
    unchanged: int


def _upsert(model: type[models.Model], wanted: Mapping[Any, Mapping[str, Any]]) -> _Upserted:
    """Create the missing rows and update the changed ones (one read, then bulk writes)."""
    manager = model._base_manager
    existing = {obj.pk: obj for obj in manager.all()}
    to_create: list[models.Model] = []
    to_update: list[models.Model] = []
    fields: set[str] = set()
    for pk, values in wanted.items():
        obj = existing.get(pk)
        if obj is None:
            to_create.append(model(pk=pk, **values))
            continue
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            fields.update(changed)
            to_update.append(obj)
    manager.bulk_create(to_create, batch_size=1000)
    if to_update:
        # bulk_update wants field names; attnames such as parent_id map back to their fields.
        field_names = {field.attname: field.name for field in model._meta.concrete_fields}
        names = [field_names[name] for name in sorted(fields)]
        manager.bulk_update(to_update, names, batch_size=500)
    return _Upserted(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(wanted) - len(to_create) - len(to_update),
    )


def _referenced_pks(model: type[models.Model], pks: set[Any]) -> set[Any]:
    """Which of `pks` other tables still point at (foreign keys and many-to-many fields)."""
    referenced: set[Any] = set()
    for relation in model._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or relation.related_model is model:
            continue  # Not a reference to this table, or the hierarchy itself (deepest go first).
        related_model: Any = relation.related_model
        name = relation.field.name
        for chunk in _chunks(sorted(pks)):
            referenced.update(
                related_model._base_manager.filter(**{f"{name}__in": chunk}).values_list(
                    name, flat=True
                )
            )
    return referenced


def _delete_stale(
    model: type[models.Model],
    wanted: Mapping[Any, Any],
    upserted: _Upserted,
    *,
    level_field: str | None = None,
) -> VocabularyCounts:
    """Delete the rows that are no longer in the files, unless something still refers to them."""
    manager = model._base_manager
    stale = set(manager.values_list("pk", flat=True)) - set(wanted)
    deleted = 0
    if stale:
        deletable = stale - _referenced_pks(model, stale)
        if level_field is None:
            batches = [deletable]
        else:
            # Deepest first, so a stale parent goes after its stale children.
            levels = dict(manager.filter(pk__in=deletable).values_list("pk", level_field))
            batches = [
                {pk for pk in deletable if levels[pk] == level}
                for level in sorted(set(levels.values()), reverse=True)
            ]
        for batch in batches:
            if level_field is not None:
                # A row whose children stay (kept, or still in the files) must stay as well.
                with_children = set(
                    manager.filter(parent__in=batch).values_list("parent", flat=True)
                )
                batch = batch - with_children
            for chunk in _chunks(sorted(batch)):
                try:
                    with transaction.atomic():
                        deleted += (
                            manager.filter(pk__in=chunk).delete()[1].get(model._meta.label, 0)
                        )
                except (ProtectedError, RestrictedError):
                    continue
    return VocabularyCounts(
        created=upserted.created,
        updated=upserted.updated,
        unchanged=upserted.unchanged,
        deleted=deleted,
        kept=len(stale) - deleted,
    )


def _chunks(items: list[Any], size: int = 500) -> list[list[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


@dataclass(frozen=True)
class CpvExampleForm:
    """One form of a labelled text: its title and text in `language`, and its main CPV code."""

    title: str
    text: str
    language: str
    code: str


def _cpv_examples_changed() -> None:
    """Raise the generation the suggesting processes compare (inside the caller's transaction)."""
    if not CpvExampleGeneration.objects.filter(pk=1).update(number=F("number") + 1):
        CpvExampleGeneration.objects.get_or_create(pk=1)
        CpvExampleGeneration.objects.filter(pk=1).update(number=F("number") + 1)


def cpv_examples_set(
    *, forms_by_source: Mapping[str, Sequence[CpvExampleForm]], embed_after_commit: bool = True
) -> int:
    """Make each source's examples these forms (an empty list: the source has none any more).

    Runs in the caller's transaction, so a notice and its examples are written together. A form
    whose text did not change keeps its vector; new and changed ones wait for `cpv_examples_embed`
    (queued after the commit unless `embed_after_commit` is off). Forms of the TED sample Arena
    ships are not kept: the classifier reads them from the package already (the demo imports that
    sample as notices). A fixed number of queries per 500 sources. Returns how many forms wait for
    a vector.
    """
    from arena.matching.cpv import example_key, shipped_example_keys  # noqa: PLC0415  # numpy

    shipped = shipped_example_keys()
    wanted: dict[tuple[str, str], CpvExampleForm] = {}
    for source, forms in forms_by_source.items():
        for form in forms:
            key = example_key(form.title, form.text)
            if key not in shipped:
                wanted.setdefault((source, key), form)
    existing: dict[tuple[str, str], CpvExample] = {}
    for chunk in _chunks(list(forms_by_source)):
        for row in CpvExample.objects.filter(source__in=chunk).defer("vector"):
            existing[(row.source, row.key)] = row
    # Readers hold only embedded rows (`model` is set with the vector): only their changes count.
    stale = [row for pair, row in existing.items() if pair not in wanted]
    seen_change = any(row.model for row in stale)
    changed = []
    now = timezone.now()
    for pair, row in existing.items():
        update = wanted.get(pair)
        if update is None:
            continue
        relabelled = (row.code, row.language) != (update.code, update.language)
        # The same key but other spacing or case: e5 reads case, so the vector is made again.
        rewritten = (row.title, row.text) != (update.title, update.text)
        if relabelled or rewritten:
            seen_change = seen_change or bool(row.model)
            row.code, row.language, row.title, row.text = (
                update.code,
                update.language,
                update.title,
                update.text,
            )
            if rewritten:
                row.vector, row.model = None, ""
            row.updated_at = now  # bulk_update leaves auto_now fields as they were
            changed.append(row)
    new = [
        CpvExample(
            source=source,
            key=key,
            title=form.title,
            text=form.text,
            language=form.language,
            code=form.code,
        )
        for (source, key), form in wanted.items()
        if (source, key) not in existing
    ]
    for chunk in _chunks([row.pk for row in stale]):
        CpvExample.objects.filter(pk__in=chunk).delete()
    CpvExample.objects.bulk_update(
        changed,
        ["code", "language", "title", "text", "vector", "model", "updated_at"],
        batch_size=500,
    )
    CpvExample.objects.bulk_create(new, batch_size=500)
    if seen_change:
        _cpv_examples_changed()
    waiting = len(new) + sum(1 for row in changed if not row.model)
    if waiting and embed_after_commit:
        transaction.on_commit(_cpv_examples_enqueue_embed)
    return waiting


def _cpv_examples_enqueue_embed() -> None:
    from arena.reference.tasks import cpv_examples_embed_task  # noqa: PLC0415  # tasks import services

    cpv_examples_embed_task.enqueue()


def cpv_examples_embed(
    *, embedder: "Embedder", batch: int = 256, progress: Callable[[int], None] | None = None
) -> int:
    """Give every example without a vector of `embedder` one, read as the classifier reads a text.

    Examples embedded by another model are embedded again. Texts are embedded outside any
    transaction (SQLite would hold its write lock meanwhile); each batch is then written in a short
    one, only to rows still as they were read (a row rewritten or removed meanwhile waits for the
    next run), and raises the generation once. Two workers running this at once may embed the same
    rows; both write the same vectors. Returns how many were written.
    """
    from arena.matching.cpv import text_vectors  # noqa: PLC0415  # loads numpy

    name = str(getattr(embedder, "name", type(embedder).__name__))
    pending = CpvExample.objects.filter(Q(vector__isnull=True) | ~Q(model=name))
    done = 0
    last = 0
    while True:
        rows = list(
            pending.filter(pk__gt=last)
            .only("pk", "title", "text", "model", "updated_at")
            .order_by("pk")[:batch]
        )
        if not rows:
            return done
        vectors = text_vectors(embedder, [r.title for r in rows], [r.text for r in rows])
        now = timezone.now()
        with transaction.atomic():
            for row, vector in zip(rows, vectors, strict=True):
                done += CpvExample.objects.filter(
                    pk=row.pk, model=row.model, updated_at=row.updated_at
                ).update(vector=vector.astype("float32").tobytes(), model=name, updated_at=now)
            _cpv_examples_changed()
        last = rows[-1].pk
        if progress:
            progress(done)
