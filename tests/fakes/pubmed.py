"""Fake NCBI E-utilities esearch (PubMed), shaped as NCBI documents it (docs/databases.md).

It checks what a client most easily gets wrong: the parameters (GET query
or POST form), the key, the 3 (or 10) requests per second limit, and it
answers with ``count`` as a string plus ``querytranslation``, ``errorlist``
and ``warninglist`` so client code must read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from .base import FakeServer, Fault, RecordedRequest, Reply, SlidingWindow, retry_after_header

DEFAULT_API_KEY = "fake-ncbi-key"

_HEADER = {"type": "esearch", "version": "0.3"}

#: How PubMed spells out the short tags in ``querytranslation``.
_TAG_NAMES = {
    "ti": "Title",
    "tiab": "Title/Abstract",
    "tw": "Text Word",
    "all": "All Fields",
    "au": "Author",
    "1au": "Author - First",
    "ta": "Journal",
    "ot": "Other Term",
    "mh": "MeSH Terms",
    "mh:noexp": "MeSH Terms:noexp",
    "majr": "MeSH Major Topic",
    "majr:noexp": "MeSH Major Topic:noexp",
    "sh": "Subheading",
    "pt": "Publication Type",
    "is": "ISSN",
    "la": "Language",
    "dp": "Date - Publication",
    "aid": "Article Identifier",
    "doi": "DOI",
}
_PIECE = re.compile(r'\s*(?:([()])|"([^"]*)"|(\[[^\]]*\])|([^\s()"\[]+))')
_YEARS = re.compile(r"^(\d{4})(?::(\d{4}))?$")


def _spell(tag: str) -> str:
    """``tiab`` -> ``Title/Abstract``; ``tiab:~2`` -> ``Title/Abstract:~2``."""
    tag = tag.strip().lower()
    base, sep, rest = tag.partition(":~")
    if sep:
        return f"{_TAG_NAMES.get(base, base)}:~{rest}"
    return _TAG_NAMES.get(tag, tag)


def _term(words: list[str], tag: str | None) -> str:
    """One term as PubMed writes it back: quoted, lower case, tag spelled out;
    a year range as dates; an untagged word through automatic term mapping."""
    text = " ".join(" ".join(words).lower().split())
    if tag is None and "*" in text:
        return f'"{text}"[All Fields]'  # no term mapping for a truncated word
    if tag is None:
        # Automatic term mapping (MeSH and All Fields), as PubMed does for
        # an untagged word: a different search from the one sent.
        return f'("{text}"[MeSH Terms] OR "{text}"[All Fields])'
    name = _spell(tag)
    years = _YEARS.match(text)
    if name == "Date - Publication" and years:
        return f"{years.group(1)}/01/01:{years.group(2) or years.group(1)}/12/31[{name}]"
    return f'"{text}"[{name}]'


def translate(term: str) -> str:
    """Imitate ``querytranslation`` as PubMed spells it (Search Details):
    terms quoted and lower-cased, tags spelled out (``asthma[tiab]`` ->
    ``"asthma"[Title/Abstract]``), years as dates, untagged words mapped,
    a group of one term unwrapped and the whole query in parentheses."""
    pieces: list[str] = []
    words: list[str] = []

    def flush(tag: str | None = None) -> None:
        if words:
            pieces.append(_term(words, tag))
            words.clear()

    position = 0
    while position < len(term.rstrip()):
        match = _PIECE.match(term, position)
        if match is None or match.end() == position:
            return term  # unreadable: PubMed's answer is not imitated further
        position = match.end()
        paren, quoted, tag, word = match.groups()
        if paren:
            flush()
            pieces.append(paren)
        elif quoted is not None:
            flush()
            words.append(quoted)
        elif tag:
            flush(tag.strip("[]"))
        elif word in ("AND", "OR", "NOT"):
            flush()
            pieces.append(word)
        else:
            words.append(word)
    flush()
    text = " ".join(pieces).replace("( ", "(").replace(" )", ")")
    # "(x)" around a single term is dropped, as PubMed does
    text = re.sub(r'\(("[^"]*"\[[^\]]+\]|\S+\[[^\]]+\])\)', r"\1", text)
    return f"({text})" if any(op in pieces for op in ("AND", "OR", "NOT")) else text


class FakePubMed(FakeServer):
    """Fake ``esearch.fcgi``.

    Options: ``api_key`` (the one valid key), ``rate_limit`` /
    ``rate_limit_with_key`` (requests allowed in any ``rate_window``-second
    window per caller, default 1 s; None disables), ``rate_retry_after`` (add ``Retry-After`` to
    the rate-limit 429; NCBI's own is not documented), ``unknown_phrases``
    (words that, when in a term, land in ``errorlist.phrasesnotfound``),
    ``max_url_length`` (longer GET request lines get HTTP 414, which is why
    clients POST long terms). Fault kinds: ``error_field`` (alias
    ``pubmed_error``, ``api_error``), ``phrasesnotfound``,
    ``quotedphrasesnotfound``.
    """

    ENDPOINT = "/entrez/eutils/esearch.fcgi"
    METHODS = frozenset({"GET", "POST"})
    FAULT_KINDS = frozenset({"error_field", "phrasesnotfound", "quotedphrasesnotfound"})
    FAULT_ALIASES = {"pubmed_error": "error_field", "api_error": "error_field"}

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        rate_limit: int | None = 3,
        rate_limit_with_key: int | None = 10,
        rate_retry_after: float | None = None,
        unknown_phrases: Iterable[str] = (),
        max_url_length: int | None = 8190,
        rate_window: float = 1.0,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.rate_window = rate_window
        self.api_key = api_key
        self.rate_limit = rate_limit
        self.rate_limit_with_key = rate_limit_with_key
        self.rate_retry_after = rate_retry_after
        self.unknown_phrases = list(unknown_phrases)
        self.max_url_length = max_url_length
        self._window = SlidingWindow(self.rate_window)

    # -- what the client sent ------------------------------------------------

    @property
    def tools(self) -> list[str | None]:
        """The ``tool`` parameter of each request (NCBI wants it set)."""
        return [req.param("tool") for req in self.requests]

    @property
    def emails(self) -> list[str | None]:
        """The ``email`` parameter of each request."""
        return [req.param("email") for req in self.requests]

    # -- gate ----------------------------------------------------------------

    def _reset_limits(self) -> None:
        self._window = SlidingWindow(self.rate_window)

    def admit(self, req: RecordedRequest) -> Reply | None:
        """Key check, then URL length, then the per-second window."""
        key = req.param("api_key")
        if key is not None and not self.key_is_valid(key, self.api_key):
            body = {"error": "API key invalid", "api-key": key, "type": "invalid"}
            return Reply.json(400, {**body, "status": "error"})
        if req.method == "GET" and self.max_url_length is not None:
            if len(req.path) + len(req.query_string) + 1 > self.max_url_length:
                return Reply.html_status(414)
        limit = self.rate_limit_with_key if key else self.rate_limit
        if limit is None:
            return None
        identity = key or req.client
        seen = self._window.hit(identity, req.arrived)
        if seen > limit:
            return self._rate_reply(identity, seen, limit, self.rate_retry_after)
        return None

    @staticmethod
    def _rate_reply(identity: str, seen: int, limit: int, retry_after: float | None) -> Reply:
        body = {
            "error": "API rate limit exceeded",
            "api-key": identity,
            "count": str(seen),
            "limit": str(limit),
        }
        return Reply.json(429, body, retry_after_header(retry_after))

    def too_many_reply(self, retry_after: float | None) -> Reply:
        limit = self.rate_limit or 3
        return self._rate_reply("127.0.0.1", limit + 1, limit, retry_after)

    # -- answer --------------------------------------------------------------

    def answer(self, req: RecordedRequest, fault: Fault) -> Reply:
        """Validate the parameters, then give the JSON or XML result."""
        db = req.param("db")
        if db is None or db.lower() != "pubmed":
            return Reply.json(400, {"error": f"Invalid db name specified: {db or ''}"})
        as_json = (req.param("retmode") or "xml").lower() == "json"
        if fault.kind == "error_field":
            return self._error(as_json, fault.message or "Search Backend failed: fake outage")
        term = req.param("term") or ""
        if not term.strip():
            return self._error(as_json, "Empty term and query_key - nothing todo")
        paging = self._paging(req)
        if isinstance(paging, str):
            return self._error(as_json, paging)
        result = self._result(req, term, fault, *paging)
        if as_json:
            return Reply.json(200, {"header": _HEADER, "esearchresult": result})
        return Reply.text(200, _to_xml(result), "text/xml; charset=UTF-8")

    @staticmethod
    def _paging(req: RecordedRequest) -> tuple[int, int] | str:
        """(retmax, retstart), or the in-band error message for bad values."""
        values = []
        for name, default in (("retmax", 20), ("retstart", 0)):
            text = req.param(name)
            if text is None or text == "":
                values.append(default)
            elif text.strip().isdigit():
                values.append(int(text))
            else:
                return f"Invalid {name}: {text}"
        return values[0], values[1]

    def _result(
        self, req: RecordedRequest, term: str, fault: Fault, retmax: int, retstart: int
    ) -> dict[str, Any]:
        count = self.count_for(term)
        if (req.param("rettype") or "").lower() == "count":
            return {"count": str(count)}
        phrases = [p for p in self.unknown_phrases if p.lower() in term.lower()]
        quoted: list[str] = []
        if fault.kind == "phrasesnotfound":
            phrases.append(fault.message or _first_word(term))
        if fault.kind == "quotedphrasesnotfound":
            quoted.append(fault.message or _first_word(term))
        shown = max(0, min(retmax, count - retstart))
        return {
            "count": str(count),
            "retmax": str(shown),
            "retstart": str(retstart),
            "idlist": [str(30_000_000 + retstart + i) for i in range(shown)],
            "translationset": [],
            "querytranslation": translate(term),
            "errorlist": {"phrasesnotfound": phrases, "fieldsnotfound": []},
            "warninglist": {
                "phrasesignored": [],
                "quotedphrasesnotfound": quoted,
                "outputmessages": [],
            },
        }

    @staticmethod
    def _error(as_json: bool, message: str) -> Reply:
        """The HTTP 200 with ``esearchresult.ERROR`` that E-utilities sends."""
        if as_json:
            return Reply.json(200, {"header": _HEADER, "esearchresult": {"ERROR": message}})
        xml = f'<?xml version="1.0" encoding="UTF-8" ?>\n<eSearchResult><ERROR>{escape(message)}'
        return Reply.text(200, xml + "</ERROR></eSearchResult>", "text/xml; charset=UTF-8")


def _first_word(term: str) -> str:
    """A plausible 'phrase not found': the first word of the term."""
    words = re.findall(r"[A-Za-z0-9]+", term)
    return words[0] if words else term


def _to_xml(result: dict[str, Any]) -> str:
    """The ``retmode=xml`` (default) form of the same result."""
    parts = [f"<Count>{result['count']}</Count>"]
    if "idlist" in result:
        ids = "".join(f"<Id>{pmid}</Id>" for pmid in result["idlist"])
        errors = "".join(
            f"<PhraseNotFound>{escape(p)}</PhraseNotFound>"
            for p in result["errorlist"]["phrasesnotfound"]
        )
        warnings = "".join(
            f"<QuotedPhraseNotFound>{escape(p)}</QuotedPhraseNotFound>"
            for p in result["warninglist"]["quotedphrasesnotfound"]
        )
        parts += [
            f"<RetMax>{result['retmax']}</RetMax><RetStart>{result['retstart']}</RetStart>",
            f"<IdList>{ids}</IdList><TranslationSet/>",
            f"<QueryTranslation>{escape(result['querytranslation'])}</QueryTranslation>",
            f"<ErrorList>{errors}</ErrorList>" if errors else "",
            f"<WarningList>{warnings}</WarningList>" if warnings else "",
        ]
    body = "".join(parts)
    return f'<?xml version="1.0" encoding="UTF-8" ?>\n<eSearchResult>{body}</eSearchResult>\n'
