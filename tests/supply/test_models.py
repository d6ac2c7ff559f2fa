import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db


def test_solution_database_refuses_trl_outside_1_to_9():
    with pytest.raises(IntegrityError), transaction.atomic():
        SolutionFactory(trl=10)


def test_solution_database_refuses_a_solution_without_any_title():
    with pytest.raises(IntegrityError), transaction.atomic():
        SolutionFactory(title_sv="", title_en="")


def test_solution_database_refuses_a_solution_without_any_text():
    with pytest.raises(IntegrityError), transaction.atomic():
        SolutionFactory(text_sv="", text_en="")


def test_solution_language_labels_keep_known_codes_in_order():
    solution = SolutionFactory.build(languages=["fi", "xx", "sv"])

    with translation.override("en"):
        assert solution.language_labels == ["Finnish", "Swedish"]
