"""PubMed's records: the esummary page reader and the history-server pager.

``querylang records`` pages PubMed through the E-utilities history server
(REFERENCE; NCBI, "The E-utilities In-Depth", ESearch ``usehistory`` and
ESummary): one ``esearch`` with ``usehistory=y`` opens the result set
(``WebEnv``, ``query_key``; kept for this call only, it expires), then
``esummary`` JSON pages through it with ``retstart``/``retmax``. An expired
or unknown WebEnv answers with an ``error`` field: :class:`HistoryExpired`,
and the pager searches again once, at the same position.

``esummary`` JSON: ``result.uids`` and one summary per uid; DOI from
``articleids`` (``idtype`` ``doi``), year from ``pubdate``, the authors from
``authors`` (``authtype`` ``Author``: not collective names' members), the
document type from ``pubtype``; no abstract (esummary has none; efetch
would). PubMed ends every title with a full stop, which is removed (one, not
an ellipsis).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from querylang.databases.pubmed.responses import error_message
from querylang.databases.pubmed.responses import read as read_pubmed
from querylang.record import replace
from querylang.records import readers
from querylang.records.model import FetchedRecord, arxiv_id_from_doi, normalize_doi, normalize_pmid
from querylang.records.paging import PageContext
from querylang.records.readers import Page
from querylang.responses import PermanentApiError, check_http, parse_json, quote_body

__all__ = ["HistoryExpired", "SearchHistory", "read_history", "read_page",
           "fetch_page"]

#: Where the pager keeps the open result set (this call's memory, not the log).
_HISTORY = "history"


class HistoryExpired(PermanentApiError):
    """PubMed no longer knows the WebEnv/query_key (expired, or another server)."""


def _title(title: str | None) -> str | None:
    """PubMed's title without the full stop it adds (one, not an ellipsis)."""
    if title and title.endswith(".") and not title.endswith(".."):
        title = title[:-1].rstrip()
    return title or None


@dataclass(frozen=True)
class SearchHistory:
    """An ``esearch`` with ``usehistory=y``: the count and where PubMed keeps the result."""

    count: int
    webenv: str
    query_key: str


def read_history(status: int, headers: Mapping[str, str], body: bytes) -> SearchHistory:
    """``esearch`` JSON read as for a count (errors, dropped terms), plus
    ``webenv`` and ``querykey``."""
    count = read_pubmed(status, headers, body).count
    result = parse_json(body, "pubmed").get("esearchresult", {})
    webenv, key = result.get("webenv"), result.get("querykey")
    if not isinstance(webenv, str) or not webenv or not isinstance(key, (str, int)):
        raise PermanentApiError("PubMed answered esearch (usehistory=y) without webenv and "
                                "querykey: the records cannot be paged through")
    return SearchHistory(count, webenv, str(key))



def read_page(status: int, headers: Mapping[str, str], body: bytes,
                     start: int = 1) -> Page:
    """``esummary`` JSON through the history server."""
    check_http("pubmed", status, headers, error_message(body), body)
    data = parse_json(body, "pubmed")
    if not isinstance(data, dict):
        raise PermanentApiError(f"PubMed answered esummary with unexpected JSON: {quote_body(body)}")
    problem = data.get("error")
    if problem is None and isinstance(data.get("esummaryresult"), list):
        problem = "; ".join(str(item) for item in data["esummaryresult"])
    if problem is not None:
        raise HistoryExpired(
            f"PubMed no longer holds the search on its history server ({problem})",
            status=status)
    result = data.get("result")
    uids = result.get("uids") if isinstance(result, dict) else None
    if not isinstance(result, dict) or not isinstance(uids, list):
        raise PermanentApiError(f"PubMed answered esummary without result.uids: {quote_body(body)}")
    records: list[FetchedRecord] = []
    notes: list[str] = []
    for offset, uid in enumerate(uids):
        summary = result.get(str(uid))
        pmid = normalize_pmid(str(uid))
        if pmid is None or not isinstance(summary, dict) or "error" in summary:
            why = summary.get("error") if isinstance(summary, dict) else "no summary"
            notes.append(f"RF004 PubMed record {uid}: {why}; left out")
            continue
        records.append(_pubmed_record(pmid, summary, start + offset))
    return Page(tuple(records), None, len(uids), tuple(notes))


def _pubmed_record(pmid: str, summary: Mapping[str, Any], position: int) -> FetchedRecord:
    ids = summary.get("articleids")
    pairs = [(str(item.get("idtype")), item.get("value")) for item in ids
             if isinstance(item, dict)] if isinstance(ids, list) else []
    doi = next((normalize_doi(readers.text(value)) for name, value in pairs if name == "doi"), None)
    listed = summary.get("authors")
    authors = readers.names([a.get("name") for a in listed
                      if isinstance(a, dict) and a.get("authtype", "Author") == "Author"]
                     if isinstance(listed, list) else None)
    return FetchedRecord(
        database="pubmed",
        native_id=pmid,
        position=position,
        doi=doi,
        pmid=pmid,
        arxiv_id=arxiv_id_from_doi(doi),
        title=_title(readers.text(summary.get("title"))),
        year=readers.year(summary.get("pubdate")) or readers.year(summary.get("epubdate")),
        first_author=authors[0] if authors else readers.text(summary.get("sortfirstauthor")),
        venue=readers.text(summary.get("source")) or readers.text(summary.get("fulljournalname")),
        authors=authors,
        doc_type=readers.joined(summary.get("pubtype")),
        raw_ids=readers.raw(*pairs),
    )




# -- paging --------------------------------------------------------------------------


def _summary_url(esearch_url: str) -> str:
    """esummary beside esearch (the same E-utilities folder)."""
    head, _, tail = esearch_url.rpartition("/")
    return f"{head}/esummary.fcgi" if "esearch" in tail else esearch_url


async def _open_history(context: PageContext) -> SearchHistory:
    params = dict(context.request.params)
    params.update(usehistory="y", retmax="0")
    history: SearchHistory = await context.ask(replace(context.request, params=params),
                                               read_history)
    context.memory[_HISTORY] = history
    context.recount(history.count)
    return history


async def fetch_page(context: PageContext) -> Page:
    """One esummary page through the history server (opened on first need,
    opened again once when it has expired)."""
    for attempt in range(2):
        history = context.memory.get(_HISTORY) or await _open_history(context)
        params = {"db": "pubmed", "retmode": "json", "WebEnv": history.webenv,
                  "query_key": history.query_key, "retstart": str(context.start),
                  "retmax": str(context.size)}
        tool = context.request.params.get("tool")
        if tool:
            params["tool"] = tool
        api = replace(context.request, method="GET", params=params)
        try:
            page: Page = await context.ask(api, context.page_reader(),
                                           _summary_url(context.endpoint()))
            return page
        except HistoryExpired:
            if attempt:
                raise
            context.memory.pop(_HISTORY, None)  # expired: search again, same position
            context.tell("PubMed's history expired: searching again")
    raise AssertionError("unreachable")
