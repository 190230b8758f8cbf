"""Reading one page of records: the shape every database's page reader returns.

Each database's page reader (``records.py`` in its package, named by its
registry entry's ``records_reader_path``) takes the status, headers and
body of one HTTP answer and the 1-based position of the page's first
record, and returns a :class:`Page` of
:class:`~querylang.records.model.FetchedRecord` values, or raises the
:class:`~querylang.responses.ApiError` its count reader raises for the same
answer (they share the error handling). Readers do no I/O. This module
holds what they share: :class:`Page`, the small cleaning helpers
(:func:`text`, :func:`year`, :func:`pmid`, :func:`names`, :func:`joined`,
:func:`raw`) and :data:`PAGE_READERS`, read from the registry.

A record the reader cannot identify (no id) is left out with a note; the
fetch then sees the page short and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from querylang.databases import REGISTRY
from querylang.records.model import FetchedRecord, normalize_pmid

__all__ = ["Page", "PageReader", "PAGE_READERS", "text", "year", "pmid", "names", "joined",
           "raw"]

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")
_MEDLINE = re.compile(r"^\s*(?:medline|pmid)\s*:?\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Page:
    """One page of records as a database answered it.

    ``total`` is the query's count as this answer announces it (None when
    the answer has none, as a summary of a result set kept on the server);
    ``listed`` how many records the page says it holds (None when it does
    not say); ``notes`` what the reader left out and why; ``cursor`` the
    cursor of the next page, for a database paged by cursor (None: the
    answer gives none, or the database pages otherwise).
    """

    records: tuple[FetchedRecord, ...]
    total: int | None = None
    listed: int | None = None
    notes: tuple[str, ...] = ()
    cursor: str | None = None


class PageReader(Protocol):
    """A page reader: an answer and the 1-based position of its first record."""

    def __call__(self, status: int, headers: Mapping[str, str], body: bytes,
                 start: int = 1) -> Page: ...


# -- shared ---------------------------------------------------------------------


def text(value: Any) -> str | None:
    """A clean one-line string, or None for nothing."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    cleaned = _SPACES.sub(" ", str(value)).strip()
    return cleaned or None


def year(value: Any) -> int | None:
    """The year in ``2023``, ``"2023"``, ``"2023 Jan 5"``, ``"2023-01-05T..."``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1800 <= value <= 2199 else None
    found = _YEAR.search(value) if isinstance(value, str) else None
    return int(found.group(1)) if found else None


def pmid(value: Any) -> str | None:
    """A PMID as a database writes it (``MEDLINE:123``, ``PMID: 123``, ``123``)."""
    cleaned = text(value)
    return normalize_pmid(_MEDLINE.sub("", cleaned)) if cleaned else None


def names(values: Any) -> tuple[str, ...]:
    """The clean strings of a list (a non-list: none)."""
    if not isinstance(values, list):
        return ()
    return tuple(cleaned for value in values if (cleaned := text(value)) is not None)


def joined(values: Any) -> str | None:
    """A list of strings (``pubtype``, ``types``) as one ``; ``-separated value."""
    return "; ".join(names(values)) or None


def raw(*pairs: tuple[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((name, str(value)) for name, value in pairs if text(value) is not None)


class _PageReaders(Mapping[str, PageReader]):
    """Database name -> page reader, from the registry; each reader is
    imported on first use (the readers import this module)."""

    def __init__(self) -> None:
        self._loaded: dict[str, PageReader] = {}

    def _names(self) -> list[str]:
        return [name for name, entry in REGISTRY.items() if entry.records_reader_path]

    def __getitem__(self, name: str) -> PageReader:
        if name not in self._loaded:
            entry = REGISTRY.get(name)
            reader = entry.records_reader if entry is not None else None
            if reader is None:
                raise KeyError(name)
            self._loaded[name] = reader
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


#: Database name -> page reader (the databases that have one).
PAGE_READERS: Mapping[str, PageReader] = _PageReaders()
