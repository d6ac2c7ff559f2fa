"""Fail when a catalogue has untranslated or fuzzy entries, or when a source string is missing from it.

Run by `make lint`, so both catalogues stay complete.
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "arena" / "locale"
LANGUAGES = ("sv", "en")


def main() -> int:
    problems: list[str] = []
    for language in LANGUAGES:
        po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            problems.append(f"{po_path}: missing")
            continue
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue.untranslated_entries():
            problems.append(f"{po_path.name} [{language}]: untranslated: {entry.msgid!r}")
        for entry in catalogue.fuzzy_entries():
            problems.append(f"{po_path.name} [{language}]: fuzzy: {entry.msgid!r}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            f"{len(problems)} catalogue problems: run `make messages` and translate",
            file=sys.stderr,
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
