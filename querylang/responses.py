"""Reading the databases' answers: the generic half (errors, helpers).

Each database's count reader lives in its package
(``querylang/databases/<name>/responses.py``, named by its registry
entry's ``reader_path``). A reader takes the status, the headers and the
body bytes of one HTTP response and returns a :class:`Reading` (the hit
count plus notes about what the database said), or raises an
:class:`ApiError` whose message is the database's own words. Readers do no
I/O, so they are tested with bytes. This module holds what they share: the
error classes, :class:`Reading`, and the helpers that check the HTTP status,
parse JSON and XML and validate a count.

Exceptions (one tree)::

    QuerylangError                 querylang.diagnostics
    └── ApiError                   no count of the query sent
        ├── TransientApiError      worth retrying: 429, 5xx, a database's own
        │                          "too fast" or "backend failed" answers; the
        │                          runner also raises it for connection errors
        │                          and timeouts
        └── PermanentApiError      retrying cannot help: syntax errors, bad or
                                   missing keys, unexpected or malformed bodies,
                                   part of the query dropped by the database

Decisions shared by every reader (each database's own are in its
``responses.py``):

* A malformed body (cut JSON or XML) is permanent: the transient cases are
  connection, timeout, 429, 5xx and what a database documents as "too fast".
* A malformed answer says so, never "internal error": a count in digits
  other than ASCII 0-9 (``str.isdigit`` accepts "²"), JSON nested too deeply
  for the parser, an HTML page where a feed belongs (its words quoted, short
  and clean).
* HTTP 414 names the query as too long, not the endpoint.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from xml.etree import ElementTree

from querylang.databases import REGISTRY, RUNNABLE
from querylang.databases.base import Loaded
from querylang.diagnostics import QuerylangError

__all__ = [
    "ApiError",
    "TransientApiError",
    "PermanentApiError",
    "Reading",
    "Reader",
    "READERS",
    "NAMES",
    "ATOM_NS",
    "OPENSEARCH_NS",
    "check_http",
    "header",
    "int_field",
    "json_or_none",
    "parse_json",
    "parse_retry_after",
    "parse_xml",
    "quote_body",
    "quote_value",
    "MAX_QUOTED_PAGE",
]

#: XML namespaces of Atom and OpenSearch feeds (shared by feed readers).
ATOM_NS = "http://www.w3.org/2005/Atom"
OPENSEARCH_NS = "http://a9.com/-/spec/opensearch/1.1/"
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


def header(headers: Mapping[str, str], name: str) -> str | None:
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


def quote_body(body: bytes, limit: int = MAX_QUOTED_BODY) -> str:
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


def quote_value(value: Any) -> str:
    """A value from a malformed answer, short enough for a message."""
    text = repr(value)
    return text if len(text) <= MAX_QUOTED_VALUE else text[:MAX_QUOTED_VALUE] + "..."


def parse_json(body: bytes, db: str) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PermanentApiError(
            f"{NAMES[db]} sent malformed JSON ({error.__class__.__name__}: {error}); "
            f"body starts: {quote_body(body[:80])}"
        ) from None
    except RecursionError:
        # json.loads recurses once per level: 100,000 nested brackets end here
        raise PermanentApiError(
            f"{NAMES[db]} sent a malformed answer: JSON nested too deeply to read; "
            f"body starts: {quote_body(body[:40])}"
        ) from None


def json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None


def check_http(
    db: str, status: int, headers: Mapping[str, str], message: str | None, body: bytes
) -> None:
    """Raise for a non-2xx answer: 429 and 5xx are transient, other codes permanent.

    ``message`` is the database's own explanation when the reader found
    one in the body; otherwise a short excerpt of the body is shown.
    """
    if 200 <= status < 300:
        return
    said = message or quote_body(body)
    retry_after = parse_retry_after(header(headers, "Retry-After"))
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


def int_field(value: Any, what: str, db: str, *, as_string: bool) -> int:
    """A count field, validated: digits in a string (PubMed) or a JSON integer."""
    digits = isinstance(value, str) and _ASCII_DIGITS.fullmatch(value.strip()) is not None
    if as_string:
        if digits:
            return int(value)
        raise PermanentApiError(
            f"{NAMES[db]} sent a malformed answer: no valid {what} (expected a string of "
            f"digits 0-9, got {quote_value(value)})"
        )
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        if digits:
            return int(value)  # tolerated: a gateway may stringify numbers
        raise PermanentApiError(
            f"{NAMES[db]} sent a malformed answer: no valid {what} (got {quote_value(value)})"
        )
    return value


def parse_xml(body: bytes, db: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        if body.lstrip()[:1] == b"<" and b"<html" in body[:1000].lower():
            # an HTML page (maintenance, a proxy's login) is no XML: quote its words
            raise PermanentApiError(
                f"{NAMES[db]} answered with an HTML page, not its XML; it starts: "
                f"{quote_body(body, MAX_QUOTED_PAGE)}"
            ) from None
        raise PermanentApiError(
            f"{NAMES[db]} sent malformed XML ({error}); body starts: {quote_body(body[:80])}"
        ) from None


#: Database name -> count reader, read from the registry (each entry names its
#: reader by path; a reader is imported the first time it is asked for, since
#: the readers import this module).
READERS: Mapping[str, Reader] = Loaded(RUNNABLE, lambda entry: entry.reader)

