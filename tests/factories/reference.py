import factory

from arena.reference.models import Municipality, NutsCode, Region


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
