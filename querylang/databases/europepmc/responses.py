"""Reading Europe PMC's answer to a count: ``hitCount``, or a clear error.

* HTTP 200 JSON: the count is the top-level ``hitCount`` (a number); the
  service echoes the query it read in ``request.queryString``.
* XML where JSON belongs: the request went out without ``format=json``
  (XML is the service's default): permanent, said so.
* HTTP 400 (a bad parameter or cursor): the body is
  ``{"errCode": 400, "errMsg": "..."}`` as far as can be told (unconfirmed:
  docs/db-europepmc.md); its ``errMsg`` is quoted, otherwise the body.
* HTTP 429 and 5xx (an HTML page): transient, retried with Retry-After.
* A query Europe PMC cannot parse is reported to come back as zero hits,
  not as an error; querylang never sends one (it balances and checks every
  query), and a zero count carries a note saying so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from querylang.responses import (
    PermanentApiError,
    Reading,
    check_http,
    int_field,
    json_or_none,
    parse_json,
    quote_body,
)

__all__ = ["read", "read_europepmc"]

DISPLAY = "Europe PMC"
#: Said next to a zero count: Europe PMC answers a query it cannot read so.
ZERO_NOTE = (
    "Europe PMC answers a query it cannot read with zero hits rather than an error; "
    "check the query on europepmc.org if zero is unexpected"
)


def _message(body: bytes) -> str | None:
    """The service's own words from an error body (``errMsg``), if any."""
    data = json_or_none(body)
    if not isinstance(data, dict):
        return None
    for key in ("errMsg", "message", "error"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def read_europepmc(status: int, headers: Mapping[str, str], body: bytes) -> Reading:
    """Europe PMC search JSON: ``hitCount``."""
    check_http("europepmc", status, headers, _message(body), body)
    start = body.lstrip()[:100].lower()
    if start.startswith(b"<?xml") or start.startswith(b"<responsewrapper"):
        raise PermanentApiError(
            f"{DISPLAY} answered in XML, not JSON: the request lacked format=json "
            f"(body starts: {quote_body(body[:80])})", status=status)
    data: Any = parse_json(body, "europepmc")
    if not isinstance(data, dict) or "hitCount" not in data:
        raise PermanentApiError(
            f"{DISPLAY} sent a malformed answer: no hitCount (body starts: {quote_body(body[:80])})",
            status=status)
    count = int_field(data["hitCount"], "hitCount", "europepmc", as_string=False)
    request = data.get("request")
    echo = request.get("queryString") if isinstance(request, dict) else None
    notes = (ZERO_NOTE,) if count == 0 else ()
    return Reading(count, notes, echo if isinstance(echo, str) and echo else None)


#: The reader the registry names (``read(status, headers, body) -> Reading``).
read = read_europepmc
