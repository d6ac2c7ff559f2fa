"""Reference codes in API payloads: lists of codes in, reference rows out, unknown codes named."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from arena.reference import selectors as reference


def resolve_codes(payload: dict[str, Any]) -> dict[str, Any]:
    """Replace code lists by reference rows; every unknown code is named in one 422."""
    lookups: dict[str, tuple[Any, str]] = {
        "cpv_codes": (reference.cpv_get_many, _("Unknown CPV code: %(value)s.")),
        "sdg_targets": (reference.sdg_target_get_many, _("Unknown SDG target: %(value)s.")),
        "municipalities": (
            reference.municipality_get_many,
            _("Unknown municipality code: %(value)s."),
        ),
        "regions": (reference.region_get_many, _("Unknown region code: %(value)s.")),
    }
    errors: list[str] = []
    for name, (get_many, message) in lookups.items():
        if name not in payload:
            continue
        codes = [code.split("-")[0].strip() for code in payload[name]]
        found = get_many(codes=codes)
        errors += [message % {"value": code} for code in codes if code not in found]
        payload[name] = list(found.values())
    if errors:
        raise ValidationError(errors)
    return payload
