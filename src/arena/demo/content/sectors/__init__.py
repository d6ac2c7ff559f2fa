"""One module per sector: focus areas, challenge templates and solution templates, in both languages."""

from arena.demo.content.sectors import (
    climate,
    construction,
    culture,
    digital,
    education,
    elderly_care,
    energy,
    healthcare,
    mobility,
    safety,
    school_meals,
    waste,
    water,
)
from arena.demo.content.types import ChallengeTemplate, FocusAreaTemplate, Sector, SolutionTemplate

SECTORS: tuple[Sector, ...] = (
    school_meals.SECTOR,
    elderly_care.SECTOR,
    healthcare.SECTOR,
    mobility.SECTOR,
    energy.SECTOR,
    water.SECTOR,
    digital.SECTOR,
    construction.SECTOR,
    waste.SECTOR,
    culture.SECTOR,
    safety.SECTOR,
    education.SECTOR,
    climate.SECTOR,
)
SECTOR_BY_KEY = {sector.key: sector for sector in SECTORS}
FOCUS_AREAS: dict[str, tuple[Sector, FocusAreaTemplate]] = {
    area.key: (sector, area) for sector in SECTORS for area in sector.focus_areas
}
CHALLENGE_TEMPLATES: dict[str, ChallengeTemplate] = {
    template.key: template for sector in SECTORS for template in sector.challenges
}
SOLUTION_TEMPLATES: dict[str, SolutionTemplate] = {
    template.key: template for sector in SECTORS for template in sector.solutions
}
