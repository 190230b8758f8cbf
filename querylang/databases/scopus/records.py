"""Scopus's records: the Scopus Search API JSON page reader.

``search-results.entry`` (STANDARD view): ``eid`` (``2-s2.0-`` and the
Scopus id: the record's own id), ``prism:doi``, ``pubmed-id``, ``dc:title``,
``dc:creator`` (the first author, "Smith J."), ``prism:publicationName``,
``prism:coverDate`` (``YYYY-MM-DD``), ``subtypeDescription``; the author
list and the abstract only in the COMPLETE view (a subscriber's
entitlement), so they are read when present. A query without hits still has
one entry, ``{"error": "Result set was empty"}``: not a record. Paged by
``start`` (from 0) and ``count`` up to Scopus's 5,000 offset ceiling: the
registry entry's paging says so (docs/db-scopus.md, "Paging").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from querylang.databases.scopus.responses import read as read_scopus
from querylang.records import readers
from querylang.records.model import FetchedRecord, arxiv_id_from_doi, normalize_doi
from querylang.records.readers import Page
from querylang.responses import PermanentApiError, parse_json, quote_body

__all__ = ["read_page", "record"]


def read_page(status: int, headers: Mapping[str, str], body: bytes, start: int = 1) -> Page:
    """JSON: ``search-results.opensearch:totalResults`` and ``entry``."""
    total = read_scopus(status, headers, body).count  # every error, the total
    results = parse_json(body, "scopus")["search-results"]
    entries = results.get("entry", [])
    if not isinstance(entries, list):
        raise PermanentApiError(f"Scopus sent entries that are not a list: {quote_body(body)}")
    records: list[FetchedRecord] = []
    notes: list[str] = []
    position = start
    for item in entries:
        if isinstance(item, dict) and "error" in item and "eid" not in item:
            continue  # "Result set was empty": the placeholder of zero hits
        eid = readers.text(item.get("eid")) if isinstance(item, dict) else None
        if eid is None or not isinstance(item, dict):
            notes.append(f"RF004 Scopus record {position} has no eid; left out")
        else:
            records.append(record(eid, item, position))
        position += 1
    listed = readers.text(results.get("opensearch:itemsPerPage"))
    return Page(tuple(records), total, int(listed) if listed and listed.isdigit() else None,
                tuple(notes), _next_cursor(results))


def _next_cursor(results: Mapping[str, Any]) -> str | None:
    cursor = results.get("cursor")
    following = cursor.get("@next") if isinstance(cursor, dict) else None
    return following if isinstance(following, str) and following else None


def record(eid: str, item: Mapping[str, Any], position: int) -> FetchedRecord:
    """One entry as a record (also read by the known-item check)."""
    raw_doi = readers.text(item.get("prism:doi"))
    doi = normalize_doi(raw_doi)
    listed = item.get("author")
    authors = readers.names([a.get("authname") for a in listed if isinstance(a, dict)]
                            if isinstance(listed, list) else None)
    creator = readers.text(item.get("dc:creator"))
    if not authors and creator:
        authors = (creator,)
    return FetchedRecord(
        database="scopus",
        native_id=eid,
        position=position,
        doi=doi,
        pmid=readers.pmid(item.get("pubmed-id")),
        arxiv_id=arxiv_id_from_doi(doi),
        title=readers.text(item.get("dc:title")),
        year=readers.year(item.get("prism:coverDate")),
        first_author=authors[0] if authors else None,
        venue=readers.text(item.get("prism:publicationName")),
        authors=authors,
        abstract=readers.text(item.get("dc:description")),
        doc_type=readers.text(item.get("subtypeDescription")),
        raw_ids=readers.raw(("eid", eid), ("doi", raw_doi), ("pubmed-id", item.get("pubmed-id")),
                            ("issn", item.get("prism:issn")),
                            ("eissn", item.get("prism:eIssn"))),
    )
