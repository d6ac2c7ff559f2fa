"""Reasons a notice fits a company, as sentences in the reader's language.

The engine's reasons read as they do for challenges (`arena.matches` templatetag); the ones only
notices have — which solution fits, the profile or CPV-only fallback, feedback on the CPV group —
are worded here.
"""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from arena.matches.templatetags.match_reasons import reason_text

register = template.Library()


def notice_reason_text(reason: dict[str, Any]) -> str:
    code = reason.get("code")
    data: dict[str, Any] = reason.get("data") or {}
    if code == "solution":
        return _("Fits your solution “%(title)s”") % {"title": data.get("title", "")}
    if code == "profile":
        return _("Fits your company profile (you have no published solution yet)")
    if code == "cpv_only":
        return _(
            "Found by CPV codes only: publish a solution or describe your company for a better match"
        )
    if code == "cpv_feedback":
        value = float(data.get("value") or 0)
        return (
            _("Lifted because your company marked notices of this CPV group relevant")
            if value > 0
            else _("Lowered because your company marked notices of this CPV group not relevant")
        )
    if code == "feedback":
        return ""
    return reason_text(reason)


@register.simple_tag
def notice_reasons(reasons: Any) -> list[str]:
    texts = [notice_reason_text(r) for r in reasons or [] if isinstance(r, dict)]
    return [t for t in texts if t]
