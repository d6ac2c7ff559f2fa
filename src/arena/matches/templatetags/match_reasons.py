"""Turn the engine's reasons (code + data, stored as JSON) into sentences in the reader's language."""

from typing import Any

from django import template
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

register = template.Library()

_LEVELS = {
    "division": lambda: _("CPV division"),
    "group": lambda: _("CPV group"),
    "class": lambda: _("CPV class"),
    "category": lambda: _("CPV category"),
    "code": lambda: _("CPV code"),
}


def _words(values: Any) -> str:
    return ", ".join(str(v) for v in values or [])


def reason_text(reason: dict[str, Any]) -> str:
    code = reason.get("code")
    data: dict[str, Any] = reason.get("data") or {}
    if code == "cpv":
        level = _LEVELS.get(str(data.get("level")), _LEVELS["code"])()
        english = (get_language() or "sv").startswith("en")
        label = (data.get("label_en") if english else data.get("label_sv")) or data.get(
            "label_sv", ""
        )
        return _("Same %(level)s: %(code)s %(label)s") % {
            "level": level,
            "code": data.get("branch") or data.get("match_code", ""),
            "label": label,
        }
    if code == "sdg":
        targets = data.get("targets") or []
        if targets:
            return ngettext(
                "Shared Agenda 2030 target: %(targets)s",
                "Shared Agenda 2030 targets: %(targets)s",
                len(targets),
            ) % {"targets": _words(targets)}
        return _("Same Agenda 2030 goals: %(goals)s") % {"goals": _words(data.get("goals"))}
    if code == "title":
        return _("Titles close in meaning, in either language")
    if code == "terms":
        return _("Words in common: %(terms)s") % {"terms": _words(data.get("terms"))}
    if code == "translated":
        pairs = ", ".join(
            f"{pair[0]} – {pair[1]}"
            for pair in data.get("pairs") or []
            if isinstance(pair, list | tuple) and len(pair) == 2
        )
        return _("Words that translate each other: %(pairs)s") % {"pairs": pairs}
    if code == "passage":
        return _("Best matching passage: “%(text)s”") % {"text": data.get("text", "")}
    if code == "region":
        return (
            _("Same region")
            if not data.get("regions")
            else _("Same region: %(regions)s") % {"regions": _words(data.get("regions"))}
        )
    if code == "maturity":
        return _("Maturity (TRL %(trl)s) fits what the buyer asks for") % {
            "trl": data.get("trl", "?")
        }
    if code == "budget":
        return _("Fits the budget")
    if code == "semantic":
        return _("Ranked %(rank)s of %(of)s by meaning, in either language") % {
            "rank": data.get("rank", "?"),
            "of": data.get("of", "?"),
        }
    if code == "feedback":
        value = float(data.get("value") or 0)
        if data.get("meeting"):
            return (
                _("Lifted because your meeting with them at a matchday led further")
                if value > 0
                else _("Lowered because your meeting with them at a matchday found no fit")
            )
        return (
            _("Lifted because people marked it relevant")
            if value > 0
            else _("Lowered because people marked it not relevant")
        )
    return ""


@register.simple_tag
def match_reasons(reasons: Any) -> list[str]:
    """Readable sentences, best signal first, unknown kinds of reason left out."""
    texts = [reason_text(r) for r in reasons or [] if isinstance(r, dict)]
    return [t for t in texts if t]
