"""Ovid (MEDLINE, Embase, APA PsycInfo): a search history, line for line.

Ovid's advanced search takes command line syntax (Ovid help, "Advanced
Search Techniques"): a term or a parenthesised group followed by its field
suffix (``asthma.ti,ab.``, ``(asthma or wheez*).ti,ab.``), subject
headings as ``exp Heading/`` (exploded), ``Heading/`` and ``*Heading/``
(major), proximity ``adjN`` (within N words, any order: n - 1 words
between), truncation ``*`` at the end of a word, ``#`` for exactly one
character and ``?`` for zero or one, phrases as plain words, operators in
lower case. Earlier searches are combined by number (``1 or 2``), and
limits are a line of their own (``limit 5 to english language``).

One class does the work; the three databases differ only in their field
table and in the thesaurus their headings come from (:class:`OvidMedline`
MeSH, exact; :class:`OvidEmbase` Emtree and :class:`OvidPsycInfo` the APA
Thesaurus: written with the same syntax and a code saying the name must
be checked there). There is no API: the interface string is everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import ClassVar

from querylang.ast import (
    DOLLAR_WILDCARD,
    And,
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
)
from querylang.codes import make
from querylang.diagnostics import Diagnostic, has_errors
from querylang.fields import DEFAULT_FIELD, MESH_FIELDS
from querylang.targets.base import (
    OPEN_END,
    OPEN_START,
    ApiRequest,
    Compiled,
    FieldMap,
    Target,
    near_field,
    shared_field,
    spelled_subheading,
)
from querylang.thesauri import inverted, likely_heading
from querylang.vocab import SUBHEADINGS, split_heading, subheading

__all__ = ["Ovid", "OvidMedline", "OvidEmbase", "OvidPsycInfo"]

#: Ovid help: ADJn takes n from 1 to 99.
MAX_ADJ = 99

#: Words Ovid reads as operators or commands: a term spelled like one is quoted.
_OPERATOR_WORDS = frozenset({"and", "or", "not", "adj", "exp", "limit", "freq", "use"})
_ADJ_WORD = re.compile(r"adj[0-9]*", re.IGNORECASE)
#: A word Ovid takes as it is: letters and digits with inner - and ', and
#: Ovid's own wildcards (written by :meth:`Ovid.wildcards`).
_OVID_WORD = re.compile(r"[^\W_][\w\-'#?*]*")

_TEXT_HINT = "name the concept in words in tiab: as well"


def _fields(
    *, kw: str, topic: str, tw_code: str = "OV103", pt: FieldMap, sh: FieldMap,
    author: FieldMap,
) -> dict[str, FieldMap]:
    """One database's field table (the headings are written by the class)."""
    tw = FieldMap(
        ("mp",), tw_code, "Ovid has no PubMed-style text-word field: {field}: is written .mp. "
        "(multi-purpose: title, abstract, heading words and more; close, not the same list)",
        "use tiab: (.ti,ab.) when title and abstract are enough",
    )
    return {
        "ti": FieldMap(("ti",)),
        "ab": FieldMap(("ab",)),
        "tiab": FieldMap(("ti,ab",)),
        "kw": FieldMap((kw,)),
        "topic": FieldMap((topic,)),
        "all": FieldMap(("af",)),
        "au": author,
        "so": FieldMap(("jn",)),
        "doi": FieldMap(("do",)),
        "tw": tw,
        "pt": pt,
        "sh": sh,
        "issn": FieldMap(("is",)),
        # Headings are written by Ovid.heading; the tags only name them.
        "mesh": FieldMap(("sh",)),
        "mesh-noexp": FieldMap(("sh",)),
        "mesh-major": FieldMap(("sh",)),
    }


MEDLINE_FIELDS = _fields(
    kw="kf", topic="ti,ab,kf",
    pt=FieldMap(("pt",)),
    sh=FieldMap(("fs",)),
    author=FieldMap(("au",)),
)

_OTHER_AUTHORS = FieldMap(
    ("au",), "OV106", "{field}: is searched in .au.: check the form this database indexes "
    "names in (Smith J, or Smith, John)", "truncate the initials (Smith J*) or check the index",
)

