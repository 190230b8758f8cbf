"""PubMed's part of the known-item check (``querylang check``).

``123[pmid]`` ORed, 200 PMIDs a request (NCBI documents no length limit
for ``term``: long terms go by POST; chosen here, well under the 10,000 ids
one answer can list). A DOI without its PMID is looked up alone,
``"10.1/x"[aid]``, to learn the PMID (esearch answers PMIDs only).
PubMed's ``[aid]`` is the documented tag for DOIs (PubMed User Guide,
"Article Identifier [aid]"); ``[doi]`` is accepted by PubMed but not in its
list of tags. Since the answers hold PMIDs only, a record is matched by
PMID, and a title search is taken when it finds exactly one record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from querylang.databases.pubmed.responses import read as read_pubmed
from querylang.known import answers
from querylang.known.hook import KnownItems, Records, RecordsReader, quote_doi
from querylang.known.items import KnownItem
from querylang.records.model import FetchedRecord, normalize_pmid

__all__ = ["KNOWN", "PubMedKnown", "read_records"]

#: A field tag after a phrase, as PubMed may list it: ``"10.1/x"[aid]``.
_TAG = re.compile(r"\[[^\]]*\]\s*$")


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


def read_records(asked_doi: str | None = None) -> RecordsReader:
    def read(status: int, headers: Mapping[str, str], body: bytes) -> Records:
        if status == 200 and asked_doi and _pubmed_dropped_only_identifiers(body, asked_doi):
            return []
        read_pubmed(status, headers, body)
        data = json.loads(body.decode("utf-8"))
        ids = data["esearchresult"].get("idlist")
        if not isinstance(ids, list):
            raise answers.malformed("PubMed", "no idlist")
        records = []
        for position, value in enumerate(ids, start=1):
            pmid = normalize_pmid(str(value))
            if pmid is None:
                raise answers.malformed("PubMed", f"not a PMID in idlist: {str(value)[:40]!r}")
            records.append(FetchedRecord("pubmed", pmid, position, pmid=pmid))
        return records

    return read



class PubMedKnown(KnownItems):
    kinds = ("pmid", "doi")
    batch = 200
    title_clause = '"{}"[ti]'

    def id_clause(self, items: Sequence[KnownItem], native: Mapping[str, str]) -> str:
        return " OR ".join(f"{native.get(item.id) or item.pmid}[pmid]" for item in items)

    def wrap(self, clause: str) -> str:
        return clause

    def alone(self, item: KnownItem) -> str | None:
        ids = self.searchable(item)
        return None if "pmid" in ids else ids.get("doi")

    def alone_clause(self, value: str) -> str:
        return f"{quote_doi(value)}[aid]"

    def reader(self, asked_doi: str | None = None) -> RecordsReader:
        return read_records(asked_doi)

    def matches(self, item: KnownItem, record: FetchedRecord) -> bool:
        return record.pmid is not None and record.pmid == item.pmid

    def title_match(self, title: str, records: Records) -> FetchedRecord | None:
        return records[0] if len(records) == 1 else None


KNOWN = PubMedKnown()
