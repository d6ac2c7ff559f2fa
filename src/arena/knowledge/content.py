"""Reading the guides Arena ships: one Markdown file per guide with a small header.

    ---
    slug: espd
    topic: readiness
    kind: guide
    title_sv: …
    title_en: …
    summary_sv: …
    summary_en: …
    ---
    <!-- sv -->
    Swedish Markdown
    <!-- en -->
    English Markdown

Plain Python (no Django): the loader in services.py turns these into Guide rows.
"""

import re
from dataclasses import dataclass
from pathlib import Path

CONTENT_DIR = Path(__file__).parent / "content"
HEADER_KEYS = ("slug", "topic", "kind", "title_sv", "title_en", "summary_sv", "summary_en")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADER = re.compile(r"\A---\n(?P<header>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)
_SV, _EN = "<!-- sv -->", "<!-- en -->"


@dataclass(frozen=True)
class GuideText:
    slug: str
    topic: str
    kind: str
    title_sv: str
    title_en: str
    summary_sv: str
    summary_en: str
    body_sv: str
    body_en: str


class GuideFileError(ValueError):
    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path.name}: {message}")
        self.path = path


def parse_guide(path: Path, *, topics: set[str], kinds: set[str]) -> GuideText:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    found = _HEADER.match(text)
    if not found:
        raise GuideFileError(path, "no header between --- lines at the top")
    header: dict[str, str] = {}
    for number, line in enumerate(found["header"].splitlines(), start=2):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise GuideFileError(path, f"line {number}: expected 'key: value'")
        header[key.strip()] = value.strip()
    missing = [key for key in HEADER_KEYS if not header.get(key)]
    if missing:
        raise GuideFileError(path, f"missing in the header: {', '.join(missing)}")
    if not _SLUG.match(header["slug"]) or header["slug"] != path.stem:
        raise GuideFileError(
            path, f"slug {header['slug']!r} must be lower-case words and the file name"
        )
    if header["topic"] not in topics:
        raise GuideFileError(path, f"unknown topic {header['topic']!r}")
    if header["kind"] not in kinds:
        raise GuideFileError(path, f"unknown kind {header['kind']!r}")
    body = found["body"]
    if body.count(_SV) != 1 or body.count(_EN) != 1 or body.index(_SV) > body.index(_EN):
        raise GuideFileError(path, f"the text needs one {_SV} part followed by one {_EN} part")
    swedish, _, english = body.partition(_SV)[2].partition(_EN)
    if not swedish.strip() or not english.strip():
        raise GuideFileError(path, "both the Swedish and the English text must be written")
    return GuideText(
        slug=header["slug"],
        topic=header["topic"],
        kind=header["kind"],
        title_sv=header["title_sv"],
        title_en=header["title_en"],
        summary_sv=header["summary_sv"],
        summary_en=header["summary_en"],
        body_sv=swedish.strip() + "\n",
        body_en=english.strip() + "\n",
    )


def read_guides(
    directory: Path, *, topics: set[str], kinds: set[str]
) -> tuple[list[GuideText], list[str]]:
    """Every guide in `directory`, and every problem found (a file with a problem is not returned)."""
    guides: list[GuideText] = []
    problems: list[str] = []
    for path in sorted(directory.glob("*.md")):
        try:
            guides.append(parse_guide(path, topics=topics, kinds=kinds))
        except (GuideFileError, UnicodeDecodeError) as error:
            problems.append(
                str(error) if isinstance(error, GuideFileError) else f"{path.name}: not UTF-8"
            )
    return guides, problems
