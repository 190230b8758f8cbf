"""Fake arXiv export API (``/api/query``), answering Atom XML.

arXiv's traps, reproduced: an error is an Atom feed whose count is 1 (so a
client reading only ``totalResults`` is wrong), requests must be spaced
(default 3 s) and only one connection may be open at a time, which this
fake measures as ``max_in_flight``.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from .base import FakeServer, Fault, RecordedRequest, Reply, retry_after_header
from .pool import PoolRecord

ATOM_NS = "http://www.w3.org/2005/Atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
ARXIV_NS = "http://arxiv.org/schemas/atom"
_UPDATED = "2024-01-01T00:00:00-05:00"
_OPERATORS = frozenset({"AND", "OR", "ANDNOT"})
_ATOM = "application/atom+xml; charset=utf-8"
#: Most entries one request returns (arXiv API user manual).
PAGE_MAX = 2000
#: No result beyond this position of one query can be paged to.
RESULTS_MAX = 30000


class ArxivQueryError(ValueError):
    """A ``search_query`` arXiv answers with an error feed."""


def _tokens(query: str) -> list[str]:
    """Split into ``(``, ``)``, operators and terms.

    A quoted phrase and a ``[A TO B]`` range stay inside their term, so
    their spaces and brackets are never read as structure.
    """
    tokens: list[str] = []
    current = ""
    i = 0
    while i < len(query):
        char = query[i]
        if char in '"[':
            close = '"' if char == '"' else "]"
            end = query.find(close, i + 1)
            if end < 0:
                kind = "quotes" if char == '"' else "brackets"
                raise ArxivQueryError(f"unbalanced {kind} in search_query at position {i}")
            current += query[i : end + 1]
            i = end + 1
            continue
        if char.isspace() or char in "()":
            if current:
                tokens.append(current)
                current = ""
            if char in "()":
                tokens.append(char)
        else:
            current += char
        i += 1
    if current:
        tokens.append(current)
    return tokens


def validate_query(query: str) -> None:
    """Raise ``ArxivQueryError`` for what arXiv cannot parse.

    Checked: empty query, unbalanced parentheses, quotes or brackets, empty
    groups, and binary operators without two operands.
    """
    if not query.strip():
        raise ArxivQueryError("search_query is empty")
    depth = 0
    previous = "("  # the start of the query behaves like an opening parenthesis
    for token in _tokens(query):
        if token == ")":
            depth -= 1
            if depth < 0:
                raise ArxivQueryError("unbalanced parentheses in search_query")
            if previous == "(" or previous in _OPERATORS:
                raise ArxivQueryError(f"missing operand before ')' after {previous!r}")
        elif token in _OPERATORS and (previous == "(" or previous in _OPERATORS):
            raise ArxivQueryError(f"operator {token} lacks a left operand")
        elif token == "(":
            depth += 1
        previous = token
    if depth:
        raise ArxivQueryError("unbalanced parentheses in search_query")
    if previous in _OPERATORS:
        raise ArxivQueryError(f"operator {previous} lacks a right operand")


def _slug(message: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")


class FakeArxiv(FakeServer):
    """Fake arXiv query API.

    Options: ``min_interval`` (seconds required between consecutive
    requests, counted from the previous arrival, rejected or not; 0
    disables; default 3.0 as arXiv asks), ``error_status`` (HTTP status of
    error feeds: 400 or 200, both are seen). Fault kinds: ``error_feed``
    (aliases ``arxiv_error``, ``api_error``; ``message`` is the summary).
    """

    ENDPOINT = "/api/query"
    DATABASE = "arxiv"
    FAULT_KINDS = frozenset({"error_feed", "short_page"})
    FAULT_ALIASES = {"arxiv_error": "error_feed", "api_error": "error_feed"}

    def __init__(self, *, min_interval: float = 3.0, error_status: int = 400, **options: Any):
        super().__init__(**options)
        self.min_interval = min_interval
        self.error_status = error_status
        self._last_arrival: float | None = None

    def _reset_limits(self) -> None:
        self._last_arrival = None

    def admit(self, req: RecordedRequest) -> Reply | None:
        """Throttle requests closer together than ``min_interval``."""
        previous, self._last_arrival = self._last_arrival, req.arrived
        if previous is not None and req.arrived - previous < self.min_interval:
            return self.too_many_reply(None)
        return None

    def too_many_reply(self, retry_after: float | None) -> Reply:
        return Reply.text(429, "Rate exceeded.", headers=retry_after_header(retry_after))

    def answer(self, req: RecordedRequest, fault: Fault) -> Reply:
        """Validate, then give the result feed (or the error feed)."""
        search = req.param("search_query")
        id_list = req.param("id_list") or ""
        title = self._title(req)
        if fault.kind == "error_feed":
            return self._error_feed(title, fault.message or "malformed query")
        try:
            start, max_results = self._paging(req)
            if search or not id_list:
                validate_query(search or "")
        except ArxivQueryError as exc:
            return self._error_feed(title, str(exc))
        total = self.count_for(search) if search else len(id_list.split(","))
        short = fault.kind == "short_page"
        return Reply.text(200, self._feed(title, total, start, max_results, short), _ATOM)

    @staticmethod
    def _paging(req: RecordedRequest) -> tuple[int, int]:
        values = []
        for name, default in (("start", 0), ("max_results", 10)):
            text = req.param(name) or str(default)
            if not text.lstrip("-").isdigit():
                raise ArxivQueryError(f"{name} must be an integer")
            if int(text) < 0:
                raise ArxivQueryError(f"{name} must be non-negative")
            values.append(int(text))
        if values[1] > 30000:
            raise ArxivQueryError("max_results must be less than or equal to 30000")
        return values[0], values[1]

    @staticmethod
    def _title(req: RecordedRequest) -> str:
        """The echo arXiv puts in the feed title: its reading of the request."""
        return (
            f"ArXiv Query: search_query={req.param('search_query') or ''}"
            f"&id_list={req.param('id_list') or ''}"
            f"&start={req.param('start') or '0'}&max_results={req.param('max_results') or '10'}"
        )

    def _error_feed(self, title: str, message: str) -> Reply:
        error_id = f"http://arxiv.org/api/errors#{_slug(message)}"
        entry = (
            f"<entry><id>{escape(error_id)}</id><title>Error</title>"
            f"<summary>{escape(message)}</summary><updated>{_UPDATED}</updated>"
            f'<link href="{escape(error_id)}" rel="alternate" type="text/html"/>'
            "<author><name>arXiv api core</name></author></entry>"
        )
        return Reply.text(self.error_status, _wrap(title, 1, 0, 1, entry), _ATOM)

    def _feed(self, title: str, total: int, start: int, max_results: int,
              short: bool = False) -> str:
        shown = max(0, min(max_results, PAGE_MAX, total - start, RESULTS_MAX - start))
        listed = shown // 2 if short else shown
        entries = "".join(self._entry_at(start + i) for i in range(listed))
        return _wrap(title, total, start, shown, entries)

    def _entry_at(self, index: int) -> str:
        record = self.pool.at("arxiv", index) if self.pool is not None else None
        return _entry(index) if record is None else _pool_entry(record)


def _pool_entry(record: PoolRecord) -> str:
    """One pool record as an Atom entry (id with its version, arxiv:doi when given)."""
    ident = f"http://arxiv.org/abs/{record.native_id}v{record.arxiv_version}"
    month = int(record.native_id[2:4]) if record.native_id[:4].isdigit() else 1
    published = f"{record.year}-{month:02d}-1{record.arxiv_version}T17:59:00Z"
    authors = "".join(f"<author><name>{escape(name)}</name></author>" for name in record.authors)
    doi = f"<arxiv:doi>{escape(record.doi)}</arxiv:doi>" if record.doi else ""
    return (
        f"<entry><id>{ident}</id><updated>{published}</updated>"
        f"<published>{published}</published><title>{escape(record.title)}</title>"
        f"<summary>An abstract of {escape(record.title)}.</summary>{authors}{doi}"
        f'<link href="{ident}" rel="alternate" type="text/html"/>'
        '<arxiv:primary_category term="eess.IV" scheme="http://arxiv.org/schemas/atom"/>'
        '<category term="eess.IV" scheme="http://arxiv.org/schemas/atom"/></entry>'
    )


def _entry(index: int) -> str:
    """One small but well-formed result entry."""
    ident = f"http://arxiv.org/abs/2401.{index:05d}v1"
    return (
        f"<entry><id>{ident}</id><updated>{_UPDATED}</updated>"
        f"<published>{_UPDATED}</published><title>Fake preprint {index + 1}</title>"
        f"<summary>Fake abstract {index + 1}.</summary>"
        "<author><name>A. Fake</name></author>"
        f'<link href="{ident}" rel="alternate" type="text/html"/>'
        '<arxiv:primary_category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>'
        '<category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/></entry>'
    )


def _wrap(title: str, total: int, start: int, per_page: int, entries: str) -> str:
    """The Atom feed envelope with the opensearch counters."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<feed xmlns="{ATOM_NS}" xmlns:opensearch="{OPENSEARCH_NS}" xmlns:arxiv="{ARXIV_NS}">'
        f'<link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>'
        f'<title type="html">{escape(title)}</title>'
        f"<id>http://arxiv.org/api/fake</id><updated>{_UPDATED}</updated>"
        f"<opensearch:totalResults>{total}</opensearch:totalResults>"
        f"<opensearch:startIndex>{start}</opensearch:startIndex>"
        f"<opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>"
        f"{entries}</feed>\n"
    )
