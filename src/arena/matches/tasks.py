from django.tasks import task

from arena.matches.services import (
    suggestions_refresh_for_challenge,
    suggestions_refresh_for_solution,
)


@task()
def suggestions_refresh_challenge_task(*, challenge_id: int, offer: bool = True) -> int:
    return suggestions_refresh_for_challenge(challenge_id=challenge_id, offer=offer)


@task()
def suggestions_refresh_solution_task(*, solution_id: int, offer: bool = True) -> int:
    return suggestions_refresh_for_solution(solution_id=solution_id, offer=offer)
