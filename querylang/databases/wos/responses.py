"""Web of Science's count reader: Starter API JSON in, a count (or a clear error) out.

Decision: a ``QuotaViolation`` 429 is the *daily* quota: permanent, since no
retry within seconds can succeed; a spike-arrest 429 is transient.
"""

from __future__ import annotations

from collections.abc import Mapping

from querylang.responses import (
    PermanentApiError,
    Reading,
    check_http,
    int_field,
    json_or_none,
    parse_json,
    quote_body,
)

__all__ = ["read"]

DAILY_QUOTA_MARK = "QuotaViolation"


def _error_message(body: bytes) -> str | None:
    """Clarivate's ``error.details``/``title``, or the gateway's ``faultstring``."""
    data = json_or_none(body)
    if not isinstance(data, dict):
        return None
    error = data.get("error")
    if isinstance(error, dict):
        parts = [str(error[key]) for key in ("title", "details") if error.get(key)]
        return ": ".join(parts) or None
    if isinstance(error, str):
        return error
    fault = data.get("fault")
    if isinstance(fault, dict) and fault.get("faultstring"):
        detail = fault.get("detail")
        code = detail.get("errorcode") if isinstance(detail, dict) else None
        return f"{fault['faultstring']}" + (f" [{code}]" if code else "")
    if isinstance(data.get("message"), str):
        return str(data["message"])
    return None


def read(status: int, headers: Mapping[str, str], body: bytes) -> Reading:
    """Starter API JSON: ``metadata.total``."""
    message = _error_message(body)
    if status == 429 and message and DAILY_QUOTA_MARK in message:
        raise PermanentApiError(
            f"Web of Science daily quota spent (HTTP 429): {message}", status=status
        )
    if status == 401:
        raise PermanentApiError(
            f"Web of Science refused the key (HTTP 401): {message or quote_body(body)}; "
            "check WOS_API_KEY",
            status=status,
        )
    check_http("wos", status, headers, message, body)
    data = parse_json(body, "wos")
    metadata = data.get("metadata") if isinstance(data, dict) else None
    if not isinstance(metadata, dict):
        raise PermanentApiError(f"Web of Science answered without metadata: {quote_body(body)}")
    return Reading(int_field(metadata.get("total"), "metadata.total", "wos", as_string=False))
