"""arXiv's records: the Atom feed page reader.

``<entry>`` ``<id>`` (version dropped), ``<published>`` year,
``<author><name>``, ``<summary>`` (the abstract), ``<arxiv:doi>``,
``<arxiv:journal_ref>`` (no document type); ``itemsPerPage`` says how many
entries the page should hold. Paged by ``start``/``max_results`` (API user
manual): the registry entry's paging says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from xml.etree import ElementTree

from querylang.databases.arxiv.responses import read as read_arxiv
from querylang.records import readers
from querylang.records.model import FetchedRecord, normalize_arxiv_id, normalize_doi
from querylang.records.readers import Page
from querylang.responses import ATOM_NS, OPENSEARCH_NS, parse_xml

__all__ = ["read_page"]

ARXIV_NS = "http://arxiv.org/schemas/atom"


def read_page(status: int, headers: Mapping[str, str], body: bytes,
                    start: int = 1) -> Page:
    """Atom feed: ``totalResults``, ``itemsPerPage`` and the entries."""
    total = read_arxiv(status, headers, body).count  # error feeds, 429, 5xx
    feed = parse_xml(body, "arxiv")
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
    raw_id = readers.text(entry.findtext(f"{{{ATOM_NS}}}id"))
    ident = normalize_arxiv_id(raw_id)
    if ident is None:
        return None
    authors = readers.names([author.findtext(f"{{{ATOM_NS}}}name")
                      for author in entry.iter(f"{{{ATOM_NS}}}author")])
    raw_doi = readers.text(entry.findtext(f"{{{ARXIV_NS}}}doi"))
    journal = readers.text(entry.findtext(f"{{{ARXIV_NS}}}journal_ref"))
    return FetchedRecord(
        database="arxiv",
        native_id=ident,
        position=position,
        doi=normalize_doi(raw_doi),
        arxiv_id=ident,
        title=readers.text(entry.findtext(f"{{{ATOM_NS}}}title")),
        year=readers.year(entry.findtext(f"{{{ATOM_NS}}}published")),
        first_author=authors[0] if authors else None,
        venue=journal or "arXiv",
        authors=authors,
        abstract=readers.text(entry.findtext(f"{{{ATOM_NS}}}summary")),
        raw_ids=readers.raw(("id", raw_id), ("doi", raw_doi), ("journal_ref", journal)),
    )


