"""The page readers on answers as the databases write them, and the plan."""

from __future__ import annotations

import json

import pytest

from querylang.databases.arxiv.records import read_page as read_arxiv_page
from querylang.databases.ieee.records import read_page as read_ieee_page
from querylang.databases.pubmed.records import HistoryExpired
from querylang.databases.pubmed.records import read_history as read_pubmed_history
from querylang.databases.pubmed.records import read_page as read_pubmed_page
from querylang.databases.wos.records import read_page as read_wos_page
from querylang.records.fetch import FetchSource, plan_fetch
from querylang.responses import PermanentApiError, TransientApiError
from querylang.runner import RunSettings, spacing
from querylang.store import FetchState
from querylang.targets.base import ApiRequest

JSON = {"Content-Type": "application/json"}


def _body(data: object) -> bytes:
    return json.dumps(data).encode()


def test_pubmed_summary() -> None:
    body = _body({"header": {"type": "esummary"}, "result": {
        "uids": ["123", "456"],
        "123": {"uid": "123", "title": "Deep learning for X.", "pubdate": "2023 Jan 5",
                "source": "Med Image Anal", "sortfirstauthor": "Smith J",
                "authors": [{"name": "Smith J", "authtype": "Author"},
                            {"name": "Imaging Group", "authtype": "CollectiveName"},
                            {"name": "Lee  K", "authtype": "Author"}],
                "pubtype": ["Journal Article", "Review"],
                "articleids": [{"idtype": "pubmed", "value": "123"},
                               {"idtype": "doi", "value": "10.1016/J.MEDIA.2023.1"}]},
        "456": {"uid": "456", "error": "cannot get document summary"}}})
    page = read_pubmed_page(200, JSON, body, start=501)
    (record,) = page.records
    assert (record.native_id, record.pmid, record.doi, record.position) == (
        "123", "123", "10.1016/j.media.2023.1", 501)
    assert record.title == "Deep learning for X" and record.year == 2023
    assert record.first_author == "Smith J" and record.venue == "Med Image Anal"
    assert record.authors == ("Smith J", "Lee K")
    assert record.doc_type == "Journal Article; Review"
    assert record.abstract is None  # esummary has no abstract
    assert ("doi", "10.1016/J.MEDIA.2023.1") in record.raw_ids
    assert page.listed == 2 and "RF004" in page.notes[0] and "456" in page.notes[0]


def test_pubmed_title_keeps_an_ellipsis_and_a_question() -> None:
    for title, kept in (("Why?", "Why?"), ("And so...", "And so..."), ("A.", "A")):
        body = _body({"result": {"uids": ["1"], "1": {"uid": "1", "title": title}}})
        assert read_pubmed_page(200, JSON, body).records[0].title == kept


@pytest.mark.parametrize("data", [
    {"header": {}, "error": "Unable to obtain query #1"},
    {"header": {}, "esummaryresult": ["Invalid query_key"]},
])
def test_pubmed_history_gone(data: object) -> None:
    with pytest.raises(HistoryExpired):
        read_pubmed_page(200, JSON, _body(data))


def test_pubmed_errors_as_for_a_count() -> None:
    with pytest.raises(TransientApiError):
        read_pubmed_page(429, JSON, _body({"error": "API rate limit exceeded"}))
    with pytest.raises(PermanentApiError):
        read_pubmed_page(200, JSON, b"{not json")


def test_pubmed_history_search() -> None:
    body = _body({"esearchresult": {"count": "7", "retmax": "0", "retstart": "0",
                                    "querykey": "1", "webenv": "MCID_abc", "idlist": [],
                                    "errorlist": {}, "warninglist": {}}})
    history = read_pubmed_history(200, JSON, body)
    assert (history.count, history.webenv, history.query_key) == (7, "MCID_abc", "1")
    with pytest.raises(PermanentApiError, match="webenv"):
        read_pubmed_history(200, JSON, _body({"esearchresult": {"count": "7"}}))


