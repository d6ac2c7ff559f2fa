"""Choosing between a Swedish and an English text by the interface language (used by every bilingual model)."""

from django.utils.translation import get_language


def in_active_language(sv: str, en: str) -> tuple[str, str]:
    """The text to show and its language code: Swedish in a Swedish interface, else English.

    Each falls back to the other, so a solution written in one language still shows; the code lets
    a template mark the part with `lang` when it differs from the page.
    """
    swedish_first = (get_language() or "sv").startswith("sv")
    order = [(sv, "sv"), (en, "en")] if swedish_first else [(en, "en"), (sv, "sv")]
    for text, code in order:
        if text:
            return text, code
    return "", order[0][1]


def in_language(sv: str, en: str) -> str:
    """The text alone, for labels and titles that need no `lang` mark."""
    return in_active_language(sv, en)[0]
