"""OpenAlex's page reader: works of one ``/works`` answer, and the next cursor.

Paging is by cursor (developers.openalex.org, Page through results): the
first page asks ``cursor=*``, each answer gives ``meta.next_cursor``, null
on the last (short) page. A work's fields (Work object): ``id``
(``https://openalex.org/W...``: the ``W...`` part is kept), ``doi``
(``https://doi.org/10...``), ``ids.pmid`` (``https://pubmed.ncbi.nlm.nih.gov/N``),
``title``, ``publication_year``, ``authorships[].author.display_name`` in
order, ``primary_location.source.display_name``, ``type``, and the abstract
as ``abstract_inverted_index`` (word -> positions), rebuilt here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from querylang.databases.openalex.responses import read as read_count
from querylang.records.model import FetchedRecord, arxiv_id_from_doi, normalize_doi, normalize_pmid
from querylang.records.readers import Page, joined, names, raw, text, year
from querylang.responses import PermanentApiError, parse_json, quote_body

__all__ = ["read_page", "abstract_text"]

_WORK_PREFIX = "https://openalex.org/"
_PUBMED_PREFIXES = ("https://pubmed.ncbi.nlm.nih.gov/", "http://pubmed.ncbi.nlm.nih.gov/")
#: Most word positions an abstract is rebuilt from (a hostile index costs bounded work).
MAX_ABSTRACT_WORDS = 5000


def read_page(status: int, headers: Mapping[str, str], body: bytes, start: int = 1) -> Page:
    total = read_count(status, headers, body).count  # every error, and the total
    data = parse_json(body, "openalex")
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise PermanentApiError(f"OpenAlex sent results that are not a list: {quote_body(body)}")
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    cursor = meta.get("next_cursor")
    records: list[FetchedRecord] = []
    notes: list[str] = []
    for offset, work in enumerate(results):
        found = _work(work, start + offset) if isinstance(work, dict) else None
        if found is None:
            notes.append(f"RF004 OpenAlex work {start + offset} has no id; left out")
            continue
        records.append(found)
    return Page(tuple(records), total, None, tuple(notes),
                cursor=cursor if isinstance(cursor, str) and cursor else None)


def _work(work: Mapping[str, Any], position: int) -> FetchedRecord | None:
    raw_id = text(work.get("id"))
    if raw_id is None:
        return None
    native = raw_id.removeprefix(_WORK_PREFIX)
    found_ids = work.get("ids")
    ids: Mapping[str, Any] = found_ids if isinstance(found_ids, dict) else {}
    raw_doi = text(work.get("doi")) or text(ids.get("doi"))
    doi = normalize_doi(raw_doi)
    raw_pmid = text(ids.get("pmid"))
    pmid = raw_pmid
    for prefix in _PUBMED_PREFIXES:
        if pmid and pmid.lower().startswith(prefix):
            pmid = pmid[len(prefix):]
    pmid = normalize_pmid(pmid.strip("/")) if pmid else None
    authorships = work.get("authorships")
    authors = names([
        (a.get("author") or {}).get("display_name") or a.get("raw_author_name")
        for a in authorships if isinstance(a, dict)
    ] if isinstance(authorships, list) else None)
    location = work.get("primary_location")
    source = location.get("source") if isinstance(location, dict) else None
    return FetchedRecord(
        database="openalex",
        native_id=native,
        position=position,
        doi=doi,
        pmid=pmid,
        arxiv_id=arxiv_id_from_doi(doi),
        title=text(work.get("title")) or text(work.get("display_name")),
        year=year(work.get("publication_year")),
        first_author=authors[0] if authors else None,
        venue=text(source.get("display_name")) if isinstance(source, dict) else None,
        authors=authors,
        abstract=abstract_text(work.get("abstract_inverted_index")),
        doc_type=joined([work.get("type")]) if work.get("type") else None,
        raw_ids=raw(("openalex", raw_id), ("doi", raw_doi), ("pmid", raw_pmid)),
    )


def abstract_text(index: Any) -> str | None:
    """The abstract from OpenAlex's inverted index (word -> positions)."""
    if not isinstance(index, dict):
        return None
    at: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(word, str) or not isinstance(positions, list):
            continue
        for position in positions:
            if isinstance(position, int) and not isinstance(position, bool) \
                    and 0 <= position < MAX_ABSTRACT_WORDS:
                at.setdefault(position, word)
    return text(" ".join(at[p] for p in sorted(at))) if at else None
