import factory

from arena.reference.codes import sdg_target_sort_key
from arena.reference.models import CpvCode, Municipality, NutsCode, Region, SdgGoal, SdgTarget
from arena.reference.text import fold


class NutsCodeFactory(factory.django.DjangoModelFactory[NutsCode]):
    class Meta:
        model = NutsCode
        django_get_or_create = ["code"]

    code = "SE110"
    level = 3
    label_sv = "Stockholms län"
    label_en = "Stockholms län"


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "01"
    county_name = "Stockholms län"
    name = "Region Stockholm"
    nuts = factory.SubFactory(NutsCodeFactory)
    search_text = factory.LazyAttribute(lambda o: f"{o.code} {o.name} {o.county_name}".lower())


class MunicipalityFactory(factory.django.DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    code = "0180"
    name = "Stockholm"
    region = factory.SubFactory(RegionFactory)
    search_text = factory.LazyAttribute(lambda o: f"{o.code} {o.name}".lower())


def _cpv_level(code: str) -> int:
    return max(1, len(code.rstrip("0")) - 1)


class CpvCodeFactory(factory.django.DjangoModelFactory[CpvCode]):
    """A CPV code; pass parent= for a code below another (the factory does not derive it)."""

    class Meta:
        model = CpvCode
        django_get_or_create = ["code"]

    code = "48000000"
    check_digit = "8"
    level = factory.LazyAttribute(lambda o: _cpv_level(o.code))
    parent = None
    label_sv = "Programvara och informationssystem"
    label_en = "Software package and information systems"
    search_text = factory.LazyAttribute(
        lambda o: fold(f"{o.code} {o.code}-{o.check_digit} {o.label_sv} {o.label_en}")
    )


class SdgGoalFactory(factory.django.DjangoModelFactory[SdgGoal]):
    class Meta:
        model = SdgGoal
        django_get_or_create = ["number"]

    number = 11
    short_title_sv = "Hållbara städer och samhällen"
    short_title_en = "Sustainable cities and communities"
    title_en = "Make cities and human settlements inclusive, safe, resilient and sustainable"


class SdgTargetFactory(factory.django.DjangoModelFactory[SdgTarget]):
    class Meta:
        model = SdgTarget
        django_get_or_create = ["code"]

    code = "11.6"
    goal = factory.SubFactory(SdgGoalFactory)
    sort_key = factory.LazyAttribute(lambda o: sdg_target_sort_key(o.code))
    title_sv = ""
    title_en = (
        "By 2030, reduce the adverse per capita environmental impact of cities, including by paying "
        "special attention to air quality and municipal and other waste management"
    )
    search_text = factory.LazyAttribute(
        lambda o: fold(f"{o.code} {o.title_en} {o.goal.short_title_sv} {o.goal.short_title_en}")
    )
