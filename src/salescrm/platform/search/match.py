"""``q`` as SQL: the ids of an object's records whose readable fields hold the text.

``record_ids(obj, fields, q)`` is a subquery on ``search_terms`` served by an index on
both databases (decision 0161):

- three characters or more: a substring of ``terms``. PostgreSQL: ``LIKE '%q%'``
  over a pg_trgm GIN index. SQLite: a phrase query on the FTS5 trigram table,
  which finds exactly the rows holding the text.
- one or two characters: the piece is one of the row's ``grams``. PostgreSQL: a GIN
  index over them as an array. SQLite: the FTS5 table of grams.

Both hold lower-case text and the query is lowered the same way, so the match is a
case-insensitive substring, as the full scan it replaces was.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import NullType

from salescrm.models import SearchTerm
from salescrm.platform.search.terms import gram_token

TRIGRAM = 3


class TermsMatch(ColumnElement[bool]):
    """``search_terms`` rows holding ``text`` (already lower case)."""

    inherit_cache = False
    # No Boolean type: SQLite would compare a boolean criterion with 1 and so hide the
    # IN from its planner.
    type = NullType()  # type: ignore[assignment]

    def __init__(self, text: str) -> None:
        self.text = text


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@compiles(TermsMatch, "postgresql")
def _pg(element: TermsMatch, compiler: Any, **kw: Any) -> str:
    if len(element.text) < TRIGRAM:
        token = compiler.process(bindparam("search_gram", gram_token(element.text),
                                           unique=True), **kw)
        return f"string_to_array(search_terms.grams, ' ') @> ARRAY[CAST({token} AS TEXT)]"
    pattern = compiler.process(bindparam("search_like", f"%{_escape_like(element.text)}%",
                                         unique=True), **kw)
    return f"search_terms.terms LIKE {pattern} ESCAPE '\\'"


@compiles(TermsMatch, "sqlite")
def _sqlite(element: TermsMatch, compiler: Any, **kw: Any) -> str:
    if len(element.text) < TRIGRAM:
        table, query = "search_grams_fts", f'"{gram_token(element.text)}"'
    else:
        table, query = "search_terms_fts", '"' + element.text.replace('"', '""') + '"'
    param = compiler.process(bindparam("search_match", query, unique=True), **kw)
    return (f"search_terms.id IN (SELECT rowid FROM {table} "
            f"WHERE {table} MATCH {param})")


def record_ids(object_name: str, fields: list[str], text: str) -> Select[Any]:
    """Ids of ``object_name``'s records (the session's tenant) whose ``fields`` hold
    ``text`` (lower case, see ``terms.query_text``)."""
    return (select(SearchTerm.record_id)
            .where(SearchTerm.object == object_name, SearchTerm.field.in_(fields),
                   TermsMatch(text)))
