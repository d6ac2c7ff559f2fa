"""The reference tables in the admin: searchable, not editable."""

import pytest
from django.urls import reverse

from arena.reference.models import CpvExample
from arena.reference.services import CpvExampleForm, cpv_examples_set
from tests.factories.accounts import UserFactory
from tests.factories.reference import CpvCodeFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_cpv_admin_search_folds_swedish_letters(admin_client_):
    CpvCodeFactory()
    CpvCodeFactory(code="03142500", check_digit="3", label_sv="Ägg", label_en="Eggs")

    response = admin_client_.get(reverse("admin:reference_cpvcode_changelist"), {"q": "ÄGG"})

    assert response.status_code == 200
    assert [obj.code for obj in response.context["cl"].result_list] == ["03142500"]


def test_municipality_admin_is_read_only(admin_client_):
    MunicipalityFactory()

    add = admin_client_.get(reverse("admin:reference_municipality_add"))
    change = admin_client_.get(reverse("admin:reference_municipality_change", args=["0180"]))

    assert add.status_code == 403
    assert change.status_code == 200
    assert b'name="_save"' not in change.content


def test_cpv_example_admin_lists_and_shows_examples_read_only(admin_client_):
    form = CpvExampleForm(
        title="Snöröjning", text="Snöröjning av gator", language="sv", code="90620000"
    )
    cpv_examples_set(forms_by_source={"notice:ted:1": [form]})
    example = CpvExample.objects.get()

    listing = admin_client_.get(reverse("admin:reference_cpvexample_changelist"), {"q": "snö"})
    change = admin_client_.get(reverse("admin:reference_cpvexample_change", args=[example.pk]))
    add = admin_client_.get(reverse("admin:reference_cpvexample_add"))

    assert [obj.pk for obj in listing.context["cl"].result_list] == [example.pk]
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    assert add.status_code == 403
