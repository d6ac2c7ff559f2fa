"""The reference tables in the admin: searchable, not editable."""

import pytest
from django.urls import reverse

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