EMBASE_FIELDS = _fields(
    kw="kf", topic="ti,ab,kf",
    pt=FieldMap(("pt",), "OV105", "Embase's publication types are not PubMed's: {field}: "
                "is searched in .pt. and may match nothing", "use the Emtree heading for a "
                "study design (randomized controlled trial/) or words in tiab:"),
    sh=FieldMap(("fs",), "OV104", "Embase's subheadings are not MeSH's: {field}: is searched "
                "as an Embase floating subheading (.fs.): check the name in Emtree",
                "use the Emtree subheading's code, or words in tiab:"),
    author=_OTHER_AUTHORS,
)

PSYCINFO_FIELDS = _fields(
    kw="id", topic="ti,ab,id",
    pt=FieldMap(("pt",), "OV105", "APA PsycInfo's publication types are not PubMed's: "
                "{field}: is searched in .pt. and may match nothing",
                "use methodology (.md.) or words in tiab: for a study design"),
    sh=FieldMap(("mp",), "OV104", "APA PsycInfo has no subheadings: {field}: is searched as "
                "words in .mp. (a different search)", "name the idea in words in tiab:"),
    author=_OTHER_AUTHORS,
)


def _shown(node: Word | Phrase) -> str:
    return f'"{node.text}"' if isinstance(node, Phrase) else node.text


