"""Fake IEEE Xplore Metadata Search API (``/api/v1/search/articles``).

Its traps, reproduced: a bad key is HTTP 403 with an HTML body (not JSON),
running out of quota is also 403 (not 429) told apart only by the
``X-Mashery-Error-Code`` header, and ``articles`` is absent when there are
no hits.
"""

from __future__ import annotations

import re
from typing import Any

from .base import FakeServer, Fault, RecordedRequest, Reply, SlidingWindow, retry_after_header
from .idclause import FakeRecord, QueryError, hits_of
from .pool import PoolRecord

DEFAULT_API_KEY = "fake-ieee-key"
TOTAL_SEARCHED = 5168113
OVER_RATE = "ERR_403_DEVELOPER_OVER_RATE"
OVER_QPS = "ERR_403_DEVELOPER_OVER_QPS"
_YEAR = re.compile(r"^\d{4}$")
_HTML = "text/html; charset=utf-8"


def _inactive() -> Reply:
    """Mashery's answer to a missing, wrong or disabled key."""
    return Reply.text(403, "<h1>Developer Inactive</h1>", _HTML)


def _over(code: str, retry_after: float) -> Reply:
    """Mashery's quota (per day) or rate (per second) refusal."""
    title = "Developer Over Rate" if code == OVER_RATE else "Developer Over Qps"
    headers = {"X-Mashery-Error-Code": code, **retry_after_header(retry_after)}
    return Reply.text(403, f"<h1>{title}</h1>", _HTML, headers)


def _bad_request(message: str) -> Reply:
    return Reply.json(400, {"error": message})


