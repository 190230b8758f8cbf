"""Reading the four databases' answers: raw HTTP in, a count (or a clear error) out.

Each reader takes the status, the headers and the body bytes of one HTTP
response and returns a :class:`Reading` (the hit count plus notes about what
the database said), or raises an :class:`ApiError` whose message is the
database's own words. Readers do no I/O, so they are tested with bytes.

Exceptions (one tree)::

    QuerylangError                 querylang.diagnostics
    └── ApiError                   no count of the query sent
        ├── TransientApiError      worth retrying: 429, 5xx, IEEE over-rate 403,
        │                          a PubMed backend ERROR; the runner also raises
        │                          it for connection errors and timeouts
        └── PermanentApiError      retrying cannot help: syntax errors, bad or
                                   missing keys, unexpected or malformed bodies,
                                   PubMed terms dropped (errorlist)

Decisions (also in ``querylang run --help``):

* PubMed ``errorlist`` not empty (``phrasesnotfound``, ``fieldsnotfound``):
  PubMed dropped part of the query and counted the rest, so its figure is
  not the count of the query sent. This is an **error** (exit status 3),
  not a silent success; the figure PubMed gave is kept in the message so it
  is not lost. ``warninglist`` entries are notes on a successful count.
* PubMed ``esearchresult.ERROR`` (HTTP 200): an error. It is transient when
  the message says the backend failed (NCBI's outages look like that), and
  permanent otherwise (e.g. an empty term).
* A malformed body (cut JSON or XML) is permanent: the transient cases are
  the ones the issue lists (connection, timeout, 429, 5xx, IEEE over-rate).
* Web of Science ``QuotaViolation`` 429 is the *daily* quota: permanent,
  since no retry within seconds can succeed; spike arrest 429 is transient.
* A malformed answer says so, never "internal error": a count in digits
  other than ASCII 0-9 (``str.isdigit`` accepts "²"), JSON nested too deeply
  for the parser, IEEE JSON without ``total_records`` (never zero hits), an
  HTML page where a feed belongs (its words quoted, short and clean).
* HTTP 414 names the query as too long, not the endpoint.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from xml.etree import ElementTree

from querylang.databases import REGISTRY, RUNNABLE
from querylang.diagnostics import QuerylangError

__all__ = [
    "ApiError",
    "TransientApiError",
    "PermanentApiError",
    "Reading",
    "Reader",
    "READERS",
    "read_pubmed",
    "read_wos",
    "read_arxiv",
    "read_ieee",
    "parse_retry_after",
]

ATOM_NS = "http://www.w3.org/2005/Atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
ARXIV_ERROR_MARK = "/api/errors#"
IEEE_ERROR_HEADER = "x-mashery-error-code"
#: Mashery codes that mean "too fast" or "quota spent": retried, honouring Retry-After.
IEEE_TRANSIENT_CODES = frozenset({"ERR_403_DEVELOPER_OVER_RATE", "ERR_403_DEVELOPER_OVER_QPS"})
WOS_DAILY_QUOTA_MARK = "QuotaViolation"
#: Words in PubMed's in-band ERROR text that mean the backend, not the query, failed.
PUBMED_TRANSIENT_ERROR = re.compile(
    r"backend|temporar|unavailable|timed? ?out|try again|internal", re.IGNORECASE
)
#: Longest piece of a body quoted in an error message.
MAX_QUOTED_BODY = 300
#: Longest start of an unexpected page (HTML instead of the API's answer) quoted.
MAX_QUOTED_PAGE = 160
#: Longest value quoted from a malformed answer.
MAX_QUOTED_VALUE = 60
#: A count is ASCII digits: ``str.isdigit`` also accepts "²" and "١", which int() refuses.
_ASCII_DIGITS = re.compile(r"[0-9]+")

#: Database name -> display name, read from the registry.
NAMES = {name: entry.display for name, entry in REGISTRY.items()}


class ApiError(QuerylangError):
    """The database gave no count of the query sent; ``str()`` says why.

    ``status`` is the HTTP status (None for transport failures);
    ``retry_after`` is the server's ``Retry-After`` in seconds, if any.
    """

    transient: bool = False

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


class TransientApiError(ApiError):
    """A failure that may go away: the runner retries it within its budget."""

    transient = True


class PermanentApiError(ApiError):
    """A failure that retrying cannot fix: shown at once with the database's words."""


