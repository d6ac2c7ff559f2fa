import factory

from arena.matches.enums import Side
from arena.matches.models import Suggestion
from tests.factories.needs import ChallengeFactory
from tests.factories.supply import SolutionFactory


class SuggestionFactory(factory.django.DjangoModelFactory[Suggestion]):
    """A stored pair on the challenge's list (side=Side.SOLUTION for the solution's list)."""

    class Meta:
        model = Suggestion

    challenge = factory.SubFactory(ChallengeFactory)
    solution = factory.SubFactory(SolutionFactory, published=True)
    side = Side.CHALLENGE
    score = 0.5
    reasons = factory.LazyFunction(
        lambda: [
            {"code": "terms", "data": {"terms": ["solceller", "tak"]}},
            {"code": "semantic", "data": {"rank": 1, "of": 40}},
        ]
    )
