"""Europe PMC's records: the search JSON page reader (``resultType=core``).

A page is ``resultList.result``; each record is identified by ``source`` +
``id`` (``MED`` + PMID, ``PMC`` + PMCID, ``PPR`` + a preprint id...), and
carries ``pmid`` (MEDLINE records), ``doi`` (lower case), ``title``,
``pubYear`` (a string), ``authorString`` ("Smith J, Jones K."),
``authorList.author[].fullName`` (core), ``journalInfo.journal.title``
(core; ``journalTitle`` in lite), ``abstractText`` (core), ``pubType``
("review; journal article"; ``pubTypeList.pubType[]`` in core), and for
preprints ``bookOrReportDetails.publisher`` (bioRxiv, medRxiv...) instead
of a journal. Paged by ``cursorMark`` (``*`` first, then each answer's
``nextCursorMark``): the registry entry's paging says so.
docs/db-europepmc.md gives the sources.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from querylang.databases.europepmc.responses import read_europepmc
from querylang.record import replace
from querylang.records import readers
from querylang.records.model import FetchedRecord, normalize_doi, normalize_pmid
from querylang.records.paging import PageContext, generic_pager
from querylang.records.readers import Page
from querylang.responses import PermanentApiError
from querylang.targets.base import ApiRequest

__all__ = ["fetch_page", "read_page", "RESULT_TYPE"]

DISPLAY = "Europe PMC"
#: The answer shape asked for pages: ``core`` carries the abstract, the
#: authors one by one and the journal's full title (``lite`` has none of them).
RESULT_TYPE = "core"


async def fetch_page(context: PageContext) -> Page:
    """One page by cursor, as the generic pager asks it, with records in the
    ``core`` shape: the run's request asked for ids only (``idlist``)."""
    request: ApiRequest = replace(
        context.request, params={**context.request.params, "resultType": RESULT_TYPE})
    return await generic_pager(dataclasses.replace(context, request=request))


def read_page(status: int, headers: Mapping[str, str], body: bytes, start: int = 1) -> Page:
    """One page: its records, the count, and the cursor of the next page."""
    total = read_europepmc(status, headers, body).count  # every error shape, the count
    data: Any = json.loads(body.decode("utf-8"))  # read_europepmc checked it is JSON
    holder = data.get("resultList")
    results = holder.get("result", []) if isinstance(holder, dict) else None
    if not isinstance(results, list):
        raise PermanentApiError(f"{DISPLAY} sent a page without resultList.result")
    records: list[FetchedRecord] = []
    notes: list[str] = []
    for offset, result in enumerate(results):
        native = _native_id(result)
        if native is None or not isinstance(result, dict):
            notes.append(f"RF004 {DISPLAY} record {start + offset} has no source and id; left out")
            continue
        records.append(_record(native, result, start + offset))
    cursor = readers.text(data.get("nextCursorMark"))
    sent = data.get("request")
    sent_cursor = sent.get("cursorMark") if isinstance(sent, dict) else None
    if cursor is not None and cursor in (sent_cursor, _unquoted(sent_cursor)) and not results:
        cursor = None  # past the end Solr hands the same cursor back: no next page
    return Page(tuple(records), total, len(results), tuple(notes), cursor)


def _unquoted(value: Any) -> str | None:
    """``request.cursorMark`` as sent: GET answers echo it URL-encoded."""
    return unquote(value) if isinstance(value, str) else None


def _native_id(result: Any) -> str | None:
    """``MED:12345678``, ``PPR:PPR123456``: the pair is Europe PMC's identity."""
    if not isinstance(result, dict):
        return None
    source, ident = readers.text(result.get("source")), readers.text(result.get("id"))
    if source is None or ident is None:
        return None
    return f"{source}:{ident}"


def _authors(result: Mapping[str, Any]) -> tuple[str, ...]:
    holder = result.get("authorList")
    listed = holder.get("author") if isinstance(holder, dict) else None
    if isinstance(listed, list):
        return readers.names([a.get("fullName") for a in listed if isinstance(a, dict)])
    string = readers.text(result.get("authorString"))
    if string is None:
        return ()
    return readers.names([part.strip().rstrip(".") for part in string.split(",")])


def _venue(result: Mapping[str, Any]) -> str | None:
    info = result.get("journalInfo")
    journal = info.get("journal") if isinstance(info, dict) else None
    if isinstance(journal, dict):
        title = readers.text(journal.get("title"))
        if title is not None:
            return title
    title = readers.text(result.get("journalTitle"))
    if title is not None:
        return title
    book = result.get("bookOrReportDetails")
    return readers.text(book.get("publisher")) if isinstance(book, dict) else None


def _doc_type(result: Mapping[str, Any]) -> str | None:
    holder = result.get("pubTypeList")
    listed = holder.get("pubType") if isinstance(holder, dict) else None
    if isinstance(listed, list):
        return readers.joined(listed)
    return readers.text(result.get("pubType"))


def _record(native: str, result: Mapping[str, Any], position: int) -> FetchedRecord:
    raw_doi = readers.text(result.get("doi"))
    raw_pmid = readers.text(result.get("pmid"))
    authors = _authors(result)
    return FetchedRecord(
        database="europepmc",
        native_id=native,
        position=position,
        doi=normalize_doi(raw_doi),
        pmid=normalize_pmid(raw_pmid),
        title=readers.text(result.get("title")),
        year=readers.year(result.get("pubYear")),
        first_author=authors[0] if authors else None,
        venue=_venue(result),
        authors=authors,
        abstract=readers.text(result.get("abstractText")),
        doc_type=_doc_type(result),
        raw_ids=readers.raw(("source", result.get("source")), ("id", result.get("id")),
                            ("pmid", raw_pmid), ("pmcid", result.get("pmcid")),
                            ("doi", raw_doi)),
    )
