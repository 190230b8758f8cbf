"""Web of Science's part of the known-item check (``querylang check``).

``DO=("10.1/x" OR ...) OR PMID=(123 OR ...)``, and ``UT=(...)`` for records
found by title: at most 49 Boolean operators in the whole query (Web of
Science advanced search help) and 50 records a page (Starter API
``limit``), so a line ANDed with the clause leaves fewer identifiers per
request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from querylang.databases.wos.responses import read as read_wos
from querylang.known import answers
from querylang.known.hook import KnownItems, Records, RecordsReader, quote_doi
from querylang.known.items import KnownItem
from querylang.records.model import FetchedRecord, normalize_doi, normalize_pmid

__all__ = ["KNOWN", "WosKnown", "WOS_MAX_OPERATORS", "wos_operators", "read_records"]

#: Web of Science: most Boolean operators in one query (advanced search help).
WOS_MAX_OPERATORS = 49
_OPERATOR = re.compile(r'"[^"]*"|\b(AND|OR|NOT|SAME|NEAR(?:/\d+)?)\b')


def wos_operators(query: str) -> int:
    """Boolean operators in a Web of Science query (quoted phrases skipped)."""
    return sum(1 for found in _OPERATOR.finditer(query) if found.group(1))


def read_records(status: int, headers: Mapping[str, str], body: bytes) -> Records:
    read_wos(status, headers, body)
    hits = json.loads(body.decode("utf-8")).get("hits", [])
    if not isinstance(hits, list):
        raise answers.malformed("Web of Science", "hits is not a list")
    records = []
    for position, hit in enumerate(hits, start=1):
        if not isinstance(hit, dict) or not isinstance(hit.get("uid"), str):
            raise answers.malformed("Web of Science", "a hit without uid")
        found = hit.get("identifiers")
        ids: dict[str, Any] = found if isinstance(found, dict) else {}
        pmid_text = str(ids.get("pmid") or "").removeprefix("MEDLINE:")
        records.append(FetchedRecord(
            "wos", hit["uid"], position, doi=normalize_doi(ids.get("doi")),
            pmid=normalize_pmid(pmid_text), title=answers.text(hit.get("title"))))
    return records



class WosKnown(KnownItems):
    kinds = ("doi", "pmid")
    batch = 50
    max_size = 50
    title_clause = 'TI=("{}")'

    def id_clause(self, items: Sequence[KnownItem], native: Mapping[str, str]) -> str:
        groups: dict[str, list[str]] = {"DO": [], "PMID": [], "UT": []}
        for item in items:
            ids = self.searchable(item)
            if "doi" in ids:
                groups["DO"].append(quote_doi(ids["doi"]))
            elif "pmid" in ids:
                groups["PMID"].append(ids["pmid"])
            elif item.id in native:
                groups["UT"].append(native[item.id])
        return " OR ".join(f"{tag}=(" + " OR ".join(values) + ")"
                           for tag, values in groups.items() if values)

    def wrap(self, clause: str) -> str:
        return clause

    def per_request(self, line_query: str | None) -> int:
        if line_query is None:
            return min(self.batch, WOS_MAX_OPERATORS + 1)
        # the whole query stays within the operator limit: the line's own,
        # one AND, one OR less than identifiers (never fewer than one per request)
        return max(1, min(self.batch, WOS_MAX_OPERATORS - wos_operators(line_query)))

    def reader(self, asked_doi: str | None = None) -> RecordsReader:
        return read_records


KNOWN = WosKnown()
