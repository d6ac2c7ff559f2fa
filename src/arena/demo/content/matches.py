"""Known answers for a matching engine, as pairs of (challenge template key, solution template key).

Every demo challenge and solution is generated from a template (`ChallengeSpec.key`,
`SolutionSpec.key`), so a smoke test can regenerate the content with `demo_content()`, find the rows
by owner and title, and check that the intended matches rank above the near misses.
"""

from arena.demo.content.sectors import CHALLENGE_TEMPLATES, SOLUTION_TEMPLATES

# The solution answers the challenge: same problem, same setting.
INTENDED_MATCHES: tuple[tuple[str, str], ...] = (
    ("school-food-waste", "plate-waste-scale-school"),
    ("school-meal-forecast", "meal-forecast"),
    ("school-meal-climate-menu", "climate-menu-planner"),
    ("hospital-meal-nutrition", "patient-meal-intake"),
    ("homecare-routes", "homecare-route-planner"),
    ("school-transport-planning", "school-transport-optimizer"),
    ("waste-collection-routes", "fill-level-route-optimisation"),
    ("water-leak-mains", "acoustic-leak-detection"),
    ("building-moisture", "wireless-moisture-sensors"),
    ("sewer-overflow", "sewer-level-sensors"),
    ("cloudburst-warning", "flood-street-sensors"),
    ("district-heating-losses", "district-heating-thermal-drone"),
    ("school-building-energy", "ai-heating-control"),
    ("classroom-air-quality", "classroom-air-sensors"),
    ("night-supervision", "digital-night-supervision"),
    ("elderly-falls", "radar-fall-detection"),
    ("citizen-questions-24-7", "municipal-chat-assistant"),
    ("social-services-documentation", "speech-to-text-documentation"),
    ("remote-monitoring-chronic", "remote-monitoring-platform"),
    ("museum-collections-digital", "collection-digitisation"),
    ("wildlife-collisions", "wildlife-warning-system"),
    ("home-fire-safety-elderly", "connected-smoke-alarm"),
    ("school-absence-early-signals", "absence-pattern-analysis"),
    ("landslide-monitoring", "ground-movement-insar"),
)

# Look alike (shared words, sensors, routes, kitchens, leaks) but solve another problem.
NEAR_MISSES: tuple[tuple[str, str], ...] = (
    ("school-food-waste", "patient-meal-intake"),  # food waste: school dining hall ≠ hospital ward
    ("hospital-meal-nutrition", "plate-waste-scale-school"),
    ("water-leak-mains", "wireless-moisture-sensors"),  # leaks in mains ≠ moisture in walls
    ("building-moisture", "acoustic-leak-detection"),
    ("water-leak-mains", "district-heating-thermal-drone"),  # water mains ≠ district heating
    ("district-heating-losses", "acoustic-leak-detection"),
    ("homecare-routes", "fill-level-route-optimisation"),  # route planning: people ≠ bins
    ("waste-collection-routes", "homecare-route-planner"),
    ("homecare-routes", "school-transport-optimizer"),
    ("school-transport-planning", "homecare-route-planner"),
    ("sewer-overflow", "flood-street-sensors"),  # sewer overflows ≠ surface flooding
    ("cloudburst-warning", "sewer-level-sensors"),
    ("school-building-energy", "classroom-air-sensors"),  # energy ≠ air quality, same rooms
    ("classroom-air-quality", "ai-heating-control"),
    ("school-meal-climate-menu", "meal-forecast"),
    ("elderly-falls", "wildlife-warning-system"),  # detection with radar, another world
)


def check_pairs() -> None:
    """Fail loudly when a template key above no longer exists."""
    for challenge, solution in INTENDED_MATCHES + NEAR_MISSES:
        if challenge not in CHALLENGE_TEMPLATES or solution not in SOLUTION_TEMPLATES:
            raise KeyError(f"unknown template in match list: {challenge} → {solution}")
