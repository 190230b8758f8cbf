"""What every target produces: the contract between compiler and runner.

A compiled line has two faces (issue 3): the *interface string* a librarian
pastes into the database's own advanced search, and the *API request* a run
sends. The request never holds a key's value: it names the environment
variable and where the key goes, and the runner adds it at send time.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any, ClassVar

from querylang import codes
from querylang.ast import (
    DOLLAR_WILDCARD,
    NO_SPAN,
    And,
    Field,
    LangGroup,
    LangLimit,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Ref,
    Span,
    Word,
    YearLimit,
    dollar_wildcard,
)
from querylang.diagnostics import Diagnostic, Severity, has_errors
from querylang.fields import DEFAULT_FIELD, MESH_FIELDS
from querylang.printer import format_languages
from querylang.record import field, record, replace
from querylang.vocab import normal_issn, split_heading, subheading

__all__ = [
    "ApiRequest",
    "Compiled",
    "FieldMap",
    "Target",
    "OPEN_START",
    "OPEN_END",
    "year_bounds",
    "line_year_limits",
    "years_in_words",
    "shared_field",
]


@record(frozen=True)
class ApiRequest:
    """An HTTP request without secrets.

    ``params`` are the query parameters (for POST, the form body). The key,
    when there is one, is read from ``key_env`` at send time and placed in
    the parameter ``key_param`` or the header ``key_header``.
    """

    method: str
    url: str
    params: dict[str, str]
    headers: tuple[str, ...] = ()
    key_env: str | None = None
    key_param: str | None = None
    key_header: str | None = None
    key_required: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON view; header names only, never values."""
        return {
            "method": self.method,
            "url": self.url,
            "params": dict(self.params),
            "headers": list(self.headers),
            "key_env": self.key_env,
        }


