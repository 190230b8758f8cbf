"""OpenAlex's count reader: ``meta.count`` of the works list, or a clear error.

Every error is JSON ``{"error": ..., "message": ...}`` (developers.openalex.org
Errors page; elastic-api app.py; api-proxy src/index.ts). What each means
for a run:

* 400: the request is wrong (a parameter, a filter, a wildcard on a stemmed
  search, a URL or ``search=`` too long): permanent, in OpenAlex's words.
* 401: a wrong key, or a key required (keyless calls refused): permanent,
  naming ``OPENALEX_API_KEY``.
* 429 ``Insufficient budget``: the day's budget is spent until midnight UTC:
  permanent (no retry within seconds helps). Other 429s (per-second cap,
  broad boolean throttle) and 403 "Rate limit exceeded" are transient.
* 503 (keyless search paused) and other 5xx: transient.
* 200 with ``meta.timed_out``: the count is of partial results: transient.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    parse_retry_after,
    quote_body,
)

__all__ = ["read", "BUDGET_MARK"]

DB = "openalex"
#: The words of the daily-budget refusal (api-proxy: "Insufficient budget. ...").
BUDGET_MARK = "Insufficient budget"
KEY_HINT = "set OPENALEX_API_KEY (free at https://openalex.org/settings/api)"


def _message(body: bytes) -> str | None:
    """OpenAlex's ``error`` and ``message``, joined (neither holds the key)."""
    data = json_or_none(body)
    if not isinstance(data, dict):
        return None
    parts = [str(data[key]).strip() for key in ("error", "message")
             if isinstance(data.get(key), str) and str(data[key]).strip()]
    return ": ".join(dict.fromkeys(parts)) or None


def read(status: int, headers: Mapping[str, str], body: bytes) -> Reading:
    """``meta.count`` of a works list answer."""
    message = _message(body)
    said = message or quote_body(body)
    retry_after = parse_retry_after(header(headers, "Retry-After"))
    if status == 401:
        if "required" in said.lower():
            raise PermanentApiError(
                f"OpenAlex requires an API key (HTTP 401): {said}; {KEY_HINT}", status=status)
        raise PermanentApiError(
            f"OpenAlex refused the key (HTTP 401): {said}; check OPENALEX_API_KEY", status=status)
    if status == 429 and BUDGET_MARK.lower() in said.lower():
        reset = header(headers, "X-RateLimit-Reset")
        when = f" (resets in {int(float(reset)) // 60} min, at midnight UTC)" \
            if reset and reset.replace(".", "", 1).isdigit() else ""
        raise PermanentApiError(
            f"OpenAlex's daily budget is spent (HTTP 429){when}: {said}", status=status)
    if status == 403 and "rate limit" in said.lower():
        # The Errors page lists 403 "Rate limit exceeded"; the service answers 429.
        raise TransientApiError(
            f"OpenAlex rate limit (HTTP 403): {said}", status=status, retry_after=retry_after)
    check_http(DB, status, headers, message, body)
    data: Any = parse_json(body, DB)
    meta = data.get("meta") if isinstance(data, dict) else None
    if not isinstance(meta, dict) or "count" not in meta:
        raise PermanentApiError(
            f"OpenAlex sent a malformed answer: no meta.count (body starts: {quote_body(body[:80])})")
    count = int_field(meta.get("count"), "meta.count", DB, as_string=False)
    if meta.get("timed_out") is True:
        raise TransientApiError(
            f"OpenAlex's search timed out (meta.timed_out): its count {count} is of partial "
            "results", status=status)
    return Reading(count)

