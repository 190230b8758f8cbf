"""Fake OpenAlex works list (``GET /works``), as the service answers in 2026.

Two layers, as in production: an edge (the Cloudflare proxy, source
ourresearch/openalex-api-proxy src/index.ts) that checks the key, the
daily budget, the per-second and broad-boolean throttles and the URL and
search lengths, then the origin (ourresearch/openalex-elastic-api:
core/validate.py, core/paginate.py, core/cursor.py, core/search.py) that
checks parameters, filters, paging and wildcards. Errors are JSON
``{"error": ..., "message": ...}``; budget and throttle refusals are 429
with ``Retry-After`` and the ``X-RateLimit-*`` headers every answer
carries. Its traps, reproduced: a wildcard on a stemmed search is a 400
(use ``search.exact`` or a ``.search.exact`` filter), ``next_cursor`` is
null on the last (short) page, and a keyless caller cannot cursor-page
(unconfirmed: third-party reports, see docs/db-openalex.md).
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from .base import FakeServer, Fault, RecordedRequest, Reply, SlidingWindow
from .pool import PoolRecord

DEFAULT_API_KEY = "fake-openalex-key"
#: One credit is 0.0001 USD (api-proxy CREDIT_TO_USD).
CREDIT_USD = 0.0001
#: A list+filter call costs 1 credit, any search (``search*`` parameter or a
#: ``*.search`` filter) 10 (api-proxy src/endpointClassifier.ts).
LIST_CREDITS, SEARCH_CREDITS = 1, 10
#: Daily credits: keyless 1,000 (0.10 USD), a free key 10,000 (1 USD).
KEYLESS_CREDITS, FREE_KEY_CREDITS = 1_000, 10_000
#: Requests per second: keyless 10, free key 30 (api-proxy perSecondLimit).
KEYLESS_PER_SECOND, FREE_KEY_PER_SECOND = 10, 30
#: Searches with more than this many AND/OR/NOT are throttled per client:
#: 1 a second keyless, 5 a second with a free key.
BOOLEAN_OPERATOR_LIMIT = 5
SEARCH_VOLUME_CAP = 1500  # characters of a ``search=`` value, free tiers
MAX_REQUEST_LINE = 8190  # bytes, gunicorn --limit-request-line
MAX_PER_PAGE, MAX_BASIC_RESULTS = 200, 10_000

VALID_PARAMS = frozenset({
    "apc_sum", "api-key", "api_key", "cited_by_count_sum", "cursor", "data_version",
    "data-version", "filter", "format", "include_xpac", "include-xpac", "group_by",
    "group-by", "group_bys", "group-bys", "mailto", "page", "per_page", "per-page", "q",
    "sample", "seed", "search", "select", "sort", "warm", "bypass_cache",
})
SEARCH_PARAMS = ("search", "search.semantic", "search.exact", "search.title",
                 "search.title.exact", "search.title_and_abstract",
                 "search.title_and_abstract.exact")
#: Stemmed searches, where a wildcard is refused, and their exact twins.
STEMMED_FILTERS = {
    "default.search": "default.search.exact",
    "title.search": "title.search.exact",
    "abstract.search": "abstract.search.exact",
    "fulltext.search": "fulltext.search.exact",
    "display_name.search": "display_name.search.exact",
    "title_and_abstract.search": "title_and_abstract.search.exact",
}
SEARCH_FILTERS = frozenset(STEMMED_FILTERS) | frozenset(STEMMED_FILTERS.values()) | {
    "keyword.search", "raw_author_name.search", "raw_affiliation_strings.search",
    "display_name.search.no_stem", "title.search.no_stem", "abstract.search.no_stem",
    "title_and_abstract.search.no_stem",
}
#: The filters querylang uses, besides the searches (a small part of the real list).
OTHER_FILTERS = frozenset({
    "publication_year", "from_publication_date", "to_publication_date", "language", "type",
    "doi", "ids.pmid", "pmid", "has_pmid", "primary_location.source.issn",
    "locations.source.issn", "primary_location.source.id", "locations.source.id",
    "authorships.author.id", "authorships.author.orcid", "is_oa", "is_retracted",
    "keywords.id", "topics.id", "cited_by_count", "openalex", "has_doi", "has_abstract",
})
WORK_TYPES = frozenset({
    "article", "book", "book-chapter", "dataset", "dissertation", "editorial", "erratum",
    "grant", "letter", "libguides", "other", "paratext", "peer-review", "preprint",
    "reference-entry", "report", "retraction", "review", "standard", "supplementary-materials",
})
_YEAR = re.compile(r"^!?(\d{4}(-\d{4})?|[<>]\d{4}|\d{4}-|-\d{4})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANG = re.compile(r"^!?[a-z]{2}$")
_OPERATOR = re.compile(r"(?<!\w)(?:OR|AND|NOT)(?!\w)")
_QUOTED = re.compile(r'"[^"]*"')


def _error(status: int, error: str, message: str, headers: dict[str, str] | None = None,
           **extra: Any) -> Reply:
    """The JSON error body both layers send."""
    return Reply.json(status, {"error": error, "message": message, **extra}, headers)


def _params_error(message: str) -> Reply:
    """The origin's APIQueryParamsError (app.py register_errorhandlers)."""
    return _error(400, "Invalid query parameters error.", message)