def test_wos_hits() -> None:
    body = _body({"metadata": {"total": 120, "page": 3, "limit": 50}, "hits": [
        {"uid": "WOS:000123", "title": "A title", "source": {"sourceTitle": "J",
                                                            "publishYear": 2021},
         "names": {"authors": [{"displayName": "Smith, J"}, {"wosStandard": "Lee, K"}]},
         "types": ["Article", "Proceedings Paper"],
         "identifiers": {"doi": "https://doi.org/10.1/X", "pmid": "MEDLINE:00042"}},
        {"uid": "WOS:000124", "identifiers": {"doi": "10.48550/arXiv.2301.00001v2"}},
        {"title": "no uid"},
    ]})
    page = read_wos_page(200, JSON, body, start=101)
    first, second = page.records
    assert (first.native_id, first.doi, first.pmid, first.year, first.position) == (
        "WOS:000123", "10.1/x", "42", 2021, 101)
    assert ("pmid", "MEDLINE:00042") in first.raw_ids
    assert first.authors == ("Smith, J", "Lee, K") and first.first_author == "Smith, J"
    assert first.doc_type == "Article; Proceedings Paper" and first.abstract is None
    assert second.authors == () and second.doc_type is None
    assert second.arxiv_id == "2301.00001" and second.year is None
    assert page.total == 120 and "RF004" in page.notes[0]


def test_wos_quota_is_permanent() -> None:
    body = _body({"fault": {"faultstring": "Rate limit quota violation.",
                            "detail": {"errorcode": "policies.ratelimit.QuotaViolation"}}})
    with pytest.raises(PermanentApiError, match="daily quota"):
        read_wos_page(429, JSON, body)


ATOM = """<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"
 xmlns:arxiv="http://arxiv.org/schemas/atom">
<title>ArXiv Query: search_query=all:x&amp;id_list=&amp;start=0&amp;max_results=2</title>
<opensearch:totalResults>40</opensearch:totalResults>
<opensearch:itemsPerPage>2</opensearch:itemsPerPage>
<entry><id>http://arxiv.org/abs/2301.01234v3</id><published>2023-01-04T10:00:00Z</published>
<title>A  title
 on two lines</title><summary>  We study
 a thing.</summary><author><name>A. Smith</name></author><author><name>B. Lee</name></author>
<arxiv:doi>10.1/Y</arxiv:doi><arxiv:journal_ref>J 1 (2023)</arxiv:journal_ref></entry>
<entry><id>http://arxiv.org/abs/hep-th/9901001v1</id><published>1999-01-01T00:00:00Z</published>
<title>Old</title></entry>
</feed>"""


def test_arxiv_entries() -> None:
    page = read_arxiv_page(200, {}, ATOM.encode(), start=1)
    first, old = page.records
    assert (first.native_id, first.arxiv_id, first.doi, first.year) == (
        "2301.01234", "2301.01234", "10.1/y", 2023)
    assert first.title == "A title on two lines" and first.venue == "J 1 (2023)"
    assert old.native_id == "hep-th/9901001" and old.venue == "arXiv"
    assert first.authors == ("A. Smith", "B. Lee") and first.first_author == "A. Smith"
    assert first.abstract == "We study a thing." and first.doc_type is None
    assert old.authors == () and old.abstract is None
    assert page.total == 40 and page.listed == 2


def test_arxiv_error_feed_is_an_error() -> None:
    feed = ATOM.replace("<opensearch:totalResults>40", "<opensearch:totalResults>1").replace(
        "http://arxiv.org/abs/2301.01234v3", "http://arxiv.org/api/errors#bad")
    with pytest.raises(PermanentApiError, match="arXiv reported an error"):
        read_arxiv_page(400, {}, feed.encode())


