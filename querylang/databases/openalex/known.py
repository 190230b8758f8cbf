"""OpenAlex's part of the known-item check (``querylang check``).

OpenAlex finds a DOI with a filter, not in the search text: ``doi:a|b``
(``|`` is OR between a filter's values; Filter works, docs.openalex.org).
"Is it held?" is the filter alone (the line's searches and filters left
out); "does line N retrieve it?" is the line's own request with the DOI
filter added to its ``filter=`` (ANDed, as filters are). A PMID filter
(``ids.pmid:``) cannot be ORed with the DOI filter in one request, so a
known record without a DOI is looked up by its title instead (a phrase in
title and abstract, the answers' titles compared).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from querylang.databases.openalex.records import read_page
from querylang.databases.openalex.target import SEARCH_PARAMS
from querylang.known.hook import KnownItems, Records, RecordsReader
from querylang.known.items import KnownItem

__all__ = ["KNOWN", "OpenAlexKnown", "read_records"]

#: DOIs in one filter: 50 keep the request line far below OpenAlex's 8,190 bytes.
BATCH = 50


def read_records(status: int, headers: Mapping[str, str], body: bytes) -> Records:
    return list(read_page(status, headers, body).records)


class OpenAlexKnown(KnownItems):
    kinds = ("doi",)
    batch = BATCH
    size_param = "per-page"
    max_size = 200
    title_clause = '"{}"'
    #: Asking whether a record is held: every search and filter of the line goes.
    indexed_drops = (*SEARCH_PARAMS.values(), *(f"{name}.exact" for name in SEARCH_PARAMS.values()),
                     "filter")

    def searchable(self, item: KnownItem) -> dict[str, str]:
        found = super().searchable(item)
        if any(char in found.get("doi", "") for char in ",|"):
            # A comma ends a filter value and | separates values: such a DOI
            # cannot be a filter value; the record is looked up by title.
            del found["doi"]
            if item.title:
                found["title"] = item.title
        return found

    def id_clause(self, items: Sequence[KnownItem], native: Mapping[str, str]) -> str:
        dois = [self.searchable(item)["doi"] for item in items if "doi" in self.searchable(item)]
        return "doi:" + "|".join(dois)

    def put_items(self, params: dict[str, str], query_param: str,
                  items: Sequence[KnownItem], native: Mapping[str, str],
                  line_query: str | None) -> None:
        clause = self.id_clause(items, native)
        held = params.get("filter")
        params["filter"] = f"{held},{clause}" if held else clause

    def reader(self, asked_doi: str | None = None) -> RecordsReader:
        return read_records


KNOWN = OpenAlexKnown()