def _paging_error(message: str) -> Reply:
    """The origin's APIPaginationError."""
    return _error(400, "Pagination error.", message)


def encode_cursor(offset: int) -> str:
    """A cursor like the real one: base64 of a JSON string (here, the offset)."""
    return base64.b64encode(json.dumps(str([offset])).encode()).decode()


def decode_cursor(cursor: str) -> int | None:
    """The offset a cursor stands for, or None when it is not one of ours."""
    try:
        text = base64.b64decode(cursor, validate=True).decode("utf-8")
        values = json.loads(json.loads(text))
    except (ValueError, TypeError):
        return None
    if isinstance(values, list) and len(values) == 1 and isinstance(values[0], int):
        return int(values[0])
    return None


def split_filter(value: str) -> list[str]:
    """Split ``filter=`` on commas outside double quotes (elastic-api split_filter_string)."""
    parts, current, quoted = [], "", False
    for char in value:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            if current:
                parts.append(current)
            current = ""
        else:
            current += char
    if current:
        parts.append(current)
    return parts


def _token_problem(word: str) -> str | None:
    """One word's wildcard shape (core/search.py _validate_wildcard_token)."""
    if len(word) > 1 and word[0] in "*?":
        return (f'Leading wildcards are not supported (too expensive): "{word}". '
                "Anchor the wildcard with at least 3 leading characters, e.g. cycle*.")
    star = word.find("*")
    if star != -1 and star < 3:
        return (f'A * wildcard needs at least 3 leading characters: "{word}". '
                "Add characters before the *, e.g. abc*.")
    return None


def _phrase_problem(words: list[str]) -> str | None:
    """The words of one phrase or proximity search: shapes, then at most 2 wildcards."""
    for word in words:
        problem = _token_problem(word)
        if problem:
            return problem
    wild = [word for word in words if "*" in word or "?" in word]
    if len(wild) > 2:
        return (f"At most 2 wildcards (* or ?) are allowed in one phrase or proximity search; "
                f"this has {len(wild)}. Remove a wildcard or split it into separate searches "
                "(it gets too expensive otherwise).")
    for word in wild if len(wild) == 2 else []:
        if word.endswith("*") and word.count("*") == 1 and "?" not in word and len(word) < 5:
            return ("With two wildcards in one phrase or proximity search, each * needs at "
                    f'least 4 leading characters (for performance): "{word}". Use a longer '
                    "prefix (e.g. abcd*), drop a wildcard, or split into separate searches.")
    return None


