import datetime

import factory
from django.utils import timezone

from arena.organisations.enums import IntermediaryKind, OrganisationKind
from arena.programmes.enums import ApplicationStatus, ResourceKind
from arena.programmes.models import Application, Cohort, Programme, ProgrammeResource, Reminder
from arena.programmes.services import participant_kind_for
from tests.factories.accounts import UserFactory
from tests.factories.needs import BuyerFactory
from tests.factories.organisations import OrganisationFactory


class IntermediaryFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Science Park {n}")
    slug = factory.Sequence(lambda n: f"science-park-{n}")
    kind = OrganisationKind.INTERMEDIARY
    size_class = ""
    intermediary_kind = IntermediaryKind.SCIENCE_PARK


class ProgrammeFactory(factory.django.DjangoModelFactory[Programme]):
    """An open programme run by an intermediary, with one question and an agreement."""

    class Meta:
        model = Programme

    owner = factory.SubFactory(IntermediaryFactory)
    slug = factory.Sequence(lambda n: f"program-{n}")
    name_sv = factory.Sequence(lambda n: f"Program {n}")
    name_en = ""
    description_sv = "Kommuner och startups löser utmaningar tillsammans."
    aims = "Fler piloter med små företag."
    funders = "Vinnova"
    starts_on = datetime.date(2026, 1, 1)
    themes = factory.LazyFunction(lambda: ["Cirkulär ekonomi"])
    questions = factory.LazyFunction(lambda: ["Varför vill ni vara med?"])
    agreement = "Vi delar våra erfarenheter med de andra deltagarna."
    is_open_for_applications = True


class CohortFactory(factory.django.DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Omgång {n}")
    starts_on = datetime.date(2026, 3, 1)
    is_open = True


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    """A pending application of a municipality that answered every question and accepted the
    agreement; approved=True or declined=True for a decided one, organisation=None for an inventor.
    """

    class Meta:
        model = Application

    class Params:
        approved = factory.Trait(
            status=ApplicationStatus.APPROVED, decided_at=factory.LazyFunction(timezone.now)
        )
        declined = factory.Trait(
            status=ApplicationStatus.DECLINED,
            decided_at=factory.LazyFunction(timezone.now),
            decision_reason="Programmet är fullt i år.",
        )

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(BuyerFactory)
    applicant = factory.SubFactory(UserFactory)
    participant_kind = factory.LazyAttribute(
        lambda o: participant_kind_for(organisation=o.organisation)
    )
    questions = factory.LazyAttribute(lambda o: list(o.programme.questions))
    answers = factory.LazyAttribute(lambda o: ["Vi vill lära oss."] * len(o.programme.questions))
    status = ApplicationStatus.PENDING
    agreement_text = factory.LazyAttribute(lambda o: o.programme.agreement)
    agreement_accepted_at = factory.LazyFunction(timezone.now)
    agreement_accepted_by = factory.SelfAttribute("applicant")


class ProgrammeResourceFactory(factory.django.DjangoModelFactory[ProgrammeResource]):
    """A members-only guide (pass members_only=False for a public one)."""

    class Meta:
        model = ProgrammeResource

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Guide {n}")
    kind = ResourceKind.GUIDE
    url = factory.Sequence(lambda n: f"https://example.se/guide-{n}")
    members_only = True


class ReminderFactory(factory.django.DjangoModelFactory[Reminder]):
    class Meta:
        model = Reminder

    application = factory.SubFactory(ApplicationFactory, approved=True)
    programme = factory.SelfAttribute("application.programme")
    reasons = factory.LazyFunction(lambda: ["no_focus_area"])
