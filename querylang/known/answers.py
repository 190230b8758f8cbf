"""Reading the records a check request retrieved: what the readers share.

Each database's reader is its :class:`~querylang.known.hook.KnownItems`'s
``reader`` (its package's ``known.py``): errors are read by its count
reader (the same messages, transient or permanent, as ``run``), then the
records from the same answer. The log keeps each answer's records as JSON
(:func:`record_to_json`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from querylang.known.clauses import known_hook
from querylang.known.hook import Records, RecordsReader
from querylang.records.model import FetchedRecord
from querylang.responses import PermanentApiError

__all__ = ["Records", "RecordsReader", "reader_for", "record_to_json", "record_from_json",
           "malformed", "text"]


def malformed(display: str, what: str) -> PermanentApiError:
    """The error for an answer that does not hold what it should."""
    return PermanentApiError(f"{display} sent a malformed answer: {what}")


def text(value: Any) -> str | None:
    """A string on one line, or None for a non-string or a blank one."""
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def reader_for(target: str, asked_doi: str | None = None) -> RecordsReader:
    hook = known_hook(target)
    if hook is None:
        raise ValueError(f"no known-item check for {target}")
    return hook.reader(asked_doi)


def record_to_json(record: FetchedRecord) -> dict[str, Any]:
    return {"native_id": record.native_id, "doi": record.doi, "pmid": record.pmid,
            "arxiv_id": record.arxiv_id, "title": record.title}


def record_from_json(target: str, position: int, data: Mapping[str, Any]) -> FetchedRecord:
    return FetchedRecord(target, str(data["native_id"]), position, doi=data.get("doi"),
                         pmid=data.get("pmid"), arxiv_id=data.get("arxiv_id"),
                         title=data.get("title"))
