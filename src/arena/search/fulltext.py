"""One full-text filter for every searchable model, on either database.

- PostgreSQL: the Swedish and the English text-search configurations together (stemming in both
  languages), ranked with ts_rank; `@@` is served by a GIN index on `search_vector(fields)`
  (created by `PostgresSearchIndex` in the model's migration).
- SQLite: an FTS5 index kept in step by triggers (created by `FullTextIndex` in the model's
  migration), prefix matching on every word, ranked with bm25.

Callers get the same queryset back, filtered and annotated with `search_rank` (higher is better).
"""

import re
from collections.abc import Sequence

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import FloatField, Model, QuerySet
from django.db.models.expressions import CombinedExpression, RawSQL

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12


def words_of(query: str) -> list[str]:
    return _WORD.findall(query.lower())[:MAX_WORDS]


def fts_table(model: type[Model]) -> str:
    return f"{model._meta.db_table}_fts"


def search_vector(fields: Sequence[str]) -> CombinedExpression:
    """The text vector searched on PostgreSQL.

    The GIN index of each searchable model is built on this very expression: the planner uses an
    expression index only when the query's expression is the same, so both come from here.
    """
    return SearchVector(*fields, config="swedish") + SearchVector(*fields, config="english")


def fulltext_filter[M: Model](
    queryset: QuerySet[M], *, query: str, fields: Sequence[str]
) -> QuerySet[M]:
    words = words_of(query)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        vector = search_vector(fields)
        text = " ".join(words)
        search = SearchQuery(text, config="swedish") | SearchQuery(text, config="english")
        # A prefix query catches words still being typed and Swedish compounds ("skolmat…").
        prefix = SearchQuery(
            " & ".join(f"{w}:*" for w in words), config="simple", search_type="raw"
        )
        combined = search | prefix
        # Filter with @@ (every word must match); ts_rank alone gives non-matches a tiny rank.
        matched = queryset.annotate(search_document=vector).filter(search_document=combined)
        return matched.annotate(search_rank=SearchRank(vector, combined))  # type: ignore[no-any-return]
    table = fts_table(queryset.model)
    match = " ".join(f'"{word}"*' for word in words)
    own_table = queryset.model._meta.db_table
    pk_column = queryset.model._meta.pk.column
    rank = RawSQL(  # noqa: S611  # only the quoted MATCH string comes from the user, as a parameter
        f'(SELECT -bm25("{table}") FROM "{table}" WHERE "{table}" MATCH %s '  # noqa: S608
        f'AND "{table}".rowid = "{own_table}"."{pk_column}")',
        [match],
        output_field=FloatField(),
    )
    return queryset.annotate(search_rank=rank).filter(search_rank__isnull=False)  # type: ignore[return-value]
