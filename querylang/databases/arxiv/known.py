"""arXiv's part of the known-item check (``querylang check``).

Records are asked for by ``id_list=a,b`` beside ``search_query`` (arXiv API
user manual, "search_query and id_list logic"), 100 ids a request
(undocumented; chosen to keep the URL short: ``max_results`` may go to
2,000).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.etree import ElementTree

from querylang.databases.arxiv.responses import read as read_arxiv
from querylang.known import answers
from querylang.known.hook import KnownItems, Records, RecordsReader
from querylang.known.items import KnownItem
from querylang.records.model import FetchedRecord, normalize_arxiv_id, normalize_doi
from querylang.responses import ATOM_NS

__all__ = ["KNOWN", "ArxivKnown", "read_records"]

ARXIV_NS = "http://arxiv.org/schemas/atom"


def read_records(status: int, headers: Mapping[str, str], body: bytes) -> Records:
    read_arxiv(status, headers, body)  # raises for an error feed
    feed = ElementTree.fromstring(body)
    records = []
    for position, entry in enumerate(feed.iter(f"{{{ATOM_NS}}}entry"), start=1):
        arxiv_id = normalize_arxiv_id(entry.findtext(f"{{{ATOM_NS}}}id") or "")
        if arxiv_id is None:
            raise answers.malformed("arXiv", "an entry without an arXiv id")
        doi = normalize_doi(entry.findtext(f"{{{ARXIV_NS}}}doi"))
        records.append(FetchedRecord(
            "arxiv", arxiv_id, position, doi=doi, arxiv_id=arxiv_id,
            title=answers.text(entry.findtext(f"{{{ATOM_NS}}}title"))))
    return records



class ArxivKnown(KnownItems):
    kinds = ("arxiv",)
    batch = 100
    title_clause = 'ti:"{}"'

    def put_items(self, params: dict[str, str], query_param: str,
                  items: Sequence[KnownItem], native: Mapping[str, str],
                  line_query: str | None) -> None:
        # id_list beside the line's own search_query: arXiv ANDs them
        params["id_list"] = ",".join(self.searchable(item).get("arxiv") or native[item.id]
                                     for item in items)
        params["start"] = "0"

    def reader(self, asked_doi: str | None = None) -> RecordsReader:
        return read_records


KNOWN = ArxivKnown()
