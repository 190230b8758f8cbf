"""Fake Web of Science Starter API (``/apis/wos-starter/v1/documents``).

The point of this fake is the query check: the Starter API accepts only a
short list of field tags and wants a tag on every term, so a compiler that
emits ``AB=`` or a bare word must be caught here, not by a librarian. The
check is a real tokenizer and recursive-descent parser, so quoted text may
contain parentheses and ``=`` without confusing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .base import FakeServer, Fault, RecordedRequest, Reply, SlidingWindow, retry_after_header
from .pool import PoolRecord

DEFAULT_API_KEY = "fake-wos-key"

#: Tags the Starter API accepts (from the server's own HTTP 400 message).
ACCEPTED_TAGS = "AI AU CS DO DOP DT FPY IS OG PG PMID PY SO SUR TI TS UT VL".split()
DATABASES = frozenset(
    {"WOS", "BIOABS", "BCI", "BIOSIS", "CCC", "DCI", "DIIDW", "MEDLINE", "ZOOREC", "PPRN", "WOK"}
)
MISS_TAGEQ = "MISS_TAGEQ:Parse error - Missing Tag="
_OPERATOR = re.compile(r"^(AND|OR|NOT|SAME|NEAR(/\d+)?)$", re.IGNORECASE)


class WosQueryError(ValueError):
    """A query the Starter API would refuse; the text goes in ``details``."""


@dataclass(frozen=True)
class Token:
    """One lexical unit: ``(``, ``)``, ``=``, ``quote`` or ``word``."""

    kind: str
    text: str
    pos: int

    @property
    def is_operator(self) -> bool:
        return self.kind == "word" and _OPERATOR.match(self.text) is not None


def tokenize(query: str) -> list[Token]:
    """Split a query into tokens; quoted text is one token, whatever it holds."""
    tokens: list[Token] = []
    i = 0
    while i < len(query):
        char = query[i]
        if char.isspace():
            i += 1
        elif char in "()=":
            tokens.append(Token(char, char, i))
            i += 1
        elif char == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise WosQueryError(f"Parse error - Unbalanced quotes at position {i}")
            tokens.append(Token("quote", query[i + 1 : end], i))
            i = end + 1
        else:
            end = i
            while end < len(query) and not query[end].isspace() and query[end] not in '()="':
                end += 1
            tokens.append(Token("word", query[i:end], i))
            i = end
    return tokens


def _check_parentheses(tokens: list[Token]) -> None:
    """Give unbalanced parentheses their own clear message."""
    depth = 0
    for token in tokens:
        depth += {"(": 1, ")": -1}.get(token.kind, 0)
        if depth < 0:
            raise WosQueryError(f"Parse error - Unbalanced parentheses at position {token.pos}")
    if depth:
        raise WosQueryError("Parse error - Unbalanced parentheses: missing ')'")


class _Parser:
    """Recursive descent over the tokens; only validates, builds nothing.

    Grammar: ``expr := operand ((OP)? operand)*`` (adjacent operands are an
    implicit AND); outside a tag an operand is ``( expr )`` or
    ``TAG = value``; inside a tag it is ``( expr )``, a word or a phrase.
    """

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self, ahead: int = 0) -> Token | None:
        index = self.i + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> None:
        if not self.tokens:
            raise WosQueryError("Parse error - Empty query")
        self.expr(tagged=False)
        extra = self.peek()
        if extra is not None:
            raise WosQueryError(f"Parse error - Unexpected {extra.text!r} at {extra.pos}")

    def expr(self, tagged: bool) -> None:
        self.operand(tagged)
        while (token := self.peek()) is not None and token.kind != ")":
            if token.is_operator:
                self.take()
                following = self.peek()
                if following is None or following.kind == ")" or following.is_operator:
                    raise WosQueryError(
                        f"Parse error - Operator {token.text} at {token.pos} lacks a right operand"
                    )
            self.operand(tagged)

    def operand(self, tagged: bool) -> None:
        token = self.peek()
        if token is None:
            raise WosQueryError("Parse error - Unexpected end of query")
        if token.kind == "(":
            self.group(tagged)
        elif token.kind in (")", "="):
            raise WosQueryError(f"Parse error - Unexpected {token.text!r} at {token.pos}")
        elif token.is_operator:
            raise WosQueryError(f"Parse error - Unexpected operator {token.text} at {token.pos}")
        elif token.kind == "word" and self._next_is_equals():
            if tagged:
                raise WosQueryError(f"Parse error - Field tag {token.text}= inside a tagged group")
            self.tagged_value()
        elif not tagged:
            raise WosQueryError(MISS_TAGEQ)
        else:
            self.take()

    def group(self, tagged: bool) -> None:
        opening = self.take()
        if (token := self.peek()) is not None and token.kind == ")":
            raise WosQueryError(f"Parse error - Empty parentheses at {opening.pos}")
        self.expr(tagged)
        self.take()  # ')' is guaranteed by _check_parentheses

    def tagged_value(self) -> None:
        tag = self.take()
        self.take()  # '='
        if tag.text.upper() not in ACCEPTED_TAGS:
            raise WosQueryError(
                f"Invalid field tag {tag.text!r}. "
                f"Accepted field tags are: {', '.join(ACCEPTED_TAGS)}"
            )
        value = self.peek()
        if value is None or value.kind in (")", "=") or value.is_operator:
            raise WosQueryError(f"Parse error - Missing search term after {tag.text}=")
        self.operand(tagged=True)

    def _next_is_equals(self) -> bool:
        following = self.peek(1)
        return following is not None and following.kind == "="


def validate_query(query: str) -> None:
    """Raise ``WosQueryError`` when the Starter API would refuse ``query``."""
    tokens = tokenize(query)
    _check_parentheses(tokens)
    _Parser(tokens).parse()


def _error(status: int, title: str, details: str) -> Reply:
    """Clarivate's JSON error envelope."""
    return Reply.json(status, {"error": {"status": status, "title": title, "details": details}})


