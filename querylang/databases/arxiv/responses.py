"""arXiv's count reader: an Atom feed in, a count (or a clear error) out."""

from __future__ import annotations

from collections.abc import Mapping
from xml.etree import ElementTree

from querylang.responses import (
    ATOM_NS,
    MAX_QUOTED_PAGE,
    OPENSEARCH_NS,
    PermanentApiError,
    Reading,
    check_http,
    header,
    int_field,
    parse_xml,
    quote_body,
)

__all__ = ["read", "feed_echo"]

#: What the id of arXiv's error entry holds (``http://arxiv.org/api/errors#...``).
ERROR_MARK = "/api/errors#"


def _error_entry(feed: ElementTree.Element) -> str | None:
    """The summary of arXiv's error entry, or None when the feed is a result."""
    for entry in feed.iter(f"{{{ATOM_NS}}}entry"):
        ident = entry.findtext(f"{{{ATOM_NS}}}id") or ""
        if ERROR_MARK in ident:
            summary = (entry.findtext(f"{{{ATOM_NS}}}summary") or "").strip()
            return summary or ident.rpartition("#")[2] or "unspecified error"
    return None


def read(status: int, headers: Mapping[str, str], body: bytes) -> Reading:
    """Atom feed: ``opensearch:totalResults``, unless the feed is an error feed.

    arXiv's errors are feeds whose count reads 1 (HTTP 200 or 400): the
    error entry is checked before the count is trusted.
    """
    if status == 429 or status >= 500:
        check_http("arxiv", status, headers, None, body)
    looks_xml = body.lstrip().startswith(b"<?xml") or body.lstrip().startswith(b"<feed")
    if not 200 <= status < 300 and not looks_xml:
        check_http("arxiv", status, headers, None, body)
    feed = parse_xml(body, "arxiv")
    if feed.tag != f"{{{ATOM_NS}}}feed":
        # a maintenance or proxy page, well-formed enough to parse: say what came
        raise PermanentApiError(
            f"arXiv answered with a page that is not its Atom feed (HTTP {status}, "
            f"{header(headers, 'Content-Type') or 'no Content-Type'}); it starts: "
            f"{quote_body(body, MAX_QUOTED_PAGE)}", status=status)
    error = _error_entry(feed)
    if error is not None:
        raise PermanentApiError(f"arXiv reported an error: {error}", status=status)
    check_http("arxiv", status, headers, None, body)
    total = feed.findtext(f"{{{OPENSEARCH_NS}}}totalResults")
    if total is None:
        raise PermanentApiError("arXiv answered without opensearch:totalResults")
    count = int_field(total.strip(), "totalResults", "arxiv", as_string=True)
    title = (feed.findtext(f"{{{ATOM_NS}}}title") or "").strip()
    return Reading(count, (), feed_echo(title))


def feed_echo(title: str) -> str | None:
    """The ``search_query`` arXiv echoes in its feed title, if it has one.

    The title reads ``ArXiv Query: search_query=...&id_list=...&start=...``;
    the query itself may hold ``&``, so the cut is at the last ``&id_list=``.
    """
    head, found, rest = title.partition("search_query=")
    if not found:
        return title or None
    query, cut, _ = rest.rpartition("&id_list=")
    return query if cut else rest
