"""The Scopus count reader on the answers docs/db-scopus.md documents, as bytes."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from querylang.databases.scopus.responses import quota_reset, read
from querylang.responses import READERS, PermanentApiError, TransientApiError

KEY = "0123456789abcdef0123456789abcdef"


def body(data: Any) -> bytes:
    return json.dumps(data).encode()


def results(total: Any, **more: Any) -> bytes:
    return body({"search-results": {"opensearch:totalResults": total, **more}})


def error(code: str, text: str) -> bytes:
    return body({"service-error": {"status": {"statusCode": code, "statusText": text}}})


def test_the_registry_reader_is_this_one() -> None:
    assert READERS["scopus"] is read


def test_the_count_is_the_total_string_and_the_query_is_echoed() -> None:
    query = "TITLE(asthma) AND PUBYEAR > 2012"
    reading = read(200, {}, results("1958", **{"opensearch:Query": {
        "@role": "request", "@searchTerms": query, "@startPage": "0"}}))
    assert reading.count == 1958
    assert reading.echo == query
    assert reading.notes == ()


def test_zero_hits_come_with_an_error_entry_and_are_zero_not_an_error() -> None:
    reading = read(200, {}, results("0", entry=[{"@_fa": "true",
                                                 "error": "Result set was empty"}]))
    assert reading.count == 0


@pytest.mark.parametrize("total", [None, "", "12a", "١٢", 12.5, "-3", [], {"$": "3"}])
def test_a_malformed_total_is_an_error_never_a_count(total: Any) -> None:
    with pytest.raises(PermanentApiError, match="opensearch:totalResults"):
        read(200, {}, results(total))


def test_a_number_total_is_read_too() -> None:
    # Documented as a string; a gateway may send a number: read, not refused.
    assert read(200, {}, results(12)).count == 12


@pytest.mark.parametrize("answer", [b"{", b"[]", body({"results": {}}), b"<html>down</html>"])
def test_malformed_answers_say_so(answer: bytes) -> None:
    with pytest.raises(PermanentApiError, match="Scopus"):
        read(200, {}, answer)


def test_an_unreadable_query_names_the_usual_causes() -> None:
    with pytest.raises(PermanentApiError) as caught:
        read(400, {}, error("INVALID_INPUT", "Error translating query"))
    message = str(caught.value)
    assert "could not read the query" in message and "Error translating query" in message
    assert "parenthesis" in message and "W/n" in message
    assert caught.value.status == 400


def test_other_400s_quote_scopus() -> None:
    text = "Exceeds the maximum number allowed for the service level"
    with pytest.raises(PermanentApiError, match=text):
        read(400, {}, error("INVALID_INPUT", text))


def test_a_bad_key_never_shows_the_echoed_key_or_the_address() -> None:
    text = (f"APIKey {KEY} with IP address 10.1.2.3 is unrecognized or has insufficient "
            "privileges for access to this resource")
    with pytest.raises(PermanentApiError) as caught:
        read(401, {"X-ELS-APIKey": KEY}, error("AUTHORIZATION_ERROR", text))
    message = str(caught.value)
    assert KEY not in message and "10.1.2.3" not in message
    assert "SCOPUS_API_KEY" in message and "institution" in message


def test_a_missing_key_and_an_unentitled_view_are_said() -> None:
    with pytest.raises(PermanentApiError, match="Requestor API Key not provided"):
        read(401, {}, error("AUTHENTICATION_ERROR", "Requestor API Key not provided"))
    with pytest.raises(PermanentApiError, match="requested view"):
        read(401, {}, error("AUTHORIZATION_ERROR", "The requestor is not authorized to "
                            "access the requested view or fields of the resource"))


def test_a_key_echoed_in_any_other_error_is_masked() -> None:
    with pytest.raises(PermanentApiError) as caught:
        read(403, {}, error("AUTHORIZATION_ERROR", f"APIKey {KEY} blocked"))
    assert KEY not in str(caught.value) and "APIKey ***" in str(caught.value)


def test_the_weekly_quota_stops_and_says_when_it_comes_back() -> None:
    reset = int(time.time()) + 3 * 86400
    headers = {"X-ELS-Status": "QUOTA_EXCEEDED - Quota Exceeded", "X-RateLimit-Reset": str(reset)}
    with pytest.raises(PermanentApiError) as caught:
        read(429, headers, error("QUOTA_EXCEEDED", "Quota Exceeded"))
    message = str(caught.value)
    assert not isinstance(caught.value, TransientApiError)
    assert "weekly quota" in message and "in 3 days" in message
    assert time.strftime("%Y-%m-%d", time.gmtime(reset)) in message


def test_a_quota_without_its_reset_still_stops() -> None:
    with pytest.raises(PermanentApiError, match="every seven days"):
        read(429, {"x-els-status": "QUOTA_EXCEEDED - Quota Exceeded"}, b"")


def test_the_throttle_is_retried() -> None:
    with pytest.raises(TransientApiError, match="throttled") as caught:
        read(429, {}, error("TOO_MANY_REQUESTS", "Too Many Requests"))
    assert caught.value.status == 429


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried(status: int) -> None:
    with pytest.raises(TransientApiError):
        read(status, {}, b"Service Unavailable")


def test_a_gateway_error_response_is_read_too() -> None:
    with pytest.raises(PermanentApiError, match="RESOURCE_NOT_FOUND: not here"):
        read(404, {}, body({"error-response": {"error-code": "RESOURCE_NOT_FOUND",
                                               "error-message": "not here"}}))


def test_a_too_long_query_says_so() -> None:
    with pytest.raises(PermanentApiError, match="too long"):
        read(414, {}, b"")


@pytest.mark.parametrize(("value", "expected"), [
    ("1700000000", 1700000000.0),           # epoch seconds, as documented
    ("1700000000000", 1700000000.0),        # milliseconds, as seen in 2021
    ("Tue, 14 Nov 2023 22:13:20 GMT", 1700000000.0),  # a date, as seen in 2019
])
def test_quota_reset_forms(value: str, expected: float) -> None:
    when = quota_reset(value)
    assert when is not None and when.timestamp() == expected


@pytest.mark.parametrize("value", [None, "", "soon", "99999999999999999999999"])
def test_quota_reset_unreadable(value: str | None) -> None:
    assert quota_reset(value) is None
