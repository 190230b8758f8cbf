"""Reading the Scopus Search API's answer: the count, or a clear error.

Sources: docs/db-scopus.md ("The API", "Errors"). What matters here:

- the count is ``search-results.opensearch:totalResults``, a string; a
  query without hits still carries one ``entry``, ``{"error": "Result set
  was empty"}``: zero hits, not an error (the entries are never counted);
- errors come in Elsevier's envelope ``service-error.status.{statusCode,
  statusText}`` (some gateways answer ``error-response.{error-code,
  error-message}``); every unreadable query is the same HTTP 400
  ``Error translating query``, so the message lists the usual causes;
- a bad key is HTTP 401 whose text *echoes the key* and the caller's IP:
  that text is never shown, the message says what to check instead (the
  runner scrubs every key anyway);
- the weekly quota and the per-second throttle are both HTTP 429: only the
  quota carries ``X-ELS-Status: QUOTA_EXCEEDED`` (and ``X-RateLimit-Reset``,
  when the quota comes back): that one stops, the throttle is retried.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from querylang.responses import (
    PermanentApiError,
    Reading,
    TransientApiError,
    check_http,
    header,
    int_field,
    json_or_none,
    parse_json,
    quote_body,
)

__all__ = ["read", "quota_reset"]

DB = "scopus"
QUOTA_MARK = "QUOTA_EXCEEDED"
#: The one text Scopus gives for every query it cannot read (observed).
UNREADABLE = "Error translating query"
#: The start of a bad-key 401's text, which goes on with the key itself.
_KEY_ECHO = re.compile(r"APIKey\s+\S+", re.IGNORECASE)
#: Past this, an X-RateLimit-Reset number is milliseconds, not seconds.
_MILLISECONDS = 10**11


def _status(body: bytes) -> tuple[str | None, str | None]:
    """(statusCode, statusText) of an Elsevier error body, or (None, None)."""
    data = json_or_none(body)
    if not isinstance(data, dict):
        return None, None
    error = data.get("service-error")
    if isinstance(error, dict) and isinstance(error.get("status"), dict):
        status: dict[str, Any] = error["status"]
        return _text(status.get("statusCode")), _text(status.get("statusText"))
    response = data.get("error-response")
    if isinstance(response, dict):
        return _text(response.get("error-code")), _text(response.get("error-message"))
    return None, None


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, (str, int)) and str(value).strip() else None


def quota_reset(value: str | None, *, now: float | None = None) -> datetime | None:
    """When the weekly quota comes back, from ``X-RateLimit-Reset``: epoch
    seconds as documented, milliseconds or an HTTP date as clients saw."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        number = int(text)
        seconds = number / 1000 if number > _MILLISECONDS else number
        try:
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


def _quota_message(headers: Mapping[str, str]) -> str:
    when = quota_reset(header(headers, "X-RateLimit-Reset"))
    if when is None:
        back = "Elsevier resets quotas every seven days"
    else:
        days = (when.timestamp() - time.time()) / 86400
        back = f"it comes back on {when:%Y-%m-%d %H:%M} UTC"
        if days >= 1:
            back += f" (in {days:.0f} day{'s' if round(days) != 1 else ''})"
    return (f"Scopus weekly quota spent (HTTP 429 QUOTA_EXCEEDED): {back}; the counts "
            "already in the search log stay, and querylang run --db scopus takes up the rest")


def read(status: int, headers: Mapping[str, str], body: bytes) -> Reading:
    """Scopus Search API JSON: ``search-results.opensearch:totalResults``."""
    code, text = _status(body) if status >= 400 else (None, None)
    if status == 429:
        els_status = header(headers, "X-ELS-Status") or ""
        if QUOTA_MARK in els_status.upper() or code == QUOTA_MARK:
            raise PermanentApiError(_quota_message(headers), status=status)
        raise TransientApiError(
            "Scopus throttled the request (HTTP 429, more than its requests a second)",
            status=status,
        )
    if status == 401:
        said = text if text and not _KEY_ECHO.search(text) else None
        raise PermanentApiError(
            f"Scopus refused the key (HTTP 401{' ' + code if code else ''}"
            f"{': ' + said if said else ''}): the key is unknown, or used outside its "
            "institution's network (Scopus answers only from a subscribing institution's "
            "addresses); check SCOPUS_API_KEY",
            status=status,
        )
    if status == 400 and text == UNREADABLE:
        raise PermanentApiError(
            f"Scopus could not read the query (HTTP 400 {code or 'INVALID_INPUT'}: {UNREADABLE}). "
            "Scopus gives this one answer for every syntax problem: an unbalanced parenthesis "
            "or quote, an unknown field code, an operator without an operand, an OR group "
            "beside W/n or PRE/n, or PUBYEAR inside a field code; paste the query into "
            "Scopus's Advanced Document Search to see where",
            status=status,
        )
    message = None
    if text:
        message = _KEY_ECHO.sub("APIKey ***", f"{code}: {text}" if code else text)
    check_http(DB, status, headers, message, body)
    data = parse_json(body, DB)
    results = data.get("search-results") if isinstance(data, dict) else None
    if not isinstance(results, dict):
        raise PermanentApiError(f"Scopus answered without search-results: {quote_body(body)}")
    # A string as documented; a number (a gateway's re-encoding) is read too.
    count = int_field(results.get("opensearch:totalResults"), "opensearch:totalResults", DB,
                       as_string=False)
    return Reading(count, (), _echo(results))


def _echo(results: dict[str, Any]) -> str | None:
    """The query as Scopus echoes it (``opensearch:Query.@searchTerms``)."""
    query = results.get("opensearch:Query")
    terms = query.get("@searchTerms") if isinstance(query, dict) else None
    return terms if isinstance(terms, str) and terms else None
