"""OpenAlex (the works list of the OpenAlex API).

A line becomes query parameters, not one query string: the words go to a
search *scope* (title and abstract, title, abstract, everything, OpenAlex's
keywords, printed author names), each scope's terms ANDed into one boolean
value (Elasticsearch ``query_string``: ``AND OR NOT``, parentheses, ``"..."``,
``"a b"~n``, ``*`` and ``?``), and the limits become ``filter=`` entries
(``publication_year:2013-2023``, ``language:en``, ``type:review``, ``doi:``).
One scope travels as a search parameter (``search.title_and_abstract=``,
the OpenAlex Search guide allows one per request), the others as search
filters (``title.search:``...). Terms of different scopes are ANDed by
the request itself; under OR or NOT they are widened to one scope that
holds both (said). A scope with a wildcard is sent unstemmed (``.exact``):
OpenAlex refuses wildcards on its stemmed searches. Sources:
docs/db-openalex.md.

The interface string is the request's parameters as written in the
address (``search.title_and_abstract=...&filter=...``), the same for the
API and for openalex.org's address bar.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar
from urllib.parse import urlencode

from querylang.ast import (
    And,
    Field,
    LangGroup,
    LangLimit,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Span,
    Word,
    YearLimit,
)
from querylang.fields import DEFAULT_FIELD
from querylang.languages import LANGUAGES
from querylang.targets.base import (
    MAX_NEAR_PAIRS,
    ApiRequest,
    FieldMap,
    Target,
    leaves,
    near_field,
)
from querylang.vocab import normal_issn, publication_type

__all__ = ["OpenAlex", "SEARCH_PARAMS", "SEARCH_FILTERS"]

#: Scopes (the field table's tags) that have a search parameter, in the
#: order one is chosen for the parameter when a line searches several; the
#: others go to ``filter=`` as search filters.
SEARCH_PARAMS: dict[str, str] = {
    "title_and_abstract": "search.title_and_abstract",
    "default": "search",
    "title": "search.title",
}
#: Scope -> its search filter (``filter=NAME:value``).
SEARCH_FILTERS: dict[str, str] = {
    "title_and_abstract": "title_and_abstract.search",
    "default": "default.search",
    "title": "title.search",
    "abstract": "abstract.search",
    "keyword": "keyword.search",
    "raw_author_name": "raw_author_name.search",
}
#: Scopes with an unstemmed twin (``.exact``), where wildcards are allowed.
EXACT_SCOPES = frozenset({"title_and_abstract", "default", "title", "abstract"})
#: Scopes searched as free text of title, abstract (and full text): terms of
#: these may be widened into one another under OR or NOT.
_TEXT_SCOPES = frozenset({"title", "abstract", "title_and_abstract"})
_SCOPE_WORDS = {
    "title_and_abstract": "title and abstract", "default": "title, abstract and full text",
    "title": "title", "abstract": "abstract", "keyword": "OpenAlex's keywords",
    "raw_author_name": "author names",
}
#: A free-tier ``search=`` value longer than this is refused at the edge
#: (api-proxy searchVolumeGate.ts: 400 "Search query too long").
SEARCH_VOLUME_CAP = 1500
#: The request line's limit (api-proxy MAX_REQUEST_LINE_BYTES).
MAX_REQUEST_LINE = 8190
#: What the runner adds to the address besides the line's own parameters
#: (path, per-page, cursor, api_key with a key of ordinary length).
_REQUEST_LINE_SLACK = 120
#: The service refuses a * with fewer characters before it (core/search.py).
MIN_STAR_STEM = 3
#: At most this many wildcards in one phrase or proximity; with two, each *
#: needs this many characters before it (core/search.py _phrase_problem).
MAX_PHRASE_WILDCARDS = 2
TWO_WILDCARD_STEM = 4

#: PubMed publication type -> OpenAlex work type (developers.openalex.org,
#: Work object ``type``). None of them is the same list (OA109).
WORK_TYPES: dict[str, str] = {
    "journal article": "article",
    "review": "review",
    "systematic review": "review",
    "scoping review": "review",
    "meta-analysis": "review",
    "editorial": "editorial",
    "letter": "letter",
    "published erratum": "erratum",
    "retraction of publication": "retraction",
    "preprint": "preprint",
    "dataset": "dataset",
}

_LANGUAGE_CODES = {name: code for code, name in LANGUAGES.items()}

_MESH = FieldMap(
    ("title_and_abstract",), "OA106",
    "OpenAlex has no MeSH search: {field}: is searched as text in title and abstract "
    "(not equivalent: narrower headings are not exploded)",
    "name the concept in words (synonyms ORed) in tiab:",
)


class OpenAlex(Target):
    name = "openalex"
    title = "OpenAlex"
    fields: ClassVar[dict[str, FieldMap]] = {
        "tiab": FieldMap(("title_and_abstract",)),
        "ti": FieldMap(("title",)),
        "ab": FieldMap(("abstract",)),
        "kw": FieldMap(
            ("keyword",), "OA101", "OpenAlex's keywords are assigned by OpenAlex, not the "
            "authors': kw: searches those (a different set)",
            "use tiab: when the authors' words matter",
        ),
        "topic": FieldMap(
            ("title_and_abstract",), "OA102", "OpenAlex has no author keywords: topic: "
            "searches title and abstract only (can find less)",
            "write tiab: to say what OpenAlex searches",
        ),
        "all": FieldMap(
            ("default",), "OA103", "OpenAlex's search= covers title, abstract and full "
            "text only: all: is searched there (not every field)",
            "use tiab: for title and abstract",
        ),
        "au": FieldMap(("raw_author_name",)),
        "so": FieldMap(
            (), "OA105", "OpenAlex cannot search a journal by name: no query for OpenAlex",
            "find the source's id (api.openalex.org/sources?search=...) and filter by it, "
            "or leave so: out for OpenAlex",
        ),
        "mesh": _MESH,
        "mesh-noexp": _MESH,
        "mesh-major": _MESH,
        "doi": FieldMap(("doi",)),
        "tw": FieldMap(
            ("title_and_abstract",), "OA107", "OpenAlex has no text-word field: tw: is "
            "searched in title and abstract (no MeSH or other terms)",
            "write tiab: to say what OpenAlex searches",
        ),
        # Written as a work-type filter where possible (_type_filter), else
        # as text (OA110).
        "pt": FieldMap(("title_and_abstract",)),
        "sh": FieldMap(
            ("title_and_abstract",), "OA108", "OpenAlex has no MeSH subheadings: sh: is "
            "searched as text in title and abstract (a different search)",
            "name the idea in words in tiab:",
        ),
        "issn": FieldMap(("issn",)),
    }
    operators = frozenset({"and", "or", "not", "to"})
    #: Elasticsearch query_string syntax, the filter's , and the | and ! the
    #: service refuses in a search (docs/db-openalex.md, Operators).
    reserved = '()[]{}|!,^~\\:/'
    author_tags = ("raw_author_name",)
    surname_code = "OA104"
    subheading_code = "OA115"
    dollar_code = "OA201"
    url_env = "QUERYLANG_OPENALEX_URL"
    default_url = "https://api.openalex.org/works"

    def __init__(
        self, *, strict: bool = False, keep_wildcards: frozenset[str] | None = None,
        search_lines: Mapping[int, int] | None = None,
    ) -> None:
        super().__init__(strict=strict, keep_wildcards=keep_wildcards, search_lines=search_lines)
        #: True once a wildcard is written in the scope being rendered.
        self._wild = False
        #: The phrase that is a scope's whole search, if one is: only there
        #: does OpenAlex keep a wildcard inside a multi-word phrase.
        self._whole: Node | None = None

    # -- the line as parameters ---------------------------------------------------------

    def generate(self, expr: Node) -> tuple[str | None, str | None, dict[str, str]]:
        searches: list[Node] = []
        filters: list[str] = []
        self._split(expr, searches, filters)
        groups: dict[str, list[Node]] = {}
        for node in searches:
            scope = self._scope(node)
            if scope is not None:
                groups.setdefault(scope, []).append(node)
        values: dict[str, tuple[str, bool]] = {}
        for scope, nodes in groups.items():
            rendered = self._render_scope(scope, nodes)
            if rendered is not None:
                values[scope] = rendered
        params = self._params(values, filters)
        if not params:
            return None, None, {}
        text = "&".join(f"{name}={value}" for name, value in params.items())
        self._check_length(params, expr)
        return text, text, params

    def history_query(self, expr: Node) -> str | None:
        query, _, _ = self.generate(expr)
        return query

    def _split(self, node: Node, searches: list[Node], filters: list[str]) -> None:
        """The line's ANDed parts: limits that can be filters become filters,
        the rest is searched. ``A NOT pt:review`` is ``A`` with ``type:!review``."""
        if type(node) is And:
            for op in node.operands:
                self._split(op, searches, filters)
            return
        if type(node) is Not:
            negated = self._filters(node.right, negated=True)
            if negated is not None:
                self._split(node.left, searches, filters)
                filters.extend(negated)
                return
        found = self._filters(node, negated=False)
        if found is not None:
            filters.extend(found)
        else:
            searches.append(node)

    def _filters(self, node: Node, *, negated: bool) -> list[str] | None:
        """``node`` as filter entries, or None when it is no filter."""
        if isinstance(node, YearLimit):
            return None if negated else [f"publication_year:{_years(node)}"]
        if isinstance(node, (LangLimit, LangGroup)):
            codes = [_LANGUAGE_CODES.get(name) for name in node.languages]
            if None in codes:
                return None
            if negated:
                return [f"language:!{code}" for code in codes]
            return ["language:" + "|".join(code for code in codes if code)]
        if not isinstance(node, Field) or node.name not in ("doi", "issn", "pt"):
            return None
        terms = _terms(node.operand)
        if terms is None:
            return None
        if node.name == "doi":
            values = [t.text for t in terms]
            if any(not v.startswith("10.") or any(c in v for c in ',|! "') for v in values):
                return None  # written as a search, which refuses it (OA114)
            name = "doi"
        elif node.name == "issn":
            found = [normal_issn(t.text) for t in terms]
            if None in found:
                return None
            values = [v for v in found if v]
            name = "primary_location.source.issn"
        else:
            types = [WORK_TYPES.get(publication_type(t.text) or "") for t in terms]
            if None in types:
                return None  # some type has no work type: searched as text (OA110)
            for term, kind in zip(terms, types, strict=True):
                self.diag(
                    "OA109",
                    f"the publication type {_shown(term)} is written as OpenAlex's work type "
                    f"{kind}, which is not the same set of records",
                    term.span, f"check a sample of the type:{kind} records, or name the design "
                    "in words in tiab:",
                )
            values = [kind for kind in dict.fromkeys(types) if kind]
            name = "type"
        if negated:
            if name != "type":
                # How OpenAlex reads ! before a DOI or an ISSN is unconfirmed
                # (only type: and language: negations are in its examples).
                return None
            return [f"{name}:!{value}" for value in values]
        return [f"{name}:" + "|".join(values)]

    def _scope(self, node: Node) -> str | None:
        """The one scope ``node`` is searched in (None: nothing to search).
        Terms of several scopes under OR, NOT or NEAR are widened into one
        that holds them all, or refused when none does."""
        scopes = self._scopes(node, DEFAULT_FIELD)
        if not scopes:
            self.emit(node, DEFAULT_FIELD, None)  # its limits say they are dropped
            return None
        if len(scopes) == 1:
            return next(iter(scopes))
        if scopes <= _TEXT_SCOPES:
            wide = "title_and_abstract"
        elif scopes <= _TEXT_SCOPES | {"default"}:
            wide = "default"
        else:
            names = "; ".join(sorted(_SCOPE_WORDS[s] for s in scopes))
            self.diag(
                "OA112",
                f"OpenAlex searches these separately and can only AND them ({names}): this OR "
                "or NOT across them cannot be searched",
                _span(node), "split the line: AND the author or keyword part to the rest, "
                "or search it on a line of its own",
            )
            return "title_and_abstract"
        self.diag(
            "OA111",
            f"OpenAlex cannot OR or NOT terms of different fields "
            f"({'; '.join(sorted(_SCOPE_WORDS[s] for s in scopes))}) "
            f"in one search: all are searched in {_SCOPE_WORDS[wide]} (broader)",
            _span(node), "give the terms of this OR one field, or put each field's terms "
            "on a line of its own",
        )
        return wide

    def _scopes(self, node: Node, field: str) -> set[str]:
        if isinstance(node, Field):
            return self._scopes(node.operand, node.name)
        if isinstance(node, (Word, Phrase)):
            if field in ("doi", "issn"):
                return set()  # refused where they are written (OA114)
            tags = self.table[field].tags
            return {tags[0]} if tags else set()
        if isinstance(node, (YearLimit, LangLimit, LangGroup)):
            return set()
        found: set[str] = set()
        for child in getattr(node, "children", ()):
            found |= self._scopes(child, field)
        return found

    def _render_scope(self, scope: str, nodes: list[Node]) -> tuple[str, bool] | None:
        """The scope's value (its parts ANDed) and whether it holds a wildcard."""
        self._wild = False
        only = nodes[0] if len(nodes) == 1 else None
        while isinstance(only, Field):
            only = only.operand
        self._whole = only if isinstance(only, Phrase) else None
        parts = self.operands(nodes, DEFAULT_FIELD, None)
        self._whole = None
        joined = self.join("AND", [p for p in parts if p])
        if joined is None:
            return None
        if self._wild and scope in EXACT_SCOPES:
            self.diag(
                "OA204",
                f"OpenAlex allows wildcards only in an unstemmed search: the {_SCOPE_WORDS[scope]} "
                "search of this line is sent unstemmed (.exact), so its other words match only "
                "as written (model does not find models)",
                _span(nodes[0]), "write the plural and other forms out, ORed, where they matter",
            )
        return joined[0], self._wild and scope in EXACT_SCOPES

    def _params(self, values: dict[str, tuple[str, bool]], filters: list[str]) -> dict[str, str]:
        params: dict[str, str] = {}
        searched = next((s for s in SEARCH_PARAMS if s in values), None)
        if searched is not None:
            value, exact = values[searched]
            params[SEARCH_PARAMS[searched] + ".exact" * exact] = value
        entries: list[str] = []
        for scope in SEARCH_FILTERS:
            if scope in values and scope != searched:
                value, exact = values[scope]
                entries.append(f"{SEARCH_FILTERS[scope]}{'.exact' * exact}:{value}")
        entries.extend(dict.fromkeys(filters))
        if entries:
            params["filter"] = ",".join(entries)
        return params

    def _check_length(self, params: dict[str, str], expr: Node) -> None:
        search = params.get("search") or params.get("search.exact") or ""
        if len(search) > SEARCH_VOLUME_CAP:
            self.diag(
                "OA401",
                f"the search= value is {len(search)} characters; OpenAlex refuses more than "
                f"{SEARCH_VOLUME_CAP} without a paid plan",
                _span(expr), "split the OR list over several lines, or use tiab: "
                "(search.title_and_abstract= has no such cap)",
            )
        size = len(urlencode(params)) + _REQUEST_LINE_SLACK
        if size > MAX_REQUEST_LINE:
            self.diag(
                "OA402",
                f"the request is about {size} bytes long; OpenAlex refuses a request line over "
                f"{MAX_REQUEST_LINE} bytes",
                _span(expr), "split the OR list over several lines (OpenAlex's Search guide: "
                "run each part and take the union of the works)",
            )

    # -- terms ------------------------------------------------------------------------------

    def tag(self, text: str, tag: str) -> str:
        return text  # the scope is the parameter, not a tag in the text

    def term(self, node: Word | Phrase, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if field in ("doi", "issn"):
            self.diag(
                "OA114",
                f"OpenAlex filters {field.upper()}s and cannot search them among words: "
                f"{_shown(node)} cannot be searched here",
                node.span, f"put {field}: on a line of its own or AND it to the line, as "
                f"{field}:(a OR b)",
            )
            return "", True
        if field == "pt":
            self.diag(
                "OA110",
                f"OpenAlex has no work type for {_shown(node)} here: searched as text in "
                "title and abstract (a different search)",
                node.span, "name the design in words (randomized OR randomised...), or AND "
                "pt:review, pt:letter... to the line, which become type: filters",
            )
        tags = self.table[field].tags
        if isinstance(node, Phrase) and node.has_wildcard and node is not self._whole \
                and len(node.words) > 1 and tags and tags[0] in EXACT_SCOPES:
            return self._wildcard_phrase(node, field, origin)
        text, _ = self.written_term(node, field, origin)
        if text is None:
            return "", True
        return text, True

    def _wildcard_phrase(self, node: Phrase, field: str, origin: Span | None) -> tuple[str, bool]:
        """OpenAlex keeps a wildcard inside a phrase only when the phrase is the
        whole search: elsewhere the phrase's plain words stay a phrase and
        each wildcard word is ANDed to it (broader)."""
        parts: list[Word | Phrase] = []
        plain: list[str] = []
        for word in node.words:
            if "*" in word or "?" in word or "$" in word:
                if plain:
                    parts.append(_term(plain, node.span))
                    plain = []
                parts.append(Word(word, node.span))
            else:
                plain.append(word)
        if plain:
            parts.append(_term(plain, node.span))
        shown = " AND ".join(f'"{p.text}"' if isinstance(p, Phrase) else p.text for p in parts)
        self.diag(
            "OA205",
            f'OpenAlex keeps a wildcard inside a phrase only when the phrase is the whole search: '
            f'"{node.text}" is searched as {shown} (broader)',
            node.span, f'write the phrase\'s forms out ("{node.text.replace("*", "")}" OR ...), '
            "or search it on a line of its own",
        )
        texts: list[str] = []
        for part in parts:
            text, _ = self.written_term(part, field, origin)
            if text is None:
                return "", True
            texts.append(text)
        if len(texts) == 1:
            return texts[0], True
        return " AND ".join(texts), False

    def term_text(self, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        # Printed names are given name first ("Eric J. Topol"): a "Surname
        # Initials" name is searched by its surname (Target.surname_only).
        surname = self.surname_only(node, tags)
        return surname if surname is not None else super().term_text(node, tags)

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        text = self.widen_dollar(text, node)
        scope = tags[0] if tags else ""
        words = text.split(" ")
        if scope not in EXACT_SCOPES:
            return self._stem_only(words, node, scope)
        wild = [w for w in words if "*" in w or "?" in w]
        for word in wild:
            if word[:1] in ("*", "?"):
                self.diag(
                    "OA202", f"OpenAlex refuses a wildcard at the start of a word: {word} "
                    "cannot be searched", node.span, "start the word with its letters",
                )
                return None
            star = word.find("*")
            if star != -1 and star < MIN_STAR_STEM:
                self.diag(
                    "OA203",
                    f"OpenAlex needs {MIN_STAR_STEM} characters before a *: {word} cannot be "
                    f"searched, and {word.rstrip('*')} alone is not the same word",
                    node.span, "write the word's variants out in full, ORed",
                )
                return None
        if len(words) > 1 and not self._phrase_wildcards_ok(wild, node):
            return None
        if wild:
            self._wild = True
        return text

    def _phrase_wildcards_ok(self, wild: list[str], node: Word | Phrase) -> bool:
        """OpenAlex's limits on wildcards in one phrase or proximity."""
        short = [w for w in wild if w.endswith("*") and w.count("*") == 1 and "?" not in w
                 and len(w) <= TWO_WILDCARD_STEM]
        if len(wild) <= MAX_PHRASE_WILDCARDS and not (len(wild) == MAX_PHRASE_WILDCARDS and short):
            return True
        why = (f"more than {MAX_PHRASE_WILDCARDS} wildcards" if len(wild) > MAX_PHRASE_WILDCARDS
               else f"two wildcards, and {short[0]} has fewer than {TWO_WILDCARD_STEM} "
               "characters before its *")
        self.diag(
            "OA206",
            f"OpenAlex refuses {why} in one phrase or proximity: {_shown(node)} cannot be "
            "searched", node.span, "keep one wildcard in the phrase and write the other "
            "words' forms out, ORed",
        )
        return False

    def _stem_only(self, words: list[str], node: Word | Phrase, scope: str) -> str | None:
        """Author names and OpenAlex's keywords are searched stemmed only: a
        trailing wildcard is dropped (the stem is searched), an inner one refused."""
        out: list[str] = []
        for word in words:
            if "*" not in word and "?" not in word:
                out.append(word)
                continue
            stem = word.rstrip("*?")
            if "*" in stem or "?" in stem or not stem:
                self.diag(
                    "OA207", f"OpenAlex has no wildcards in {_SCOPE_WORDS[scope]}: {word} "
                    "cannot be searched", node.span, "write the word out in full",
                )
                return None
            self.diag(
                "OA208", f"OpenAlex has no wildcards in {_SCOPE_WORDS[scope]}: {word} is "
                f"searched as {stem} (stemmed: plurals match, other endings do not)",
                node.span, "write the other forms out, ORed",
            )
            out.append(stem)
        return " ".join(out)

    # -- proximity --------------------------------------------------------------------------

    def near(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        field = near_field(node, field)
        left, right = leaves(node.left), leaves(node.right)
        if left is None or right is None or len(left) * len(right) > MAX_NEAR_PAIRS:
            self.diag(
                "OA303",
                "OpenAlex proximity takes words and phrases (or ORs of them) only, at most "
                f"{MAX_NEAR_PAIRS} pairs: NEAR/{node.distance} is written as AND (broader)",
                node.span, "use plain words or phrases on each side of NEAR",
            )
            return self.near_as_and(node, field, origin)
        mapping = self.field_map(field, origin, node)
        distance = node.distance if node.distance is not None else 0
        self.diag(
            "OA301",
            f'NEAR/{distance} is written as OpenAlex\'s "a b"~{distance}: words within '
            f"{distance} positions, where a reversed pair uses up two of them",
            node.span, f"raise the distance by 2 if reversed pairs must be found at {distance}",
        )
        pairs: list[str] = []
        for a in left:
            for b in right:
                words = [self._near_words(a, mapping.tags), self._near_words(b, mapping.tags)]
                if words[0] is None or words[1] is None:
                    return "", True  # refused; an error is recorded
                together = f"{words[0]} {words[1]}"
                wild = [w for w in together.split(" ") if "*" in w or "?" in w]
                if not self._phrase_wildcards_ok(wild, a if "*" in words[0] else b):
                    return "", True
                pairs.append(f'"{together}"~{distance}')
        pairs = list(dict.fromkeys(pairs))
        if len(pairs) == 1:
            return pairs[0], True
        return " OR ".join(pairs), False

    def _near_words(self, term: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        text = self.term_text(term, tags)
        if text is None:
            return None
        text = text.strip('"')
        if isinstance(term, Phrase) and " " in text:
            self.diag(
                "OA302",
                f'OpenAlex proximity cannot keep "{term.text}" as a phrase: its words go into '
                "the proximity and may stand apart or in another order",
                term.span, "use single words on each side of NEAR",
            )
        return text

    # -- limits inside a search -------------------------------------------------------------

    def year(self, node: YearLimit) -> tuple[str, bool] | None:
        self.diag(
            "OA113",
            f"{node.raw or 'the year limit'} sits inside an OR or on the right of NOT and "
            "cannot be OpenAlex's year filter: left out",
            node.span, "put the year limit on the last line, ANDed",
        )
        return None

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool] | None:
        self.diag(
            "OA116",
            f"{self.dropped_languages(node)} sits inside an OR or on the right of NOT and "
            "cannot be OpenAlex's language filter: left out",
            node.span, "put the language limit on the last line, ANDed",
        )
        return None

    # -- request ----------------------------------------------------------------------------

    def request(self, api_query: str, params: dict[str, str]) -> ApiRequest:
        return ApiRequest(
            method="GET",
            url=self.url(),
            params={**params, "per-page": "1"},
            key_env="OPENALEX_API_KEY",
            key_param="api_key",
        )


def _years(node: YearLimit) -> str:
    """``publication_year``'s value: 2013-2023, 2020, >2012 or <2024."""
    start, end = node.start, node.end
    if start is not None and end is not None:
        return str(start) if start == end else f"{start}-{end}"
    if start is not None:
        return f">{start - 1}"
    return f"<{(end or 0) + 1}"


def _terms(node: Node) -> list[Word | Phrase] | None:
    """The terms of a field's operand when it is terms ORed, else None."""
    if isinstance(node, (Word, Phrase)):
        return [node]
    if isinstance(node, Or):
        out: list[Word | Phrase] = []
        for op in node.operands:
            found = _terms(op)
            if found is None:
                return None
            out.extend(found)
        return out
    return None


def _term(words: list[str], span: Span) -> Word | Phrase:
    return Word(words[0], span) if len(words) == 1 else Phrase(" ".join(words), span)


def _shown(node: Word | Phrase) -> str:
    return f'"{node.text}"' if isinstance(node, Phrase) else node.text


def _span(node: Node) -> Span:
    from querylang.ast import NO_SPAN

    span = getattr(node, "span", NO_SPAN)
    return span if isinstance(span, Span) else NO_SPAN
