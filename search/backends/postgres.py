"""PostgreSQL: Wagtail's full-text search, with a title match ranked first.

Wagtail ranks by ts_rank over the title (weighted by its boost and by the title's
length) plus ts_rank over everything else. That usually puts title matches first,
but a long title, or a body that repeats the word, can outscore one; ordering first
by whether the title's own tsvector matches the query makes it a rule. Title
matches are then ordered by the length of the title (the one the query covers
most first), which, unlike Wagtail's title_norm, does not depend on the average
title length at the time each page was indexed.

The document vector the search filters on is an alias here, not an annotation: a
search for ids (`values_list("pk", flat=True).search(…)`) would otherwise send every
match's tsvector to Python with its id (20 ms of 85 at 6,000 matches)."""

from django.db.models import BooleanField, Case, F, Func, When
from django.db.models.functions import Length
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Fuzzy, MatchAll, Not


class Matches(Func):
    """`vector @@ query`, as an expression that can be ordered by."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class SitePostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        if isinstance(self.query, MatchAll | Not | Fuzzy):
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        # As Wagtail's backend does, but with the vector as an alias.
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_search_vectors(search_query)
        rank = self._build_rank_expression(vectors, config)
        document = vectors[0][0]
        for vector, _boost in vectors[1:]:
            document = document._combine(vector, "||", False)
        queryset = self.queryset.alias(_vector_=document).filter(_vector_=search_query)
        if not self.order_by_relevance:
            return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)

        ordering = [rank.desc(), "-pk"]
        if self.fields is None:
            # The title vector of the join the search made (F() reuses it), so there
            # is still one row per result.
            title = F("index_entries__title")
            ordering[:0] = [
                Matches(title, search_query).desc(),
                # Among title matches, the title the query covers most (fewest words).
                Case(When(Matches(title, search_query), then=Length(title)), default=0).asc(),
            ]
        queryset = queryset.order_by(*ordering)
        if score_field is not None:
            queryset = queryset.annotate(**{score_field: rank})
        return queryset[start:stop]


class SitePostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = SitePostgresSearchQueryCompiler
