"""Fake Elsevier Scopus Search API (``/content/search/scopus``), answering JSON.

Scopus's traps, reproduced (sources in docs/db-scopus.md):

- the count is a *string*, ``search-results.opensearch:totalResults``;
- a query with no hits still has one ``entry``: ``{"@_fa": "true",
  "error": "Result set was empty"}``, so a client counting entries is wrong;
- every unreadable query is the same HTTP 400 ``INVALID_INPUT`` /
  ``Error translating query`` (the fake keeps the reason in
  ``last_query_error`` for tests; the real API never says why);
- a bad key is HTTP 401 ``AUTHORIZATION_ERROR`` whose text *echoes the key*,
  and every accepted answer echoes it in an ``X-ELS-APIKey`` response header
  (a client must never show a body or a header dump verbatim);
- the weekly quota and the per-second throttle are both HTTP 429; only the
  quota one carries ``X-ELS-Status: QUOTA_EXCEEDED - Quota Exceeded`` and
  ``X-RateLimit-Reset`` (epoch seconds), without ``X-RateLimit-Limit`` and
  ``-Remaining``, which every accepted answer carries;
- offset paging stops at 5,000 results (``start + count``); past that only
  the cursor pages (``cursor=*``, then ``cursor.@next``), and a key without
  the entitlement gets HTTP 403 ``Use of the cursor parameter is restricted``;
- ``count`` above the view's maximum (STANDARD 200, COMPLETE 25, or the key's
  service level) is HTTP 400 ``Exceeds the maximum number allowed for the
  service level``; the COMPLETE view needs an entitled key (401 otherwise).
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from .base import FakeServer, Fault, RecordedRequest, Reply, SlidingWindow
from .idclause import FakeRecord, QueryError, hits_of
from .pool import PoolRecord
from .scopus_query import ScopusQueryError, validate_query

DEFAULT_API_KEY = "fake-scopus-key"
#: Weekly quota of the Scopus Search API (dev.elsevier.com/api_key_settings.html).
WEEKLY_QUOTA = 20_000
#: Requests per second the Scopus Search API allows (the same page).
RATE_PER_SECOND = 9
#: Most entries per page, per view (Scopus Search Views; pybliometrics COUNTS).
VIEW_MAX = {"STANDARD": 200, "COMPLETE": 25}
#: Offset paging reaches no further than this (start + count).
OFFSET_MAX = 5000
WEEK = 7 * 24 * 3600
QUOTA_STATUS = "QUOTA_EXCEEDED - Quota Exceeded"
SERVICE_LEVEL = "Exceeds the maximum number allowed for the service level"
BEYOND_RESULTS = "Exceeds the number of search results"
EMPTY_ENTRY = {"@_fa": "true", "error": "Result set was empty"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_API = "https://api.elsevier.com/content/search/scopus"


def service_error(status: int, code: str, text: str,
                  headers: dict[str, str] | None = None) -> Reply:
    """Elsevier's JSON error envelope: ``service-error.status.{statusCode,statusText}``."""
    body = {"service-error": {"status": {"statusCode": code, "statusText": text}}}
    return Reply.json(status, body, headers)


def invalid(text: str) -> Reply:
    return service_error(400, "INVALID_INPUT", text)


