"""What a database tells the known-item check: :class:`KnownItems`.

Each database that ``querylang check`` can ask about known records has one
instance in its package (``known.py``: ``KNOWN = ...``), named by its
registry entry's ``known_path``. The generic modules (:mod:`.clauses`,
:mod:`.run`, :mod:`.render`) ask it everything database-specific: which
identifier kinds it can search, how many per request, how to write an
identifier clause and a title clause, how to read the answer into records.
A database without one "cannot be checked" (KC006).

The class attributes are data; the methods have generic defaults that a
database overrides only where it differs (PubMed looks DOIs up one at a
time, arXiv asks by ``id_list``, Web of Science counts its operators).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from querylang.records.model import FetchedRecord, normalize_title

if TYPE_CHECKING:
    from querylang.known.items import KnownItem

__all__ = ["KnownItems", "Records", "RecordsReader", "title_words", "quote_doi"]

Records = list[FetchedRecord]
#: Reads one answer into the records it holds (raising the count reader's
#: errors for the same answer): ``(status, headers, body) -> records``.
RecordsReader = Callable[[int, Mapping[str, str], bytes], Records]
_NOT_WORD = re.compile(r"[^\w]+")


def title_words(title: str) -> str:
    """The title as a phrase every database's parser takes: words only
    (quotes, brackets, colons would be syntax; the databases drop them anyway)."""
    return " ".join(_NOT_WORD.sub(" ", title).split())


def quote_doi(doi: str) -> str:
    """A DOI as a quoted phrase (quotes inside it dropped)."""
    return '"' + doi.replace('"', "") + '"'


class KnownItems:
    """One database's known-item knowledge (subclass, set the data, override
    ``id_clause`` and ``reader``; the other methods only where needed)."""

    #: Identifier kinds it can search (of ``doi``, ``pmid``, ``arxiv``, ``ieee``).
    kinds: tuple[str, ...] = ()
    #: Most identifiers in one request.
    batch: int = 20
    #: The request parameter asking for a number of records ("": the spec's
    #: ``page_size_param``).
    size_param: str = ""
    #: Most records one request may ask for (None: no limit).
    max_size: int | None = None
    #: A title phrase in its title field (``{}``: the title's words); None:
    #: records without a searchable identifier are not looked up by title.
    title_clause: str | None = None
    #: Parameters of a line's request left out when asking which records it
    #: holds (limits sent as parameters, not in the query).
    indexed_drops: tuple[str, ...] = ()
    #: An identifier kind that is this database's own record id (its
    #: records match a known item by it).
    native_kind: str | None = None
    #: Said when it holds none of several known records asked for (a doubt
    #: about the clause itself); ``{asked}``: how many were asked.
    none_held_note: str | None = None

    # -- what to ask -------------------------------------------------------------------

    def searchable(self, item: KnownItem) -> dict[str, str]:
        """The item's identifiers it can search, by kind; when it has none
        but a title (and the database has a title clause), ``{"title": ...}``."""
        ids = item.identifiers()
        found = {kind: ids[kind] for kind in self.kinds if kind in ids}
        if not found and self.title_clause is not None and item.title \
                and title_words(item.title):
            found["title"] = item.title
        return found

    def id_clause(self, items: Sequence[KnownItem], native: Mapping[str, str]) -> str:
        """The identifier clause for ``items``. ``native``: item id -> the
        record's own id in this database, learnt from earlier answers (a
        record found by title is then asked for by it)."""
        raise NotImplementedError(f"{type(self).__name__} writes no identifier clause")

    def wrap(self, clause: str) -> str:
        """The clause alone as the query of an "is it held" request."""
        return f"({clause})"

    def put_items(self, params: dict[str, str], query_param: str,
                  items: Sequence[KnownItem], native: Mapping[str, str],
                  line_query: str | None) -> None:
        """Put the question about ``items`` into a request's parameters:
        the clause alone (``line_query`` None) or ANDed with the line's query."""
        clause = self.id_clause(items, native)
        params[query_param] = (self.wrap(clause) if line_query is None
                               else f"({line_query}) AND ({clause})")

    def per_request(self, line_query: str | None) -> int:
        """Identifiers per request: with ``line_query``, ANDed with that line."""
        return self.batch

    def size(self, count: int) -> str:
        """The value of ``size_param`` asking for ``count`` records."""
        wanted = max(1, count)
        return str(wanted if self.max_size is None else min(self.max_size, wanted))

    def alone(self, item: KnownItem) -> str | None:
        """An identifier looked up in a request of its own (PubMed: a DOI,
        to learn the PMID), or None: the item goes in a batch."""
        return None

    def alone_clause(self, value: str) -> str:
        """The query looking ``value`` (from :meth:`alone`) up."""
        raise NotImplementedError(f"{type(self).__name__} looks nothing up alone")

    # -- reading the answers ------------------------------------------------------------

    def reader(self, asked_doi: str | None = None) -> RecordsReader:
        """The answer reader (``asked_doi``: the DOI a request looks up alone)."""
        raise NotImplementedError(f"{type(self).__name__} reads no answer")

    def matches(self, item: KnownItem, record: FetchedRecord) -> bool:
        """Whether a record it returned is the known record (same identifier)."""
        if item.doi and record.doi == item.doi:
            return True
        if item.pmid and record.pmid == item.pmid:
            return True
        if item.arxiv_id and record.arxiv_id == item.arxiv_id:
            return True
        if self.native_kind is None:
            return False
        own = item.identifiers().get(self.native_kind)
        return own is not None and record.native_id == own

    def title_match(self, title: str, records: Records) -> FetchedRecord | None:
        """The record with the same title (normal form), or None."""
        wanted = normalize_title(title)
        return next((r for r in records if r.title and normalize_title(r.title) == wanted),
                    None)
