"""Readers of the databases' answers (each in its package), one shape per test (no network)."""

from __future__ import annotations

import json
from email.utils import formatdate

import pytest

from querylang.databases import RUNNABLE
from querylang.databases.arxiv.responses import read as read_arxiv
from querylang.databases.ieee.responses import read as read_ieee
from querylang.databases.pubmed.responses import read as read_pubmed
from querylang.databases.wos.responses import read as read_wos
from querylang.responses import (
    READERS,
    PermanentApiError,
    TransientApiError,
    parse_retry_after,
)

JSON = {"Content-Type": "application/json"}


def _js(payload: object) -> bytes:
    return json.dumps(payload).encode()


def _esearch(**fields: object) -> bytes:
    result: dict[str, object] = {"count": "5321", "retmax": "0", "retstart": "0", "idlist": [],
              "translationset": [], "querytranslation": "asthma[Title/Abstract]",
              "errorlist": {"phrasesnotfound": [], "fieldsnotfound": []},
              "warninglist": {"phrasesignored": [], "quotedphrasesnotfound": [],
                              "outputmessages": []}}
    result.update(fields)
    return _js({"header": {"type": "esearch"}, "esearchresult": result})


# -- PubMed -------------------------------------------------------------------


def test_pubmed_count_and_translation() -> None:
    reading = read_pubmed(200, JSON, _esearch())
    assert reading.count == 5321
    assert reading.echo == "asthma[Title/Abstract]"
    assert reading.notes == ()


def test_pubmed_zero() -> None:
    assert read_pubmed(200, JSON, _esearch(count="0")).count == 0


def test_pubmed_count_must_be_a_string() -> None:
    with pytest.raises(PermanentApiError, match="string of digits"):
        read_pubmed(200, JSON, _esearch(count=12))


def test_pubmed_errorlist_is_an_error_that_keeps_the_figure() -> None:
    body = _esearch(errorlist={"phrasesnotfound": ["xyzzy"], "fieldsnotfound": []})
    with pytest.raises(PermanentApiError) as caught:
        read_pubmed(200, JSON, body)
    assert "phrasesnotfound: xyzzy" in str(caught.value)
    assert "5321" in str(caught.value)


def test_pubmed_warninglist_is_a_note() -> None:
    body = _esearch(warninglist={"quotedphrasesnotfound": ['"llm x"'], "phrasesignored": []})
    reading = read_pubmed(200, JSON, body)
    assert reading.count == 5321
    assert any("quotedphrasesnotfound" in note for note in reading.notes)


def test_pubmed_error_field_backend_is_transient() -> None:
    body = _js({"esearchresult": {"ERROR": "Search Backend failed: oops"}})
    with pytest.raises(TransientApiError, match="Search Backend failed"):
        read_pubmed(200, JSON, body)


def test_pubmed_error_field_other_is_permanent() -> None:
    body = _js({"esearchresult": {"ERROR": "Empty term and query_key - nothing todo"}})
    with pytest.raises(PermanentApiError, match="nothing todo"):
        read_pubmed(200, JSON, body)


def test_pubmed_bad_key_shows_message_not_key() -> None:
    body = _js({"error": "API key invalid", "api-key": "SECRETKEY123", "type": "invalid"})
    with pytest.raises(PermanentApiError) as caught:
        read_pubmed(400, JSON, body)
    assert "API key invalid" in str(caught.value)
    assert "SECRETKEY123" not in str(caught.value)


def test_pubmed_429_is_transient_with_retry_after() -> None:
    body = _js({"error": "API rate limit exceeded", "count": "4"})
    with pytest.raises(TransientApiError) as caught:
        read_pubmed(429, {"Retry-After": "2", **JSON}, body)
    assert caught.value.retry_after == 2.0
    assert "API rate limit exceeded" in str(caught.value)


@pytest.mark.parametrize("body", [b'{"esearchresult": {"count": "1', b"", b"<html>oops</html>"])
def test_pubmed_malformed(body: bytes) -> None:
    with pytest.raises(PermanentApiError, match="malformed JSON"):
        read_pubmed(200, JSON, body)


def test_pubmed_missing_result() -> None:
    with pytest.raises(PermanentApiError, match="without esearchresult"):
        read_pubmed(200, JSON, _js({"header": {}}))


def test_5xx_html_is_transient() -> None:
    page = b"<html><body><h1>503 Service Unavailable</h1></body></html>"
    with pytest.raises(TransientApiError, match="503 Service Unavailable"):
        read_pubmed(503, {}, page)


# -- Web of Science -------------------------------------------------------------


def test_wos_total() -> None:
    body = _js({"metadata": {"total": 111, "page": 1, "limit": 1}, "hits": []})
    assert read_wos(200, JSON, body).count == 111


def test_wos_syntax_error_is_permanent_with_details() -> None:
    body = _js({"error": {"status": 400, "title": "Invalid syntax for the request",
                          "details": "MISS_TAGEQ:Parse error - Missing Tag="}})
    with pytest.raises(PermanentApiError, match="MISS_TAGEQ"):
        read_wos(400, JSON, body)


def test_wos_bad_key() -> None:
    body = _js({"fault": {"faultstring": "Invalid ApiKey",
                          "detail": {"errorcode": "oauth.v2.InvalidApiKey"}}})
    with pytest.raises(PermanentApiError, match="Invalid ApiKey.*WOS_API_KEY"):
        read_wos(401, JSON, body)


