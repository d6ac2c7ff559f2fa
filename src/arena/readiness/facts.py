"""What a company can show, in the shape a notice's requirements are checked against.

`arena.readiness.selectors.readiness_facts_for(organisation=...)` builds it from the company's
readiness profile; `arena.alerts` compares it with a notice's stated requirements.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReadinessFacts:
    organisation_id: int
    # The latest full year's turnover in SEK, None when the company has not said.
    annual_turnover_sek: int | None = None
    # Liability insurance cover in SEK per claim, None when not stated or expired.
    liability_insurance_sek: int | None = None
    # Normalised names with valid evidence: "ISO 9001", "ISO 14001", "ISO 27001", "EMAS", ...
    certifications: frozenset[str] = field(default_factory=frozenset)
    # Customer references from the last five years (works) or three years (supplies, services).
    references_last_3_years: int = 0
    references_last_5_years: int = 0
    f_tax_approved: bool = False
    registered: bool = False
    # Checklist item ids (RD-01 …) whose answer is yes and whose evidence has not expired.
    items_met: frozenset[str] = field(default_factory=frozenset)