class FakeIEEE(FakeServer):
    """Fake IEEE Xplore article search.

    Options: ``api_key`` (the valid ``apikey``), ``rate_limit`` (calls per
    ``rate_window`` seconds, default 1, before ``ERR_403_DEVELOPER_OVER_QPS``; None =
    unlimited), ``daily_quota`` (accepted calls before
    ``ERR_403_DEVELOPER_OVER_RATE``; None = unlimited), ``quota_retry_after``
    (its ``Retry-After``, seconds). Fault kinds: ``over_rate`` (aliases
    ``ieee_over_rate``, ``api_error``; a number argument is the
    Retry-After), ``over_qps``, ``inactive``.
    """

    #: Records to search (tests.fakes.idclause); None: made-up counts.
    searchable_records: list[FakeRecord] | None = None

    ENDPOINT = "/api/v1/search/articles"
    DATABASE = "ieee"
    FAULT_KINDS = frozenset({"over_rate", "over_qps", "inactive", "short_page"})
    FAULT_ALIASES = {"ieee_over_rate": "over_rate", "api_error": "over_rate"}

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        rate_limit: int | None = None,
        daily_quota: int | None = None,
        quota_retry_after: float = 3600.0,
        rate_window: float = 1.0,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.rate_window = rate_window
        self.api_key = api_key
        self.rate_limit = rate_limit
        self.daily_quota = daily_quota
        self.quota_retry_after = quota_retry_after
        self._window = SlidingWindow(self.rate_window)
        self._used = 0

    def _reset_limits(self) -> None:
        self._window = SlidingWindow(self.rate_window)
        self._used = 0

    def admit(self, req: RecordedRequest) -> Reply | None:
        """Key, then calls per second, then calls per day (Mashery's order)."""
        key = req.param("apikey")
        if not self.key_is_valid(key, self.api_key):
            return _inactive()
        if self.rate_limit is not None and self._window.hit(key, req.arrived) > self.rate_limit:
            return _over(OVER_QPS, 1)
        self._used += 1
        if self.daily_quota is not None and self._used > self.daily_quota:
            return _over(OVER_RATE, self.quota_retry_after)
        return None

    def answer(self, req: RecordedRequest, fault: Fault) -> Reply:
        """Validate parameters, then the JSON (or XML) result."""
        if fault.kind == "inactive":
            return _inactive()
        if fault.kind in ("over_rate", "over_qps"):
            code = OVER_RATE if fault.kind == "over_rate" else OVER_QPS
            default = self.quota_retry_after if code == OVER_RATE else 1.0
            return _over(code, fault.retry_after if fault.retry_after is not None else default)
        checked = self._params(req)
        if isinstance(checked, Reply):
            return checked
        query, max_records, start_record, as_xml = checked
        low, high = int(req.param("start_year") or 0), int(req.param("end_year") or 9999)
        try:  # the fake's own records, when it has some; the years are parameters
            hits = hits_of(self, "ieee", query, lambda record: low <= record.year <= high)
        except QueryError as error:
            return _bad_request(str(error))
        if hits is not None and not as_xml:
            return Reply.json(200, _record_body(hits, max_records, start_record))
        total = self.count_for(query)
        if as_xml:
            xml = (
                f'<?xml version="1.0" encoding="UTF-8"?><articles><totalfound>{total}</totalfound>'
                f"<totalsearched>{TOTAL_SEARCHED}</totalsearched></articles>"
            )
            return Reply.text(200, xml, "application/xml; charset=utf-8")
        body = self._body(total, max_records, start_record)
        if fault.kind == "short_page" and "articles" in body:
            body["articles"] = body["articles"][: len(body["articles"]) // 2]
        return Reply.json(200, body)

    @staticmethod
    def _params(req: RecordedRequest) -> tuple[str, int, int, bool] | Reply:
        """(querytext, max_records, start_record, xml?) or the first 400."""
        output = (req.param("format") or "json").lower()
        if output not in ("json", "xml"):
            return _bad_request(f"Invalid format: {output}")
        query = req.param("querytext")
        if query is None or not query.strip():
            return _bad_request("No search criteria provided: querytext is required")
        numbers = []
        for name, default, high in (("max_records", 25, 200), ("start_record", 1, 10**7)):
            text = req.param(name) or str(default)
            if not text.isdigit() or not 1 <= int(text) <= high:
                return _bad_request(f"{name} must be an integer from 1 to {high}")
            numbers.append(int(text))
        years: list[str | None] = []
        for name in ("start_year", "end_year"):
            year = req.param(name)
            if year is not None and not _YEAR.match(year):
                return _bad_request(f"{name} must be a 4-digit year, got {year!r}")
            years.append(year)
        if years[0] and years[1] and int(years[0]) > int(years[1]):
            return _bad_request("start_year must not be after end_year")
        return query, numbers[0], numbers[1], output == "xml"

    def _body(self, total: int, max_records: int, start_record: int) -> dict[str, Any]:
        body: dict[str, Any] = {"total_records": total, "total_searched": TOTAL_SEARCHED}
        first = start_record - 1
        shown = max(0, min(max_records, total - first))
        if total:
            body["articles"] = [self._article_at(index) for index in range(first, first + shown)]
        return body

    def _article_at(self, index: int) -> dict[str, Any]:
        record = self.pool.at("ieee", index) if self.pool is not None else None
        if record is not None:
            return _article(record, index)
        return {
            "article_number": str(9_000_000 + index),
            "title": f"Fake article {index + 1}",
            "doi": f"10.1109/FAKE.2024.{9_000_000 + index}",
            "publication_year": 2024,
            "rank": index + 1,
        }


def _article(record: PoolRecord, index: int) -> dict[str, Any]:
    """One pool record as an IEEE Xplore article (the year a string now and then,
    as the API sends it)."""
    authors = [{"full_name": name, "author_order": order}
               for order, name in enumerate(record.authors, start=1)]
    article: dict[str, Any] = {
        "article_number": record.native_id,
        "title": record.title,
        "publication_year": str(record.year) if index % 2 else record.year,
        "publication_title": record.venue,
        "authors": {"authors": authors},
        "content_type": "Conferences" if "Conference" in record.venue else "Journals",
        "abstract": f"An abstract of {record.title}.",
        "rank": index + 1,
    }
    if record.doi:
        article["doi"] = record.doi
    return article


def _record_body(hits: list[FakeRecord], max_records: int, start_record: int) -> dict[str, Any]:
    """total_records and articles for the fake's own records (tests.fakes.idclause)."""
    body: dict[str, Any] = {"total_records": len(hits), "total_searched": TOTAL_SEARCHED}
    shown = hits[start_record - 1:start_record - 1 + max_records]
    if shown:
        body["articles"] = [
            {"article_number": hit.ieee or "0", "title": hit.title, "doi": hit.doi,
             "publication_year": hit.year, "rank": start_record + i}
            for i, hit in enumerate(shown)
        ]
    return body
