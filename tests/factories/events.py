import datetime

import factory

from arena.events.enums import EventKind, EventStatus, Priority, RegistrationStatus, Side
from arena.events.models import Event, Meeting, MeetingRequest, Registration, Session
from arena.events.services import side_for
from tests.factories.organisations import OrganisationFactory


class EventFactory(factory.django.DjangoModelFactory[Event]):
    """A published matchday on 2030-03-10, 09:00–12:00, 20-minute meetings at 4 tables.

    Pass organisers=[...] to set who organises it; it has no sessions unless `sessions` is given
    as a list of (start "HH:MM", number of slots).
    """

    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"matchdag-{n}")
    kind = EventKind.MATCHDAY
    title = factory.Sequence(lambda n: f"Matchdag {n}")
    description = "Kommuner möter startups."
    place = "Kista Science Tower, Färögatan 33"
    date = datetime.date(2030, 3, 10)
    start_time = datetime.time(9, 0)
    end_time = datetime.time(12, 0)
    slot_minutes = 20
    n_tables = 4
    status = EventStatus.PUBLISHED

    @factory.post_generation
    def organisers(obj, create, extracted, **kwargs):
        if create:
            obj.organisers.set(extracted or [OrganisationFactory()])

    @factory.post_generation
    def sessions(obj, create, extracted, **kwargs):
        if create and extracted:
            for start, n_slots in extracted:
                hour, minute = (int(part) for part in start.split(":"))
                Session.objects.create(
                    event=obj, start_time=datetime.time(hour, minute), n_slots=n_slots
                )


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    """An active registration of a company (pass organisation=BuyerFactory() for a buyer)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    side = factory.LazyAttribute(lambda o: side_for(o.organisation))
    status = RegistrationStatus.REGISTERED
    team_capacity = 1


class MeetingRequestFactory(factory.django.DjangoModelFactory[MeetingRequest]):
    class Meta:
        model = MeetingRequest

    sender = factory.SubFactory(RegistrationFactory)
    receiver = factory.SubFactory(RegistrationFactory)
    event = factory.SelfAttribute("sender.event")
    priority = Priority.MEET


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    event = factory.SelfAttribute("buyer.event")
    buyer = factory.SubFactory(RegistrationFactory, side=Side.BUYER)
    company = factory.SubFactory(RegistrationFactory, event=factory.SelfAttribute("..event"))
    slot = 0
    table = 1
