import factory

from arena.alerts.enums import Frequency
from arena.alerts.models import AlertSubscription, NoticeFeedback, NoticeSuggestion
from arena.matches.enums import Verdict
from tests.factories.accounts import UserFactory
from tests.factories.notices import NoticeFactory
from tests.factories.organisations import OrganisationFactory


class NoticeSuggestionFactory(factory.django.DjangoModelFactory[NoticeSuggestion]):
    class Meta:
        model = NoticeSuggestion

    organisation = factory.SubFactory(OrganisationFactory)
    notice = factory.SubFactory(NoticeFactory)
    score = 0.5
    reasons = factory.LazyFunction(
        lambda: [
            {"code": "terms", "data": {"terms": ["tillsyn", "hemtjänst"]}},
            {"code": "semantic", "data": {"rank": 1, "of": 10}},
        ]
    )


class NoticeFeedbackFactory(factory.django.DjangoModelFactory[NoticeFeedback]):
    class Meta:
        model = NoticeFeedback

    organisation = factory.SubFactory(OrganisationFactory)
    notice = factory.SubFactory(NoticeFactory)
    user = factory.SubFactory(UserFactory)
    verdict = Verdict.NOT_RELEVANT


class AlertSubscriptionFactory(factory.django.DjangoModelFactory[AlertSubscription]):
    class Meta:
        model = AlertSubscription

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    frequency = Frequency.DAILY