def wildcard_problem(terms: str) -> str | None:
    """The origin's refusal of a malformed wildcard (core/search.py validate_wildcards)."""
    stripped = terms.strip()
    for phrase in re.findall(r'"([^"]*)"', terms):
        if "*" not in phrase and "?" not in phrase:
            continue
        words = phrase.split()
        proximity = re.search(re.escape(f'"{phrase}"') + r"~\d", terms) is not None
        if proximity or len(words) == 1 or stripped == f'"{phrase}"':
            problem = _phrase_problem(words)
            if problem:
                return problem
            continue
        return (f'Wildcards (* or ?) do not work inside this quoted phrase: "{phrase}". '
                'For a multi-word phrase use an adjacency phrase ("smart* phone") or '
                'proximity ("smart phone*"~3) as the whole search.')
    for word in _QUOTED.sub(" ", terms).replace("(", " ").replace(")", " ").split():
        problem = _token_problem(word)
        if problem:
            return problem
    return None


def has_unquoted_wildcard(terms: str) -> bool:
    return any(char in "*?" for char in _QUOTED.sub(" ", terms))


class FakeOpenAlex(FakeServer):
    """Fake OpenAlex ``/works``.

    Options: ``api_key`` (the valid key), ``require_key`` (refuse keyless
    calls with 401, as announced for 13 Feb 2026; default False: keyless
    calls run on the small keyless budget), ``cursor_requires_key``
    (default True), ``daily_credits`` (a key's budget, default 10,000 =
    1 USD; keyless is 1,000), ``rate_limit`` (requests per second; None =
    the real tiers, 0 = unlimited). Counts: ``count_for`` gets the
    request's search text (see :func:`query_text`). Fault kinds:
    ``budget`` (429, daily budget spent), ``throttle`` (429, per second),
    ``boolean`` (429, broad boolean query), ``timed_out`` (200 with
    ``meta.timed_out``), ``invalid_key`` (401), ``paused`` (503, keyless
    search paused under load, ``Retry-After``; the number argument).
    """

    ENDPOINT = "/works"
    DATABASE = "openalex"
    FAULT_KINDS = frozenset({"budget", "throttle", "boolean", "timed_out", "invalid_key",
                             "paused"})
    FAULT_ALIASES = {"over_rate": "budget", "api_error": "budget"}

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        require_key: bool = False,
        cursor_requires_key: bool = True,
        daily_credits: int = FREE_KEY_CREDITS,
        rate_limit: int | None = 0,
        window_seconds: float = 1.0,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.api_key = api_key
        self.require_key = require_key
        self.cursor_requires_key = cursor_requires_key
        self.daily_credits = daily_credits
        self.rate_limit = rate_limit
        # The per-second limits' window: tests widen it so that a loaded
        # machine (requests slower than 10 a second) still meets the limit.
        self.window_seconds = window_seconds
        self._window = SlidingWindow(window_seconds)
        self._boolean_window = SlidingWindow(window_seconds)
        self._spent: dict[str, int] = {}

    def _reset_limits(self) -> None:
        self._window = SlidingWindow(self.window_seconds)
        self._boolean_window = SlidingWindow(self.window_seconds)
        self._spent = {}

    # -- the edge ------------------------------------------------------------

    @staticmethod
    def key_of(req: RecordedRequest) -> str | None:
        """``api_key`` / ``api-key`` parameter, ``api_key`` header or a Bearer token."""
        auth = req.header("authorization") or ""
        if auth.lower().startswith("bearer "):
            return auth[7:].strip() or None
        return (req.param("api_key") or req.param("api-key")
                or req.header("api_key") or req.header("api-key"))

    def admit(self, req: RecordedRequest) -> Reply | None:
        """The proxy's order: key, search length, boolean throttle, rate and budget."""
        key = self.key_of(req)
        keyed = key is not None
        if keyed and not self.key_is_valid(key, self.api_key):
            return _error(401, "Invalid or missing API key", "API key not found")
        if not keyed and self.require_key:
            return _error(401, "API key required",
                          "An API key is required. Get one free at https://openalex.org/settings/api")
        search_value = max((len(req.param(name) or "") for name in ("search", "search.semantic")),
                           default=0)
        if search_value > SEARCH_VOLUME_CAP:
            return Reply.json(400, {
                "error": "Search query too long", "error_source": "openalex-api-proxy",
                "message": (f"Your search is too long ({search_value} characters; the limit is "
                            f"{SEARCH_VOLUME_CAP}). Very long pasted-text or Boolean searches are "
                            "disproportionately expensive. Get an API key on a paid plan for large "
                            "searches, or split the text into several shorter requests. See "
                            "https://openalex.org/pricing")},
                {"x-openalex-edge-reject": "search_volume"})
        identity = key or req.client
        credits = SEARCH_CREDITS if is_search(req) else LIST_CREDITS
        operators = len(_OPERATOR.findall(query_text(req))) if credits == SEARCH_CREDITS else 0
        if operators > BOOLEAN_OPERATOR_LIMIT:
            allowed = 5 if keyed else 1
            if self._boolean_window.hit(identity, req.arrived) > allowed:
                return self._boolean_reply(operators, allowed, keyed)
        per_second = self.rate_limit
        if per_second is None:
            per_second = FREE_KEY_PER_SECOND if keyed else KEYLESS_PER_SECOND
        limit = self.daily_credits if keyed else KEYLESS_CREDITS
        if per_second and self._window.hit(identity, req.arrived) > per_second:
            return self._rate_reply(limit, self._remaining(identity, limit), credits,
                                    per_second=per_second)
        remaining = self._remaining(identity, limit)
        if credits > remaining:
            return self._rate_reply(limit, remaining, credits)
        self._spent[identity] = self._spent.get(identity, 0) + credits
        return None

    def _remaining(self, identity: str, limit: int) -> int:
        return max(0, limit - self._spent.get(identity, 0))

    @staticmethod
    def _rate_reply(limit: int, remaining: int, credits: int, *, per_second: int | None = None,
                    retry_after: float | None = None) -> Reply:
        """429 for the per-second cap or a spent daily budget (api-proxy, 'Rate limit exceeded')."""
        cost = round(credits * CREDIT_USD, 4)
        left = round(remaining * CREDIT_USD, 4)
        if per_second is not None:
            message = f"Rate limit exceeded: {per_second} requests per second. Please slow down."
            wait = 1.0
        else:
            message = (f"Insufficient budget. This request costs ${cost} but you only have "
                       f"${left} remaining. Resets at midnight UTC. Need more? Add funds at "
                       "https://openalex.org/pricing")
            wait = 3600.0
        wait = retry_after if retry_after is not None else wait
        headers = {
            "Retry-After": str(max(1, int(wait))),
            "X-RateLimit-Limit-USD": f"{round(limit * CREDIT_USD, 4)}",
            "X-RateLimit-Remaining-USD": f"{left}",
            "X-RateLimit-Prepaid-Remaining-USD": "0",
            "X-RateLimit-Cost-Required-USD": f"{cost}",
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Credits-Required": str(credits),
            "X-RateLimit-Reset": str(int(wait)),
        }
        return Reply.json(429, {
            "error": "Rate limit exceeded", "message": message, "retryAfter": wait,
            "costUsd": cost, "dailyRemainingUsd": left, "prepaidRemainingUsd": 0,
            "creditsRequired": credits, "creditsRemaining": remaining,
            "onetimeCreditsRemaining": 0}, headers)

    @staticmethod
    def _boolean_reply(operators: int, allowed: int, keyed: bool) -> Reply:
        hint = (" Paid plans get 25 requests per second (https://openalex.org/pricing)." if keyed
                else " Clients with an API key get 5 requests per second (free at "
                     "https://openalex.org/rest-api); paid plans get 25.")
        plural = "" if allowed == 1 else "s"
        return Reply.json(429, {
            "error": "Rate limit exceeded",
            "message": (f"Your query uses {operators} boolean operators (OR/AND/NOT). Broad boolean "
                        "searches are heavy for our search cluster, so queries with more than 5 "
                        f"operators are limited to {allowed} request{plural} per second per client."
                        f"{hint} Please wait 1s and retry, space out these requests, or narrow the "
                        "query (fewer OR/AND/NOT terms). See https://docs.openalex.org/"
                        "how-to-use-the-api/rate-limits-and-authentication"),
            "reason": "broad_boolean_query", "booleanOperators": operators, "retryAfter": 1},
            {"Retry-After": "1"})

    def too_many_reply(self, retry_after: float | None) -> Reply:
        return self._rate_reply(self.daily_credits, 0, SEARCH_CREDITS, retry_after=retry_after)

    # -- the origin ------------------------------------------------------------

    def answer(self, req: RecordedRequest, fault: Fault) -> Reply:
        """Edge checks that need the URL, then the origin's validation and the page."""
        if fault.kind == "invalid_key":
            return _error(401, "Invalid or missing API key", "API key not found")
        if fault.kind == "budget":
            return self._rate_reply(self.daily_credits, 0, SEARCH_CREDITS,
                                    retry_after=fault.retry_after)
        if fault.kind == "throttle":
            return self._rate_reply(self.daily_credits, self.daily_credits, SEARCH_CREDITS,
                                    per_second=FREE_KEY_PER_SECOND, retry_after=fault.retry_after)
        if fault.kind == "boolean":
            return self._boolean_reply(6, 5, True)
        if fault.kind == "paused":
            wait = fault.retry_after if fault.retry_after is not None else 60
            return _error(503, "Search temporarily unavailable",
                          "Anonymous search is paused while the search cluster recovers from "
                          "heavy load. Please retry shortly, or use a free API key for "
                          "uninterrupted access: https://openalex.org/rest-api.",
                          {"Retry-After": str(int(wait))})
        line = len(f"GET {req.path}?{req.query_string} HTTP/1.1".encode())
        if line > MAX_REQUEST_LINE:
            return _error(400, "Request URL too long", (
                f"Your request URL is {line} bytes, over the {MAX_REQUEST_LINE}-byte limit (roughly "
                "8 KB, mostly the 'search' value). Split a large Boolean query into smaller chunks, "
                "request each separately, and combine the returned IDs client-side. See "
                "https://docs.openalex.org/guides/searching#large-boolean-queries"))
        checked = self._validate(req)
        if isinstance(checked, Reply):
            return self._with_usage(req, checked)
        per_page, page, cursor = checked
        if cursor is not None and self.cursor_requires_key and self.key_of(req) is None:
            return _error(401, "API key required",
                          "Cursor paging requires an API key. Get one free at "
                          "https://openalex.org/settings/api")
        body = self._body(req, per_page, page, cursor, fault.kind == "timed_out")
        return self._with_usage(req, Reply.json(200, body))

    def _with_usage(self, req: RecordedRequest, reply: Reply) -> Reply:
        """The budget headers the edge adds to every answer from the origin."""
        key = self.key_of(req)
        limit = self.daily_credits if key is not None else KEYLESS_CREDITS
        with self._lock:
            remaining = self._remaining(key or req.client, limit)
        credits = SEARCH_CREDITS if is_search(req) else LIST_CREDITS
        reply.headers.update({
            "X-RateLimit-Limit-USD": f"{round(limit * CREDIT_USD, 4)}",
            "X-RateLimit-Remaining-USD": f"{round(remaining * CREDIT_USD, 4)}",
            "X-RateLimit-Prepaid-Remaining-USD": "0",
            "X-RateLimit-Cost-USD": f"{round(credits * CREDIT_USD, 4)}",
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Onetime-Remaining": "0",
            "X-RateLimit-Credits-Used": str(credits),
            "X-RateLimit-Reset": "3600",
        })
        return reply

    def _validate(self, req: RecordedRequest) -> tuple[int, int, int | None] | Reply:
        """(per_page, page, cursor offset or None) or the origin's first 400."""
        if "limit" in req.query_params:
            return _error(400, "Invalid request rejected at the API edge",
                          "The 'limit' parameter is not valid. Did you mean 'per-page'? "
                          "e.g. /works?search=foo&per-page=5", error_source="openalex-api-proxy")
        for name in req.query_params:
            if name.startswith("search."):
                if name not in SEARCH_PARAMS:
                    return _params_error(
                        f"'{name}' is not a valid search parameter. Valid search parameters are: "
                        f"{', '.join(SEARCH_PARAMS)}.")
            elif name not in VALID_PARAMS:
                shown = sorted(VALID_PARAMS - {"bypass_cache"})
                return _params_error(f"{name} is not a valid parameter. Valid parameters are: "
                                     f"{', '.join(shown)}.")
        if len(req.query_params.get("filter", [])) > 1:
            return _params_error("Only one filter parameter is allowed. Combine and separate "
                                 "filters with a comma, like: /works?filter=publication_year:2020,"
                                 "is_open_access:true.")
        searches = [name for name in SEARCH_PARAMS if name in req.query_params]
        if "search.semantic" in searches and len(searches) > 1:
            return _params_error("search.semantic cannot be combined with other search "
                                 "parameters. Use search.semantic alone.")
        scopes: dict[str, str] = {}
        for name in searches:
            scope = name.removesuffix(".exact").removeprefix("search").lstrip(".") or "bare"
            if scope in scopes and scope != "semantic":
                return _params_error("Cannot use both stemmed and exact search on the same "
                                     f"scope: '{scopes[scope]}' and '{name}'.")
            scopes[scope] = name
        for name in searches:
            value = req.param(name) or ""
            problem = self._search_problem(value)
            if problem:
                return _params_error(problem)
            if has_unquoted_wildcard(value) and not name.endswith(".exact"):
                return _params_error(
                    "Wildcards (* or ?) require exact (no-stem) search. The default search is "
                    "stemmed, so the literal text before the wildcard is removed when the work is "
                    "indexed and the search returns wrong results. Use the search.exact= parameter "
                    f"instead (or the default.search.exact filter), e.g. search.exact={value}.")
        filter_problem = self._filter_problem(req.param("filter"))
        if filter_problem is not None:
            return filter_problem
        return self._paging(req)

    @staticmethod
    def _search_problem(value: str) -> str | None:
        if any(word.startswith("!") for word in value.split()):
            return f"The search parameter does not support the ! operator. Problem value: {value}"
        if "|" in value:
            return f"The search parameter does not support the | operator. Problem value: {value}"
        if value.count('"') % 2:
            return f"Failed to parse query [{value}]: unbalanced quotation marks."
        depth = 0
        for char in _QUOTED.sub(" ", value):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth < 0:
                break
        if depth != 0:
            return f"Failed to parse query [{value}]: unbalanced parentheses."
        return wildcard_problem(value)

    def _filter_problem(self, value: str | None) -> Reply | None:
        if value is None:
            return None
        for part in split_filter(value):
            name, colon, term = part.partition(":")
            if not colon:
                return _error(400, "Invalid request rejected at the API edge",
                              "A filter value contains an unescaped comma. Commas separate "
                              "filters, so a literal comma inside a value must be percent-encoded "
                              "as %2C (or the whole value wrapped in double quotes). e.g. "
                              "filter=title.search:climate%2C+biodiversity",
                              error_source="openalex-api-proxy")
            name = name.replace("-", "_") if name.replace("-", "_") in OTHER_FILTERS else name
            if name in SEARCH_FILTERS:
                problem = self._search_problem(term)
                if problem:
                    return _params_error(problem)
                if name in STEMMED_FILTERS and has_unquoted_wildcard(term):
                    exact = STEMMED_FILTERS[name]
                    return _params_error(
                        f'Wildcards (* or ?) require the exact (no-stem) field. "{name}" is '
                        "stemmed, so the literal text before the wildcard is removed when the "
                        f'work is indexed and the search returns wrong results. Use "{exact}" '
                        f"instead, e.g. {exact}:{term}.")
                continue
            if name not in OTHER_FILTERS:
                valid = sorted(OTHER_FILTERS | SEARCH_FILTERS)
                return _params_error(f"{name} is not a valid field. Valid fields are underscore or "
                                     f"hyphenated versions of: {', '.join(valid)}")
            problem = self._value_problem(name, term)
            if problem:
                return _params_error(problem)
        return None

    @staticmethod
    def _value_problem(name: str, term: str) -> str | None:
        values = term.split("|")
        if name == "publication_year" and not all(_YEAR.match(v) for v in values):
            return f"Value for param {name} must be a number."
        if name in ("from_publication_date", "to_publication_date") and not _DATE.match(term):
            return (f"Value for param {name} is an invalid date. Format is yyyy-mm-dd "
                    "(e.g. 2020-05-17).")
        if name == "language" and not all(_LANG.match(v.lower()) for v in values):
            return f"Value for {name} must be a two-letter ISO 639-1 code, not {term}."
        if name == "type" and not all(v.lstrip("!") in WORK_TYPES for v in values):
            return f"Value for {name} must be one of {', '.join(sorted(WORK_TYPES))}."
        if name == "doi":
            bare = [v.removeprefix("https://doi.org/").removeprefix("doi:") for v in values]
            if not all(v.startswith("10.") for v in bare):
                return "Enter DOI in short format such as 10.12"
        return None

    @staticmethod
    def _paging(req: RecordedRequest) -> tuple[int, int, int | None] | Reply:
        numbers = []
        for name, default in (("per-page", 25), ("page", 1)):
            text = req.param(name) or req.param(name.replace("-", "_"))
            if not text:
                numbers.append(default)
                continue
            try:
                numbers.append(int(text))
            except ValueError:
                return _params_error(f"Param {name} must be a number.")
        per_page, page = numbers
        if page < 1:
            return _paging_error("Page parameter must be greater than 0.")
        if per_page > MAX_PER_PAGE or per_page < 1:
            return _paging_error(f"per-page parameter must be between 1 and {MAX_PER_PAGE}.")
        cursor_text = req.param("cursor")
        if cursor_text is None and page * per_page > MAX_BASIC_RESULTS:
            return _paging_error(
                f"Maximum results size of {MAX_BASIC_RESULTS:,} records is exceeded. Cursor "
                f"pagination is required for records beyond {MAX_BASIC_RESULTS:,}. See: "
                "https://developers.openalex.org/guides/page-through-results")
        if cursor_text is None:
            return per_page, page, None
        if page != 1:
            return _paging_error("Cannot use page parameter with cursor.")
        if cursor_text == "*":
            return per_page, page, 0
        if cursor_text in ("null", "None", "none"):
            return _paging_error("Cursor is null. Likely reached end of results.")
        offset = decode_cursor(cursor_text)
        if offset is None:
            return _paging_error("Invalid cursor value")
        return per_page, page, offset

    def _body(self, req: RecordedRequest, per_page: int, page: int, cursor: int | None,
              timed_out: bool) -> dict[str, Any]:
        first = cursor if cursor is not None else (page - 1) * per_page
        searched = is_search(req) and bool(query_text(req))
        dois = doi_filter(req.param("filter"))
        if dois is not None and self.pool is not None:
            # A DOI filter (the known-item check): the pool's works with those
            # DOIs (the search text, which the fake does not read, aside).
            held = [(index, record) for index, record in
                    enumerate(self.pool.records.get(self.DATABASE, []))
                    if record.doi and record.doi.lower() in dois]
            total = len(held)
            shown = max(0, min(per_page, total - first))
            results = [work(record, index, searched) for index, record in
                       held[first:first + shown]]
        else:
            total = self.count_for(query_text(req))
            shown = max(0, min(per_page, total - first))
            results = [self._work_at(index, searched) for index in range(first, first + shown)]
        meta: dict[str, Any] = {
            "count": total, "db_response_time_ms": 12,
            "page": None if cursor is not None else page, "per_page": per_page,
            "groups_count": None,
        }
        if timed_out:
            meta["timed_out"] = True
        if cursor is not None:
            # core/cursor.py: no cursor once a page comes back short
            meta["next_cursor"] = encode_cursor(first + shown) if shown == per_page else None
        return {"meta": meta, "results": results, "group_by": []}

    def _work_at(self, index: int, searched: bool) -> dict[str, Any]:
        record = self.pool.at(self.DATABASE, index) if self.pool is not None else None
        if record is None:
            record = PoolRecord(
                database=self.DATABASE, native_id=f"W{4_000_000_000 + index}", work=-1 - index,
                title=f"Fake work {index + 1}", year=2020 + index % 4,
                authors=(f"Author {index + 1}",), venue="Journal of Fakes",
                doi=f"10.5555/fake.{index + 1}" if index % 5 else None,
                pmid=str(30_000_000 + index) if index % 3 == 0 else None)
        return work(record, index, searched)


