import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from arena.notices.enums import ContractNature, NoticeKind, NoticeSource
from arena.notices.models import Notice, NoticeLot


class NoticeFactory(factory.django.DjangoModelFactory[Notice]):
    """An open contract notice from a Swedish buyer; pass cpv_codes=[CpvCode, ...] to classify it."""

    class Meta:
        model = Notice
        skip_postgeneration_save = True

    source = NoticeSource.EFORMS
    source_id = factory.Sequence(lambda n: f"00000000-0000-0000-0000-{n:012d}-01")
    procedure_id = factory.Sequence(lambda n: f"proc-{n}")
    kind = NoticeKind.COMPETITION
    subtype = "16"
    language = "sv"
    title = factory.Sequence(lambda n: f"Upphandling av digitala tjänster {n}")
    description = "Kommunen söker en lösning för digital tillsyn i hemtjänsten."
    buyer_name = "Exempelby kommun"
    country = "SE"
    contract_nature = ContractNature.SERVICES
    procedure_type = "open"
    published_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    estimated_value = Decimal("1500000")
    currency = "SEK"

    @factory.post_generation
    def cpv_codes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.cpv_codes.set(extracted)
            obj.cpv_main = obj.cpv_main or extracted[0].code
            obj.save(update_fields=["cpv_main"])


class NoticeLotFactory(factory.django.DjangoModelFactory[NoticeLot]):
    class Meta:
        model = NoticeLot

    notice = factory.SubFactory(NoticeFactory)
    lot_id = factory.Sequence(lambda n: f"LOT-{n:04d}")
    title = "Delområde"
    description = ""
