"""Reading the records a check request retrieved, per database.

Errors are read by the count readers of :mod:`querylang.responses` (the same
messages, transient or permanent, as ``run``); the records are then read
from the same answer: PubMed's ``idlist`` (PMIDs only), Web of Science's
``hits``, arXiv's feed entries, IEEE Xplore's ``articles``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any
from xml.etree import ElementTree

from querylang.databases.arxiv.responses import read as read_arxiv
from querylang.databases.ieee.responses import read as read_ieee
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
    PermanentApiError,
)

__all__ = ["Records", "reader_for", "record_to_json", "record_from_json"]

ARXIV_NS = "http://arxiv.org/schemas/atom"
#: A field tag after a phrase, as PubMed may list it: ``"10.1/x"[aid]``.
_TAG = re.compile(r"\[[^\]]*\]\s*$")
Records = list[FetchedRecord]
RecordsReader = Callable[[int, Mapping[str, str], bytes], Records]


def _malformed(display: str, what: str) -> PermanentApiError:
    return PermanentApiError(f"{display} sent a malformed answer: {what}")


def _pubmed_dropped_only_identifiers(body: bytes, asked: str) -> bool:
    """PubMed lists a quoted DOI it does not know under ``phrasesnotfound``
    (an errorlist, which ``run`` treats as an error): for a lookup of that
    DOI alone, it means "not in PubMed"."""
    try:
        data = json.loads(body.decode("utf-8"))
        errors = data["esearchresult"]["errorlist"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return False
    if not isinstance(errors, dict):
        return False
    listed = [_TAG.sub("", str(item)).strip().strip('"').casefold()
              for items in errors.values() if isinstance(items, list) for item in items]
    return bool(listed) and all(item == asked.casefold() for item in listed)


def read_pubmed_records(asked_doi: str | None = None) -> RecordsReader:
    def read(status: int, headers: Mapping[str, str], body: bytes) -> Records:
        if status == 200 and asked_doi and _pubmed_dropped_only_identifiers(body, asked_doi):
            return []
        read_pubmed(status, headers, body)
        data = json.loads(body.decode("utf-8"))
        ids = data["esearchresult"].get("idlist")
        if not isinstance(ids, list):
            raise _malformed("PubMed", "no idlist")
        records = []
        for position, value in enumerate(ids, start=1):
            pmid = normalize_pmid(str(value))
            if pmid is None:
                raise _malformed("PubMed", f"not a PMID in idlist: {str(value)[:40]!r}")
            records.append(FetchedRecord("pubmed", pmid, position, pmid=pmid))
        return records

    return read


def read_wos_records(status: int, headers: Mapping[str, str], body: bytes) -> Records:
    read_wos(status, headers, body)
    hits = json.loads(body.decode("utf-8")).get("hits", [])
    if not isinstance(hits, list):
        raise _malformed("Web of Science", "hits is not a list")
    records = []
    for position, hit in enumerate(hits, start=1):
        if not isinstance(hit, dict) or not isinstance(hit.get("uid"), str):
            raise _malformed("Web of Science", "a hit without uid")
        found = hit.get("identifiers")
        ids: dict[str, Any] = found if isinstance(found, dict) else {}
        pmid_text = str(ids.get("pmid") or "").removeprefix("MEDLINE:")
        records.append(FetchedRecord(
            "wos", hit["uid"], position, doi=normalize_doi(ids.get("doi")),
            pmid=normalize_pmid(pmid_text), title=_text(hit.get("title"))))
    return records


def read_arxiv_records(status: int, headers: Mapping[str, str], body: bytes) -> Records:
    read_arxiv(status, headers, body)  # raises for an error feed
    feed = ElementTree.fromstring(body)
    records = []
    for position, entry in enumerate(feed.iter(f"{{{ATOM_NS}}}entry"), start=1):
        arxiv_id = normalize_arxiv_id(entry.findtext(f"{{{ATOM_NS}}}id") or "")
        if arxiv_id is None:
            raise _malformed("arXiv", "an entry without an arXiv id")
        doi = normalize_doi(entry.findtext(f"{{{ARXIV_NS}}}doi"))
        records.append(FetchedRecord(
            "arxiv", arxiv_id, position, doi=doi, arxiv_id=arxiv_id,
            title=_text(entry.findtext(f"{{{ATOM_NS}}}title"))))
    return records


def read_ieee_records(status: int, headers: Mapping[str, str], body: bytes) -> Records:
    read_ieee(status, headers, body)
    articles = json.loads(body.decode("utf-8")).get("articles", [])
    if not isinstance(articles, list):
        raise _malformed("IEEE Xplore", "articles is not a list")
    records = []
    for position, article in enumerate(articles, start=1):
        number = str(article.get("article_number") or "") if isinstance(article, dict) else ""
        if not number.isdigit():
            raise _malformed("IEEE Xplore", "an article without article_number")
        doi = normalize_doi(article.get("doi"))
        records.append(FetchedRecord("ieee", number, position, doi=doi,
                                     arxiv_id=arxiv_id_from_doi(doi),
                                     title=_text(article.get("title"))))
    return records


def _text(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def reader_for(target: str, asked_doi: str | None = None) -> RecordsReader:
    if target == "pubmed":
        return read_pubmed_records(asked_doi)
    readers: dict[str, RecordsReader] = {
        "wos": read_wos_records, "arxiv": read_arxiv_records, "ieee": read_ieee_records}
    return readers[target]


def record_to_json(record: FetchedRecord) -> dict[str, Any]:
    return {"native_id": record.native_id, "doi": record.doi, "pmid": record.pmid,
            "arxiv_id": record.arxiv_id, "title": record.title}


def record_from_json(target: str, position: int, data: Mapping[str, Any]) -> FetchedRecord:
    return FetchedRecord(target, str(data["native_id"]), position, doi=data.get("doi"),
                         pmid=data.get("pmid"), arxiv_id=data.get("arxiv_id"),
                         title=data.get("title"))