def doi_filter(value: str | None) -> set[str] | None:
    """The DOIs of a ``doi:`` filter entry (lower case, without ``https://doi.org/``),
    or None when the filter has none."""
    for part in split_filter(value or ""):
        name, _, values = part.partition(":")
        if name == "doi":
            return {v.lower().removeprefix("https://doi.org/") for v in values.split("|")}
    return None


def is_search(req: RecordedRequest) -> bool:
    """A search call (10 credits): any ``search*`` parameter or a ``*.search`` filter."""
    if any(name == "search" or name.startswith("search.") for name in req.query_params):
        return True
    return any(part.partition(":")[0] in SEARCH_FILTERS
               for part in split_filter(req.param("filter") or ""))


def query_text(req: RecordedRequest) -> str:
    """What the fake counts by: the search parameters, then the filter, joined by `` ; ``.

    ``search=a b`` alone is ``"a b"``; with ``filter=publication_year:2013-2023``
    it is ``"a b ; publication_year:2013-2023"`` (the exact texts received).
    """
    parts = [req.param(name) or "" for name in SEARCH_PARAMS if name in req.query_params]
    if req.param("filter"):
        parts.append(req.param("filter") or "")
    return " ; ".join(part for part in parts if part)


def work(record: PoolRecord, index: int, searched: bool) -> dict[str, Any]:
    """One record as an OpenAlex Work object (the fields querylang reads, and a few more)."""
    openalex_id = f"https://openalex.org/{record.native_id}"
    doi = f"https://doi.org/{record.doi.lower()}" if record.doi else None
    ids: dict[str, str] = {"openalex": openalex_id}
    if doi:
        ids["doi"] = doi
    if record.pmid:
        ids["pmid"] = f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid.removeprefix('MEDLINE:')}"
    last = len(record.authors) - 1
    authorships: list[dict[str, Any]] = [{
        "author_position": "first" if i == 0 else ("last" if i == last else "middle"),
        "author": {"id": f"https://openalex.org/A{5_000_000_000 + index * 10 + i}",
                   "display_name": name, "orcid": None},
        "institutions": [], "countries": [], "is_corresponding": i == 0,
        "raw_author_name": name, "raw_affiliation_strings": [],
    } for i, name in enumerate(record.authors)]
    kind = "preprint" if record.kind == "preprint" else "article"
    body: dict[str, Any] = {
        "id": openalex_id, "doi": doi, "title": record.title, "display_name": record.title,
        "publication_year": record.year, "publication_date": f"{record.year}-01-01",
        "ids": ids, "language": "en", "type": kind,
        "primary_location": {
            "is_oa": False, "landing_page_url": doi, "pdf_url": None,
            "source": {"id": "https://openalex.org/S4210000000", "display_name": record.venue,
                       "issn_l": "1234-5678", "issn": ["1234-5678"], "type": "journal"},
            "version": "publishedVersion"},
        "authorships": authorships, "cited_by_count": index % 17, "is_retracted": False,
        "abstract_inverted_index": {"A": [0], "fake": [1], "abstract.": [2]},
    }
    if searched:
        body["relevance_score"] = round(100.0 / (index + 1), 4)
    return body