def test_ieee_articles() -> None:
    body = _body({"total_records": 3, "articles": [
        {"article_number": "123", "doi": "10.1109/X.1", "title": "T",
         "publication_year": "2021", "publication_title": "Conf",
         "authors": {"authors": [{"full_name": "B", "author_order": 2},
                                 {"full_name": "A", "author_order": 1}]},
         "abstract": "An abstract.", "content_type": "Conferences"},
        {"article_number": 124, "publication_year": 2020},
    ]})
    page = read_ieee_page(200, JSON, body, start=201)
    first, second = page.records
    assert (first.native_id, first.doi, first.year, first.first_author) == (
        "123", "10.1109/x.1", 2021, "A")
    assert (second.native_id, second.year, second.position) == ("124", 2020, 202)
    assert (first.authors, first.abstract, first.doc_type) == (
        ("A", "B"), "An abstract.", "Conferences")
    assert (second.authors, second.abstract, second.doc_type) == ((), None, None)
    assert read_ieee_page(200, JSON, _body({"total_records": 0})).records == ()


def test_ieee_over_rate_is_retried() -> None:
    headers = {"X-Mashery-Error-Code": "ERR_403_DEVELOPER_OVER_RATE", "Retry-After": "3600"}
    with pytest.raises(TransientApiError) as caught:
        read_ieee_page(403, headers, b"<h1>Developer Over Rate</h1>")
    assert caught.value.retry_after == 3600


# -- the plan ------------------------------------------------------------------------


def _source(database: str, count: int) -> FetchSource:
    return FetchSource(database, 4, count, ApiRequest("GET", "https://x", {}))


def test_plan_requests_time_and_refusals() -> None:
    settings = RunSettings(intervals={"pubmed": 1 / 3, "wos": 1.0, "arxiv": 3.0, "ieee": 1.0})
    sources = [_source("pubmed", 12_000), _source("wos", 372), _source("arxiv", 4_100),
               _source("ieee", 50_000)]
    plan = plan_fetch(1, 4, sources, {}, settings=settings)
    by = {item.database: item for item in plan.databases}
    assert by["pubmed"].requests == 1 + 20 and by["pubmed"].end == 9_999
    assert "RF001" in by["pubmed"].notes[0] and "2,001" in by["pubmed"].notes[0]
    assert by["wos"].requests == 8 and by["wos"].seconds == pytest.approx(8 * spacing(1.0))
    assert by["arxiv"].requests == 3 and by["arxiv"].seconds == pytest.approx(3 * spacing(3.0))
    # IEEE Xplore: 50,000 records, above --max-records: 50 pages up to the cap
    assert by["ieee"].end == 10_000 and by["ieee"].requests == 50
    reasons = " ".join(plan.refusals)
    assert "RF005 IEEE Xplore: 50,000 records, above --max-records 10,000" in reasons
    assert "RF005 PubMed" not in reasons  # 9,999 fetchable: under the cap
    assert "RF006" not in reasons  # 50 requests: within both quotas
    assert plan.seconds == max(item.seconds for item in plan.databases)


def test_plan_quota_and_max_requests_with_yes() -> None:
    sources = [_source("ieee", 45_000), _source("wos", 3_000)]
    plan = plan_fetch(1, 4, sources, {}, max_records=50_000)
    reasons = " ".join(plan.refusals)
    assert "RF006 IEEE Xplore: 225 requests, above its daily quota of 200" in reasons
    assert "RF006 Web of Science: 60 requests, above its daily quota of 50" in reasons
    capped = plan_fetch(1, 4, sources, {}, max_records=50_000, max_requests=10, yes=True)
    by = {item.database: item for item in capped.databases}
    assert by["ieee"].requests == 10 and by["ieee"].end == 2_000
    assert by["wos"].requests == 10 and by["wos"].end == 500


def test_plan_resumes_from_the_state_and_costs_nothing_when_done() -> None:
    states = {"wos": FetchState("wos", fetched=100, state={"next": 100}),
              "ieee": FetchState("ieee", fetched=179, complete=True, state={"next": 179})}
    plan = plan_fetch(1, 4, [_source("wos", 372), _source("ieee", 179)], states)
    by = {item.database: item for item in plan.databases}
    assert by["wos"].start == 100 and by["wos"].requests == 6 and by["wos"].already == 100
    assert by["ieee"].requests == 0 and plan.refusals == []
