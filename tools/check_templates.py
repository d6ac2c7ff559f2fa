"""Template rules the linters do not know: trimmed blocktranslate, no inline script or style."""

import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
RULES = [
    (
        re.compile(r"{%\s*blocktrans(late)?\b(?![^%]*\btrimmed\b)[^%]*%}[^{]*\n"),
        "multi-line blocktranslate without trimmed",
    ),
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"), "inline <script> (the CSP forbids it)"),
    (re.compile(r"\sstyle=\""), "inline style attribute (the CSP forbids it)"),
    (re.compile(r"\son[a-z]+=\""), "inline event handler (the CSP forbids it)"),
]


def main() -> int:
    problems = []
    for path in sorted(SRC.glob("**/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern, message in RULES:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{path.relative_to(SRC)}:{line}: {message}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