def test_wos_spike_arrest_transient_quota_permanent() -> None:
    spike = _js({"fault": {"faultstring": "Spike arrest violation",
                           "detail": {"errorcode": "policies.ratelimit.SpikeArrestViolation"}}})
    with pytest.raises(TransientApiError):
        read_wos(429, JSON, spike)
    quota = _js({"fault": {"faultstring": "Rate limit quota violation",
                           "detail": {"errorcode": "policies.ratelimit.QuotaViolation"}}})
    with pytest.raises(PermanentApiError, match="daily quota"):
        read_wos(429, JSON, quota)


def test_wos_malformed_and_missing_total() -> None:
    with pytest.raises(PermanentApiError, match="malformed JSON"):
        read_wos(200, JSON, b'{"metadata": {"tot')
    with pytest.raises(PermanentApiError, match="metadata.total"):
        read_wos(200, JSON, _js({"metadata": {"page": 1}}))


# -- arXiv ------------------------------------------------------------------------

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
<title type="html">ArXiv Query: search_query=ti:llm&amp;id_list=&amp;start=0&amp;max_results=0</title>
<opensearch:totalResults>{total}</opensearch:totalResults>{entry}</feed>"""
ERROR_ENTRY = ("<entry><id>http://arxiv.org/api/errors#incorrect_id_format</id>"
               "<title>Error</title><summary>incorrect id format for 1234</summary></entry>")


def test_arxiv_count_and_title_echo() -> None:
    reading = read_arxiv(200, {}, FEED.format(total=42, entry="").encode())
    assert reading.count == 42
    assert reading.echo == "ti:llm"


@pytest.mark.parametrize("status", [200, 400])
def test_arxiv_error_feed_counts_one_but_is_an_error(status: int) -> None:
    with pytest.raises(PermanentApiError, match="incorrect id format"):
        read_arxiv(status, {}, FEED.format(total=1, entry=ERROR_ENTRY).encode())


def test_arxiv_rate_exceeded_is_transient() -> None:
    with pytest.raises(TransientApiError, match="Rate exceeded"):
        read_arxiv(429, {}, b"Rate exceeded.")


def test_arxiv_malformed_xml() -> None:
    with pytest.raises(PermanentApiError, match="malformed XML"):
        read_arxiv(200, {}, FEED.format(total=3, entry="").encode()[:120])


def test_arxiv_missing_total() -> None:
    body = b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
    with pytest.raises(PermanentApiError, match="totalResults"):
        read_arxiv(200, {}, body)


# -- IEEE ------------------------------------------------------------------------


def test_ieee_total() -> None:
    body = _js({"total_records": 26, "total_searched": 5168113, "articles": [{}]})
    assert read_ieee(200, JSON, body).count == 26


def test_ieee_no_articles_means_zero() -> None:
    assert read_ieee(200, JSON, _js({"total_records": 0, "total_searched": 5})).count == 0


@pytest.mark.parametrize("payload", [{}, {"total_searched": 5}, {"articles": []}])
def test_ieee_without_total_records_is_malformed_not_zero(payload: object) -> None:
    with pytest.raises(PermanentApiError, match="IEEE Xplore sent a malformed answer: no total"):
        read_ieee(200, JSON, _js(payload))


def test_ieee_over_rate_403_is_transient() -> None:
    headers = {"X-Mashery-Error-Code": "ERR_403_DEVELOPER_OVER_RATE", "Retry-After": "60"}
    with pytest.raises(TransientApiError) as caught:
        read_ieee(403, headers, b"<h1>Developer Over Rate</h1>")
    assert caught.value.retry_after == 60.0


def test_ieee_inactive_key_is_permanent() -> None:
    with pytest.raises(PermanentApiError, match="Developer Inactive.*IEEE_API_KEY"):
        read_ieee(403, {}, b"<h1>Developer Inactive</h1>")


def test_ieee_bad_request_and_malformed() -> None:
    with pytest.raises(PermanentApiError, match="querytext is required"):
        read_ieee(400, JSON, _js({"error": "querytext is required"}))
    with pytest.raises(PermanentApiError, match="malformed JSON"):
        read_ieee(200, JSON, b'{"total_rec')


# -- shared ------------------------------------------------------------------------


def test_registry_has_a_reader_for_every_database_with_an_api() -> None:
    assert list(READERS) == list(RUNNABLE)
    assert {"pubmed", "wos", "arxiv", "ieee", "scopus", "europepmc",
            "openalex"} <= set(READERS)


def test_retry_after_forms() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    later = formatdate(1_000_060, usegmt=True)
    assert parse_retry_after(later, now=1_000_000) == pytest.approx(60.0)


def test_arxiv_echo_keeps_ampersands_of_the_query() -> None:
    title = "ArXiv Query: search_query=ti:&quot;a &amp; b&quot;&amp;id_list=&amp;start=0"
    body = FEED.replace(
        '<title type="html">ArXiv Query: search_query=ti:llm&amp;id_list=&amp;start=0'
        '&amp;max_results=0</title>', f'<title type="html">{title}</title>'
    ).format(total=3, entry="")
    assert read_arxiv(200, {}, body.encode()).echo == 'ti:"a & b"'
