"""IEEE Xplore's count reader: Metadata API JSON in, a count (or a clear error) out.

Decision: HTTP 403 is two things: over the rate or quota (header
``X-Mashery-Error-Code``, retried) or a bad or inactive key (permanent).
"""

from __future__ import annotations

from collections.abc import Mapping

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

__all__ = ["read"]

ERROR_HEADER = "x-mashery-error-code"
#: Mashery codes that mean "too fast" or "quota spent": retried, honouring Retry-After.
TRANSIENT_CODES = frozenset({"ERR_403_DEVELOPER_OVER_RATE", "ERR_403_DEVELOPER_OVER_QPS"})


def read(status: int, headers: Mapping[str, str], body: bytes) -> Reading:
    """JSON: ``total_records`` (``articles`` may be absent when there are no hits;
    an answer without ``total_records`` is malformed, never zero hits).

    HTTP 403 is two things: over the rate or quota (header
    ``X-Mashery-Error-Code``, retried) or a bad or inactive key (permanent).
    """
    if status == 403:
        code = header(headers, ERROR_HEADER)
        said = quote_body(body)
        if code in TRANSIENT_CODES:
            raise TransientApiError(
                f"IEEE Xplore over its rate limit (HTTP 403 {code}): {said}",
                status=status,
                retry_after=parse_retry_after(header(headers, "Retry-After")),
            )
        raise PermanentApiError(
            f"IEEE Xplore refused the key (HTTP 403{' ' + code if code else ''}): {said}; "
            "check IEEE_API_KEY",
            status=status,
        )
    data_or_none = json_or_none(body)
    message = None
    if isinstance(data_or_none, dict) and isinstance(data_or_none.get("error"), str):
        message = str(data_or_none["error"])
    if status >= 400 and "wildcard" in (message or quote_body(body)).lower():
        # The shape of IEEE's answer to too many wildcards is undocumented: any
        # refusal that names wildcards gets the way out (docs/databases.md).
        message = (
            f"{message or quote_body(body)} (IEEE Xplore refused the query's wildcards: choose "
            "the words that keep theirs with a line '# ieee-wildcards: word* word*' in the "
            "strategy and write the others' variants out)"
        )
    check_http("ieee", status, headers, message, body)
    data = parse_json(body, "ieee")
    if not isinstance(data, dict):
        raise PermanentApiError(f"IEEE Xplore answered with unexpected JSON: {quote_body(body)}")
    if "total_records" in data:
        return Reading(int_field(data["total_records"], "total_records", "ieee", as_string=False))
    raise PermanentApiError(
        f"IEEE Xplore sent a malformed answer: no total_records (body starts: "
        f"{quote_body(body[:80])})"
    )
