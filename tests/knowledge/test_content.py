from pathlib import Path

import pytest

from arena.knowledge.content import CONTENT_DIR, GuideFileError, parse_guide, read_guides
from arena.knowledge.enums import GuideKind, Topic

TOPICS = {t.value for t in Topic}
KINDS = {k.value for k in GuideKind}

GOOD = """---
slug: espd
topic: readiness
kind: guide
title_sv: ESPD – egen försäkran
title_en: ESPD – the self-declaration
summary_sv: Vad ESPD är.
summary_en: What the ESPD is.
---
<!-- sv -->
## Vad är ESPD?

Text.
<!-- en -->
## What is the ESPD?

Text.
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_guide_with_both_languages_splits_the_texts(tmp_path):
    guide = parse_guide(_write(tmp_path, "espd.md", GOOD), topics=TOPICS, kinds=KINDS)
    assert guide.title_sv == "ESPD – egen försäkran"
    assert guide.body_sv.startswith("## Vad är ESPD?")
    assert "What is the ESPD?" in guide.body_en
    assert "What is" not in guide.body_sv


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace("---\n", "", 1), "no header"),
        (lambda t: t.replace("topic: readiness", "topic: astrology"), "unknown topic"),
        (lambda t: t.replace("kind: guide", "kind: poem"), "unknown kind"),
        (lambda t: t.replace("title_en: ESPD – the self-declaration\n", ""), "title_en"),
        (lambda t: t.replace("<!-- en -->", ""), "<!-- en -->"),
        (lambda t: t.split("<!-- en -->")[0] + "<!-- en -->\n", "both"),
        (lambda t: t.replace("slug: espd", "slug: other"), "file name"),
    ],
)
def test_parse_guide_with_a_fault_names_it(tmp_path, change, expected):
    path = _write(tmp_path, "espd.md", change(GOOD))
    with pytest.raises(GuideFileError, match=expected) as raised:
        parse_guide(path, topics=TOPICS, kinds=KINDS)
    assert "espd.md" in str(raised.value)


def test_read_guides_reports_every_bad_file(tmp_path):
    _write(tmp_path, "espd.md", GOOD)
    _write(tmp_path, "bad-one.md", "no header")
    _write(
        tmp_path,
        "bad-two.md",
        GOOD.replace("slug: espd", "slug: bad-two").replace("kind: guide", "kind: x"),
    )
    guides, problems = read_guides(tmp_path, topics=TOPICS, kinds=KINDS)
    assert [g.slug for g in guides] == ["espd"]
    assert len(problems) == 2
    assert any(p.startswith("bad-one.md") for p in problems)
    assert any(p.startswith("bad-two.md") for p in problems)


def test_shipped_guides_all_parse_and_cover_both_languages():
    guides, problems = read_guides(CONTENT_DIR, topics=TOPICS, kinds=KINDS)
    assert problems == []
    assert len(guides) >= 10
    for guide in guides:
        assert len(guide.body_sv) > 400, guide.slug
        assert len(guide.body_en) > 400, guide.slug
        assert len(guide.summary_sv) <= 300
        assert len(guide.summary_en) <= 300


def test_shipped_guides_link_only_to_guides_that_exist():
    guides, _ = read_guides(CONTENT_DIR, topics=TOPICS, kinds=KINDS)
    slugs = {g.slug for g in guides}
    import re

    for guide in guides:
        for target in re.findall(
            r"\]\(/kunskapsbank/([a-z0-9-]+)/\)", guide.body_sv + guide.body_en
        ):
            assert target in slugs, f"{guide.slug} links to missing {target}"
