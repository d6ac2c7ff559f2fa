"""English is the source language: its catalogue repeats each msgid, so both catalogues are complete.

Entries a translator has already changed are kept.
"""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "arena" / "locale"


def main() -> None:
    for po_path in sorted((LOCALE / "en" / "LC_MESSAGES").glob("*.po")):
        catalogue = polib.pofile(str(po_path))
        catalogue.metadata_is_fuzzy = False
        catalogue.metadata["Language"] = "en"
        catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
        for entry in catalogue:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr, entry.msgstr_plural = "", {}
            if entry.msgid_plural:
                if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            elif not entry.msgstr:
                entry.msgstr = entry.msgid
        catalogue.save()


if __name__ == "__main__":
    main()
