"""Read one PubMed search into the portable language.

PubMed's rules, from its own help (PubMed Help, "Search Field Descriptions
and Tags", "Combining search terms with Boolean operators", "Proximity
searching", "Truncation": https://pubmed.ncbi.nlm.nih.gov/help/):

* ``AND``, ``OR``, ``NOT`` are processed strictly left to right; parentheses
  nest. The portable language has precedence, so the output is fully
  parenthesised: ``a OR b AND c`` is written ``(a OR b) AND c``.
* A field tag follows its term, short or long, any case: ``[tiab]``,
  ``[Title/Abstract]``. Words before one tag form one phrase
  (``home care workers[ti]``).
* A term without tag, quotes, wildcard or hyphen goes through Automatic Term
  Mapping; the portable language has none (IM101).
* Proximity: ``"a b"[tiab:~n]``. Dates: ``2013:2023[dp]``,
  ``2013/01/01:2023/12/31[dp]``, ``"2013"[dp] : "2023"[dp]``.
* ``*`` truncates, also inside a phrase (since 2024).

Nothing is dropped: what has no portable form is mapped to the closest
form with a diagnostic, or refused with an error and a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from querylang import codes
from querylang.diagnostics import Diagnostic
from querylang.imports.history import span_at
from querylang.imports.model import NativeLine, Translated
from querylang.languages import close_languages, resolve_language

__all__ = ["read_pubmed_line", "TAGS"]

# -- the tags ---------------------------------------------------------------------

#: PubMed tag (lower case, short and long forms) -> what it becomes: a
#: portable field, or one of the special readings "year", "lang", "doi",
#: "sb"; with the code said on the way (None: exact).
TAGS: dict[str, tuple[str, str | None]] = {}


def _tags(names: str, target: str, code: str | None = None) -> None:
    for name in names.split("|"):
        TAGS[name] = (target, code)


_tags("tiab|title/abstract", "tiab")
_tags("ti|title", "ti")
_tags("ab|abstract", "ab", "IM102")
_tags("tw|text word|text words|textword", "tw")
_tags("ot|other term|other terms", "kw")
_tags("mh|mesh|mesh terms|mesh term", "mesh")
_tags("mh:noexp|mesh:noexp|mesh terms:noexp", "mesh-noexp")
_tags("majr|mesh major topic", "mesh-major")
_tags("majr:noexp|mesh major topic:noexp", "mesh-major", "IM106")
_tags("sh|subheading|mesh subheading", "sh")
_tags("sh:noexp|subheading:noexp", "sh", "IM106")
_tags("pt|publication type", "pt")
_tags("au|author|auth", "au")
_tags("1au|first author|first author name|lastau|last author|last author name"
      "|fau|full author name", "au", "IM105")
_tags("ta|journal|jour|jt", "so")
_tags("is|issn", "issn")
_tags("la|language|lang", "lang")
_tags("dp|pdat|publication date|date - publication", "year")
_tags("edat|entrez date|date - entry|crdt|create date|date - create|mhda|mesh date"
      "|date - mesh|dcom|completion date|date - completion|lr|modification date"
      "|date - modification|epdat|electronic publication date|ppdat|print publication date",
      "year", "IM107")
_tags("aid|article identifier|lid|location id", "doi")
_tags("doi", "doi", "IM108")
_tags("all|all fields", "all")
_tags("sb|subset|filter", "sb")

#: Real PubMed tags with no portable field, and the closest portable field
#: to suggest (None: none).
NO_PORTABLE: dict[str, str | None] = {
    "ad": None, "affiliation": None, "pmid": None, "uid": None, "pmcid": None,
    "nm": "tw", "supplementary concept": "tw", "ps": "tw", "personal name as subject": "tw",
    "gr": None, "grant number": None, "ip": None, "issue": None, "vi": None, "volume": None,
    "pg": None, "pagination": None, "si": None, "secondary source id": None,
    "rn": None, "ec/rn number": None, "cn": "au", "corporate author": "au",
    "ir": None, "investigator": "au", "fir": None, "jid": "so", "nlm unique id": "so",
    "pl": None, "place of publication": None, "pa": None, "pharmacological action": "mesh",
    "cois": None, "conflict of interest statements": None, "book": None, "ed": None,
    "editor": None, "pubn": None, "publisher": None, "pmcr": None,
    "rpi": None, "rpf": None, "tt": "ti", "transliterated title": "ti",
    "auid": None, "author identifier": None,
}

#: Subsets with a portable search that comes close, for the hint.
SUBSET_HINTS: dict[str, str] = {
    "systematic": 'pt:"systematic review" OR pt:"meta-analysis" (narrower than the subset)',
    "systematic review": 'pt:"systematic review" OR pt:"meta-analysis" (narrower than the subset)',
    "review": 'pt:"review"',
}

_DOI = re.compile(r"10\.[0-9]{4,9}/\S+")
_YEAR = re.compile(r"([0-9]{4})(?:/([0-9]{1,2})(?:/([0-9]{1,2}))?)?")
#: The portable parser's own limit (querylang.parser.MAX_DEPTH): deeper
#: searches could not be checked or compiled anyway.
MAX_DEPTH = 100
_OPEN_END = 3000  # PubMed Help: a range "to the present" ends at 3000
#: A portable word (grammars/query.lark's WORD), written as is.
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f*?]|[\-'\u2019./+](?=[^\W_*?]|[*?]))*")
_OPERATOR_WORDS = frozenset({"AND", "OR", "NOT", "NEAR"})
#: Portable fields written always quoted (controlled values, names, identifiers).
_QUOTED_FIELDS = frozenset({"mesh", "mesh-noexp", "mesh-major", "sh", "pt", "issn", "doi", "au", "so"})

# -- tokens -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    kind: str  # "(" ")" "op" "ref" "phrase" "word" "tag" ":"
    text: str
    start: int
    end: int


_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<lp>\()
      | (?P<rp>\))
      | (?P<phrase>"[^"]*"?)
      | (?P<tag>\[[^\]]*\]?)
      | (?P<ref>\#[0-9]+)
      | (?P<colon>:(?=\s|"|$))
      | (?P<word>[^\s()"\[\]]+)
    """,
    re.VERBOSE,
)


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "ws":
            continue
        if kind == "lp":
            out.append(_Tok("(", value, match.start(), match.end()))
        elif kind == "rp":
            out.append(_Tok(")", value, match.start(), match.end()))
        elif kind == "colon":
            out.append(_Tok(":", value, match.start(), match.end()))
        elif kind == "word" and value in ("AND", "OR", "NOT"):
            out.append(_Tok("op", value, match.start(), match.end()))
        else:
            assert kind is not None
            out.append(_Tok(kind, value, match.start(), match.end()))
    return out