@record(frozen=True)
class Compiled:
    """One line of a strategy compiled for one target.

    ``query`` is the interface string (None when the target refused the
    line); ``api_query`` is the query text inside the API request (differs
    from ``query`` for Web of Science); ``notes`` are instructions for the
    interface user (e.g. IEEE: set the year filter to 2013-2023).
    """

    target: str
    line: int
    query: str | None
    api: ApiRequest | None
    api_query: str | None
    diagnostics: tuple[Diagnostic, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.query is not None and not has_errors(self.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "line": self.line,
            "query": self.query,
            "api_query": self.api_query,
            "api": self.api.to_dict() if self.api else None,
            "notes": list(self.notes),
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


# ---------------------------------------------------------------------------
# The shared generator (sqlglot manner): the base walks the tree; a target
# overrides only what differs; its field table is data.
# ---------------------------------------------------------------------------



#: Portable fields whose terms each target reads in its own way (author
#: names, DOIs): never written through the plain-term short cut.
_SPECIAL_FIELDS = frozenset({"au", "doi", "issn", "sh", *MESH_FIELDS})

#: Fields whose value the targets may rewrite before writing it (an ISSN's
#: normal form, a heading's subheading): see Target.controlled_value.
_VALUE_FIELDS = frozenset({"issn", "sh", *MESH_FIELDS})

#: Stands for the term while a tag's fixed text is worked out (no tag holds it).
_TERM_MARKER = "\x00"

#: Years written for an open range (``year:2013-`` / ``year:-2023``): wide
#: enough to cover every record of the four databases.
OPEN_START = 1800
OPEN_END = 3000

#: Most terms have a proximity OR group at most a handful wide; beyond this
#: many pairs an expansion would swamp the query, so NEAR falls back to AND.
MAX_NEAR_PAIRS = 100

_WILDCARDS = "*?"

#: Added to a change-of-meaning diagnostic raised inside the right side of NOT.
NEGATED_SUFFIX = (
    "; this is inside NOT, so the effect is reversed: a broader excluded part "
    "removes more records, a narrower one fewer"
)


@record(frozen=True)
class FieldMap:
    """How one portable field is written in a target.

    ``tags`` are the native field tags ORed together for one term (empty:
    the target cannot search the field and refuses the term). ``code``, when
    set, is the diagnostic every use of the field raises, with ``message``.
    """

    tags: tuple[str, ...]
    code: str | None = None
    message: str = ""
    hint: str | None = None


def spelled_subheading(name: str) -> str:
    """A subheading as PubMed's search details write it: "and" for "&"
    ("prevention and control"); words searched as text read the same."""
    return " ".join(name.replace("&", " and ").split())


def year_bounds(node: YearLimit) -> tuple[int, int]:
    """The inclusive years of a limit, open ends filled in."""
    start = OPEN_START if node.start is None else node.start
    end = OPEN_END if node.end is None else node.end
    return start, end


def line_year_limits(expr: Node) -> list[YearLimit]:
    """Year limits that restrict the whole line, in the order written: reached
    through AND and the left side of NOT ((A AND year) NOT B is (A NOT B)
    limited by year). Under OR, or on the right of NOT, a year cannot be a
    filter or a limiter of the whole search."""
    found: list[YearLimit] = []
    stack: list[Node] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, YearLimit):
            found.append(node)
        elif isinstance(node, And):
            stack.extend(node.operands)
        elif isinstance(node, Not):
            stack.append(node.left)
    found.reverse()
    return found


def years_in_words(start: int | None, end: int | None) -> str:
    """A year limit as a note says it: 2013-2023, 2020, from 2013, up to 2023."""
    if start is not None and end is not None:
        return str(start) if start == end else f"{start}-{end}"
    if start is not None:
        return f"from {start}"
    return f"up to {end}" if end is not None else f"{OPEN_START}-{OPEN_END}"


def shared_field(
    node: Node, field: str, memo: dict[tuple[int, str], str | None],
    term_field: Callable[[str], bool],
) -> str | None:
    """The one field every term below ``node`` searches, or None (mixed
    fields, a limit or a reference inside, or a term whose field
    ``term_field`` says cannot share a tag). ``memo`` holds the answers per
    node for one line: the generators ask again for every operator above."""
    key = (id(node), field)
    if key in memo:
        return memo[key]
    found: str | None = None
    if isinstance(node, Field):
        found = shared_field(node.operand, node.name, memo, term_field)
    elif isinstance(node, (Word, Phrase)):
        found = field if term_field(field) else None
    elif isinstance(node, (Or, And, Not, Near)):
        for position, child in enumerate(node.children):
            below = shared_field(child, field, memo, term_field)
            if below is None or (position and below != found):
                found = None
                break
            found = below
    memo[key] = found
    return found


def _env_url(variable: str, default: str) -> str:
    return os.environ.get(variable) or default


class Target:
    """The base generator: one instance compiles one line for one target.

    ``emit`` dispatches on the node type; every method returns the native
    text and whether it is atomic (safe as an operand without parentheses),
    or None when the node was dropped (a limit the target cannot express).
    """

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    #: Portable field -> native tags (data, one entry per portable field).
    fields: ClassVar[dict[str, FieldMap]] = {}
    #: Operator words: a term spelled like one (any case) is quoted.
    operators: ClassVar[frozenset[str]] = frozenset({"and", "or", "not"})
    not_operator: ClassVar[str] = "NOT"
    #: The author field's native tags, and the code said when a "Surname
    #: Initials" name is searched by surname (None: the database takes the
    #: name as written).
    author_tags: ClassVar[tuple[str, ...]] = ()
    surname_code: ClassVar[str | None] = None
    #: Native tags of the doi field: a DOI is never altered, only refused.
    doi_tags: ClassVar[frozenset[str]] = frozenset()
    #: Characters that mean something to the target's parser: in a term,
    #: each is replaced by a space (the databases' tokenizers drop them anyway).
    reserved: ClassVar[str] = "()[]{}"
    #: Environment variable that overrides the API URL, and the URL itself.
    url_env: ClassVar[str] = ""
    default_url: ClassVar[str] = ""
    #: How the database's own search history names an earlier search
    #: (``"#{n}"``), or None when its interface has no history to combine
    #: lines with: its search history is then every line written out.
    set_reference: ClassVar[str | None] = None
    #: The target's codes that hold only for a line written out in full,
    #: not for the same line in its search history (where ``#n`` stays a set
    #: number): :func:`querylang.history.compile_history` leaves them out there.
    written_out_codes: ClassVar[frozenset[str]] = frozenset()

    #: Node type -> the method that writes it, resolved per class so that a
    #: target's overrides apply (filled by __init_subclass__).
    _handlers: ClassVar[dict[type, Callable[..., Any]]] = {}
    #: Tags -> what :meth:`tag` writes before and after a term, per tag.
    _tag_parts: ClassVar[dict[tuple[str, ...], tuple[tuple[str, str], ...]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._handlers = {
            Word: cls.term,
            Phrase: cls.term,
            Field: cls._field,
            Or: cls.or_,
            And: cls.and_,
            Not: cls.not_,
            Near: cls.near,
            YearLimit: cls._year,
            LangLimit: cls._lang,
            LangGroup: cls._lang,
            Ref: cls._ref,
        }
        cls._tag_parts = {}

    #: True for a database whose wildcards the user may choose per word with a
    #: ``# <name>-wildcards:`` line in the strategy (docs/databases.md).
    takes_wildcard_choice: ClassVar[bool] = False

    def __init__(
        self, *, strict: bool = False, keep_wildcards: frozenset[str] | None = None,
        search_lines: Mapping[int, int] | None = None,
    ) -> None:
        #: File line -> search line of the strategy (continuation lines
        #: included): a default field's note is said once per search line.
        self.search_lines: Mapping[int, int] = search_lines or {}
        #: ids of the issn: filters ANDed at the top of the line that this
        #: target leaves out (see _drop_issn_filter).
        self._issn_filters: frozenset[int] = frozenset()
        self.strict = strict
        #: The words (lower case, ? written *) that keep their wildcard, as the
        #: user chose for the whole strategy; None: every wildcard is kept.
        self.keep_wildcards = keep_wildcards
        self.diagnostics: list[Diagnostic] = []
        self.notes: list[str] = []
        self._seen: set[tuple[str, int, int, str]] = set()
        self._reserved_table = _reserved_table(self.reserved)
        #: True while emitting the right operand of an odd number of NOTs:
        #: there every widening excludes more, so the search finds fewer records.
        self._negated = False
        #: The field table in use (Web of Science swaps it for its API query).
        self.table: dict[str, FieldMap] = self.fields

    # -- the entry point --------------------------------------------------------

    def compile_line(
        self, expr: Node, line: int, before: tuple[Diagnostic, ...] = ()
    ) -> Compiled:
        """``expr`` is a line with its references already expanded;
        ``before`` are diagnostics to list ahead of the target's own (the
        strategy's, when a caller compiles one line of it)."""
        try:
            query, api_query, params = self.generate(expr)
        except RecursionError:
            self.diag("CP104", "the line is nested too deeply to compile", _span_of(expr),
                      "split it into several lines joined with #n references")
            query = api_query = None
            params = {}
        diagnostics = self.finish_diagnostics()
        if has_errors(diagnostics) or query is None or api_query is None:
            return Compiled(self.name, line, None, None, None, (*before, *diagnostics), ())
        return Compiled(
            self.name, line, query, self.request(api_query, params), api_query,
            (*before, *diagnostics), tuple(self.notes),
        )

    def compile_history_line(self, expr: Node, line: int) -> Compiled:
        """Line ``line`` as entered in the database's search history: each
        ``#n`` in ``expr`` is written as the database's set number
        (:attr:`set_reference`), everything else exactly as
        :meth:`compile_line` writes it. There is no API request: no API
        has a search history."""
        try:
            query = self.history_query(expr)
        except RecursionError:
            self.diag("CP104", "the line is nested too deeply to compile", _span_of(expr),
                      "split it into several lines joined with #n references")
            query = None
        diagnostics = tuple(self.finish_diagnostics())
        if has_errors(diagnostics) or query is None:
            return Compiled(self.name, line, None, None, None, diagnostics, ())
        return Compiled(self.name, line, query, None, None, diagnostics, tuple(self.notes))

    def history_refusal(self, expr: Node, line: int, last: bool) -> Diagnostic | None:
        """An error when line ``line`` (``last``: the strategy's last line)
        cannot be one line of the database's search history at all, or None
        (the default: every line can)."""
        return None

    def history_query(self, expr: Node) -> str | None:
        """The interface string of a line whose references stay set numbers."""
        return self.render(expr)

    def generate(self, expr: Node) -> tuple[str | None, str | None, dict[str, str]]:
        """(interface string, API query, extra request parameters)."""
        query = self.render(expr)
        return query, query, {}

    def render(self, expr: Node) -> str | None:
        if self.issn_filter_code is not None and type(expr) is And:
            self._issn_filters = _issn_filters(expr)
        result = self.emit(expr, DEFAULT_FIELD, None)
        return None if result is None else result[0]

    def request(self, api_query: str, params: dict[str, str]) -> ApiRequest | None:
        """The line's API request. None (this default): the database has no
        API querylang can call; its interface string is pasted by hand and
        its counts are typed in (``run --count``)."""
        return None

    def url(self) -> str:
        return _env_url(self.url_env, self.default_url)

    # -- diagnostics ----------------------------------------------------------------

    def diag(self, code: str, message: str, span: Span, hint: str | None = None) -> None:
        """Record a diagnostic once (a term reached twice says it once)."""
        key = (code, span.start, span.end, message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.diagnostics.append(self._polarized(code, message, span, hint))

    def _polarized(self, code: str, message: str, span: Span, hint: str | None) -> Diagnostic:
        """A change of meaning under NOT works the other way round: a broader
        term excludes more, a dropped limit excludes more. Say so, and never
        let it pass as information only."""
        diagnostic = codes.make(code, message, span, hint, target=self.name)
        if self._negated and codes.REGISTRY[code].changes_meaning:
            severity = diagnostic.severity
            if severity is Severity.INFO:
                severity = Severity.WARNING
            diagnostic = codes.make(
                code,
                message + NEGATED_SUFFIX,
                span,
                hint,
                target=self.name,
                severity=severity,
            )
        return diagnostic

    def finish_diagnostics(self) -> list[Diagnostic]:
        """Strict mode: every change of meaning becomes an error."""
        if not self.strict:
            return self.diagnostics
        out = []
        for d in self.diagnostics:
            info = codes.REGISTRY[d.code]
            if info.changes_meaning and d.severity is not Severity.ERROR:
                d = d.with_severity(Severity.ERROR)
            out.append(d)
        return out

    # -- dispatch ---------------------------------------------------------------------

    def emit(self, node: Node, field: str, origin: Span | None) -> tuple[str, bool] | None:
        """``field`` is the effective portable field; ``origin`` the span of
        the Field node that set it (None for the default field)."""
        # One dict lookup on the node's exact type (node classes are final)
        # instead of a chain of isinstance checks: this runs for every node.
        handler = self._handlers.get(type(node))
        if handler is None:
            raise TypeError(f"{type(node).__name__} cannot be compiled")  # checks keep it out
        return handler(self, node, field, origin)  # type: ignore[no-any-return]

    def _field(self, node: Field, field: str, origin: Span | None) -> tuple[str, bool] | None:
        return self.emit(node.operand, node.name, node.span)

    def _year(self, node: YearLimit, field: str, origin: Span | None) -> tuple[str, bool] | None:
        return self.year(node)

    def _lang(
        self, node: LangLimit | LangGroup, field: str, origin: Span | None
    ) -> tuple[str, bool] | None:
        return self.lang(node)

    def _ref(self, node: Ref, field: str, origin: Span | None) -> tuple[str, bool] | None:
        # Only a search history keeps references (compile_history_line); every
        # other caller expands them first (compiler.expand_references).
        if self.set_reference is None:
            raise TypeError(f"{self.title} has no search history: expand #{node.number} first")
        return self.set_reference.format(n=node.number), True

    def operands(self, nodes: Iterable[Node], field: str, origin: Span | None) -> list[str]:
        """:meth:`operand` of each node, dropped ones left out (one loop
        instead of a call per operand: this runs for every term)."""
        handlers = self._handlers
        out: list[str] = []
        for node in nodes:
            handler = handlers.get(type(node))
            # The dispatch of emit, inlined; an unknown node goes through
            # emit for its error.
            result = (handler(self, node, field, origin) if handler is not None
                      else self.emit(node, field, origin))
            if result is not None:
                text, atomic = result
                out.append(text if atomic else f"({text})")
        return out

    def operand(self, node: Node, field: str, origin: Span | None) -> str | None:
        """A child of an operator, parenthesised unless atomic: no target's
        precedence is ever relied on."""
        result = self.emit(node, field, origin)
        if result is None:
            return None
        text, atomic = result
        return text if atomic else f"({text})"

    def join(self, operator: str, parts: Iterable[str | None]) -> tuple[str, bool] | None:
        kept = [p for p in parts if p is not None]
        if operator == "OR" and len(kept) > 1:
            # Two terms the target writes alike (pt:Editorial and pt:Comment
            # both DT="Editorial Material" in Web of Science) are one: A OR A
            # is A, and the query should not read as a slip.
            kept = list(dict.fromkeys(kept))
        if not kept:
            return None
        if len(kept) == 1:
            return kept[0], True
        return f" {operator} ".join(kept), False

    def or_(self, node: Or, field: str, origin: Span | None) -> tuple[str, bool] | None:
        return self.join("OR", self.operands(node.operands, field, origin))

    def and_(self, node: And, field: str, origin: Span | None) -> tuple[str, bool] | None:
        operands = node.operands
        if self._issn_filters:
            operands = tuple(op for op in operands if not self._drop_issn_filter(op))
        return self.join("AND", self.operands(operands, field, origin))

    #: The code said when an ISSN ANDed on a line is left out because the
    #: target has no ISSN field (None: the target searches ISSNs, or refuses).
    issn_filter_code: ClassVar[str | None] = None

    def _drop_issn_filter(self, node: Node) -> bool:
        """An ``issn:`` ANDed at the top of the line restricts it to some
        journals: without an ISSN field, leaving it out finds at least as
        much (said). Anywhere else the field refuses the term."""
        if id(node) not in self._issn_filters:
            return False
        assert self.issn_filter_code is not None
        self.diag(
            self.issn_filter_code,
            f"{self.title} cannot search an ISSN: this journal filter is left out of the "
            "line (broader: records from every journal)",
            _span_of(node), "name the journals with so: if the filter matters here",
        )
        return True

    def not_(self, node: Not, field: str, origin: Span | None) -> tuple[str, bool] | None:
        left = self.operand(node.left, field, origin)
        right = self.negated(node.right, field, origin)
        if left is None or right is None:
            return self.join("AND", [left, right])
        return f"{left} {self.not_operator} {right}", False

    def negated(self, node: Node, field: str, origin: Span | None) -> str | None:
        """The right operand of NOT, emitted with the polarity flipped."""
        self._negated = not self._negated
        try:
            return self.operand(node, field, origin)
        finally:
            self._negated = not self._negated

    def near(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        left = self.operand(node.left, field, origin)
        right = self.operand(node.right, field, origin)
        if left is None or right is None:
            return self.join("AND", [left, right])
        return f"{left} NEAR/{node.distance} {right}", False

    def near_as_and(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        """The closest broader form of a proximity: both operands ANDed."""
        return self.join(
            "AND", [self.operand(node.left, field, origin), self.operand(node.right, field, origin)]
        )

    def year(self, node: YearLimit) -> tuple[str, bool] | None:
        raise NotImplementedError

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool] | None:
        """One language, or several ORed (``node.languages``)."""
        raise NotImplementedError

    def dropped_languages(self, node: LangLimit | LangGroup) -> str:
        """How a dropped language limit is named in its diagnostic: as
        written for one language, every language by name for several."""
        if isinstance(node, LangGroup):
            return format_languages(node.languages)
        return node.raw or "lang:"

    # -- terms ----------------------------------------------------------------------------

    def field_map(self, field: str, origin: Span | None, node: Node) -> FieldMap:
        """The field's mapping, raising its diagnostic once per field prefix
        (or once per line for the default field)."""
        mapping = self.table[field]
        if mapping.code is not None:
            if origin is not None:
                key = (mapping.code, origin.start, origin.end, field + "!" * self._negated)
            else:
                # The default field: once per search line (a line written
                # over several file lines included), so that a final line
                # with #n expanded names every line it widens.
                file_line = _span_of(node).line
                line = self.search_lines.get(file_line)
                key = (mapping.code, -file_line if line is None else 0, line or 0,
                       field + "!" * self._negated)
            if key not in self._seen:
                self._seen.add(key)
                self.diagnostics.append(
                    self._polarized(mapping.code, mapping.message.format(field=field),
                                    origin or _span_of(node), mapping.hint)
                )
        return mapping

    def term(self, node: Word | Phrase, field: str, origin: Span | None) -> tuple[str, bool] | None:
        text, tags = self.written_term(node, field, origin)
        if text is None:
            return "", True  # refused: an error is recorded, the query is dropped
        return self.tagged_or(text, tags)

    def written_term(
        self, node: Word | Phrase, field: str, origin: Span | None
    ) -> tuple[str | None, tuple[str, ...]]:
        """The term's text as the target writes it (None: refused, with an
        error recorded) and the native tags it goes under. The field's own
        diagnostic, if it has one, is raised here."""
        mapping = self.table[field]
        tags = mapping.tags
        if mapping.code is not None:
            self.field_map(field, origin, node)
        if field in _VALUE_FIELDS:
            node = self.controlled_value(node, field)
            if field == "issn" and tags and normal_issn(node.text) == node.text:
                # Digits, a hyphen and perhaps X: nothing any database reads
                # as syntax. Unquoted, as the databases' examples write it
                # (PubMed 0028-0836[is], Web of Science IS=0028-0836).
                return node.text, tags
        if node.plain and tags and field not in _SPECIAL_FIELDS:
            # The short way for a plain term (Word.plain, Phrase.plain): no
            # wildcard, no reserved character, no script PubMed lacks, so
            # every rule of term_text leaves it as it is; author names and
            # DOIs always take the long way. Most terms of most strategies
            # come here.
            text = node.text
            if type(node) is Phrase or text.lower() in self.operators:
                return f'"{text}"', tags
            return text, tags
        if not tags:
            self.term_text(node, tags)  # its own errors, if any, are said too
            return None, tags
        return self.term_text(node, tags), tags

    def tagged_or(self, text: str, tags: tuple[str, ...]) -> tuple[str, bool]:
        parts = self._tag_parts.get(tags)
        if parts is None:
            parts = self._tag_parts[tags] = tuple(self._split_tag(t) for t in tags)
        if len(parts) == 1:
            before, after = parts[0]
            return before + text + after, True
        return "(" + " OR ".join([before + text + after for before, after in parts]) + ")", True

    def _split_tag(self, tag: str) -> tuple[str, str]:
        """What :meth:`tag` writes before and after the term, worked out once
        per tag (``tag`` places the term verbatim: a test checks)."""
        before, marker, after = self.tag(_TERM_MARKER, tag).partition(_TERM_MARKER)
        assert marker, f"{type(self).__name__}.tag must place the term verbatim"
        return before, after

    def tag(self, text: str, tag: str) -> str:
        """``text`` searched in the native field ``tag`` (text placed verbatim)."""
        raise NotImplementedError

    def term_text(self, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        """The term as the target must see it: cleaned, its wildcards made
        legal, quoted when needed. None when the term is refused."""
        is_phrase = isinstance(node, Phrase)
        doi = bool(self.doi_tags) and not self.doi_tags.isdisjoint(tags)
        # A $ in a DOI is one of its characters; a database that reads $ as
        # a wildcard (dollar_code None: Web of Science) cannot search it.
        syntax = self.reserved + ("$" if self.dollar_code is None else "")
        if doi and any(c in syntax for c in node.text):
            # Replacing a DOI's brackets or colons by spaces (as CP101 does for
            # words) would search an identifier that exists nowhere: refuse.
            chars = "".join(sorted({c for c in node.text if c in syntax}))
            self.diag(
                "CP106",
                f"the DOI {node.text} holds {chars}, which {self.title} reads as syntax: "
                "it cannot be searched exactly",
                node.span, "search the record by its title (ti:) or another identifier",
            )
            return None
        text = self.clean(node) if isinstance(node, Phrase) else node.text
        if text is None:
            return None
        if "*" in text or "?" in text or ("$" in text and not doi and dollar_wildcard(text)):
            text = self.wildcards(text, node, tags)
            if text is None:
                return None
        if is_phrase or self.needs_quotes(text):
            return f'"{text}"'
        return text

    def surname_only(self, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        """For databases that show authors given name first (arXiv, IEEE
        Xplore): a "Surname Initials" name is searched by its surname, which
        finds at least as much, and ``surname_code`` says so. None when the
        term is not such a name (it is then written as usual)."""
        if tags != self.author_tags or not isinstance(node, Phrase):
            return None
        name = author_name(node.text)
        if name is None or self.surname_code is None:
            return None
        surname = name[0]
        self.diag(
            self.surname_code,
            f'{self.title} shows authors given name first: "{node.text}" is searched by the '
            f"surname {surname} (broader)",
            node.span,
            f"add a title or topic term to narrow it, or write the full name as {self.title} shows it",
        )
        return surname if " " not in surname else f'"{surname}"'

    def needs_quotes(self, word: str) -> bool:
        """A word with punctuation, or spelled like an operator, is quoted so
        that the target reads it as one term."""
        if word.lower() in self.operators:
            return True
        return not (
            word.isalnum()
            or word.replace("*", "").replace("?", "").replace("$", "").isalnum()
        )

    def clean(self, node: Phrase) -> str | None:
        """Phrase text with control and invisible characters removed and the
        target's reserved characters replaced by spaces."""
        text = node.text
        if _PLAIN_PHRASE.fullmatch(text):
            # The common case (words, single spaces, hyphens, wildcards):
            # nothing to remove or replace in any target.
            return text
        if not text.isprintable():
            text = _visible(text)
            self.diag(
                "CP102",
                "invisible or control characters removed from the phrase",
                node.span,
                "retype the phrase: it held characters such as tabs, zero-width spaces "
                "or direction marks",
            )
        replaced = text.translate(self._reserved_table)
        if replaced != text:
            chars = "".join(sorted({c for c in text if c in self.reserved}))
            self.diag(
                "CP101",
                f"{self.title} reads {chars} as syntax: replaced by spaces in \"{node.text}\"",
                node.span,
                "remove the punctuation from the phrase (databases ignore it in phrases)",
            )
        text = " ".join(replaced.split())
        if _SEARCHABLE.search(text) is None:
            self.diag(
                "CP103", f"nothing searchable is left of \"{node.text}\" for {self.title}",
                node.span, "use letters or digits in the phrase, or remove it",
            )
            return None
        return text

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        """Make the term's wildcards legal for the target (default: as written)."""
        return text

    #: The code said when a ``mesh:"Heading/subheading"`` loses its
    #: subheading (None: the target searches subheadings, as PubMed does).
    subheading_code: ClassVar[str | None] = None
    #: The code said when a ``$`` wildcard is widened to ``*`` (None: the
    #: target reads ``$`` itself, as Web of Science does).
    dollar_code: ClassVar[str | None] = None

    def controlled_value(self, node: Word | Phrase, field: str) -> Word | Phrase:
        """The term of a field whose value has a normal form: an ISSN is
        written NNNN-NNNC; a MeSH heading with a subheading keeps it only
        where the target searches subheadings (:meth:`heading_with_subheading`),
        elsewhere it is searched by the heading (``subheading_code`` says so)."""
        if field == "issn":
            issn = normal_issn(node.text)
            if issn is not None and issn != node.text:
                return replace(node, text=issn, plain=False)
            return node
        if field == "sh":
            # The subheading's name, "and" for "&" as PubMed's search details
            # write it, whether it was written so, abbreviated (DT) or not.
            name = subheading(node.text)
            if name is not None and spelled_subheading(name) != node.text:
                return replace(node, text=spelled_subheading(name), plain=False)
            return node
        if "/" not in node.text:
            return node
        heading, subheadings = split_heading(node.text)
        if not heading or len(subheadings) != 1:
            return node  # the checks refuse it before any target sees it
        if self.subheading_code is None:
            return self.heading_with_subheading(node, heading, subheadings[0])
        name = spelled_subheading(subheading(subheadings[0]) or subheadings[0])
        self.diag(
            self.subheading_code,
            f"{self.title} has no MeSH subheadings: {field}:\"{node.text}\" is searched as "
            f"{heading!r}; the subheading {name!r} is left out (broader)",
            node.span, "if the heading alone finds too much, AND words for the subheading's "
            f"idea (for {name!r}: its words, truncated)",
        )
        return Phrase(heading, node.span, False) if " " in heading else Word(heading, node.span)

    def heading_with_subheading(
        self, node: Word | Phrase, heading: str, sub: str
    ) -> Word | Phrase:
        """The term for a target that searches ``Heading/subheading`` as such."""
        name = subheading(sub) or sub
        return replace(node, text=f"{heading}/{spelled_subheading(name)}", plain=False)

    def widen_dollar(self, text: str, node: Word | Phrase) -> str:
        """``$`` (zero or one character) written as ``*`` (any number): the
        closest form that finds at least as much, where ``$`` is unknown."""
        if not dollar_wildcard(text):
            return text
        widened = DOLLAR_WILDCARD.sub("*", text)
        if self.dollar_code is not None:
            shown = f'"{node.text}"' if isinstance(node, Phrase) else node.text
            self.diag(
                self.dollar_code,
                f"{self.title} has no $ wildcard (zero or one character): {shown} is "
                "searched with * (any number of characters: broader)",
                node.span, "write the variants out, ORed (color OR colour), to keep the meaning",
            )
        return widened


# -- helpers shared by the targets ----------------------------------------------


#: Words of letters and digits (with inner - ' * ?) separated by single
#: spaces: no target reads anything in it as syntax.
_PLAIN_PHRASE = re.compile(r"[^\W_][\w\-'*?]*(?: [^\W_][\w\-'*?]*)*")

#: A letter or a digit: a phrase without one has nothing to search.
_SEARCHABLE = re.compile(r"[^\W_]")


@cache
def _reserved_table(reserved: str) -> dict[int, str]:
    return {ord(ch): " " for ch in reserved}


def _visible(text: str) -> str:
    """Control, format (zero-width, direction marks) and separator characters
    become spaces; other characters are kept."""
    return "".join(
        " " if unicodedata.category(c)[0] in "CZ" else c for c in text
    )


def _only_issn(node: Node) -> bool:
    """``issn:(...)``, or an OR of them, with nothing but ISSNs inside."""
    if isinstance(node, Or):
        return all(_only_issn(op) for op in node.operands)
    if not isinstance(node, Field) or node.name != "issn":
        return False
    stack = [node.operand]
    while stack:
        current = stack.pop()
        if isinstance(current, Or):
            stack.extend(current.operands)
        elif not isinstance(current, (Word, Phrase)):
            return False
    return True


def _issn_filters(expr: And) -> frozenset[int]:
    """The ISSN filters of a line: operands of its top-level AND (nested ANDs
    included, never under OR or NOT) that hold ISSNs only, where a search
    other than a limit is left once they are gone (a line of ISSNs and
    limits alone is refused)."""
    found: set[int] = set()
    stack: list[And] = [expr]
    while stack:
        node = stack.pop()
        issns = [op for op in node.operands if _only_issn(op)]
        searched = [op for op in node.operands
                    if op not in issns and not isinstance(op, (YearLimit, LangLimit, LangGroup))]
        if not searched:  # nothing would be searched without them
            continue
        found.update(id(op) for op in issns)
        stack.extend(op for op in node.operands if type(op) is And)
    return frozenset(found)


def _span_of(node: Node) -> Span:
    span = getattr(node, "span", NO_SPAN)
    return span if isinstance(span, Span) else NO_SPAN


def alnum_count(text: str) -> int:
    """Letters and digits in ``text`` (fast path: a plain word)."""
    if text.isalnum():
        return len(text)
    return sum(c.isalnum() for c in text)


_FIRST_WILDCARD = re.compile(r"[*?]")


def first_wildcard(word: str) -> int:
    """Index of the first ``*`` or ``?`` in ``word`` (its length if none)."""
    found = _FIRST_WILDCARD.search(word)
    return found.start() if found else len(word)


def stem_length(word: str) -> int:
    """Letters and digits before the first wildcard of ``word``."""
    stem = word[: first_wildcard(word)]
    if stem.isalnum():
        return len(stem)
    count = 0
    for c in word:
        if c in _WILDCARDS:
            break
        if c.isalnum():
            count += 1
    return count


def fix_short_stems(
    text: str,
    minimum: int,
    wildcard_set: str,
    on_short: Callable[[str, bool], None],
) -> str | None:
    """Check each word's stem against ``minimum``. A short word whose only
    wildcard is a trailing run loses it (``on_short(word, True)``); one with
    a wildcard inside is refused (``on_short(word, False)``, returns None)."""
    # Per word: IEEE documents that "each wildcard word" needs the minimum
    # (IEEE Xplore SDK). PubMed counts before a phrase's first wildcard
    # instead (NLM Technical Bulletin mj24) and has its own method.
    words = text.split(" ")
    changed = False
    for i, word in enumerate(words):
        if not any(wildcard in word for wildcard in wildcard_set):
            continue
        if stem_length(word) >= minimum:
            continue
        stripped = word.rstrip(wildcard_set)
        if any(wildcard in stripped for wildcard in wildcard_set):
            on_short(word, False)
            return None
        on_short(word, True)
        words[i] = stripped
        changed = True
    return " ".join(words) if changed else text


_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['\-](?=[^\W\d_]))*")
_INITIALS = re.compile(r"[A-Za-z]{1,3}\*?")


def author_name(text: str) -> tuple[str, str] | None:
    """``("Topol", "E*")`` for an author written "Surname Initials" (the
    PubMed and Web of Science form), else None. Only letters, inner
    hyphens and apostrophes are accepted, so the parts can be written
    unquoted without any risk to the query's structure."""
    words = text.split()
    if len(words) < 2 or not _INITIALS.fullmatch(words[-1]):
        return None
    surname = words[:-1]
    if any(not _NAME_WORD.fullmatch(w) or w.lower() in {"and", "or", "not", "near", "same"}
           for w in surname):
        return None
    return " ".join(surname), words[-1]


def leaves(node: Node) -> list[Word | Phrase] | None:
    """The words and phrases of a NEAR operand (a term or an OR of terms),
    or None when it holds anything else."""
    if isinstance(node, Field):
        node = node.operand
    if isinstance(node, (Word, Phrase)):
        return [node]
    if isinstance(node, Or):
        out: list[Word | Phrase] = []
        for op in node.operands:
            found = leaves(op)
            if found is None:
                return None
            out.extend(found)
        return out
    return None


def near_field(node: Near, field: str) -> str:
    """The field a proximity searches (the checks make both sides agree)."""
    for side in (node.left, node.right):
        if isinstance(side, Field):
            return side.name
    return field

