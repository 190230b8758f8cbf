"""Europe PMC's part of the known-item check (``querylang check``).

``DOI:"10.1/x" OR (EXT_ID:123 AND SRC:MED)``: a DOI in its DOI field, a
PMID as the external id of a MEDLINE record (``EXT_ID`` alone would also
match a PMC or patent id with the same digits), ``TITLE:"..."`` for a record
known by its title only, and ``(EXT_ID:"PPR1" AND SRC:PPR)`` for a record
found by title before. The answer is asked as ``resultType=lite`` (the
run's count asks ``idlist``, which has no DOI or title) and read with the
records page reader.
docs/db-europepmc.md gives the sources.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from querylang.databases.europepmc.records import read_page
from querylang.known.hook import KnownItems, Records, RecordsReader, quote_doi
from querylang.known.items import KnownItem

__all__ = ["KNOWN", "EuropePMCKnown"]


def _read(status: int, headers: Mapping[str, str], body: bytes) -> Records:
    return list(read_page(status, headers, body).records)


class EuropePMCKnown(KnownItems):
    kinds = ("doi", "pmid")
    #: Identifiers per request: the query stays far below any URL limit.
    batch = 50
    size_param = "pageSize"
    max_size = 1000
    title_clause = 'TITLE:"{}"'

    def put_items(self, params: dict[str, str], query_param: str,
                  items: Sequence[KnownItem], native: Mapping[str, str],
                  line_query: str | None) -> None:
        super().put_items(params, query_param, items, native, line_query)
        params["resultType"] = "lite"  # DOI and title: an idlist answer has neither

    def id_clause(self, items: Sequence[KnownItem], native: Mapping[str, str]) -> str:
        parts: list[str] = []
        for item in items:
            ids = self.searchable(item)
            if "doi" in ids:
                parts.append(f"DOI:{quote_doi(ids['doi'])}")
            elif "pmid" in ids:
                parts.append(f"(EXT_ID:{ids['pmid']} AND SRC:MED)")
            elif item.id in native:
                source, _, ident = native[item.id].partition(":")
                parts.append(f'(EXT_ID:"{ident}" AND SRC:{source})')
        return " OR ".join(parts)

    def reader(self, asked_doi: str | None = None) -> RecordsReader:
        return _read


KNOWN = EuropePMCKnown()
