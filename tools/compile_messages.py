"""Compile every django.po under src/ to .mo with polib, so no system gettext is needed to run Arena."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src"


def main() -> int:
    count = 0
    for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        count += 1
    print(f"compiled {count} catalogues")
    return 0 if count else 1


if __name__ == "__main__":
    sys.exit(main())
