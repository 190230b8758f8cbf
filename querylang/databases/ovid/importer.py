"""Ovid search history -> the portable language (``import --from ovid``).

:func:`split_ovid` reads a pasted history as Ovid prints and exports it
(``Database:`` / ``Search Strategy:`` header, dashes and stars, numbered
lines ``1  exp Asthma/ (12345)`` with the hits in parentheses or in a
column, lines wrapped in a PDF appendix); :func:`read_ovid_line` writes one
search as one portable expression. What the portable language cannot say
is written in its closest form with an OV5xx code, or refused (an error).

    exp X/  mesh:"X"        X/  mesh-noexp:"X"     exp *X/  mesh-major:"X"
    *X/  mesh-major:"X" (exploded: broader, OV510)
    X/dt    mesh-noexp:"X/dt" (one subheading each; /dt,th an OR, OV508)
    .ti. ti:  .ab. ab:  .ti,ab. tiab:  .ti,ab,kf. topic:  .kf. .kw. .id. .ot. kw:
    .tw. .mp. (and no suffix) tiab: (OV501)   .au. au:  .jn. .jw. .ja. so:
    .pt. pt:  .do. doi:  .is. issn:  .af. all:  .fs. sh:  .sh. mesh-noexp:
    .lg. lang:  NNNN.yr. year:NNNN   adjN NEAR/N-1   adj a phrase (OV506)
    * $ truncation *   $n * (OV505)   # ?   ? $   1 or 2, or/1-12, and/3,7
    limit 5 to english language / yr="2013 - 2023" / humans / a publication type
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from querylang import codes
from querylang.ast import NO_SPAN, Span
from querylang.diagnostics import Diagnostic
from querylang.imports.history import EMPTY_HINT, Split, offset_span, span_at
from querylang.imports.model import NativeLine, Translated
from querylang.languages import close_languages, resolve_language
from querylang.vocab import close_publication_types, publication_type, subheading

__all__ = ["read_ovid_line", "split_ovid", "FIELDS"]

#: Ovid field code -> portable field.
FIELDS: dict[str, str] = {
    "ti": "ti", "ab": "ab", "kf": "kw", "kw": "kw", "id": "kw", "ot": "kw",
    "tw": "tiab", "mp": "tiab", "au": "au", "jn": "so", "jw": "so", "ja": "so",
    "pt": "pt", "do": "doi", "is": "issn", "af": "all", "fs": "sh", "sh": "mesh-noexp",
    "lg": "lang", "yr": "year",
}
#: Sets of portable fields that one portable field names.
_FIELD_SETS: dict[frozenset[str], str] = {
    frozenset({"ti", "ab"}): "tiab",
    frozenset({"ti", "ab", "kw"}): "topic",
    frozenset({"tiab", "kw"}): "topic",
    frozenset({"ti", "ab", "tiab"}): "tiab",
    frozenset({"ti", "ab", "tiab", "kw"}): "topic",
}

_SUFFIX = re.compile(r"\.([a-z]{2}(?:,[a-z]{2})*)\.", re.IGNORECASE)
_SHORTHAND = re.compile(r"\s*(or|and)/([0-9][0-9,\-\s]*)\s*$", re.IGNORECASE)
_LIMIT = re.compile(r"\s*limit\s+([0-9]+)\s+to\s+(.+?)\s*$", re.IGNORECASE | re.DOTALL)
#: More subheadings after a heading's first, as Ovid displays them: "/tu, ad".
_MORE_SUBHEADINGS = re.compile(r"[ \t]*(,)?[ \t]*([a-z]{2})(?![\w/.])(,)?", re.IGNORECASE)
#: Commands on a search that a count cannot carry: "remove duplicates from
#: 12" (multifile deduplication), "12 use medall" (a database segment).
_SET_COMMAND = re.compile(
    r"\s*(?:remove duplicates from\s+(?P<number>[0-9]+)|(?P<first>[0-9]+)\s+use\s+\w+)\s*",
    re.IGNORECASE)
_OPERATOR = re.compile(r"(?:and|or|not|adj[0-9]*)", re.IGNORECASE)
#: A portable word (grammars/query.lark, WORD): what may be written unquoted.
_PORTABLE_WORD = re.compile(r"[^\W_](?:[^\W_]|[*?$]|[\-'.\/+](?=[^\W_*?$]|[*?$]))*")


class _Refused(Exception):
    """The line cannot be read; the diagnostic is recorded."""


@dataclass
class _Tok:
    kind: str  # "(", ")", "op", "word", "quoted", "suffix", "heading"
    text: str
    start: int
    end: int


# -- splitting ----------------------------------------------------------------------------

_HEADER = re.compile(
    r"\s*(?:database:|search strategy:?|[-=*_]{3,}|#\s+searches\s+results|"
    r"ovid\b|embase\b.*<|apa psycinfo\b.*<|key:|\[mp=|\*{3,})", re.IGNORECASE)
#: An export's header naming a database indexed with another thesaurus.
_OTHER_THESAURUS = re.compile(r"^[ \t]*Database:[ \t]*(Embase|APA PsycInfo|PsycINFO)\b",
                              re.IGNORECASE | re.MULTILINE)
_NUMBERED = re.compile(r"[ \t]*#?[ \t]?([0-9]{1,4})[.):]?[ \t]+(?=\S)")
_PAREN_COUNT = re.compile(r"[ \t]+\(([0-9][0-9,]*)\)[ \t]*$")
_COLUMN_COUNT = re.compile(r"(?:\t|[ \t]{2,})([0-9][0-9,]*)(?:[ \t]+\S.*)?[ \t]*$")


@dataclass
class _Search:
    """A numbered search being read: where its text is, and its hits."""

    number: int
    start: int
    end: int
    count: int | None


def split_ovid(source: str) -> Split:
    """The searches of a pasted Ovid history (see the module's docstring)."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    searches: list[_Search] = []
    before: list[tuple[int, int]] = []
    start = 0
    closed = True
    for piece in source.split("\n"):
        line_start, line_end = start, start + len(piece)
        start = line_end + 1
        if not piece.strip():
            continue
        if _HEADER.match(piece):
            closed = True
            continue
        numbered = _NUMBERED.match(piece)
        if numbered is None:
            if searches and not closed:
                end, count = _without_count(source, line_start, line_end)
                searches[-1].end = end
                if count is not None:
                    searches[-1].count = count
            else:
                before.append((line_start, line_end))
            continue
        end, count = _without_count(source, line_start + numbered.end(), line_end)
        searches.append(_Search(int(numbered.group(1)), line_start + numbered.end(), end, count))
        closed = False
    diagnostics: list[Diagnostic] = []
    thesaurus = _OTHER_THESAURUS.search(source)
    if thesaurus is not None and searches:
        name = "Emtree" if thesaurus.group(1).lower() == "embase" else "the APA Thesaurus"
        diagnostics.append(codes.make(
            "OV507", f"this history is from {thesaurus.group(1)}: its subject headings are "
            f"{name}'s, read as MeSH headings (mesh:): check each name in MeSH before running "
            "the strategy in a MeSH database", offset_span(source, thesaurus.start(1),
                                                            thesaurus.end(1)),
            "look each heading up in the MeSH Browser"))
    if not searches:
        text = source.strip()
        if not text:
            return Split((), (), (codes.make("IM007", "nothing to import: the source is empty", NO_SPAN,
                                      EMPTY_HINT),))
        first = source.index(text[0])
        span = offset_span(source, first, first + len(text))
        return Split((NativeLine(None, text, span.line, span.column, first),),
                     (tuple(range(first, first + len(text) + 1)),))
    if before:
        diagnostics.append(codes.make(
            "IM001", "text before the first numbered search is not imported",
            offset_span(source, before[0][0], before[-1][1]),
            "delete it, or number it if it is a search"))
    lines: list[NativeLine] = []
    offsets: list[tuple[int, ...]] = []
    seen: set[int] = set()
    for search in searches:
        span = offset_span(source, search.start, search.end)
        if search.number in seen:
            diagnostics.append(codes.make("IM002", f"search #{search.number} appears twice",
                                          span, "number each search once"))
            continue
        seen.add(search.number)
        lines.append(NativeLine(search.number, source[search.start:search.end], span.line,
                                span.column, search.start, search.count))
        offsets.append(tuple(range(search.start, search.end + 1)))
    return Split(tuple(lines), tuple(offsets), tuple(diagnostics), numbered=True)


def _without_count(source: str, start: int, end: int) -> tuple[int, int | None]:
    """Where the search text of a physical line ends, and its hits: Ovid
    exports print ``(12345)`` after the search; its screen shows a column."""
    text = source[start:end]
    found = _PAREN_COUNT.search(text) or _COLUMN_COUNT.search(text)
    if found is None:
        return start + len(text.rstrip()), None
    return start + len(text[: found.start()].rstrip()), int(found.group(1).replace(",", ""))


# -- reading one search -----------------------------------------------------------------------


def read_ovid_line(line: NativeLine) -> Translated:
    """One Ovid search as one portable expression (``#n`` keeps Ovid's numbers)."""
    reader = _Reader(line)
    try:
        text = reader.read()
    except _Refused:
        text = ""
    return Translated(text, tuple(reader.diagnostics))


class _Reader:
    def __init__(self, line: NativeLine) -> None:
        self.line = line
        self.text = line.text
        self.diagnostics: list[Diagnostic] = []

    def span(self, start: int, end: int) -> Span:
        return span_at(self.line, start, max(end, start))

    def say(self, code: str, message: str, start: int, end: int, hint: str) -> None:
        self.diagnostics.append(codes.make(code, message, self.span(start, end), hint))

    def refuse(self, code: str, message: str, start: int, end: int, hint: str) -> _Refused:
        self.say(code, message, start, end, hint)
        return _Refused()

    # -- whole-line forms ---------------------------------------------------------------

    def read(self) -> str:
        shorthand = _SHORTHAND.fullmatch(self.text)
        if shorthand:
            return self.shorthand(shorthand)
        limit = _LIMIT.fullmatch(self.text)
        if limit:
            return self.limit(limit)
        command = _SET_COMMAND.fullmatch(self.text)
        if command:
            number = command.group("number") or command.group("first")
            self.say("OV503", f"{command.group().strip()!r} is an Ovid command on a search "
                     f"(multifile deduplication or a database segment): read as #{number}",
                     0, len(self.text), "remove duplicates or choose the segment by hand")
            return f"#{number}"
        tokens = self.tokens()
        parser = _Parser(self, tokens)
        return parser.parse()

    def shorthand(self, match: re.Match[str]) -> str:
        """``or/1-12``, ``and/3,7``: the searches combined."""
        numbers: list[int] = []
        for part in match.group(2).replace(" ", "").split(","):
            if not part:
                continue
            first, dash, last = part.partition("-")
            if first.isdigit() and dash and not last:
                raise self.refuse("OV504", f"{match.group().strip()}: the range {part} has no "
                                  "end", 0, len(self.text), f"write the last search: {part}12")
            if not first.isdigit() or (dash and not last.isdigit()):
                raise self.refuse("OV504", f"{match.group()} is not a list of searches",
                                  0, len(self.text), "write or/1-12 or and/3,7")
            low, high = int(first), int(last or first)
            numbers.extend(range(low, high + 1) if high >= low else range(high, low + 1))
        operator = " OR " if match.group(1).lower() == "or" else " AND "
        return operator.join(f"#{n}" for n in dict.fromkeys(numbers))

    def limit(self, match: re.Match[str]) -> str:
        """``limit 5 to (english language and yr="2013 - 2023")``."""
        parts = [f"#{match.group(1)}"]
        spec = match.group(2).strip()
        offset = match.start(2)
        if spec.startswith("(") and spec.endswith(")"):
            spec, offset = spec[1:-1], offset + 1
        languages: list[str] = []
        for item in re.split(r"\s+and\s+", spec, flags=re.IGNORECASE):
            where = offset + match.group(2).find(item) if item else offset
            item = item.strip()
            year = re.fullmatch(r'yr\s*=\s*"?\s*([0-9]{4})\s*(?:-\s*([0-9]{4}|current))?\s*"?',
                                item, re.IGNORECASE)
            if year:
                start, end = year.group(1), year.group(2)
                if end is None:
                    parts.append(f"year:{start}")
                elif end.lower() == "current":
                    parts.append(f"year:{start}-")
                else:
                    parts.append(f"year:{start}-{end}")
                continue
            if re.match(r"yr\b", item, re.IGNORECASE):
                given = re.sub(r'^yr\s*=?\s*|"', "", item, flags=re.IGNORECASE).strip()
                raise self.refuse("OV512", "no years given in the limit" if not given else
                                  f"{item!r} is not a year range", where, where + len(item),
                                  'write the years: yr="2013 - 2023" or yr="2013 -Current"')
            names = [n.strip() for n in re.split(r"\s+or\s+", item.strip("() "), flags=re.I)]
            found = [_language(name) for name in names]
            if all(found):
                languages.extend(name for name in found if name)
                continue
            for name in names:
                if _language(name) is None and (meant := _misspelt_limit(name)) is not None:
                    at = where + max(item.find(name), 0)
                    raise self.refuse("OV512", meant[0], at, at + len(name), meant[1])
            if item.lower() == "humans":
                parts.append('mesh-noexp:"Humans"')
                continue
            kind = publication_type(item)
            if kind is not None:
                parts.append(f'pt:"{kind}"')
                continue
            self.say("OV503", f"the Ovid limit {item!r} has no portable form: left out "
                     "(the imported search finds more)", where, where + len(item),
                     "AND the idea as a search (pt:, mesh:) or apply the limit by hand")
        if languages:
            unique = list(dict.fromkeys(languages))
            parts.append(f"lang:{unique[0]}" if len(unique) == 1
                         else "lang:(" + " OR ".join(unique) + ")")
        return " AND ".join(parts)

    # -- tokens ---------------------------------------------------------------------------

    def malformed_suffix(self, word: str, start: int, *, after_group: bool) -> None:
        """Refuse a field suffix written wrongly (``asthma.tiab.``,
        ``asthma.ti,ab`` without its final dot): read as a word it would be
        searched as its literal text."""
        bad = _BAD_SUFFIX.search(word)
        if bad is None or (bad.start() == 0 and not after_group):
            return
        if bad.start() and not word[bad.start() - 1].isalnum() and word[bad.start() - 1] not in (
                "*$#?"):
            return
        codes_, final = bad.group(1), bad.group(2)
        guess = _suffix_guess(codes_)
        if final and guess is None:
            return  # ".xx." with unknown codes: OV502 says which
        if not final and guess is None and "," not in codes_:
            return  # a word with a dot in it (st.john), not a suffix
        where = start + bad.start()
        if not final:
            message = f"the field suffix .{codes_} has no final dot"
        else:
            message = f".{codes_}. is not an Ovid field suffix"
        hint = (f"did you mean .{guess}.?" if guess is not None
                else "write the field codes between dots, comma-separated: .ti,ab.")
        raise self.refuse("OV511", message, where, start + len(word), hint)

    def tokens(self) -> list[_Tok]:
        text = self.text
        out: list[_Tok] = []
        i, n = 0, len(text)
        while i < n:
            char = text[i]
            if char.isspace():
                i += 1
                continue
            if char == "[":
                # Ovid's own annotations ([mp=title, abstract, ...], [Drug
                # Therapy]) are display, never search syntax.
                end = text.find("]", i)
                i = n if end < 0 else end + 1
                continue
            if char in "()":
                out.append(_Tok(char, char, i, i + 1))
                i += 1
                continue
            if char == '"':
                end = text.find('"', i + 1)
                if end < 0:
                    raise self.refuse("OV504", "a quote is not closed", i, n,
                                      "close the quoted phrase")
                out.append(_Tok("quoted", text[i + 1 : end], i, end + 1))
                i = end + 1
                continue
            if char == "." and out and out[-1].kind in (")", "quoted"):
                suffix = _SUFFIX.match(text, i)
                if suffix:
                    out.append(_Tok("suffix", suffix.group(1).lower(), i, suffix.end()))
                    i = suffix.end()
                    continue
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            word = text[i:j]
            suffix = re.search(r"\.([a-z]{2}(?:,[a-z]{2})*)\.$", word, re.IGNORECASE)
            if suffix is None:
                self.malformed_suffix(word, i, after_group=bool(out) and out[-1].end == i
                                      and out[-1].kind in (")", "quoted"))
            slash = word.find("/")
            if _OPERATOR.fullmatch(word):
                out.append(_Tok("op", word.lower(), i, j))
            elif suffix:
                out.append(_Tok("word", word[: suffix.start()], i, i + suffix.start()))
                out.append(_Tok("suffix", suffix.group(1).lower(), i + suffix.start(), j))
            elif slash >= 0:
                # The end of a heading: Heading/ or Heading/dt,th ("Heading"/ too)
                if slash:
                    out.append(_Tok("word", word[:slash], i, i + slash))
                subs = word[slash + 1 :].lower()
                pending = subs.endswith(",")
                subs = subs.rstrip(",")
                while (extra := _MORE_SUBHEADINGS.match(text, j)) is not None and (
                        pending or extra.group(1)):
                    subs += "," + extra.group(2).lower()
                    pending = bool(extra.group(3))
                    j = extra.end()
                out.append(_Tok("heading", subs, i + slash, j))
            else:
                out.append(_Tok("word", word, i, j))
            i = j
        return out


#: A field suffix written wrongly: ".tiab.", ".ti,ab" (no final dot), ".ti".
_BAD_SUFFIX = re.compile(r"\.([a-z]{2,}(?:,[a-z]{2,})*|[a-z]{2}(?:,[a-z]{2})*)(\.?)$",
                         re.IGNORECASE)


def _suffix_guess(codes_: str) -> str | None:
    """The field codes meant by a wrongly written suffix ("tiab" -> "ti,ab"), if any."""
    import difflib  # only on a mistake

    guessed: list[str] = []
    for code in codes_.lower().split(","):
        if code in FIELDS:
            guessed.append(code)
        elif len(code) % 2 == 0 and all(code[k : k + 2] in FIELDS
                                        for k in range(0, len(code), 2)):
            guessed.extend(code[k : k + 2] for k in range(0, len(code), 2))
        else:
            close = difflib.get_close_matches(code, list(FIELDS), n=1, cutoff=0.6)
            if not close:
                return None
            guessed.append(close[0])
    return ",".join(guessed)


#: Ovid limits whose names a typo comes close to (the portable ones and
#: common ones that have no portable form): a near miss is an error.
_KNOWN_LIMITS = (
    "humans", "animals", "abstracts", "full text", "review articles", "male", "female",
    "latest update", "english language", "randomized controlled trial",
    "systematic reviews", "meta analysis", "clinical trial", "core clinical journals (aim)",
)


def _misspelt_limit(name: str) -> tuple[str, str] | None:
    """(message, hint) for a limit spelled close to a language, a known limit
    or a publication type, else None (a plausible limit, kept as it is)."""
    import difflib  # only on a mistake

    folded = " ".join(name.lower().split())
    bare = folded.removesuffix(" language").strip()
    languages = [n for n in close_languages(bare)
                 if difflib.SequenceMatcher(None, bare, n).ratio() >= 0.8]
    if languages or folded.endswith(" language"):
        return (f"unknown language {bare!r} in the limit",
                "did you mean " + " or ".join(f"{n} language" for n in languages) + "?"
                if languages else "write a language by its English name: english language")
    if publication_type(folded) is not None or folded in _KNOWN_LIMITS:
        return None
    close = difflib.get_close_matches(folded, _KNOWN_LIMITS, n=1, cutoff=0.8) or [
        kind for kind in close_publication_types(folded)
        if difflib.SequenceMatcher(None, folded, kind.lower()).ratio() >= 0.85][:1]
    return (f"unknown limit {name!r}", f"did you mean {close[0]}?") if close else None


def _language(name: str) -> str | None:
    lowered = name.lower().replace(" language", "").strip()
    return resolve_language(lowered) if lowered else None


# -- a small parser: or < and/not < adj; groups and their suffixes --------------------------------


class _Parser:
    def __init__(self, reader: _Reader, tokens: list[_Tok]) -> None:
        self.reader = reader
        self.tokens = tokens
        self.at = 0
        #: Terms without a suffix, said (OV501) unless a group's suffix covers them.
        self.bare: list[tuple[str, int, int]] = []

    def peek(self) -> _Tok | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Tok:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> str:
        if not self.tokens:
            raise self.reader.refuse("OV504", "the search is empty", 0, len(self.reader.text),
                                     "delete the line or write its search")
        text = self.expr()
        token = self.peek()
        if token is not None:
            raise self.reader.refuse("OV504", f"{token.text!r} is not expected here",
                                     token.start, token.end, "check the parentheses")
        for term, start, end in self.bare:
            self.reader.say("OV501", f"{_short(term)} has no field suffix: Ovid searches it "
                            "in .mp. (multi-purpose); read as tiab:", start, end,
                            "write the suffix (.ti,ab.) in the Ovid strategy")
        return _strip_outer(text)

    def expr(self) -> str:
        parts = [self.conjunction()]
        while (token := self.peek()) is not None and token.kind == "op" and token.text == "or":
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def conjunction(self) -> str:
        """ANDs and NOTs, left to right; a run of ANDs is written flat."""
        text = self.proximity()
        ands: list[str] = []
        while (token := self.peek()) is not None and token.kind == "op" and token.text in (
                "and", "not"):
            self.take()
            right = self.proximity()
            if token.text == "and":
                ands.append(right)
                continue
            if ands:
                text = "(" + " AND ".join([text, *ands]) + ")"
                ands = []
            text = f"({text} NOT {right})"
        if ands:
            text = "(" + " AND ".join([text, *ands]) + ")"
        return text

    def proximity(self) -> str:
        text = self.operand()
        while (token := self.peek()) is not None and token.kind == "op" and token.text.startswith(
                "adj"):
            self.take()
            right = self.operand()
            distance = token.text[3:]
            if distance:
                n = int(distance)
                if n < 1 or n > 99:
                    read = "adj1 (NEAR/0: next to each other, any order)" if n < 1 else (
                        f"NEAR/{n - 1} (as written)")
                    self.reader.say("OV513", f"{token.text}: Ovid's ADJn takes n from 1 to 99; "
                                    f"read as {read}", token.start, token.end,
                                    "write adj1 to adj99" if n > 99 else
                                    "write adj1 (or a bare adj for a phrase in order)")
                text = f"({text} NEAR/{max(n - 1, 0)} {right})"
                continue
            left_plain, right_plain = _unquoted(text), _unquoted(right)
            if left_plain is not None and right_plain is not None:
                text = f'"{left_plain} {right_plain}"'
            else:
                self.reader.say("OV506", "adj between groups is read as NEAR/0 (any order: "
                                "broader)", token.start, token.end,
                                "write the phrases out, ORed")
                text = f"({text} NEAR/0 {right})"
        return text

    def operand(self) -> str:
        token = self.peek()
        if token is None:
            end = len(self.reader.text)
            raise self.reader.refuse("OV504", "an operand is missing at the end", end, end,
                                     "complete the search or remove the last operator")
        if token.kind == "(":
            self.take()
            mark = len(self.bare)
            inner = self.expr()
            close = self.peek()
            if close is None or close.kind != ")":
                raise self.reader.refuse("OV504", "a parenthesis is not closed", token.start,
                                         len(self.reader.text), "close the parenthesis")
            self.take()
            after = self.peek()
            if after is not None and after.kind == "suffix":
                del self.bare[mark:]  # the group's suffix is theirs
            return self.suffixed(inner, token.start, close.end, group=True)
        if token.kind in ("word", "quoted"):
            return self.run()
        raise self.reader.refuse("OV504", f"{token.text!r} is not expected here", token.start,
                                 token.end, "check the operators and parentheses")

    def run(self) -> str:
        """Words up to an operator, a parenthesis, a suffix or a heading mark:
        a word, a phrase, a heading or a set number."""
        words: list[_Tok] = []
        while (token := self.peek()) is not None and token.kind in ("word", "quoted"):
            words.append(self.take())
            if token.kind == "quoted":
                break
        start, end = words[0].start, words[-1].end
        after = self.peek()
        if after is not None and after.kind == "heading":
            self.take()
            return self.heading(words, after)
        if words[0].kind == "word" and words[0].text.lower() == "exp" and len(words) > 1:
            name = self.reader.text[words[1].start : end]
            raise self.reader.refuse(
                "OV511", f"exp {_short(name)} is a subject heading without its slash", start,
                end, f"a heading needs its slash: exp {_short(name)}/")
        if len(words) == 1 and words[0].kind == "word" and words[0].text.isdigit() and (
                after is None or after.kind != "suffix"):
            return f"#{words[0].text}"
        if words[0].kind == "quoted":
            # Inside quotes Ovid's truncation and wildcards still apply.
            phrase = " ".join(self.word(_Tok("word", w, start, end))
                              for w in words[0].text.split())
            quoted = True
        else:
            phrase = " ".join(self.word(w) for w in words)
            quoted = len(words) > 1 or not _PORTABLE_WORD.fullmatch(phrase)
        term = f'"{phrase}"' if quoted else phrase
        return self.suffixed(term, start, end, group=False)

    def word(self, token: _Tok) -> str:
        """An Ovid word with its wildcards in the portable spelling."""
        text = token.text
        limited = re.search(r"[$*]([0-9]+)$", text)
        if limited:
            self.reader.say("OV505", f"{text}: limited truncation is read as * (any number of "
                            "characters: broader)", token.start, token.end,
                            "write the variants out, ORed")
            text = text[: limited.start()] + "*"
        inside = re.search(r"[*$](?=.)", text)
        if inside:
            raise self.reader.refuse(
                "OV514", f"{text}: Ovid truncates only at the end of a word ({inside.group()} "
                "inside a word)", token.start, token.end,
                "use # (exactly one character) or ? (zero or one) inside a word, or write "
                "the variants out, ORed")
        # Ovid: $ and * truncate, # is exactly one, ? zero or one character.
        text = text.replace("?", "\x00").replace("#", "?").replace("\x00", "$")
        return re.sub(r"\$$", "*", text)

    def heading(self, words: list[_Tok], mark: _Tok) -> str:
        names = [w.text for w in words]
        exploded = bool(names) and names[0].lower() == "exp"
        if exploded:
            names = names[1:]
        name = " ".join(names)
        major = name.startswith("*")
        name = name.lstrip("*").strip()
        if not name:
            raise self.reader.refuse("OV504", "a subject heading without its name", words[0].start,
                                     mark.end, "write the heading before the slash: exp Asthma/")
        field = "mesh-major" if major else "mesh" if exploded else "mesh-noexp"
        if major and not exploded:
            self.reader.say("OV510", f"*{name}/ (major topic, not exploded) is read as "
                            f'mesh-major:"{name}", which is exploded: the search becomes '
                            f"broader (also the headings under {name} as major topic)",
                            words[0].start, mark.end,
                            f"if the narrower headings must stay out, NOT them by hand; "
                            f"exp *{name}/ is what the imported line searches")
        subheadings = [s for s in mark.text.split(",") if s]
        if not subheadings:
            return f'{field}:"{name}"'
        if len(subheadings) > 1:
            self.reader.say("OV508", f"{name}/{mark.text}: each subheading is read as its own "
                            "heading/subheading, ORed", words[0].start, mark.end,
                            "keep one subheading per heading")
        parts = [f'{field}:"{name}/{subheading(s) or s}"' for s in subheadings]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def suffixed(self, text: str, start: int, end: int, *, group: bool) -> str:
        """``text`` with the field suffix that follows it, if any; a term
        without one is searched in .mp. in Ovid (read as tiab:, said)."""
        token = self.peek()
        if token is None or token.kind != "suffix":
            if not group and not text.startswith("#"):
                self.bare.append((text, start, end))
            return text if not group else f"({_strip_outer(text)})"
        self.take()
        codes_ = token.text.split(",")
        unknown = [c for c in codes_ if c not in FIELDS]
        if unknown:
            raise self.reader.refuse(
                "OV502", f".{token.text}. holds Ovid field codes with no portable field: "
                f"{', '.join('.' + c + '.' for c in unknown)}", token.start, token.end,
                "name the idea in words in tiab:, or a heading in mesh:")
        if "mp" in codes_:
            self.reader.say("OV501", ".mp. (multi-purpose) has no exact portable field: read "
                            "as tiab: (title and abstract; no heading words)", token.start,
                            token.end, "add mesh: headings if heading words mattered")
        elif "tw" in codes_:
            self.reader.say("OV509", ".tw. (text word) is read as tiab: (title and abstract: "
                            "MEDLINE's text word; Embase's adds drug trade names)",
                            token.start, token.end, "nothing to do for a MEDLINE history")
        fields = {FIELDS[c] for c in codes_}
        inner = _strip_outer(text) if group else text
        if fields == {"year"}:
            return f"year:{inner}"
        if fields == {"lang"}:
            return f"lang:{inner.lower()}"
        if fields == {"sh"}:
            name = subheading(inner.strip('"'))
            return f'sh:"{name}"' if name is not None else f"sh:{inner}"
        if len(fields) == 1:
            field = next(iter(fields))
        elif frozenset(fields) in _FIELD_SETS:
            field = _FIELD_SETS[frozenset(fields)]
        else:
            portable = [f for f in sorted(fields) if f not in ("year", "lang")]
            return "(" + " OR ".join(f"{f}:({inner})" for f in portable) + ")"
        if group:
            return f"{field}:({inner})"
        if field in ("mesh-noexp", "pt", "au", "doi", "issn") and not inner.startswith('"'):
            inner = f'"{inner}"'  # a heading, a type, a name or an identifier: one value
        return f"{field}:{inner}"


def _unquoted(text: str) -> str | None:
    """The words of a plain term (a word or a phrase without a field), else None."""
    if text.startswith('"') and text.endswith('"') and text.count('"') == 2:
        return text[1:-1]
    if _PORTABLE_WORD.fullmatch(text):
        return text
    return None


def _strip_outer(text: str) -> str:
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


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
