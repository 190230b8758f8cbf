"""IEEE Xplore's records: the Metadata Search API JSON page reader.

``articles`` (absent with no hits), ``article_number``, ``doi``,
``publication_year`` (a number or a string), ``authors.authors``
(``full_name`` by ``author_order``), ``abstract``, ``content_type``. Paged by
``start_record`` (from 1) and ``max_records``: the registry entry's paging
says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from querylang.databases.ieee.responses import read as read_ieee
from querylang.records import readers
from querylang.records.model import FetchedRecord, arxiv_id_from_doi, normalize_doi
from querylang.records.readers import Page
from querylang.responses import PermanentApiError, parse_json, quote_body

__all__ = ["read_page"]


def read_page(status: int, headers: Mapping[str, str], body: bytes,
                   start: int = 1) -> Page:
    """JSON: ``total_records`` and ``articles`` (absent when there are none)."""
    total = read_ieee(status, headers, body).count  # 403 kinds, errors, the total
    data = parse_json(body, "ieee")
    articles = data.get("articles", [])
    if not isinstance(articles, list):
        raise PermanentApiError(f"IEEE Xplore sent articles that are not a list: {quote_body(body)}")
    records: list[FetchedRecord] = []
    notes: list[str] = []
    for offset, article in enumerate(articles):
        number = readers.text(article.get("article_number")) if isinstance(article, dict) else None
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
    authors = readers.names([a.get("full_name") for a in sorted(
        (a for a in listed if isinstance(a, dict)), key=_author_order)]
        if isinstance(listed, list) else None)
    raw_doi = readers.text(article.get("doi"))
    doi = normalize_doi(raw_doi)
    return FetchedRecord(
        database="ieee",
        native_id=number,
        position=position,
        doi=doi,
        arxiv_id=arxiv_id_from_doi(doi),
        title=readers.text(article.get("title")),
        year=readers.year(article.get("publication_year")),
        first_author=authors[0] if authors else None,
        venue=readers.text(article.get("publication_title")),
        authors=authors,
        abstract=readers.text(article.get("abstract")),
        doc_type=readers.text(article.get("content_type")),
        raw_ids=readers.raw(("article_number", number), ("doi", raw_doi),
                     ("isbn", article.get("isbn")), ("issn", article.get("issn"))),
    )


