"""The site's search backend: Wagtail's database backend (SQLite's FTS5 in development,
PostgreSQL's full-text search in production), ordering results in two ways of its own.

1. **A title match comes first**, on both databases: results whose title matches the
   query (every word of it, as the search itself asks) are ranked above those that
   match only in a summary, a body, an author's name or a PDF. Among title matches
   the shortest title (the one the query covers most) comes first, then relevance
   orders each group. Wagtail's title boost only weighs the title in a sum, which a
   long body or a short document can still outscore; on SQLite it is ignored.

2. **SQLite scores each match once.** The stock SQLite backend orders by relevance
   through a correlated subquery that runs the full-text match again for every
   matching row, so a search costs O(matches²): 7 s at 5,000 matching resources
   (docs/benchmarks.md). Here the full-text table is joined to the rows being
   searched instead, so FTS5 runs the match once and the database looks each hit up
   by primary key.

Settings name this package (`WAGTAILSEARCH_BACKENDS`); everything else uses Wagtail's
API as before: `Model.objects.search()`, `get_search_backend()`."""

from django.db import connection
from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 - Wagtail's loader looks for this name
    """The database backend for the database in use, as Wagtail would choose it.
    Each module is imported only for its own database: the SQLite one needs SQLite's
    full-text table to exist, the PostgreSQL one needs psycopg."""
    if connection.vendor == "postgresql":
        from .postgres import SitePostgresSearchBackend

        return SitePostgresSearchBackend(params)
    backend = database.SearchBackend(params)  # finds out whether SQLite has FTS5
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        from .sqlite import SiteSQLiteSearchBackend

        return SiteSQLiteSearchBackend(params)
    return backend  # MySQL, or SQLite without FTS5: Wagtail's own, unchanged
