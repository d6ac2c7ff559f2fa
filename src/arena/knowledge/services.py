from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from arena.knowledge.content import CONTENT_DIR, read_guides
from arena.knowledge.enums import GuideKind, Topic
from arena.knowledge.models import Guide

_FIELDS = (
    "topic",
    "kind",
    "title_sv",
    "title_en",
    "summary_sv",
    "summary_en",
    "body_sv",
    "body_en",
)


class GuideContentError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class GuideLoadReport:
    created: int
    updated: int
    unchanged: int
    # Slugs of guides staff created in the admin: a shipped file never overwrites those. Shipped
    # guides themselves are refreshed from their files, which are where they are edited.
    skipped: list[str]


def guides_load_shipped(*, directory: Path | None = None) -> GuideLoadReport:
    """Create or refresh the shipped guides; every file is checked first and any problem changes nothing."""
    texts, problems = read_guides(
        directory or CONTENT_DIR,
        topics={t.value for t in Topic},
        kinds={k.value for k in GuideKind},
    )
    if problems:
        raise GuideContentError(problems)
    created = updated = unchanged = 0
    skipped: list[str] = []
    with transaction.atomic():
        existing = {g.slug: g for g in Guide.objects.select_for_update()}
        for text in texts:
            guide = existing.get(text.slug)
            if guide is None:
                Guide.objects.create(
                    slug=text.slug, is_shipped=True, **{f: getattr(text, f) for f in _FIELDS}
                )
                created += 1
            elif not guide.is_shipped:
                skipped.append(text.slug)
            elif all(getattr(guide, f) == getattr(text, f) for f in _FIELDS):
                unchanged += 1
            else:
                for f in _FIELDS:
                    setattr(guide, f, getattr(text, f))
                guide.save()
                updated += 1
    return GuideLoadReport(created, updated, unchanged, skipped)
