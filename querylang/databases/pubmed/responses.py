"""PubMed's count reader: esearch JSON in, a count (or a clear error) out.

Decisions (also in ``querylang run --help``):

* PubMed ``errorlist`` not empty (``phrasesnotfound``, ``fieldsnotfound``):
  PubMed dropped part of the query and counted the rest, so its figure is
  not the count of the query sent. This is an **error** (exit status 3),
  not a silent success; the figure PubMed gave is kept in the message so it
  is not lost. ``warninglist`` entries are notes on a successful count.
* PubMed ``esearchresult.ERROR`` (HTTP 200): an error. It is transient when
  the message says the backend failed (NCBI's outages look like that), and
  permanent otherwise (e.g. an empty term).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from querylang.responses import (
    PermanentApiError,
    Reading,
    TransientApiError,
    check_http,
    int_field,
    json_or_none,
    parse_json,
    quote_body,
)

__all__ = ["read", "error_message"]

#: Words in PubMed's in-band ERROR text that mean the backend, not the query, failed.
TRANSIENT_ERROR = re.compile(
    r"backend|temporar|unavailable|timed? ?out|try again|internal", re.IGNORECASE
)


def error_message(body: bytes) -> str | None:
    data = json_or_none(body)
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        # Only the message: the body of a key error echoes the key itself.
        return str(data["error"])
    return None


def _nonempty_lists(section: Any) -> list[tuple[str, list[str]]]:
    """``[(name, items)]`` for every non-empty list in an errorlist/warninglist."""
    if not isinstance(section, dict):
        return []
    found = []
    for name, items in section.items():
        if isinstance(items, list) and items:
            found.append((str(name), [str(item) for item in items]))
    return found


def read(status: int, headers: Mapping[str, str], body: bytes) -> Reading:
    """esearch JSON: ``esearchresult.count`` (a string) and the lists around it."""
    check_http("pubmed", status, headers, error_message(body), body)
    data = parse_json(body, "pubmed")
    result = data.get("esearchresult") if isinstance(data, dict) else None
    if not isinstance(result, dict):
        raise PermanentApiError(f"PubMed answered without esearchresult: {quote_body(body)}")
    if "ERROR" in result:
        message = f"PubMed reported an error: {result['ERROR']}"
        if TRANSIENT_ERROR.search(str(result["ERROR"])):
            raise TransientApiError(message, status=status)
        raise PermanentApiError(message, status=status)
    count = int_field(result.get("count"), "count", "pubmed", as_string=True)
    dropped = _nonempty_lists(result.get("errorlist"))
    if dropped:
        what = "; ".join(f"{name}: {', '.join(items)}" for name, items in dropped)
        raise PermanentApiError(
            f"PubMed did not search the query as sent ({what}); its count {count} is of "
            "the query without those terms. Fix the terms or the field tags.",
            status=status,
        )
    translation = result.get("querytranslation")
    echo = translation if isinstance(translation, str) and translation else None
    notes = tuple(
        f"PubMed warning {name}: {', '.join(items)}"
        for name, items in _nonempty_lists(result.get("warninglist"))
    )
    return Reading(count, notes, echo)
