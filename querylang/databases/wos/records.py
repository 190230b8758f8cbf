"""Web of Science's records: the Starter API ``/documents`` page reader.

``hits`` with ``uid``, ``identifiers.doi`` and ``identifiers.pmid`` (with or
without ``MEDLINE:``), ``names.authors`` and ``types``; the Starter API
gives no abstract. Pages are numbered slices of ``limit`` records
(``page``, from 1): the registry entry's paging says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from querylang.databases.wos.responses import read as read_wos
from querylang.records import readers
from querylang.records.model import FetchedRecord, arxiv_id_from_doi, normalize_doi
from querylang.records.readers import Page
from querylang.responses import PermanentApiError, parse_json, quote_body

__all__ = ["read_page"]


def read_page(status: int, headers: Mapping[str, str], body: bytes,
                  start: int = 1) -> Page:
    """Starter API ``/documents``: ``metadata.total`` and ``hits``."""
    total = read_wos(status, headers, body).count  # errors, quota and the total
    data = parse_json(body, "wos")
    hits = data.get("hits", [])
    if not isinstance(hits, list):
        raise PermanentApiError(f"Web of Science sent hits that are not a list: {quote_body(body)}")
    records: list[FetchedRecord] = []
    notes: list[str] = []
    for offset, hit in enumerate(hits):
        uid = readers.text(hit.get("uid")) if isinstance(hit, dict) else None
        if uid is None or not isinstance(hit, dict):
            notes.append(f"RF004 Web of Science hit {start + offset} has no uid; left out")
            continue
        records.append(_wos_record(uid, hit, start + offset))
    return Page(tuple(records), total, None, tuple(notes))


def _wos_record(uid: str, hit: Mapping[str, Any], position: int) -> FetchedRecord:
    identifiers = hit.get("identifiers")
    ids = identifiers if isinstance(identifiers, dict) else {}
    source = hit.get("source")
    source = source if isinstance(source, dict) else {}
    names = hit.get("names")
    listed = names.get("authors") if isinstance(names, dict) else None
    authors = readers.names([readers.text(a.get("displayName")) or readers.text(a.get("wosStandard"))
                      for a in listed if isinstance(a, dict)]
                     if isinstance(listed, list) else None)
    doi = normalize_doi(readers.text(ids.get("doi")))
    return FetchedRecord(
        database="wos",
        native_id=uid,
        position=position,
        doi=doi,
        pmid=readers.pmid(ids.get("pmid")),
        arxiv_id=arxiv_id_from_doi(doi),
        title=readers.text(hit.get("title")),
        year=readers.year(source.get("publishYear")),
        first_author=authors[0] if authors else None,
        venue=readers.text(source.get("sourceTitle")),
        authors=authors,
        doc_type=readers.joined(hit.get("types")),
        raw_ids=readers.raw(("uid", uid), *((str(name), value) for name, value in ids.items())),
    )