@dataclass(frozen=True)
class Reading:
    """A count read from a successful answer, and what the database added.

    ``echo`` is the database's own reading of the query (PubMed's
    ``querytranslation``, the ``search_query`` in arXiv's feed title), shown
    by the runner when it differs from what was sent; ``notes`` are its
    other remarks worth showing next to the count (warnings).
    """

    count: int
    notes: tuple[str, ...] = field(default=())
    echo: str | None = None


Reader = Callable[[int, Mapping[str, str], bytes], Reading]


# -- shared helpers -----------------------------------------------------------


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive header lookup over a plain mapping."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """``Retry-After`` in seconds: a number, or an HTTP date; None when absent or bad."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _quote(body: bytes, limit: int = MAX_QUOTED_BODY) -> str:
    """A short, printable excerpt of a body for an error message: the words of
    an HTML page without its tags, scripts or styles, entities decoded,
    control characters and runs of whitespace made single spaces."""
    text = body[: limit * 20].decode("utf-8", "replace")
    text = re.sub(r"(?is)<(script|style)\b.*?(</\1\s*>|$)", " ", text)
    text = re.sub(r"<[^>]+>|<[^>]*$", " ", text)  # keep the words, not the tags
    text = html.unescape(text)
    text = "".join(char if char.isprintable() else " " for char in text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit] + "..."
    return text or "(empty body)"


def _value(value: Any) -> str:
    """A value from a malformed answer, short enough for a message."""
    text = repr(value)
    return text if len(text) <= MAX_QUOTED_VALUE else text[:MAX_QUOTED_VALUE] + "..."


def _json(body: bytes, db: str) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PermanentApiError(
            f"{NAMES[db]} sent malformed JSON ({error.__class__.__name__}: {error}); "
            f"body starts: {_quote(body[:80])}"
        ) from None
    except RecursionError:
        # json.loads recurses once per level: 100,000 nested brackets end here
        raise PermanentApiError(
            f"{NAMES[db]} sent a malformed answer: JSON nested too deeply to read; "
            f"body starts: {_quote(body[:40])}"
        ) from None


def _json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None


def _check_http(
    db: str, status: int, headers: Mapping[str, str], message: str | None, body: bytes
) -> None:
    """Raise for a non-2xx answer: 429 and 5xx are transient, other codes permanent.

    ``message`` is the database's own explanation when the reader found
    one in the body; otherwise a short excerpt of the body is shown.
    """
    if 200 <= status < 300:
        return
    said = message or _quote(body)
    retry_after = parse_retry_after(_header(headers, "Retry-After"))
    if status == 414:
        raise PermanentApiError(
            f"the query is too long for {NAMES[db]}'s URL (HTTP 414 URI Too Long): shorten "
            "it, or split it into lines and combine them in the database's own search history",
            status=status,
        )
    if status == 429 or status >= 500:
        kind = "rate limit (HTTP 429)" if status == 429 else f"server error (HTTP {status})"
        raise TransientApiError(
            f"{NAMES[db]} {kind}: {said}", status=status, retry_after=retry_after
        )
    raise PermanentApiError(
        f"{NAMES[db]} refused the request (HTTP {status}): {said}", status=status
    )


def _int_field(value: Any, what: str, db: str, *, as_string: bool) -> int:
    """A count field, validated: digits in a string (PubMed) or a JSON integer."""
    digits = isinstance(value, str) and _ASCII_DIGITS.fullmatch(value.strip()) is not None
    if as_string:
        if digits:
            return int(value)
        raise PermanentApiError(
            f"{NAMES[db]} sent a malformed answer: no valid {what} (expected a string of "
            f"digits 0-9, got {_value(value)})"
        )
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        if digits:
            return int(value)  # tolerated: a gateway may stringify numbers
        raise PermanentApiError(
            f"{NAMES[db]} sent a malformed answer: no valid {what} (got {_value(value)})"
        )
    return value


# -- PubMed -------------------------------------------------------------------


def _pubmed_message(body: bytes) -> str | None:
    data = _json_or_none(body)
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        # Only the message: the body of a key error echoes the key itself.
        return str(data["error"])
    return None


def _nonempty_lists(section: Any) -> list[tuple[str, list[str]]]:
    """``[(name, items)]`` for every non-empty list in an errorlist/warninglist."""
    if not isinstance(section, dict):
        return []
    found = []
    for name, items in section.items():
        if isinstance(items, list) and items:
            found.append((str(name), [str(item) for item in items]))
    return found


