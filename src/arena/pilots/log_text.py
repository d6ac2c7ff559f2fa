"""How a log entry reads, in the viewer's language (entries store only an action and plain data)."""

from typing import Any

from django.utils.translation import gettext as _

from arena.pilots.enums import AgreementKind, GroupRole, PilotStatus


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def log_entry_text(action: str, details: dict[str, Any]) -> str:
    role = _label(GroupRole, details.get("role", ""))
    texts = {
        "group_created": lambda: _("created the group “%(name)s”") % details,
        "member_added": lambda: (
            _("added %(member)s as %(role)s") % {"member": details.get("member"), "role": role}
        ),
        "member_removed": lambda: _("removed %(member)s") % details,
        "role_changed": lambda: (
            _("changed the role of %(member)s from %(old)s to %(new)s")
            % {
                "member": details.get("member"),
                "old": _label(GroupRole, details.get("old")),
                "new": _label(GroupRole, details.get("new")),
            }
        ),
        "company_added": lambda: _("added the company %(organisation)s") % details,
        "commitment_added": lambda: _("added the commitment “%(text)s”") % details,
        "commitment_signed": lambda: _("signed off the commitment “%(text)s”") % details,
        "pilot_created": lambda: _("planned the pilot “%(title)s”") % details,
        "pilot_updated": lambda: _("updated the pilot"),
        "status_changed": lambda: (
            _("changed the status from %(old)s to %(new)s")
            % {
                "old": _label(PilotStatus, details.get("old")),
                "new": _label(PilotStatus, details.get("new")),
            }
        ),
        "procurement_recorded": lambda: _("recorded the procurement %(notice_id)s") % details,
        "document_generated": lambda: (
            _("generated %(kind)s (%(language)s) version %(version)s")
            % {
                "kind": _label(AgreementKind, details.get("kind")),
                "language": details.get("language"),
                "version": details.get("version"),
            }
        ),
    }
    try:
        return texts[action]()
    except (KeyError, TypeError, ValueError):
        # An action written by newer code, or details missing: show the raw record.
        return f"{action} {details}"