def _syntax_error(message: str) -> Reply:
    """The 400 for a query the parser refuses."""
    return _error(400, "Invalid syntax for the request", f"Search query is invalid: {message}")


def _gateway_fault(
    status: int, text: str, code: str, headers: dict[str, str] | None = None
) -> Reply:
    """The API gateway's error shape (key and spike-arrest failures)."""
    body = {"fault": {"faultstring": text, "detail": {"errorcode": code}}}
    return Reply.json(status, body, headers)


class FakeWoS(FakeServer):
    """Fake Web of Science Starter ``documents`` endpoint.

    Options: ``api_key`` (the valid ``X-ApiKey``), ``rate_limit`` (requests
    per ``rate_window`` seconds, default 1; None = unlimited; the free
    trial allows 1),
    ``daily_quota`` (accepted requests before every answer is 429, None =
    unlimited). Fault kinds: ``syntax_error`` (alias ``api_error``; the
    MISS_TAGEQ 400), ``quota`` (429 quota violation), ``unauthorized``.
    """

    ENDPOINT = "/apis/wos-starter/v1/documents"
    DATABASE = "wos"
    FAULT_KINDS = frozenset({"syntax_error", "quota", "unauthorized", "short_page"})
    FAULT_ALIASES = {"api_error": "syntax_error"}

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        rate_limit: int | None = None,
        daily_quota: int | None = None,
        rate_window: float = 1.0,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.rate_window = rate_window
        self.api_key = api_key
        self.rate_limit = rate_limit
        self.daily_quota = daily_quota
        self._window = SlidingWindow(self.rate_window)
        self._used = 0

    def _reset_limits(self) -> None:
        self._window = SlidingWindow(self.rate_window)
        self._used = 0

    def admit(self, req: RecordedRequest) -> Reply | None:
        """Key first (the gateway), then spike arrest, then the daily quota."""
        key = req.header("X-ApiKey")
        if key is None:
            return _gateway_fault(
                401,
                "Failed to resolve API Key variable request.header.X-ApiKey",
                "steps.oauth.v2.FailedToResolveAPIKey",
            )
        if not self.key_is_valid(key, self.api_key):
            return _gateway_fault(401, "Invalid ApiKey", "oauth.v2.InvalidApiKey")
        if self.rate_limit is not None and self._window.hit(key, req.arrived) > self.rate_limit:
            return self.too_many_reply(None)
        self._used += 1
        if self.daily_quota is not None and self._used > self.daily_quota:
            return self._quota_reply(None)
        return None

    def too_many_reply(self, retry_after: float | None) -> Reply:
        rate = self.rate_limit or 1
        text = (
            f"Spike arrest violation. Allowed rate : MessageRate{{messagesPerPeriod={rate}, "
            f"periodInMicroseconds=1000000, maxBurstMessageCount={rate}.0}}"
        )
        code = "policies.ratelimit.SpikeArrestViolation"
        return _gateway_fault(429, text, code, retry_after_header(retry_after))

    @staticmethod
    def _quota_reply(retry_after: float | None) -> Reply:
        text = "Rate limit quota violation. Quota limit  exceeded. Identifier : _default"
        code = "policies.ratelimit.QuotaViolation"
        return _gateway_fault(429, text, code, retry_after_header(retry_after))

    def answer(self, req: RecordedRequest, fault: Fault) -> Reply:
        """Validate parameters and the query, then give metadata and hits."""
        if fault.kind == "unauthorized":
            return _gateway_fault(401, "Invalid ApiKey", "oauth.v2.InvalidApiKey")
        if fault.kind == "quota":
            return self._quota_reply(fault.retry_after)
        if fault.kind == "syntax_error":
            return _syntax_error(MISS_TAGEQ)
        params = self._params(req)
        if isinstance(params, Reply):
            return params
        query, limit, page = params
        try:
            validate_query(query)
        except WosQueryError as exc:
            return _syntax_error(str(exc))
        total = self.count_for(query)
        body = self._body(query, total, limit, page)
        if fault.kind == "short_page":
            body["hits"] = body["hits"][: len(body["hits"]) // 2]
        return Reply.json(200, body)

    @staticmethod
    def _params(req: RecordedRequest) -> tuple[str, int, int] | Reply:
        """(q, limit, page), or the 400 for the first bad parameter."""
        query = req.param("q")
        if query is None or not query.strip():
            return _error(400, "Invalid request parameter", "Required parameter 'q' is missing")
        database = (req.param("db") or "WOS").upper()
        if database not in DATABASES:
            return _error(400, "Invalid request parameter", f"Unknown database {database!r}")
        numbers = []
        for name, default, low, high in (("limit", 10, 1, 50), ("page", 1, 1, 10**6)):
            text = req.param(name) or str(default)
            if not text.isdigit() or not low <= int(text) <= high:
                details = f"Parameter {name!r} must be an integer between {low} and {high}"
                return _error(400, "Invalid request parameter", details)
            numbers.append(int(text))
        return query, numbers[0], numbers[1]

    def _body(self, query: str, total: int, limit: int, page: int) -> dict[str, Any]:
        first = (page - 1) * limit
        shown = max(0, min(limit, total - first))
        hits = []
        for index in range(first, first + shown):
            record = self.pool.at("wos", index) if self.pool is not None else None
            hits.append(_hit(record) if record is not None else {
                "uid": f"WOS:{1_000_000_000_000 + index:015d}",
                "title": f"Fake record {index + 1} for {query[:60]}",
                "types": ["Article"],
            })
        return {"metadata": {"total": total, "page": page, "limit": limit}, "hits": hits}


def _hit(record: PoolRecord) -> dict[str, Any]:
    """One ``/documents`` hit in the Starter API's shape (clarivate's models)."""
    identifiers: dict[str, Any] = {"issn": "1361-8415"}
    if record.doi:
        identifiers["doi"] = record.doi
    if record.pmid:
        identifiers["pmid"] = record.pmid
    authors = [{"displayName": _wos_name(name), "wosStandard": _wos_name(name),
                "researcherId": ""} for name in record.authors]
    return {
        "uid": record.native_id,
        "title": record.title,
        "types": ["Article"],
        "sourceTypes": ["Article"],
        "source": {"sourceTitle": record.venue.upper(), "publishYear": record.year,
                   "volume": "12", "issue": "3", "pages": {"range": "101-110",
                                                           "begin": "101", "end": "110",
                                                           "count": 10}},
        "names": {"authors": authors},
        "links": {"record": f"https://www.webofscience.com/wos/woscc/full-record/"
                            f"{record.native_id}"},
        "identifiers": identifiers,
        "keywords": {"authorKeywords": ["deep learning", "medical imaging"]},
    }


def _wos_name(name: str) -> str:
    """``Smith J`` -> ``Smith, J`` (how Web of Science writes names)."""
    surname, _, initials = name.rpartition(" ")
    return f"{surname}, {initials}" if surname else name
