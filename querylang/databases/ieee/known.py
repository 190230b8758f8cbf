"""IEEE Xplore's part of the known-item check (``querylang check``).

``"DOI":"10.1109/x" OR "Article Number":"123"`` inside ``querytext``
(command-search fields: the standalone ``doi`` and ``article_number``
parameters make IEEE ignore every other query parameter, Python SDK docs),
20 identifiers a request (undocumented; chosen small because every request
costs one of ~200 calls a day and 200 records a page is the documented
maximum). Its year limits are request parameters, left out when asking
which records it holds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from querylang.databases.ieee.responses import read as read_ieee
from querylang.known import answers
from querylang.known.hook import KnownItems, Records, RecordsReader, quote_doi
from querylang.known.items import KnownItem
from querylang.records.model import FetchedRecord, arxiv_id_from_doi, normalize_doi

__all__ = ["KNOWN", "IeeeKnown", "read_records"]


def read_records(status: int, headers: Mapping[str, str], body: bytes) -> Records:
    read_ieee(status, headers, body)
    articles = json.loads(body.decode("utf-8")).get("articles", [])
    if not isinstance(articles, list):
        raise answers.malformed("IEEE Xplore", "articles is not a list")
    records = []
    for position, article in enumerate(articles, start=1):
        number = str(article.get("article_number") or "") if isinstance(article, dict) else ""
        if not number.isdigit():
            raise answers.malformed("IEEE Xplore", "an article without article_number")
        doi = normalize_doi(article.get("doi"))
        records.append(FetchedRecord("ieee", number, position, doi=doi,
                                     arxiv_id=arxiv_id_from_doi(doi),
                                     title=answers.text(article.get("title"))))
    return records



class IeeeKnown(KnownItems):
    kinds = ("doi", "ieee")
    batch = 20
    title_clause = '"Document Title":"{}"'
    indexed_drops = ("start_year", "end_year")
    native_kind = "ieee"
    none_held_note = ("KC004 IEEE Xplore holds none of the {asked} known records asked "
                      "for: check one DOI by hand in its command search (\"DOI\":...); "
                      "whether its API reads these fields in querytext is not documented")

    def id_clause(self, items: Sequence[KnownItem], native: Mapping[str, str]) -> str:
        terms = []
        for item in items:
            ids = self.searchable(item)
            if "doi" in ids:
                terms.append(f'"DOI":{quote_doi(ids["doi"])}')
            else:
                terms.append(f'"Article Number":"{ids.get("ieee") or native.get(item.id)}"')
        return " OR ".join(terms)

    def reader(self, asked_doi: str | None = None) -> RecordsReader:
        return read_records


KNOWN = IeeeKnown()
