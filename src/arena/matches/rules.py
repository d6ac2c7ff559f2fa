"""Who sees suggested matches: the buyers owning the challenge, and the company behind a solution."""

from rules.permissions import add_perm

from arena.needs.rules import is_challenge_owner
from arena.supply.rules import is_solution_member

add_perm("matches.view_challenge_suggestions", is_challenge_owner)
add_perm("matches.view_solution_suggestions", is_solution_member)
