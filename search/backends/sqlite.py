"""SQLite: the full-text match runs once, and a title match ranks first.

Wagtail's SQLite backend (django-modelsearch) filters with
`pk IN (SELECT object_id FROM fts WHERE fts MATCH …)` and, to order by relevance,
annotates each row with `(SELECT bm25(fts) FROM fts WHERE fts MATCH … AND
object_id = outer.pk LIMIT 1)`. SQLite cannot look a row of the FTS5 table up by
`object_id`, so every evaluation scans the whole match again, and bm25() recomputes
its statistics each time: 6,030 matches took 6.6 s, 1,200 took 0.4 s.

Here the rows being searched are joined to the index entries and the FTS5 table, so
the planner drives the query from the match (once) and finds each row by primary key
(EXPLAIN QUERY PLAN: SCAN fts VIRTUAL TABLE, SEARCH indexentry USING INTEGER PRIMARY
KEY, SEARCH page USING INTEGER PRIMARY KEY): 10–30 ms for the same search.

Django's ORM cannot join a table it has no relation to (the index entries' generic
relation compares `CAST(page.id AS text)`, which no index serves), so the join is
added with `extra()`; its SQL is built from the same expressions the stock backend
uses, and every value is passed as a parameter.

One more repair: a search of named fields (`fields=["name"]`, as the admin's snippet
listings ask) used the field names as FTS5 column names and failed with "no such
column: name". The index keeps fields named "title" in one column and every other
field in another ("autocomplete" for autocompletion), so those are the columns
matched."""

from django.db import connections
from django.db.models import BooleanField, FloatField, IntegerField
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class OnePassMixin:
    """Matches, and scores, in one pass over the full-text index."""

    # Whether results whose title matches come first.
    title_first = False

    def search(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        if isinstance(query, MatchAll | Not):
            # Everything, nothing or a negation: the stock backend's way.
            return super().search(config, start, stop, score_field)

        search_query = self.build_search_query(query, config=config)
        columns = self.columns()
        queryset = self.queryset.all()
        quote = connections[queryset.db].ops.quote_name
        entry, fts = quote(IndexEntry._meta.db_table), quote(SQLiteFTSIndexEntry._meta.db_table)
        table = quote(queryset.query.get_initial_alias())
        pk = f"{table}.{quote(queryset.model._meta.pk.column)}"
        content_types = list(get_descendants_content_types_pks(queryset.model))
        match_sql, match_params = self.match(columns, search_query)

        queryset = queryset.extra(
            tables=[IndexEntry._meta.db_table, SQLiteFTSIndexEntry._meta.db_table],
            where=[
                match_sql,
                f"{fts}.rowid = {entry}.id",
                f"{entry}.content_type_id IN ({', '.join(['%s'] * len(content_types))})",
                # Not CAST(pk AS text) = object_id: compared as a number, the pk's own
                # index finds the row.
                f"{entry}.object_id = {pk}",
            ],
            params=[*match_params, *content_types],
        )
        # bm25() is negative: the lower, the better. Wagtail's backend weighs it by
        # the title's length (title_norm) as well.
        score = RawSQL(f"bm25({fts}) * ({entry}.title_norm + 1.0)", [], output_field=FloatField())
        if self.order_by_relevance:
            ordering = [score.asc(), "-pk"]
            if self.title_first and "title" in columns:
                title_sql, title_params = self.match(["title"], search_query)
                # An uncorrelated subquery: SQLite runs it once and keeps the row ids.
                title_match = f"{entry}.id IN (SELECT rowid FROM {fts} WHERE {title_sql})"
                ordering[:0] = [
                    RawSQL(title_match, title_params, output_field=BooleanField()).desc(),
                    # Among title matches, the title the query covers most: "Radical
                    # Kindness" before "Radical Kindness Elevenses, 3 November 2020".
                    RawSQL(
                        f"({title_match}) * length({entry}.title)",
                        title_params,
                        output_field=IntegerField(),
                    ).asc(),
                ]
            queryset = queryset.order_by(*ordering)
        elif not queryset.query.order_by:
            # A stable order across pages, as the stock backend gives.
            queryset = queryset.order_by("-pk")
        if score_field is not None:
            queryset = queryset.annotate(**{score_field: score})
        return queryset[start:stop]

    def columns(self):
        """The FTS5 columns that hold the fields searched."""
        if self.fields is None:
            return self.FTS_TABLE_FIELDS
        if self.FTS_TABLE_FIELDS == ["autocomplete"]:
            return self.FTS_TABLE_FIELDS
        return sorted({"title" if name == "title" else "body" for name in self.fields})

    def match(self, columns, search_query):
        """`fts MATCH %s` and its parameter, as the stock backend writes them."""
        expression = MatchExpression(columns, search_query)
        compiler = SQLiteFTSIndexEntry.objects.all().query.get_compiler(
            connection=connections[self.queryset.db]
        )
        return expression.as_sql(compiler, compiler.connection)


class SiteSQLiteSearchQueryCompiler(OnePassMixin, SQLiteSearchQueryCompiler):
    title_first = True


class SiteSQLiteAutocompleteQueryCompiler(OnePassMixin, SQLiteAutocompleteQueryCompiler):
    pass


class SiteSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = SiteSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SiteSQLiteAutocompleteQueryCompiler