# -- the native tree ----------------------------------------------------------------


@dataclass
class _Term:
    text: str  # the words, or the phrase's content
    quoted: bool
    start: int
    end: int  # end of the term, tag included
    tag: str | None = None  # lower-cased, spaces normalised
    tag_start: int = 0


@dataclass
class _Ref:
    number: int
    start: int
    end: int


@dataclass
class _Range:
    """``"2013"[dp] : "2023"[dp]``."""

    first: _Term
    last: _Term


@dataclass
class _Bin:
    """An operator and its operands, read left to right. A chain of one
    operator (a OR b OR c) is one node: AND and OR are associative, and a
    long OR block then costs no recursion depth."""

    op: str  # AND OR NOT
    parts: list[_Node]


@dataclass
class _Group:
    inner: _Node
    start: int
    end: int
    tag: str | None = None
    tag_start: int = 0
    tag_end: int = 0


_Node = _Term | _Ref | _Range | _Bin | _Group


class _Refused(Exception):
    """A syntax error: the line cannot be read."""


class _Reader:
    """Parse then translate one line, collecting diagnostics."""

    def __init__(self, line: NativeLine) -> None:
        self.line = line
        self.diagnostics: list[Diagnostic] = []
        self.tokens = _tokens(line.text)
        self.pos = 0
        self.depth = 0

    def say(self, code: str, message: str, start: int, end: int, hint: str | None = None) -> None:
        self.diagnostics.append(
            codes.make(code, message, span_at(self.line, start, end), hint, target="pubmed")
        )

    def syntax(self, message: str, start: int, end: int, hint: str) -> _Refused:
        self.say("IM119", message, start, max(end, start + 1), hint)
        return _Refused()

    # -- parsing, left to right -------------------------------------------------

    def peek(self) -> _Tok | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Tok:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> _Node:
        node = self.expression()
        token = self.peek()
        if token is not None:
            raise self.syntax("unmatched ) in the search", token.start, token.end,
                              "delete it, or open its group")
        if _depth(node) > MAX_DEPTH:
            raise self.syntax(f"operators nested more than {MAX_DEPTH} deep (PubMed reads "
                              "left to right: each change of operator, and each NOT, "
                              "nests)", _start(node), _end(node),
                              "split the search into a numbered history")
        return node

    def expression(self) -> _Node:
        node = self.operand()
        while True:
            token = self.peek()
            if token is None or token.kind == ")":
                return node
            lowered = token.kind == "word" and token.text.lower() in ("and", "or", "not")
            if token.kind == "op" or (lowered and self.pos + 1 < len(self.tokens)):
                # A lower-case and/or/not after a finished operand (a tag, a
                # quote, a parenthesis) joins two searches; inside a run of
                # words (prevention and control[mh]) it is part of the term.
                self.take()
                op = token.text.upper()
                if token.text != op:
                    self.say("IM121", f"lower-case '{token.text}' read as the operator {op}",
                             token.start, token.end, f"write {op}")
                following = self.peek()
                if following is None or following.kind in (")", "op"):
                    raise self.syntax(f"{op} has nothing on its right", token.start, token.end,
                                      "add the search it combines, or delete the operator")
                node = _join(op, node, self.operand())
                continue
            right = self.operand()
            self.say("IM120", "no operator between two terms: PubMed ANDs them",
                     _start(node), _end(right), "write AND (or OR) between them")
            node = _join("AND", node, right)

    def operand(self) -> _Node:
        token = self.peek()
        if token is None:
            end = len(self.line.text)
            raise self.syntax("the search ends where a term was expected", end, end,
                              "complete the search")
        if token.kind == "(":
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.syntax(f"groups nested more than {MAX_DEPTH} deep", token.start,
                                  token.end, "split the search into a numbered history")
            if self.peek() is None:
                raise self.syntax("( is never closed", token.start, token.end, "add the )")
            inner = self.expression()
            close = self.peek()
            if close is None:
                raise self.syntax("( is never closed", token.start, token.end, "add the )")
            self.take()
            self.depth -= 1
            group = _Group(inner, token.start, close.end)
            tag = self.peek()
            if tag is not None and tag.kind == "tag":
                self.take()
                group.tag = _tag_name(tag.text)
                group.tag_start, group.tag_end = tag.start, tag.end
            return group
        if token.kind == "ref":
            self.take()
            return _Ref(int(token.text[1:]), token.start, token.end)
        if token.kind == "phrase":
            self.take()
            if len(token.text) < 2 or not token.text.endswith('"'):
                raise self.syntax("the quote is never closed", token.start, token.end,
                                  'close the phrase with "')
            term = _Term(token.text[1:-1], True, token.start, token.end)
            self.tag_of(term)
            return self.maybe_range(term)
        if token.kind == "word":
            first = self.pos
            words = [self.take()]
            while (nxt := self.peek()) is not None and nxt.kind == "word":
                words.append(self.take())
            nxt = self.peek()
            if nxt is None or nxt.kind != "tag":
                # No tag: a lower-case and/or/not in the words joins terms
                # (with a tag, the words are one phrase: prevention and control[mh]).
                cut = next((i for i, w in enumerate(words[:-1]) if i > 0
                            and w.text.lower() in ("and", "or", "not")), None)
                if cut is not None:
                    words = words[:cut]
                    self.pos = first + cut
            text = self.line.text[words[0].start : words[-1].end]
            term = _Term(text, False, words[0].start, words[-1].end)
            self.tag_of(term)
            return self.maybe_range(term)
        if token.kind == "op":
            raise self.syntax(f"{token.text.upper()} has nothing on its left", token.start,
                              token.end, "start with a term, or delete the operator")
        if token.kind == "tag":
            raise self.syntax(f"the tag {token.text} follows no term", token.start, token.end,
                              "put the tag right after its term")
        if token.kind == ":":
            raise self.syntax("a : outside a date range", token.start, token.end,
                              'write dates as 2013:2023[dp] or "2013"[dp] : "2023"[dp]')
        raise self.syntax(f"unexpected {token.text}", token.start, token.end,
                          "delete it, or close the group it ends")

    def tag_of(self, term: _Term) -> None:
        token = self.peek()
        if token is not None and token.kind == "tag":
            self.take()
            if not token.text.endswith("]"):
                raise self.syntax("the tag's [ is never closed", token.start, token.end,
                                  "close it with ]")
            term.tag = _tag_name(token.text)
            term.tag_start = token.start
            term.end = token.end

    def maybe_range(self, term: _Term) -> _Node:
        """``"2013"[dp] : "2023"[dp]``: a date range written as two dates."""
        token = self.peek()
        if token is None or token.kind != ":" or term.tag is None:
            return term
        self.take()
        last = self.operand()
        if not isinstance(last, _Term) or last.tag is None:
            raise self.syntax("a date range needs a date on each side of :", token.start,
                              token.end, 'write "2013"[dp] : "2023"[dp]')
        return _Range(term, last)

    # -- translation -----------------------------------------------------------------

    def translate(self, node: _Node, inherited: str | None = None) -> _P:
        if isinstance(node, _Ref):
            return _P("ref", f"#{node.number}", node.start, node.end)
        if isinstance(node, _Range):
            return self.date_range(node)
        if isinstance(node, _Group):
            tag = inherited
            if node.tag is not None:
                self.say("IM115", f"a tag after a group ({node.tag}) is read as every untagged "
                         "term's tag", node.tag_start, node.tag_end,
                         "tag each term inside the group: PubMed applies a tag to one term")
                tag = node.tag
            inner = self.translate(node.inner, tag)
            return inner
        if isinstance(node, _Bin):
            parts = [self.translate(part, inherited) for part in node.parts]
            return _P(node.op, "", parts[0].start, parts[-1].end, parts)
        return self.term(node, inherited)

    def term(self, term: _Term, inherited: str | None) -> _P:
        tag = term.tag if term.tag is not None else inherited
        text = term.text
        if text.startswith("*") or re.search(r"(?:^|\s)\*", text):
            self.say("IM118", f"{term.text} starts with a wildcard", term.start, term.end,
                     "spell the endings out: neither PubMed nor querylang truncates on the left")
        if tag is None:
            return self.untagged(term)
        proximity = re.fullmatch(r"(.+):~\s*([0-9]+)", tag)
        if proximity:
            return self.proximity(term, proximity.group(1).strip(), int(proximity.group(2)))
        found = TAGS.get(tag)
        if found is None:
            return self.no_field(term, tag)
        target, code = found
        if code is not None:
            self.say_tag(code, term, tag, target)
        if target == "year":
            return self.year(term, term, tag)
        if target == "lang":
            return self.language(term)
        if target == "doi":
            return self.doi(term, tag)
        if target == "sb":
            value = text.strip().lower()
            if value == "humans":
                # PubMed's Humans filter (Species) is the heading humans[mh]:
                # the same search, so no diagnostic
                return _P("term", _fielded("mesh", "humans", True), term.start, term.end,
                          field="mesh")
            if resolve_language(value) is not None:
                # a Language filter (english[Filter]) is the language limit
                return self.language(term)
            hint = SUBSET_HINTS.get(value)
            self.say("IM110", f"the PubMed subset {text}[sb] has no portable form",
                     term.start, term.end,
                     f"the closest portable search: {hint}" if hint else
                     "leave the subset out and record it as a PubMed-only limit in the methods")
            return _P("term", _fielded("all", text, True), term.start, term.end, field="all")
        phrase = term.quoted or " " in text.strip() or target in _QUOTED_FIELDS
        return _P("term", _fielded(target, text, phrase), term.start, term.end, field=target)

    def say_tag(self, code: str, term: _Term, tag: str, target: str) -> None:
        messages = {
            "IM102": ("[ab] is not a PubMed tag: read as ab: (abstract), which PubMed "
                      "searches as [tiab]", "write [tiab], PubMed's title/abstract tag"),
            "IM105": (f"[{tag}] has no portable form: read as au: (any author)",
                      "au: finds the name in any author position"),
            "IM106": (f"[{tag}] has no portable form: read as {target}:, exploded (broader)",
                      "the exploded heading finds at least as much"),
            "IM107": (f"[{tag}] is not the publication date: read as year:",
                      "use [dp] for the publication year"),
            "IM108": ("[doi] is not in PubMed's list of field tags: read as doi: "
                      "(PubMed's [aid])", "write [aid], PubMed's article identifier tag"),
        }
        message, hint = messages[code]
        self.say(code, message, term.tag_start, term.end, hint)

    def untagged(self, term: _Term) -> _P:
        text = term.text.strip()
        plain = not term.quoted and "*" not in text and "-" not in text
        if plain:
            self.say("IM101", f"{text} has no tag: PubMed's automatic term mapping (MeSH "
                     "headings, synonyms) is lost; read as all:", term.start, term.end,
                     f"tag it ({text}[tiab]), or add its MeSH heading: mesh:\"...\"")
            words = text.split()
            if len(words) > 1:
                inner = " AND ".join(_word_or_phrase(w) for w in words)
                return _P("term", f"all:({inner})", term.start, term.end, field="all")
        return _P("term", _fielded("all", text, term.quoted or " " in text), term.start,
                  term.end, field="all")

    def no_field(self, term: _Term, tag: str) -> _P:
        if tag in NO_PORTABLE:
            closest = NO_PORTABLE[tag]
            hint = (f"the closest portable field is {closest}: (a different search)"
                    if closest else "leave the term out of the portable strategy, or search "
                    "its words in all:")
            self.say("IM104", f"[{tag}] is a PubMed field with no portable form",
                     term.tag_start, term.end, hint)
        else:
            close = _closest_tag(tag)
            hint = f"did you mean [{close}]?" if close else "see PubMed's list of field tags"
            self.say("IM103", f"[{tag}] is not a PubMed field tag", term.tag_start, term.end,
                     hint)
        return _P("term", _fielded("all", term.text, True), term.start, term.end, field="all")

    def proximity(self, term: _Term, tag: str, distance: int) -> _P:
        field_name = {"tiab": "tiab", "title/abstract": "tiab", "ti": "ti", "title": "ti"}.get(tag)
        words = term.text.split()
        if field_name is None:
            self.say("IM117", f"proximity in [{tag}] has no portable form", term.tag_start,
                     term.end, "the portable NEAR/n searches ti: and tiab: in PubMed")
            return _P("term", _fielded("all", term.text, True), term.start, term.end,
                      field="all")
        if len(words) < 2:
            return _P("term", _fielded(field_name, term.text, False), term.start, term.end,
                      field=field_name)
        pairs = [f"{_word_or_phrase(a)} NEAR/{distance} {_word_or_phrase(b)}"
                 for a, b in zip(words, words[1:], strict=False)]
        if len(pairs) > 1:
            self.say("IM116", f"{len(words)} words within {distance}: written as neighbouring "
                     "pairs, ANDed (broader)", term.start, term.end,
                     "two words per proximity keep PubMed's meaning exactly")
            inner = " AND ".join(f"({pair})" for pair in pairs)
        else:
            inner = pairs[0]
        prefix = "" if field_name == "tiab" else f"{field_name}:"
        return _P("term", f"{prefix}({inner})", term.start, term.end, field=field_name)

    # -- limits ---------------------------------------------------------------------

    def year(self, first: _Term, last: _Term, tag: str) -> _P:
        text = first.text.strip() if first is last else None
        if text is not None and ":" in text:
            low, _, high = text.partition(":")
        elif text is not None:
            low = high = text
        else:
            low, high = first.text.strip(), last.text.strip()
        start = _YEAR.fullmatch(low.strip().strip('"'))
        end = _YEAR.fullmatch(high.strip().strip('"'))
        if start is None or end is None:
            self.say("IM111", f"the date {first.text} cannot be read as a year or a range",
                     first.start, last.end,
                     "write years: 2013:2023[dp] (relative dates have no portable form)")
            return _P("term", _fielded("all", first.text, True), first.start, last.end,
                      field="all")
        y1, y2 = int(start.group(1)), int(end.group(1))
        partial = (start.group(2) is not None and (int(start.group(2)) != 1 or (
            start.group(3) is not None and int(start.group(3)) != 1)))
        if first is last and ":" not in (text or "") and start.group(2) is not None:
            partial = True  # a single month or day is part of a year
        if end.group(2) is not None and (int(end.group(2)) != 12 or (
                end.group(3) is not None and int(end.group(3)) != 31)):
            partial = True
        if partial:
            self.say("IM112", f"the dates {low.strip()} to {high.strip()} are widened to the "
                     f"years {y1}-{y2}", first.start, last.end,
                     "the portable year: limit counts whole years")
        if y2 >= _OPEN_END:
            value = f"year:{y1}-"
        elif y1 == y2:
            value = f"year:{y1}"
        else:
            value = f"year:{min(y1, y2)}-{max(y1, y2)}"
        return _P("limit", value, first.start, last.end)

    def date_range(self, node: _Range) -> _P:
        for term in (node.first, node.last):
            found = TAGS.get(term.tag or "")
            if found is None or found[0] != "year":
                self.say("IM111", f"[{term.tag}] is not a date tag", term.tag_start, term.end,
                         "a range joins two dates: \"2013\"[dp] : \"2023\"[dp]")
                return _P("term", _fielded("all", term.text, True), node.first.start,
                          node.last.end, field="all")
        said: set[str] = set()
        for term in (node.first, node.last):
            code = TAGS[term.tag or ""][1]
            if code is not None and term.tag not in said:
                said.add(term.tag or "")
                self.say_tag(code, term, term.tag or "", "year")
        return self.year(node.first, node.last, node.first.tag or "dp")

    def language(self, term: _Term) -> _P:
        name = resolve_language(term.text.strip())
        if name is None:
            close = close_languages(term.text)
            hint = f"did you mean {', '.join(close)}?" if close else "write the language's English name"
            self.say("IM122", f"{term.text} is not a language querylang knows", term.start,
                     term.end, hint)
            return _P("term", _fielded("all", term.text, True), term.start, term.end,
                      field="all")
        return _P("lang", name, term.start, term.end)

    def doi(self, term: _Term, tag: str) -> _P:
        text = term.text.strip()
        if not _DOI.fullmatch(text):
            self.say("IM109", f"{text} is not a DOI: the portable doi: field holds DOIs only",
                     term.start, term.end, "search the article by its DOI (10.nnnn/...)")
            return _P("term", _fielded("all", text, True), term.start, term.end, field="all")
        return _P("term", _fielded("doi", text, True), term.start, term.end, field="doi")


