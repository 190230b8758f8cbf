"""Reading one page of records from each database's answer.

Each reader takes the status, headers and body of one HTTP answer and the
1-based position of the page's first record, and returns a :class:`Page` of
:class:`~querylang.records.model.FetchedRecord` values, or raises the
:class:`~querylang.responses.ApiError` the count readers raise for the same
answer (they share the error handling: a 429 is transient, a spent Web of
Science quota permanent, an arXiv error feed an error). Readers do no I/O.

What each database gives (docs/records.md, "What is kept"):

* PubMed ``esummary`` JSON: ``result.uids`` and one summary per uid; DOI
  from ``articleids`` (``idtype`` ``doi``), year from ``pubdate``, the
  authors from ``authors`` (``authtype`` ``Author``: not collective names'
  members), the document type from ``pubtype``; no abstract (esummary has
  none; efetch would). PubMed ends every title with a full stop, which is
  removed (one, not an ellipsis). An expired or unknown WebEnv answers with
  an ``error`` field: :class:`HistoryExpired`, so the fetch can search again.
* Web of Science Starter ``/documents``: ``hits`` with ``uid``,
  ``identifiers.doi`` and ``identifiers.pmid`` (with or without ``MEDLINE:``),
  ``names.authors`` and ``types``; the Starter API gives no abstract.
* arXiv Atom: ``<entry>`` ``<id>`` (version dropped), ``<published>`` year,
  ``<author><name>``, ``<summary>`` (the abstract), ``<arxiv:doi>``,
  ``<arxiv:journal_ref>`` (no document type); ``itemsPerPage`` says how many
  entries the page should hold.
* IEEE Xplore JSON: ``articles`` (absent with no hits), ``article_number``,
  ``doi``, ``publication_year`` (a number or a string), ``authors.authors``
  (``full_name`` by ``author_order``), ``abstract``, ``content_type``.

A record the reader cannot identify (no id) is left out with a note; the
fetch then sees the page short and says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from xml.etree import ElementTree

from querylang.databases import REGISTRY
from querylang.databases.arxiv.responses import read as read_arxiv
from querylang.databases.ieee.responses import read as read_ieee
from querylang.databases.pubmed.responses import error_message as _pubmed_message
from querylang.databases.pubmed.responses import read as read_pubmed
from querylang.databases.wos.responses import read as read_wos
from querylang.records.model import (
    FetchedRecord,
    arxiv_id_from_doi,
    normalize_arxiv_id,
    normalize_doi,
    normalize_pmid,
)
from querylang.responses import (
    ATOM_NS,
    OPENSEARCH_NS,
    PermanentApiError,
)
from querylang.responses import check_http as _check_http
from querylang.responses import parse_json as _json
from querylang.responses import parse_xml as _xml
from querylang.responses import quote_body as _quote

__all__ = [
    "Page",
    "PageReader",
    "HistoryExpired",
    "SearchHistory",
    "read_pubmed_history",
    "read_pubmed_page",
    "read_wos_page",
    "read_arxiv_page",
    "read_ieee_page",
    "PAGE_READERS",
]

ARXIV_NS = "http://arxiv.org/schemas/atom"
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")
_MEDLINE = re.compile(r"^\s*(?:medline|pmid)\s*:?\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Page:
    """One page of records as a database answered it.

    ``total`` is the query's count as this answer announces it (None when
    the answer has none: PubMed's esummary); ``listed`` how many records the
    page says it holds (arXiv's ``itemsPerPage``; None when it does not say);
    ``notes`` what the reader left out and why.
    """

    records: tuple[FetchedRecord, ...]
    total: int | None = None
    listed: int | None = None
    notes: tuple[str, ...] = ()


class PageReader(Protocol):
    """A page reader: an answer and the 1-based position of its first record."""

    def __call__(self, status: int, headers: Mapping[str, str], body: bytes,
                 start: int = 1) -> Page: ...


class HistoryExpired(PermanentApiError):
    """PubMed no longer knows the WebEnv/query_key (expired, or another server)."""


# -- shared ---------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A clean one-line string, or None for nothing."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    text = _SPACES.sub(" ", str(value)).strip()
    return text or None


def _year(value: Any) -> int | None:
    """The year in ``2023``, ``"2023"``, ``"2023 Jan 5"``, ``"2023-01-05T..."``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1800 <= value <= 2199 else None
    found = _YEAR.search(value) if isinstance(value, str) else None
    return int(found.group(1)) if found else None


def _pmid(value: Any) -> str | None:
    """A PMID as Web of Science or PubMed writes it (``MEDLINE:123``, ``123``)."""
    text = _text(value)
    return normalize_pmid(_MEDLINE.sub("", text)) if text else None


def _pubmed_title(title: str | None) -> str | None:
    """PubMed's title without the full stop it adds (one, not an ellipsis)."""
    if title and title.endswith(".") and not title.endswith(".."):
        title = title[:-1].rstrip()
    return title or None


def _names(values: Any) -> tuple[str, ...]:
    """The clean strings of a list (a non-list: none)."""
    if not isinstance(values, list):
        return ()
    return tuple(text for value in values if (text := _text(value)) is not None)


def _joined(values: Any) -> str | None:
    """A list of strings (``pubtype``, ``types``) as one ``; ``-separated value."""
    return "; ".join(_names(values)) or None


def _raw(*pairs: tuple[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((name, str(value)) for name, value in pairs if _text(value) is not None)


# -- PubMed esummary ---------------------------------------------------------------


@dataclass(frozen=True)
class SearchHistory:
    """An ``esearch`` with ``usehistory=y``: the count and where PubMed keeps the result."""

    count: int
    webenv: str
    query_key: str


def read_pubmed_history(status: int, headers: Mapping[str, str], body: bytes) -> SearchHistory:
    """``esearch`` JSON read as for a count (errors, dropped terms), plus
    ``webenv`` and ``querykey``."""
    count = read_pubmed(status, headers, body).count
    result = _json(body, "pubmed").get("esearchresult", {})
    webenv, key = result.get("webenv"), result.get("querykey")
    if not isinstance(webenv, str) or not webenv or not isinstance(key, (str, int)):
        raise PermanentApiError("PubMed answered esearch (usehistory=y) without webenv and "
                                "querykey: the records cannot be paged through")
    return SearchHistory(count, webenv, str(key))



def read_pubmed_page(status: int, headers: Mapping[str, str], body: bytes,
                     start: int = 1) -> Page:
    """``esummary`` JSON through the history server."""
    _check_http("pubmed", status, headers, _pubmed_message(body), body)
    data = _json(body, "pubmed")
    if not isinstance(data, dict):
        raise PermanentApiError(f"PubMed answered esummary with unexpected JSON: {_quote(body)}")
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
        raise PermanentApiError(f"PubMed answered esummary without result.uids: {_quote(body)}")
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
    doi = next((normalize_doi(_text(value)) for name, value in pairs if name == "doi"), None)
    listed = summary.get("authors")
    authors = _names([a.get("name") for a in listed
                      if isinstance(a, dict) and a.get("authtype", "Author") == "Author"]
                     if isinstance(listed, list) else None)
    return FetchedRecord(
        database="pubmed",
        native_id=pmid,
        position=position,
        doi=doi,
        pmid=pmid,
        arxiv_id=arxiv_id_from_doi(doi),
        title=_pubmed_title(_text(summary.get("title"))),
        year=_year(summary.get("pubdate")) or _year(summary.get("epubdate")),
        first_author=authors[0] if authors else _text(summary.get("sortfirstauthor")),
        venue=_text(summary.get("source")) or _text(summary.get("fulljournalname")),
        authors=authors,
        doc_type=_joined(summary.get("pubtype")),
        raw_ids=_raw(*pairs),
    )


# -- Web of Science ------------------------------------------------------------------


def read_wos_page(status: int, headers: Mapping[str, str], body: bytes,
                  start: int = 1) -> Page:
    """Starter API ``/documents``: ``metadata.total`` and ``hits``."""
    total = read_wos(status, headers, body).count  # errors, quota and the total
    data = _json(body, "wos")
    hits = data.get("hits", [])
    if not isinstance(hits, list):
        raise PermanentApiError(f"Web of Science sent hits that are not a list: {_quote(body)}")
    records: list[FetchedRecord] = []
    notes: list[str] = []
    for offset, hit in enumerate(hits):
        uid = _text(hit.get("uid")) if isinstance(hit, dict) else None
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
    authors = _names([_text(a.get("displayName")) or _text(a.get("wosStandard"))
                      for a in listed if isinstance(a, dict)]
                     if isinstance(listed, list) else None)
    doi = normalize_doi(_text(ids.get("doi")))
    return FetchedRecord(
        database="wos",
        native_id=uid,
        position=position,
        doi=doi,
        pmid=_pmid(ids.get("pmid")),
        arxiv_id=arxiv_id_from_doi(doi),
        title=_text(hit.get("title")),
        year=_year(source.get("publishYear")),
        first_author=authors[0] if authors else None,
        venue=_text(source.get("sourceTitle")),
        authors=authors,
        doc_type=_joined(hit.get("types")),
        raw_ids=_raw(("uid", uid), *((str(name), value) for name, value in ids.items())),
    )


# -- arXiv ---------------------------------------------------------------------------


def read_arxiv_page(status: int, headers: Mapping[str, str], body: bytes,
                    start: int = 1) -> Page:
    """Atom feed: ``totalResults``, ``itemsPerPage`` and the entries."""
    total = read_arxiv(status, headers, body).count  # error feeds, 429, 5xx
    feed = _xml(body, "arxiv")
    listed_text = feed.findtext(f"{{{OPENSEARCH_NS}}}itemsPerPage")
    listed = int(listed_text) if listed_text and listed_text.strip().isdigit() else None
    records: list[FetchedRecord] = []
    notes: list[str] = []
    for offset, entry in enumerate(feed.iter(f"{{{ATOM_NS}}}entry")):
        record = _arxiv_record(entry, start + offset)
        if record is None:
            notes.append(f"RF004 arXiv entry {start + offset} has no arXiv id; left out")
        else:
            records.append(record)
    return Page(tuple(records), total, listed, tuple(notes))


def _arxiv_record(entry: ElementTree.Element, position: int) -> FetchedRecord | None:
    raw_id = _text(entry.findtext(f"{{{ATOM_NS}}}id"))
    ident = normalize_arxiv_id(raw_id)
    if ident is None:
        return None
    authors = _names([author.findtext(f"{{{ATOM_NS}}}name")
                      for author in entry.iter(f"{{{ATOM_NS}}}author")])
    raw_doi = _text(entry.findtext(f"{{{ARXIV_NS}}}doi"))
    journal = _text(entry.findtext(f"{{{ARXIV_NS}}}journal_ref"))
    return FetchedRecord(
        database="arxiv",
        native_id=ident,
        position=position,
        doi=normalize_doi(raw_doi),
        arxiv_id=ident,
        title=_text(entry.findtext(f"{{{ATOM_NS}}}title")),
        year=_year(entry.findtext(f"{{{ATOM_NS}}}published")),
        first_author=authors[0] if authors else None,
        venue=journal or "arXiv",
        authors=authors,
        abstract=_text(entry.findtext(f"{{{ATOM_NS}}}summary")),
        raw_ids=_raw(("id", raw_id), ("doi", raw_doi), ("journal_ref", journal)),
    )


# -- IEEE Xplore ---------------------------------------------------------------------


def read_ieee_page(status: int, headers: Mapping[str, str], body: bytes,
                   start: int = 1) -> Page:
    """JSON: ``total_records`` and ``articles`` (absent when there are none)."""
    total = read_ieee(status, headers, body).count  # 403 kinds, errors, the total
    data = _json(body, "ieee")
    articles = data.get("articles", [])
    if not isinstance(articles, list):
        raise PermanentApiError(f"IEEE Xplore sent articles that are not a list: {_quote(body)}")
    records: list[FetchedRecord] = []
    notes: list[str] = []
    for offset, article in enumerate(articles):
        number = _text(article.get("article_number")) if isinstance(article, dict) else None
        if number is None or not isinstance(article, dict):
            notes.append(f"RF004 IEEE Xplore article {start + offset} has no "
                         "article_number; left out")
            continue
        records.append(_ieee_record(number, article, start + offset))
    return Page(tuple(records), total, None, tuple(notes))


def _author_order(author: Mapping[str, Any]) -> int:
    order = author.get("author_order")
    return order if isinstance(order, int) and not isinstance(order, bool) else 10**6


def _ieee_record(number: str, article: Mapping[str, Any], position: int) -> FetchedRecord:
    holder = article.get("authors")
    listed = holder.get("authors") if isinstance(holder, dict) else None
    authors = _names([a.get("full_name") for a in sorted(
        (a for a in listed if isinstance(a, dict)), key=_author_order)]
        if isinstance(listed, list) else None)
    raw_doi = _text(article.get("doi"))
    doi = normalize_doi(raw_doi)
    return FetchedRecord(
        database="ieee",
        native_id=number,
        position=position,
        doi=doi,
        arxiv_id=arxiv_id_from_doi(doi),
        title=_text(article.get("title")),
        year=_year(article.get("publication_year")),
        first_author=authors[0] if authors else None,
        venue=_text(article.get("publication_title")),
        authors=authors,
        abstract=_text(article.get("abstract")),
        doc_type=_text(article.get("content_type")),
        raw_ids=_raw(("article_number", number), ("doi", raw_doi),
                     ("isbn", article.get("isbn")), ("issn", article.get("issn"))),
    )


#: Database name -> page reader, read from the registry (the databases
#: that have one; the readers above are already defined when this runs).
PAGE_READERS: dict[str, PageReader] = {
    name: reader for name, entry in REGISTRY.items()
    if (reader := entry.records_reader) is not None
}