class Ovid(Target):
    """An Ovid database: see the module's docstring."""

    name = ""
    title = ""
    #: The thesaurus the database's headings come from, and the code that
    #: says a MeSH heading must be checked there (None: MeSH itself).
    thesaurus: ClassVar[str] = "MeSH"
    heading_code: ClassVar[str | None] = None
    #: querylang.thesauri's name for it (None: MeSH itself).
    thesaurus_key: ClassVar[str | None] = None
    operators = _OPERATOR_WORDS
    not_operator = "not"
    #: Characters Ovid reads as syntax in a term: the field suffix's dots and
    #: comma, the heading's slash, the old truncation colon, parentheses.
    reserved = "()[]{}/.:;,=#"
    #: Ovid's history combines searches by number, bare: ``1 or 2``.
    set_reference = "{n}"
    #: In the search history a line ``#n AND year:...`` is Ovid's limit
    #: line, exact: OV301 is about the line written out in full only.
    written_out_codes = frozenset({"OV301"})

    def __init__(
        self, *, strict: bool = False, keep_wildcards: frozenset[str] | None = None,
        search_lines: Mapping[int, int] | None = None,
    ) -> None:
        super().__init__(strict=strict, keep_wildcards=keep_wildcards, search_lines=search_lines)
        #: True while writing inside a group that carries one field suffix.
        self._bare = False
        #: True while writing a search history line (references kept).
        self._history = False
        self._uniform_fields: dict[tuple[int, str], str | None] = {}

    # -- the two faces: one line, and a line of the search history ---------------------

    def compile_line(
        self, expr: Node, line: int, before: tuple[Diagnostic, ...] = ()
    ) -> Compiled:
        """As the base, without an API request: Ovid has none."""
        try:
            query = self.render(expr)
        except RecursionError:
            self.diag("CP104", "the line is nested too deeply to compile", _span(expr),
                      "split it into several lines joined with #n references")
            query = None
        diagnostics = self.finish_diagnostics()
        if has_errors(diagnostics) or query is None:
            return Compiled(self.name, line, None, None, None, (*before, *diagnostics), ())
        return Compiled(self.name, line, query, None, query, (*before, *diagnostics),
                        tuple(self.notes))

    def history_query(self, expr: Node) -> str | None:
        self._history = True
        try:
            return self.render(expr)
        finally:
            self._history = False

    def request(self, api_query: str, params: dict[str, str]) -> ApiRequest:
        raise NotImplementedError(f"{self.title} has no API: its counts are typed in")

    def render(self, expr: Node) -> str | None:
        """A line: its search, and its limits as Ovid's limit command."""
        search, limits = _split_limits(expr)
        if not limits:
            result = self.emit(expr, DEFAULT_FIELD, None)
            return None if result is None else result[0]
        limit_text = self.limit_text(limits)
        if search is None:
            # Only limits: the checks refuse such a line; nothing to limit.
            return None
        if self._history and isinstance(search, Ref):
            return f"limit {search.number} to {limit_text}"
        result = self.emit(search, DEFAULT_FIELD, None)
        if result is None:
            return None
        note = (f"Ovid's limit command, a line of its own: after this search, enter the line: "
                f"limit N to {limit_text} (N: this search's number in the history).")
        if note not in self.notes:
            self.notes.append(note)
        self.diag(
            "OV301",
            "Ovid applies limits as a line of their own: this search is written without "
            f"them; after it, enter the line: limit N to {limit_text} (N: this search's "
            "number in the history)",
            _span(limits[0]) if len(limits) == 1 else _join_spans(limits),
            "enter the limit line of the note after the search; compile --history writes "
            "a line #n AND year:... as Ovid's limit line",
        )
        return result[0]

    def history_refusal(self, expr: Node, line: int, last: bool) -> Diagnostic | None:
        """A history line holding search terms and limits needs the limit
        line after it; entered there, it would take the next line's number
        and every later reference would mean another search. Only the last
        line can take it (the note says which line to enter): any other
        such line is refused (OV305)."""
        search, limits = _split_limits(expr)
        if last or not limits or search is None or isinstance(search, Ref):
            return None
        return make(
            "OV305",
            f"line {line} holds search terms and limits: in Ovid's history the limit is the "
            f"next line (limit {line} to {self.limit_text(limits)}), which would renumber "
            "every later line and change what their references search",
            _span(limits[0]) if len(limits) == 1 else _join_spans(limits),
            f"split it in the strategy: line {line} the search, the next line "
            f"#{line} AND {' AND '.join(limit.raw or 'year:...' for limit in limits)} (then "
            "renumber the later lines' references); or compile without --history",
            target=self.name,
        )

    def limit_text(self, limits: list[YearLimit | LangLimit | LangGroup]) -> str:
        """``english language``, ``yr="2013 - 2023"``, or several in parentheses
        joined with ``and`` (Ovid's limit command)."""
        parts: list[str] = []
        for limit in limits:
            if isinstance(limit, YearLimit):
                parts.append(_years(limit))
            else:
                parts.append(_languages(limit.languages))
        parts = list(dict.fromkeys(parts))
        return parts[0] if len(parts) == 1 else "(" + " and ".join(parts) + ")"

    # -- limits below OR or NOT (reached through a #n) ------------------------------------

    def year(self, node: YearLimit) -> tuple[str, bool] | None:
        self.diag(
            "OV302",
            f"Ovid limits whole searches: {node.raw or 'year:'} restricts only part of "
            "this line (it reaches an OR or a NOT through a #n) and cannot be written",
            node.span, "limit the final line instead: #n AND year:...",
        )
        return None

    def lang(self, node: LangLimit | LangGroup) -> tuple[str, bool] | None:
        # Inside OR or NOT, a language is searched in the Language field
        # (.lg.), which is what the limit applies.
        names = [name.lower() for name in node.languages]
        if len(names) == 1:
            return f"{names[0]}.lg.", True
        return "(" + " or ".join(names) + ").lg.", True

    # -- operators: lower case, terms of one field gathered under one suffix -----------------

    def join(self, operator: str, parts: Iterable[str | None]) -> tuple[str, bool] | None:
        return super().join(operator.lower(), parts)

    def or_(self, node: Or, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if self._bare:
            return super().or_(node, field, origin)
        shared = self._uniform(node, field)
        if shared is not None:
            return self._group(node, shared, origin)
        return self._regroup_or(node, field, origin)

    def and_(self, node: And, field: str, origin: Span | None) -> tuple[str, bool] | None:
        grouped = self._grouped(node, field, origin)
        return grouped if grouped is not None else super().and_(node, field, origin)

    def not_(self, node: Not, field: str, origin: Span | None) -> tuple[str, bool] | None:
        grouped = self._grouped(node, field, origin)
        return grouped if grouped is not None else super().not_(node, field, origin)

    def near(self, node: Near, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if not self._bare:
            grouped = self._grouped(node, field, origin)
            if grouped is not None:
                return grouped
        searched = near_field(node, field)
        if searched in MESH_FIELDS:
            self.diag(
                "OV304", f"Ovid's adj finds words in a text, not subject headings: "
                f"NEAR/{node.distance} on {searched}: is written as and (broader)",
                node.span, "AND the headings, or use words in tiab: for a proximity",
            )
            return self.near_as_and(node, field, origin)
        distance = (node.distance or 0) + 1
        if distance > MAX_ADJ:
            self.diag(
                "OV303", f"NEAR/{node.distance} is adj{distance}: Ovid's help documents adj1 "
                f"to adj{MAX_ADJ}; written as given", node.span,
                f"use NEAR/{MAX_ADJ - 1} or less if Ovid refuses it",
            )
        left = self.operand(node.left, field, origin)
        right = self.operand(node.right, field, origin)
        if left is None or right is None:
            return self.join("AND", [left, right])
        return f"{left} adj{distance} {right}", False

    def _grouped(self, node: Node, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if self._bare:
            return None
        shared = self._uniform(node, field)
        return None if shared is None else self._group(node, shared, origin)

    def _uniform(self, node: Node, field: str) -> str | None:
        """The one text field every term below ``node`` searches, or None
        (headings, mixed fields, a limit or a reference inside)."""
        return shared_field(node, field, self._uniform_fields,
                            lambda name: name not in MESH_FIELDS and bool(self.table[name].tags))

    def _regroup_or(self, node: Or, field: str, origin: Span | None) -> tuple[str, bool] | None:
        """An OR over several fields: the operands of one field are gathered
        under one suffix (OR is commutative: exact), headings stand alone:
        ``exp Asthma/ or (asthma* or wheez*).ti,ab.``."""
        groups: dict[object, list[Node]] = {}
        for position, op in enumerate(node.operands):
            shared = self._uniform(op, field)
            key: object = shared if shared is not None else ("alone", position)
            groups.setdefault(key, []).append(op)
        if len(groups) == len(node.operands):
            return super().or_(node, field, origin)
        parts: list[str | None] = []
        for key, ops in groups.items():
            if len(ops) == 1:
                parts.append(self.operand(ops[0], field, origin))
                continue
            assert isinstance(key, str)
            grouped = self._group(Or(tuple(ops), node.span), key, origin, field)
            parts.append(grouped[0] if grouped is not None else None)
        return self.join("OR", parts)

    def _group(
        self, node: Node, shared: str, origin: Span | None, field: str | None = None
    ) -> tuple[str, bool] | None:
        """``(inner).suffix.``, or ``term.suffix.`` for a single term."""
        self._bare = True
        try:
            inner = self.emit(node, field or shared, origin)
        finally:
            self._bare = False
        if inner is None:
            return None
        text, atomic = inner
        if not text:
            return "", True  # a refused term: the error is recorded
        suffix = self.table[shared].tags[0]
        if atomic and not text.startswith("("):
            return f"{text}.{suffix}.", True
        return f"({_unwrapped(text)}).{suffix}.", True

    # -- terms ---------------------------------------------------------------------------------

    def term(self, node: Word | Phrase, field: str, origin: Span | None) -> tuple[str, bool] | None:
        if field in MESH_FIELDS:
            return self.heading(node, field, origin)
        if field == "doi":
            # A DOI is never altered: quoted, its dots and slashes are text.
            written = f'"{node.text}"'
            return (self.tag(written, "do") if not self._bare else written), True
        if field == "sh" and self.table["sh"].tags == ("fs",):
            return self.floating_subheading(node, origin)
        if not self._bare:
            return super().term(node, field, origin)
        return self.written_term(node, field, origin)[0] or "", True

    def tag(self, text: str, tag: str) -> str:
        return f"{text}.{tag}."

    def written_term(
        self, node: Word | Phrase, field: str, origin: Span | None
    ) -> tuple[str | None, tuple[str, ...]]:
        text, tags = super().written_term(node, field, origin)
        if text is None:
            return text, tags
        inner = text[1:-1] if len(text) > 1 and text[0] == text[-1] == '"' else text
        if self._plain(inner):
            return inner, tags  # phrases are plain words in Ovid
        self.diag(
            "OV202", f"{_shown(node)} is quoted for Ovid: it holds a number, an operator "
            "word or punctuation Ovid would read as syntax", node.span,
            "leave the punctuation or the number out if it does not matter",
        )
        return f'"{inner}"', tags

    @staticmethod
    def _plain(text: str) -> bool:
        """True when Ovid reads ``text`` as the words it is without quotes."""
        for word in text.split(" "):
            if not _OVID_WORD.fullmatch(word):
                return False
            lower = word.lower()
            if lower in _OPERATOR_WORDS or _ADJ_WORD.fullmatch(lower) or word.isdigit():
                return False
        return bool(text)

    def needs_quotes(self, word: str) -> bool:
        return not self._plain(word)

    def wildcards(self, text: str, node: Word | Phrase, tags: tuple[str, ...]) -> str | None:
        """Portable ``*`` is Ovid's ``*`` (end of a word only); ``?`` (exactly
        one) is Ovid's ``#``; ``$`` (zero or one) is Ovid's ``?``."""
        words = text.split(" ")
        for i, word in enumerate(words):
            if "*" in word.rstrip("*"):
                self.diag(
                    "OV201", f"Ovid truncates only at the end of a word: {word} cannot be "
                    "searched", node.span,
                    "write ? (exactly one character) or $ (zero or one) inside the word, or "
                    "the variants ORed",
                )
                return None
            words[i] = DOLLAR_WILDCARD.sub("?", word.replace("?", "#"))
        return " ".join(words)

    def heading(self, node: Word | Phrase, field: str, origin: Span | None) -> tuple[str, bool]:
        """``exp Heading/``, ``Heading/`` or ``exp *Heading/``, with a MeSH
        subheading as its two-letter code (``exp Asthma/dt``) in MEDLINE."""
        heading, subheadings = split_heading(node.text)
        heading = " ".join(heading.translate(_HEADING_TABLE).split())
        code = ""
        if len(subheadings) == 1:
            name = subheading(subheadings[0]) or subheadings[0]
            abbreviation = SUBHEADINGS.get(name)
            if self.heading_code is None and abbreviation is not None:
                code = abbreviation.lower()
            else:
                self.diag(
                    "OV104", f"{self.title} has no MeSH subheadings: {field}:{_shown(node)} is "
                    f"searched as the heading {heading!r}; the subheading "
                    f"{spelled_subheading(name)!r} is left out (broader)", node.span,
                    "AND words for the subheading's idea if the heading alone finds too much",
                )
        if self.heading_code is not None:
            heading = self.other_thesaurus(node, field, heading)
        prefix = {"mesh": "exp ", "mesh-noexp": "", "mesh-major": "exp *"}[field]
        if not _plain_heading(heading):
            # "Bites and Stings"/: an operator word or a number in a heading
            # is quoted, as Ovid's own histories write it.
            heading = f'"{heading}"'
        return f"{prefix}{heading}/{code}", True

    def other_thesaurus(self, node: Word | Phrase, field: str, heading: str) -> str:
        """A MeSH heading in Emtree or the APA Thesaurus: the name the
        thesaurus is known to use where querylang.thesauri has it, else the
        MeSH name; always said (never as an equivalent)."""
        assert self.heading_code is not None and self.thesaurus_key is not None
        likely = likely_heading(heading, self.thesaurus_key)
        if likely is not None:
            said = (f"{field}:{_shown(node)} is a MeSH heading; {self.thesaurus} likely names it "
                    f"{likely!r}: written as {likely}/")
            heading = likely
        else:
            why = (f"MeSH inverts it with a comma, {self.thesaurus} writes terms in natural order"
                   if self.thesaurus_key == "emtree" and inverted(heading)
                   else f"{self.thesaurus} may name it otherwise")
            said = (f"{field}:{_shown(node)} is a MeSH heading, written as {heading}/ for "
                    f"{self.thesaurus}: {why}")
        self.diag(
            self.heading_code, f"{said}; check the name in {self.thesaurus} before running the "
            "line (not the same vocabulary)", node.span,
            f"look the concept up in {self.thesaurus} (Ovid: Search Tools, Thesaurus) and keep "
            "the free-text words beside the heading",
        )
        return heading

    def floating_subheading(self, node: Word | Phrase, origin: Span | None) -> tuple[str, bool]:
        """``sh:"drug therapy"`` as Ovid's floating subheading ``dt.fs.``."""
        mapping = self.table["sh"]
        if mapping.code is not None:
            self.field_map("sh", origin, node)
        name = subheading(node.text)
        abbreviation = SUBHEADINGS.get(name or "")
        if abbreviation is None:  # the checks refuse unknown subheadings
            return f'"{node.text}".fs.', True
        return f"{abbreviation.lower()}.fs.", True


class OvidMedline(Ovid):
    name = "ovid-medline"
    title = "Ovid MEDLINE"
    fields: ClassVar[dict[str, FieldMap]] = MEDLINE_FIELDS


class OvidEmbase(Ovid):
    name = "ovid-embase"
    title = "Embase (Ovid)"
    fields: ClassVar[dict[str, FieldMap]] = EMBASE_FIELDS
    thesaurus = "Emtree"
    heading_code = "OV101"
    thesaurus_key = "emtree"


class OvidPsycInfo(Ovid):
    name = "ovid-psycinfo"
    title = "APA PsycInfo (Ovid)"
    fields: ClassVar[dict[str, FieldMap]] = PSYCINFO_FIELDS
    thesaurus = "the APA Thesaurus"
    heading_code = "OV102"
    thesaurus_key = "apa"


# -- helpers ---------------------------------------------------------------------------------

#: A heading's characters that would end it early (the slash is the end).
_HEADING_TABLE = {ord(c): " " for c in "()[]{}"}

_LIMITS = (YearLimit, LangLimit, LangGroup)


def _plain_heading(heading: str) -> bool:
    """True when Ovid reads ``heading`` before its slash as one heading
    unquoted: words without operator words or bare numbers."""
    if any(c in heading for c in '()[]{}"'):
        return False  # an Emtree name such as "randomized controlled trial (topic)"
    for word in heading.replace(",", " ").split():
        lower = word.lower()
        if lower in _OPERATOR_WORDS or _ADJ_WORD.fullmatch(lower) or word.isdigit():
            return False
    return True


def _split_limits(expr: Node) -> tuple[Node | None, list[YearLimit | LangLimit | LangGroup]]:
    """The line's search and its limits: operands of its top-level AND,
    nested ANDs included (AND is associative)."""
    if isinstance(expr, _LIMITS):
        return None, [expr]
    if not isinstance(expr, And):
        return expr, []
    limits: list[YearLimit | LangLimit | LangGroup] = []
    rest: list[Node] = []
    stack: list[Node] = list(reversed(expr.operands))
    while stack:
        node = stack.pop()
        if isinstance(node, And):
            stack.extend(reversed(node.operands))
        elif isinstance(node, _LIMITS):
            limits.append(node)
        else:
            rest.append(node)
    if not limits:
        return expr, []
    if not rest:
        return None, limits
    return (rest[0] if len(rest) == 1 else And(tuple(rest), expr.span)), limits


def _years(node: YearLimit) -> str:
    """Ovid's year limit: ``yr="2013 - 2023"``, ``yr="2013 -Current"``."""
    start = OPEN_START if node.start is None else node.start
    if node.end is None or node.end >= OPEN_END:
        return f'yr="{start} -Current"'
    if start == node.end:
        return f'yr="{start}"'
    return f'yr="{start} - {node.end}"'


def _languages(names: tuple[str, ...]) -> str:
    """``english language`` (Ovid's English Language limit), or the
    languages of the Language limit, ORed: ``(english or french)``."""
    lowered = [name.lower() for name in names]
    if lowered == ["english"]:
        return "english language"
    if len(lowered) == 1:
        return lowered[0]
    return "(" + " or ".join(lowered) + ")"


def _span(node: Node) -> Span:
    from querylang.ast import NO_SPAN

    span = getattr(node, "span", NO_SPAN)
    return span if isinstance(span, Span) else NO_SPAN


def _join_spans(nodes: list[YearLimit | LangLimit | LangGroup]) -> Span:
    first, last = _span(nodes[0]), _span(nodes[-1])
    return Span(first.line, first.column, last.end_line, last.end_column, first.start, last.end)


def _unwrapped(text: str) -> str:
    """``text`` without one pair of parentheses that encloses all of it."""
    if not (text.startswith("(") and text.endswith(")")):
        return text
    depth = 0
    for i, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return text
    return text[1:-1]
