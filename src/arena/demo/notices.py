"""Real tender notices for the demo: the TED dev sample and two eForms SDK examples.

Importing is idempotent: a notice is identified by its source and source id, so loading again
updates the same rows. CPV suggestion is off here because every demo notice carries codes.
"""

from pathlib import Path

from arena.notices.services import notices_import_paths

CONTENT = Path(__file__).resolve().parent / "content" / "notices"
FILES = [
    CONTENT / "ted_notices_2014_2022_dev.jsonl",
    CONTENT / "eforms_cn_24_maximal.xml",
    CONTENT / "eforms_pin-only_24.xml",
]


def demo_notices_load() -> int:
    """Import the demo notices; returns how many were created or updated."""
    report = notices_import_paths(paths=FILES, suggest_cpv=False)
    if not report.ok:
        problems = "; ".join(str(e) for f in report.rejected for e in f.errors[:3])
        raise RuntimeError(f"the demo notices did not import: {problems}")
    return report.created + report.updated