def read_pubmed(status: int, headers: Mapping[str, str], body: bytes) -> Reading:
    """esearch JSON: ``esearchresult.count`` (a string) and the lists around it."""
    _check_http("pubmed", status, headers, _pubmed_message(body), body)
    data = _json(body, "pubmed")
    result = data.get("esearchresult") if isinstance(data, dict) else None
    if not isinstance(result, dict):
        raise PermanentApiError(f"PubMed answered without esearchresult: {_quote(body)}")
    if "ERROR" in result:
        message = f"PubMed reported an error: {result['ERROR']}"
        if PUBMED_TRANSIENT_ERROR.search(str(result["ERROR"])):
            raise TransientApiError(message, status=status)
        raise PermanentApiError(message, status=status)
    count = _int_field(result.get("count"), "count", "pubmed", as_string=True)
    dropped = _nonempty_lists(result.get("errorlist"))
    if dropped:
        what = "; ".join(f"{name}: {', '.join(items)}" for name, items in dropped)
        raise PermanentApiError(
            f"PubMed did not search the query as sent ({what}); its count {count} is of "
            "the query without those terms. Fix the terms or the field tags.",
            status=status,
        )
    translation = result.get("querytranslation")
    echo = translation if isinstance(translation, str) and translation else None
    notes = tuple(
        f"PubMed warning {name}: {', '.join(items)}"
        for name, items in _nonempty_lists(result.get("warninglist"))
    )
    return Reading(count, notes, echo)


# -- Web of Science -------------------------------------------------------------


def _wos_message(body: bytes) -> str | None:
    """Clarivate's ``error.details``/``title``, or the gateway's ``faultstring``."""
    data = _json_or_none(body)
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


def read_wos(status: int, headers: Mapping[str, str], body: bytes) -> Reading:
    """Starter API JSON: ``metadata.total``."""
    message = _wos_message(body)
    if status == 429 and message and WOS_DAILY_QUOTA_MARK in message:
        raise PermanentApiError(
            f"Web of Science daily quota spent (HTTP 429): {message}", status=status
        )
    if status == 401:
        raise PermanentApiError(
            f"Web of Science refused the key (HTTP 401): {message or _quote(body)}; "
            "check WOS_API_KEY",
            status=status,
        )
    _check_http("wos", status, headers, message, body)
    data = _json(body, "wos")
    metadata = data.get("metadata") if isinstance(data, dict) else None
    if not isinstance(metadata, dict):
        raise PermanentApiError(f"Web of Science answered without metadata: {_quote(body)}")
    return Reading(_int_field(metadata.get("total"), "metadata.total", "wos", as_string=False))


# -- arXiv ----------------------------------------------------------------------


