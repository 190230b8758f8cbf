"""Scopus's part of the known-item check (``querylang check``).

``DOI("10.1/x") OR PMID(123)`` (Scopus Search Guide: DOI and PMID are
field codes), 25 identifiers a request: 25 records is the page a key of any
service level may ask for (``count``), so every identifier asked can come
back on one page. A known record without a DOI or PMID is looked up by its
title, ``TITLE("...")``, each time (Scopus's own id, the EID, is not asked
by: its field code is unconfirmed for the Search API).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from querylang.databases.scopus.records import record
from querylang.databases.scopus.responses import read as read_scopus
from querylang.known import answers
from querylang.known.hook import KnownItems, Records, RecordsReader, quote_doi, title_words
from querylang.known.items import KnownItem
from querylang.responses import parse_json

__all__ = ["KNOWN", "ScopusKnown", "read_records"]


def read_records(status: int, headers: Mapping[str, str], body: bytes) -> Records:
    read_scopus(status, headers, body)
    entries = parse_json(body, "scopus")["search-results"].get("entry", [])
    if not isinstance(entries, list):
        raise answers.malformed("Scopus", "entry is not a list")
    records = []
    for position, item in enumerate(entries, start=1):
        if isinstance(item, dict) and "error" in item and "eid" not in item:
            continue  # zero hits: the placeholder entry
        if not isinstance(item, dict) or not isinstance(item.get("eid"), str):
            raise answers.malformed("Scopus", "an entry without eid")
        records.append(record(item["eid"], item, position))
    return records


class ScopusKnown(KnownItems):
    kinds = ("doi", "pmid")
    batch = 25
    size_param = "count"
    max_size = 25
    title_clause = 'TITLE("{}")'

    def id_clause(self, items: Sequence[KnownItem], native: Mapping[str, str]) -> str:
        terms = []
        for item in items:
            ids = self.searchable(item)
            if "doi" in ids:
                terms.append(f"DOI({quote_doi(ids['doi'])})")
            elif "pmid" in ids:
                terms.append(f"PMID({ids['pmid']})")
            elif item.title:
                assert self.title_clause is not None
                terms.append(self.title_clause.format(title_words(item.title)))
        return " OR ".join(terms)

    def reader(self, asked_doi: str | None = None) -> RecordsReader:
        return read_records


KNOWN = ScopusKnown()
