"""The solution list cuts its page from the solutions table alone, then joins the page's rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.organisations import OrganisationFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db


def _page_query(queries: list[dict[str, str]]) -> str:
    return next(q["sql"] for q in queries if 'FROM "supply_solution" INNER JOIN' in q["sql"])


def test_solution_list_page_is_cut_before_the_joins(client):
    SolutionFactory.create_batch(3, organisation=OrganisationFactory(), published=True)

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("supply:solution_list"), {"sida": "1"})

    sql = _page_query(queries.captured_queries)
    # The LIMIT sits in a subquery on supply_solution alone, not on the joined rows.
    subquery = re.search(r"IN \((SELECT .* LIMIT \d+)\)", sql)
    assert subquery is not None
    assert "JOIN" not in subquery.group(1)
    assert not re.search(r"LIMIT \d+\s*$", sql)


@pytest.mark.parametrize("params", [{}, {"q": "skolmat"}])
def test_solution_list_pages_keep_the_order_and_the_rows(client, params):
    company = OrganisationFactory()
    made = [
        SolutionFactory(organisation=company, published=True, title_sv=f"Skolmat {n}")
        for n in range(25)
    ]

    first = client.get(reverse("supply:solution_list"), params)
    second = client.get(reverse("supply:solution_list"), {**params, "sida": "2"})

    shown = [s.pk for s in first.context["solutions"]] + [s.pk for s in second.context["solutions"]]
    assert len(first.context["solutions"]) == 20
    assert sorted(shown) == sorted(s.pk for s in made)
    if not params:  # newest first, the same order as before the page was cut in a subquery
        assert shown == [
            s.pk for s in sorted(made, key=lambda s: (s.published_at, s.pk), reverse=True)
        ]
    assert first.context["solutions"][0].organisation.name == company.name
    assert first.context["page"].paginator.count == 25


def test_solution_list_search_reads_the_full_text_once(client):
    SolutionFactory.create_batch(3, organisation=OrganisationFactory(), published=True)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("supply:solution_list"), {"q": "lösning"})

    full_text = [
        q["sql"]
        for q in queries.captured_queries
        if "to_tsvector" in q["sql"] or "_fts" in q["sql"]
    ]
    # One pass gives the count and the page; the rows are then read by id.
    assert len(full_text) == 1
    assert response.context["page"].paginator.count == 3
    assert len(response.context["solutions"]) == 3