def _xml(body: bytes, db: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        if body.lstrip()[:1] == b"<" and b"<html" in body[:1000].lower():
            # an HTML page (maintenance, a proxy's login) is no XML: quote its words
            raise PermanentApiError(
                f"{NAMES[db]} answered with an HTML page, not its XML; it starts: "
                f"{_quote(body, MAX_QUOTED_PAGE)}"
            ) from None
        raise PermanentApiError(
            f"{NAMES[db]} sent malformed XML ({error}); body starts: {_quote(body[:80])}"
        ) from None


def _arxiv_error_entry(feed: ElementTree.Element) -> str | None:
    """The summary of arXiv's error entry, or None when the feed is a result."""
    for entry in feed.iter(f"{{{ATOM_NS}}}entry"):
        ident = entry.findtext(f"{{{ATOM_NS}}}id") or ""
        if ARXIV_ERROR_MARK in ident:
            summary = (entry.findtext(f"{{{ATOM_NS}}}summary") or "").strip()
            return summary or ident.rpartition("#")[2] or "unspecified error"
    return None


def read_arxiv(status: int, headers: Mapping[str, str], body: bytes) -> Reading:
    """Atom feed: ``opensearch:totalResults``, unless the feed is an error feed.

    arXiv's errors are feeds whose count reads 1 (HTTP 200 or 400): the
    error entry is checked before the count is trusted.
    """
    if status == 429 or status >= 500:
        _check_http("arxiv", status, headers, None, body)
    looks_xml = body.lstrip().startswith(b"<?xml") or body.lstrip().startswith(b"<feed")
    if not 200 <= status < 300 and not looks_xml:
        _check_http("arxiv", status, headers, None, body)
    feed = _xml(body, "arxiv")
    if feed.tag != f"{{{ATOM_NS}}}feed":
        # a maintenance or proxy page, well-formed enough to parse: say what came
        raise PermanentApiError(
            f"arXiv answered with a page that is not its Atom feed (HTTP {status}, "
            f"{_header(headers, 'Content-Type') or 'no Content-Type'}); it starts: "
            f"{_quote(body, MAX_QUOTED_PAGE)}", status=status)
    error = _arxiv_error_entry(feed)
    if error is not None:
        raise PermanentApiError(f"arXiv reported an error: {error}", status=status)
    _check_http("arxiv", status, headers, None, body)
    total = feed.findtext(f"{{{OPENSEARCH_NS}}}totalResults")
    if total is None:
        raise PermanentApiError("arXiv answered without opensearch:totalResults")
    count = _int_field(total.strip(), "totalResults", "arxiv", as_string=True)
    title = (feed.findtext(f"{{{ATOM_NS}}}title") or "").strip()
    return Reading(count, (), _arxiv_echo(title))


def _arxiv_echo(title: str) -> str | None:
    """The ``search_query`` arXiv echoes in its feed title, if it has one.

    The title reads ``ArXiv Query: search_query=...&id_list=...&start=...``;
    the query itself may hold ``&``, so the cut is at the last ``&id_list=``.
    """
    head, found, rest = title.partition("search_query=")
    if not found:
        return title or None
    query, cut, _ = rest.rpartition("&id_list=")
    return query if cut else rest


# -- IEEE Xplore ------------------------------------------------------------------


def read_ieee(status: int, headers: Mapping[str, str], body: bytes) -> Reading:
    """JSON: ``total_records`` (``articles`` may be absent when there are no hits;
    an answer without ``total_records`` is malformed, never zero hits).

    HTTP 403 is two things: over the rate or quota (header
    ``X-Mashery-Error-Code``, retried) or a bad or inactive key (permanent).
    """
    if status == 403:
        code = _header(headers, IEEE_ERROR_HEADER)
        said = _quote(body)
        if code in IEEE_TRANSIENT_CODES:
            raise TransientApiError(
                f"IEEE Xplore over its rate limit (HTTP 403 {code}): {said}",
                status=status,
                retry_after=parse_retry_after(_header(headers, "Retry-After")),
            )
        raise PermanentApiError(
            f"IEEE Xplore refused the key (HTTP 403{' ' + code if code else ''}): {said}; "
            "check IEEE_API_KEY",
            status=status,
        )
    data_or_none = _json_or_none(body)
    message = None
    if isinstance(data_or_none, dict) and isinstance(data_or_none.get("error"), str):
        message = str(data_or_none["error"])
    if status >= 400 and "wildcard" in (message or _quote(body)).lower():
        # The shape of IEEE's answer to too many wildcards is undocumented: any
        # refusal that names wildcards gets the way out (docs/databases.md).
        message = (
            f"{message or _quote(body)} (IEEE Xplore refused the query's wildcards: choose "
            "the words that keep theirs with a line '# ieee-wildcards: word* word*' in the "
            "strategy and write the others' variants out)"
        )
    _check_http("ieee", status, headers, message, body)
    data = _json(body, "ieee")
    if not isinstance(data, dict):
        raise PermanentApiError(f"IEEE Xplore answered with unexpected JSON: {_quote(body)}")
    if "total_records" in data:
        return Reading(_int_field(data["total_records"], "total_records", "ieee", as_string=False))
    raise PermanentApiError(
        f"IEEE Xplore sent a malformed answer: no total_records (body starts: "
        f"{_quote(body[:80])})"
    )


class _Readers(Mapping[str, Reader]):
    """Database name -> reader, each loaded from its registry entry on first
    use. Not at import: a database's own reader module imports the helpers
    above, so loading every reader here would be an import cycle whenever
    that module is imported first."""

    def __getitem__(self, name: str) -> Reader:
        return RUNNABLE[name].reader

    def __iter__(self) -> Iterator[str]:
        return iter(RUNNABLE)

    def __len__(self) -> int:
        return len(RUNNABLE)


#: Database name -> reader, read from the registry (each entry names its
#: reader by path).
READERS: Mapping[str, Reader] = _Readers()