# -- the portable tree ------------------------------------------------------------


@dataclass
class _P:
    """A translated node: "term" (text is portable), "limit" (year:...),
    "lang" (text is the language), "ref", or an operator with ``parts``."""

    kind: str
    text: str
    start: int
    end: int
    parts: list[_P] = field(default_factory=list)
    field: str | None = None


def _fielded(name: str, text: str, phrase: bool) -> str:
    text = text.strip()
    if not phrase and _WORD.fullmatch(text) and text.upper() not in _OPERATOR_WORDS:
        value = text
    else:
        value = '"' + text.replace('"', "") + '"'
    return value if name == "tiab" else f"{name}:{value}"


def _word_or_phrase(text: str) -> str:
    if _WORD.fullmatch(text) and text.upper() not in _OPERATOR_WORDS:
        return text
    return '"' + text.replace('"', "") + '"'


def _tag_name(text: str) -> str:
    inner = text.strip("[]").strip().lower()
    return re.sub(r"\s+", " ", re.sub(r"\s*:\s*", ":", inner))


def _closest_tag(tag: str) -> str | None:
    import difflib

    match = difflib.get_close_matches(tag, list(TAGS), n=1, cutoff=0.6)
    return match[0] if match else None


def _depth(root: _Node) -> int:
    """The tree's depth, counted without recursion (a long chain of NOTs nests)."""
    deepest = 0
    stack: list[tuple[_Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, _Bin):
            stack.extend((part, depth + 1) for part in node.parts)
        elif isinstance(node, _Group):
            stack.append((node.inner, depth + 1))
    return deepest


def _join(op: str, left: _Node, right: _Node) -> _Bin:
    """``left op right``, left to right: extends a chain of the same AND or OR."""
    if op != "NOT" and isinstance(left, _Bin) and left.op == op:
        left.parts.append(right)
        return left
    return _Bin(op, [left, right])


def _start(node: _Node) -> int:
    if isinstance(node, _Bin):
        return _start(node.parts[0])
    if isinstance(node, _Range):
        return node.first.start
    return node.start


def _end(node: _Node) -> int:
    if isinstance(node, _Bin):
        return _end(node.parts[-1])
    if isinstance(node, _Range):
        return node.last.end
    return node.end


def _is_limit(node: _P) -> bool:
    return node.kind in ("limit", "lang", "langs")


def _languages(node: _P) -> list[str] | None:
    """The languages of an OR of languages only, else None."""
    if node.kind == "lang":
        return [node.text]
    if node.kind == "OR":
        found: list[str] = []
        for part in node.parts:
            names = _languages(part)
            if names is None:
                return None
            found += names
        return found
    return None


def _fold_languages(node: _P) -> _P:
    """``english[la] OR french[la]`` -> one limit ``lang:(english OR french)``."""
    if node.kind in ("AND", "OR", "NOT"):
        names = _languages(node) if node.kind == "OR" else None
        if names is not None:
            unique = list(dict.fromkeys(names))
            return _P("langs", " OR ".join(unique), node.start, node.end,
                      [_P("lang", n, 0, 0) for n in unique])
        node.parts = [_fold_languages(part) for part in node.parts]
    return node


def _limit_text(node: _P) -> str:
    if node.kind == "lang":
        return f"lang:{node.text}"
    if node.kind == "langs":
        names = [part.text for part in node.parts]
        return f"lang:{names[0]}" if len(names) == 1 else "lang:(" + " OR ".join(names) + ")"
    return node.text


def _bounds(node: _P) -> tuple[int, int]:
    if node.parts:
        first, last = _bounds(node.parts[0]), _bounds(node.parts[-1])
        return first[0], last[1]
    return node.start, node.end


def _hoist(reader: _Reader, node: _P) -> tuple[_P | None, list[_P]]:
    """Take the limits out of ``node``: those on a path of ANDs and the left
    sides of NOTs restrict the whole line and move to its end; any other
    is refused (IM113). Returns what remains and the limits taken."""
    if _is_limit(node):
        return None, [node]
    if node.kind in ("AND", "NOT"):
        kept: list[_P] = []
        limits: list[_P] = []
        for index, part in enumerate(node.parts):
            if node.kind == "NOT" and index == 1:
                _refuse_limits(reader, part, "on the right of NOT")
                kept.append(part)
                continue
            rest, found = _hoist(reader, part)
            limits += found
            if rest is not None:
                kept.append(rest)
            elif node.kind == "NOT":  # (limit) NOT b: nothing left to exclude from
                kept.append(part)
                for limit in found:  # part itself, or the limits ANDed in it
                    limits.remove(limit)
                _refuse_limits(reader, part, "on the left of NOT alone")
        if len(kept) == 1 and node.kind == "AND":
            return kept[0], limits
        if not kept:
            return None, limits
        node.parts = kept
        return node, limits
    if node.kind == "OR":
        for part in node.parts:
            _refuse_limits(reader, part, "inside an OR")
    return node, []


def _refuse_limits(reader: _Reader, node: _P, where: str) -> None:
    if _is_limit(node):
        reader.say("IM113", f"the limit {_limit_text(node)} stands {where}: a portable limit "
                   "restricts the whole line", node.start, node.end,
                   "move the limit to its own AND at the end of the search")
        node.kind, node.text = "term", f'all:"{_limit_text(node)}"'
        return
    for part in node.parts:
        _refuse_limits(reader, part, where)


def _flatten(node: _P) -> list[_P]:
    """Operands of a chain of one associative operator (OR or AND)."""
    if node.kind in ("OR", "AND"):
        out: list[_P] = []
        for part in node.parts:
            if part.kind == node.kind:
                out += _flatten(part)
            else:
                out.append(part)
        return out
    return [node]


def _write(node: _P) -> str:
    """Portable text, every group of mixed operators in parentheses."""
    if node.kind in ("term", "ref"):
        return node.text
    if _is_limit(node):
        return _limit_text(node)
    if node.kind in ("OR", "AND"):
        operands = _flatten(node)
        fields = {p.field for p in operands if p.kind == "term"}
        if (node.kind == "OR" and len(operands) > 1 and all(p.kind == "term" for p in operands)
                and len(fields) == 1 and None not in fields and "tiab" not in fields):
            name = next(iter(fields))
            assert name is not None
            inner = [p.text.removeprefix(f"{name}:") for p in operands]
            if all(":" not in i.split('"')[0] for i in inner):
                return f"{name}:(" + " OR ".join(inner) + ")"
        return f" {node.kind} ".join(_wrap(p) for p in operands)
    left, right = node.parts
    return f"{_wrap(left)} NOT {_wrap(right)}"


def _wrap(node: _P) -> str:
    text = _write(node)
    if node.kind in ("OR", "AND", "NOT") and not (
        node.kind == "OR" and text.endswith(")") and text.split("(", 1)[0].endswith(":")
        and _balanced_once(text)
    ):
        return f"({text})"
    return text


def _balanced_once(text: str) -> bool:
    """``field:( ... )`` whose first ( closes at the very end."""
    depth = 0
    inside = False
    for index, char in enumerate(text):
        if char == '"':
            inside = not inside
        elif not inside and char == "(":
            depth += 1
        elif not inside and char == ")":
            depth -= 1
            if depth == 0:
                return index == len(text) - 1
    return False


def read_pubmed_line(line: NativeLine) -> Translated:
    """One PubMed search as one portable expression (see the module's docstring)."""
    reader = _Reader(line)
    try:
        tree = reader.parse()
    except _Refused:
        return Translated("", tuple(reader.diagnostics))
    portable = _fold_languages(reader.translate(tree))
    rest, limits = _hoist(reader, portable)
    if limits and rest is not None and rest.kind in ("AND", "NOT"):
        moved = [limit for limit in limits if limit.start < _bounds(rest)[1]]
        if moved:
            start, end = moved[0].start, moved[0].end
            reader.say("IM114", f"the limit {_limit_text(moved[0])} is moved to the end of "
                       "the line (the same search)", start, end,
                       "write limits last to keep the native and portable orders alike")
    if rest is None:
        pieces = []
    elif not limits:
        pieces = [_write(rest)]
    elif rest.kind == "AND":
        pieces = [_wrap(part) for part in _flatten(rest)]
    else:
        pieces = [_wrap(rest)]
    pieces += [_limit_text(limit) for limit in limits]
    return Translated(" AND ".join(pieces), tuple(reader.diagnostics))