class FakeScopus(FakeServer):
    """Fake Scopus Search API.

    Options: ``api_key`` (the valid ``X-ELS-APIKey``, also read from the
    ``apiKey`` parameter), ``rate_limit`` (requests per ``rate_window``
    seconds before a 429; None = unlimited; the real limit is 9/s),
    ``weekly_quota`` (accepted requests before the quota 429; None = the
    real 20,000, counted but never spent in a test), ``subscriber`` (False:
    the cursor is refused with 403, ``view=COMPLETE`` with 401),
    ``page_max`` (the key's service level: most entries per page, below the
    view's maximum). Fault kinds: ``quota`` (the weekly-quota 429; a number
    argument is seconds to the reset), ``throttle`` (the per-second 429),
    ``unauthorized`` (401), ``syntax_error`` (alias ``api_error``; the 400),
    ``short_page``.
    """

    #: Records to search (tests.fakes.idclause); None: made-up counts.
    searchable_records: list[FakeRecord] | None = None

    ENDPOINT = "/content/search/scopus"
    DATABASE = "scopus"
    FAULT_KINDS = frozenset({"quota", "throttle", "unauthorized", "syntax_error", "short_page"})
    FAULT_ALIASES = {"api_error": "syntax_error"}

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        rate_limit: int | None = None,
        rate_window: float = 1.0,
        weekly_quota: int | None = None,
        subscriber: bool = True,
        page_max: int | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.api_key = api_key
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        self.weekly_quota = weekly_quota
        self.subscriber = subscriber
        self.page_max = page_max
        #: Why the last refused query was refused (the real API does not say).
        self.last_query_error: str | None = None
        self._window = SlidingWindow(rate_window)
        self._used = 0
        self._reset_at = int(time.time()) + WEEK
        self._cursors: dict[str, int] = {}

    def _reset_limits(self) -> None:
        self._window = SlidingWindow(self.rate_window)
        self._used = 0
        self._cursors = {}

    # -- the gate --------------------------------------------------------------

    @property
    def quota(self) -> int:
        return self.weekly_quota if self.weekly_quota is not None else WEEKLY_QUOTA

    def admit(self, req: RecordedRequest) -> Reply | None:
        """Key, then the per-second throttle, then the weekly quota."""
        key = req.header("X-ELS-APIKey") or req.param("apiKey")
        if not key:
            return service_error(401, "AUTHENTICATION_ERROR", "Requestor API Key not provided")
        if not self.key_is_valid(key, self.api_key):
            return self._unauthorized(key, req.client)
        if self.rate_limit is not None and self._window.hit(key, req.arrived) > self.rate_limit:
            return self._throttled()
        self._used += 1
        if self._used > self.quota:
            return self._quota_reply(None)
        return None

    @staticmethod
    def _unauthorized(key: str, client: str) -> Reply:
        text = (f"APIKey {key} with IP address {client} is unrecognized or has insufficient "
                "privileges for access to this resource")
        return service_error(401, "AUTHORIZATION_ERROR", text)

    @staticmethod
    def _throttled() -> Reply:
        # The throttle's body is not documented; the status is (api_key_settings.html).
        return service_error(429, "TOO_MANY_REQUESTS", "Too Many Requests")

    def too_many_reply(self, retry_after: float | None) -> Reply:
        return self._throttled()

    def _quota_reply(self, seconds: float | None) -> Reply:
        reset = self._reset_at if seconds is None else int(time.time() + seconds)
        headers = {"X-ELS-Status": QUOTA_STATUS, "X-RateLimit-Reset": str(reset)}
        body = {"service-error": {"status": {"statusCode": "QUOTA_EXCEEDED",
                                             "statusText": "Quota Exceeded"}}}
        return Reply.json(429, body, headers)

    def _quota_headers(self) -> dict[str, str]:
        return {"X-RateLimit-Limit": str(self.quota),
                "X-RateLimit-Remaining": str(max(0, self.quota - self._used)),
                "X-RateLimit-Reset": str(self._reset_at), "X-ELS-Status": "OK"}

    # -- the answer ------------------------------------------------------------

    def answer(self, req: RecordedRequest, fault: Fault) -> Reply:
        if fault.kind == "quota":
            return self._quota_reply(fault.retry_after)
        if fault.kind == "throttle":
            return self._throttled()
        if fault.kind == "unauthorized":
            return self._unauthorized(str(req.header("X-ELS-APIKey")), req.client)
        if fault.kind == "syntax_error":
            return invalid("Error translating query")
        checked = self._params(req)
        if isinstance(checked, Reply):
            return checked
        query, view, count, start, cursor = checked
        try:
            validate_query(query)
        except ScopusQueryError as error:
            self.last_query_error = str(error)
            return invalid("Error translating query")
        low, high = _years(req.param("date"))
        try:  # the fake's own records, when it has some; the years may be a parameter
            hits = hits_of(self, "scopus", query, lambda record: low <= record.year <= high)
        except QueryError as error:
            self.last_query_error = str(error)
            return invalid("Error translating query")
        total = len(hits) if hits is not None else self.count_for(query)
        if cursor is None and start + count > OFFSET_MAX and total > OFFSET_MAX:
            return invalid(BEYOND_RESULTS)
        if cursor is None and start > total:
            return invalid(BEYOND_RESULTS)
        if cursor is not None:
            if cursor != "*" and cursor not in self._cursors:
                return invalid("Invalid cursor value")
            start = 0 if cursor == "*" else self._cursors[cursor]
        if hits is not None:
            def make(index: int) -> dict[str, Any]:
                return record_entry(hits[index], index)
        else:
            def make(index: int) -> dict[str, Any]:
                return self._entry(index, view)
        body = self._body(query, total, count, start, cursor, make)
        if fault.kind == "short_page":
            entries = body["search-results"]["entry"]
            body["search-results"]["entry"] = entries[: len(entries) // 2]
        with self._lock:
            headers = self._quota_headers()
        # Observed in real answers: the key comes back in a response header.
        headers["X-ELS-APIKey"] = str(req.header("X-ELS-APIKey") or req.param("apiKey"))
        return Reply.json(200, body, headers)

    def _params(self, req: RecordedRequest) -> tuple[str, str, int, int, str | None] | Reply:
        """(query, view, count, start, cursor), or the 4xx for the first bad parameter."""
        accept = (req.param("httpAccept") or req.header("Accept") or "application/json").lower()
        if "json" not in accept and "*/*" not in accept:
            # Atom and XML exist (the WADL); the fake speaks only JSON.
            return Reply.text(406, "FakeScopus serves application/json only")
        query = req.param("query")
        if query is None or not query.strip():
            return invalid("Missing required parameter: query")
        view = (req.param("view") or "STANDARD").upper()
        if view not in VIEW_MAX:
            return invalid(f"Invalid view parameter: {view}")
        if view == "COMPLETE" and not self.subscriber:
            return service_error(401, "AUTHORIZATION_ERROR", "The requestor is not authorized to "
                                 "access the requested view or fields of the resource")
        numbers = []
        for name, default in (("count", 25), ("start", 0)):
            text = req.param(name) or str(default)
            if not text.isdigit():
                return invalid(f"Invalid {name} parameter: {text}")
            numbers.append(int(text))
        count, start = numbers
        if count > min(VIEW_MAX[view], self.page_max or VIEW_MAX[view]):
            return invalid(SERVICE_LEVEL)
        date = req.param("date")
        if date is not None:
            match = _DATE.match(date)
            if match is None or (match.group(2) and int(match.group(1)) > int(match.group(2))):
                return invalid(f"Invalid date parameter: {date}")
        cursor = req.param("cursor")
        if cursor is not None and not self.subscriber:
            return service_error(403, "AUTHORIZATION_ERROR",
                                 "Use of the cursor parameter is restricted")
        return query, view, count, start, cursor

    def _body(self, query: str, total: int, count: int, start: int, cursor: str | None,
              make: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
        shown = max(0, min(count, total - start))
        entries = [make(index) for index in range(start, start + shown)]
        results: dict[str, Any] = {
            "opensearch:totalResults": str(total),
            "opensearch:startIndex": str(start),
            "opensearch:itemsPerPage": str(len(entries)),
            "opensearch:Query": {"@role": "request", "@searchTerms": query,
                                 "@startPage": str(start)},
            "link": self._links(query, total, count, start),
            "entry": entries if total else [dict(EMPTY_ENTRY)],
        }
        if cursor is not None:
            following = start + len(entries)
            token = _cursor_token(query, following)
            with self._lock:
                self._cursors[token] = following
            results["cursor"] = {"@current": cursor, "@next": token}
        return {"search-results": results}

    @staticmethod
    def _links(query: str, total: int, count: int, start: int) -> list[dict[str, str]]:
        encoded = quote(query)
        links = [("self", start), ("first", 0)]
        if count and start + count < total:
            links.append(("next", start + count))
        if count:
            links.append(("last", max(0, min(total, OFFSET_MAX) - count)))
        return [{"@_fa": "true", "@ref": ref, "@type": "application/json",
                 "@href": f"{_API}?start={at}&count={count}&query={encoded}"}
                for ref, at in links]

    def _entry(self, index: int, view: str) -> dict[str, Any]:
        record = self.pool.at("scopus", index) if self.pool is not None else None
        return entry(record, index, view)


def _years(date: str | None) -> tuple[int, int]:
    """The ``date`` parameter (already checked) as inclusive years."""
    match = _DATE.match(date or "")
    if match is None:
        return 0, 9999
    return int(match.group(1)), int(match.group(2) or match.group(1))


def record_entry(hit: FakeRecord, index: int) -> dict[str, Any]:
    """A searchable record (tests.fakes.idclause) as a Scopus entry."""
    item = entry(None, index)
    item.update({"dc:title": hit.title, "prism:coverDate": f"{hit.year}-01-05",
                 "prism:coverDisplayDate": f"5 January {hit.year}"})
    item.pop("prism:doi", None)
    if hit.doi:
        item["prism:doi"] = hit.doi
    if hit.pmid:
        item["pubmed-id"] = hit.pmid
    return item


def _cursor_token(query: str, position: int) -> str:
    """An opaque ``@next`` token, as Scopus sends (base64-looking)."""
    raw = f"{position}:{query}".encode()
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def entry(record: PoolRecord | None, index: int, view: str = "STANDARD") -> dict[str, Any]:
    """One search result in the Scopus Search API's JSON (STANDARD fields;
    COMPLETE adds the author list and the author keywords). Strings
    throughout, as the API sends them; the ISSN without its hyphen."""
    scopus_id = str(85_000_000_000 + index)
    if record is not None:
        title, year, venue, doi = record.title, record.year, record.venue, record.doi
        authors, pmid = record.authors, record.pmid
    else:
        title, year, venue = f"Fake Scopus document {index + 1}", 2024, "Fake Journal"
        doi, authors, pmid = f"10.1016/j.fake.2024.{index:06d}", ("Smith J",), None
    creator = f"{authors[0]}." if authors else ""
    item: dict[str, Any] = {
        "@_fa": "true",
        "link": [
            {"@_fa": "true", "@ref": "self",
             "@href": f"https://api.elsevier.com/content/abstract/scopus_id/{scopus_id}"},
            {"@_fa": "true", "@ref": "scopus",
             "@href": f"https://www.scopus.com/inward/record.uri?partnerID=HzOxMe3b"
                      f"&scp={scopus_id}&origin=inward"},
        ],
        "prism:url": f"https://api.elsevier.com/content/abstract/scopus_id/{scopus_id}",
        "dc:identifier": f"SCOPUS_ID:{scopus_id}",
        "eid": f"2-s2.0-{scopus_id}",
        "dc:title": title,
        "dc:creator": creator,
        "prism:publicationName": venue,
        "prism:issn": "13618415",
        "prism:volume": "12",
        "prism:pageRange": "101-110",
        "prism:coverDate": f"{year}-01-05",
        "prism:coverDisplayDate": f"5 January {year}",
        "citedby-count": str(index % 40),
        "prism:aggregationType": "Journal",
        "subtype": "ar",
        "subtypeDescription": "Article",
        "openaccess": "0",
        "openaccessFlag": False,
    }
    if doi:
        item["prism:doi"] = doi
    if pmid:
        item["pubmed-id"] = pmid
    if view == "COMPLETE":
        item["author"] = [
            {"@_fa": "true", "@seq": str(seq), "authid": str(57_000_000_000 + seq),
             "authname": f"{name}.", "surname": name.rpartition(" ")[0] or name,
             "initials": f"{name.rpartition(' ')[2]}."}
            for seq, name in enumerate(authors, start=1)]
        item["author-count"] = {"@limit": "100", "@total": str(len(authors)),
                                "$": str(len(authors))}
        item["authkeywords"] = "deep learning | medical imaging"
    return item
