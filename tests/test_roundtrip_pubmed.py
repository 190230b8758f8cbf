"""PubMed round trips (issue 12, item 6): native -> import -> compile back to
PubMed means the same as the original.

Each fixture in tests/fixtures/native/pubmed/ is a PubMed strategy written
the way published systematic reviews print theirs (see the README there).
It is imported, the portable strategy is compiled back as a PubMed search
history (``compile --history``), and both histories are read into a
normal form, line by line: the terms with their field, text and wildcards,
in reading order, grouped as PubMed groups them (strictly left to right;
a chain of one operator is one group), and each line's limits as a set
(the import moves limits to the end of the line: the same search). Tag
spellings are the same field ([Title/Abstract] is [tiab]); quoting a
single word changes nothing. The documented widenings (docs/import.md)
are applied to the native side only: an untagged run of words is its
words ANDed in all fields (automatic term mapping lost, IM101); [ab] is
[tiab] (IM102). Both sides read a wildcard after fewer than 4 characters
as PubMed does, as no wildcard (PM201). A search
of limits only is compared inside the searches that use it (IM005), and
references follow the renumbering (IM004).

Both sides are read with the import's own PubMed parser (parsing only:
the translation under test is not used to read either side).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from querylang.databases.pubmed.importer import TAGS, _Bin, _Group, _Range, _Reader, _Ref, _Term
from querylang.history import history_text
from querylang.imports import import_strategy
from querylang.imports.history import split_source
from querylang.imports.model import NativeLine
from querylang.languages import resolve_language

FIXTURES = Path(__file__).parent / "fixtures" / "native" / "pubmed"
FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".csv"))

#: Native tag -> the field the compiled search carries, where the import
#: widens on purpose (docs/import.md; each with its diagnostic).
WIDENED = {"ab": "tiab"}

Normal = Any


def test_at_least_thirty_five_strategies() -> None:
    assert len(FILES) >= 35


def _text(text: str) -> str:
    words = re.sub(r"\s+", " ", text.replace('"', "")).strip().lower().split(" ")
    # PubMed truncates only after 4 characters: GPT* is searched as GPT, and
    # the compiler writes it so (PM201). Both sides are read as PubMed reads them.
    return " ".join(w.replace("*", "") if "*" in w and len(w.split("*")[0]) < 4 else w
                    for w in words)


def _years(text: str) -> tuple[int, int | None]:
    years = [int(y) for y in re.findall(r"[0-9]{4}", text)]
    start, end = years[0], years[-1]
    return start, (None if end >= 3000 else end)


class _Normal:
    """One search in normal form: ``tree`` (None when limits only) and ``limits``."""

    def __init__(self, refs: dict[int, int], folded: dict[int, frozenset[Any]]) -> None:
        self.refs = refs
        self.folded = folded
        self.limits: set[Any] = set()

    def read(self, node: Any) -> Normal:
        if isinstance(node, _Ref):
            if node.number in self.folded:
                self.limits |= self.folded[node.number]
                return None
            return ("ref", self.refs.get(node.number, node.number))
        if isinstance(node, _Range):
            self.limits.add(("year", *_years(node.first.text + " " + node.last.text)))
            return None
        if isinstance(node, _Group):
            return self.read(node.inner)
        if isinstance(node, _Bin):
            parts = [self.read(part) for part in node.parts]
            kept = [p for p in parts if p is not None]
            if node.op != "NOT" and len(kept) < 2:
                return kept[0] if kept else None
            if node.op == "NOT":
                return ("NOT", *parts)
            flat: list[Normal] = []
            for part in kept:
                flat += list(part[1:]) if part[0] == node.op else [part]
            return (node.op, *flat)
        assert isinstance(node, _Term)
        return self.term(node)

    def term(self, term: _Term) -> Normal:
        tag = term.tag
        if tag is None:
            words = term.text.split()
            if term.quoted or len(words) == 1:
                return ("all", _text(term.text))
            return ("AND", *(("all", _text(w)) for w in words))  # IM101
        near = re.fullmatch(r"(.+):~([0-9]+)", tag)
        if near:
            field = TAGS[near.group(1)][0]
            return ("near", field, int(near.group(2)), _text(term.text))
        field = TAGS[tag][0]
        if field == "year":
            self.limits.add(("year", *_years(term.text)))
            return None
        if field == "lang":
            self.limits.add(("lang", resolve_language(term.text)))
            return None
        return (WIDENED.get(tag, field), _text(term.text))


def _parse(text: str) -> Any:
    reader = _Reader(NativeLine(None, text, 1, 1, 0))
    tree = reader.parse()
    return tree


def _native_normal(path: Path) -> tuple[list[tuple[Normal, frozenset[Any]]], Any]:
    source = path.read_text(encoding="utf-8")
    result = import_strategy(source, "pubmed")
    assert result.ok, [(d.code, d.message) for d in result.diagnostics]
    refs = {line.native_number: line.number for line in result.lines
            if line.native_number is not None}
    folded: dict[int, frozenset[Any]] = {}
    out: list[tuple[Normal, frozenset[Any]]] = []
    for line in split_source(source).lines:
        normal = _Normal(refs, folded)
        tree = normal.read(_parse(line.text))
        if line.number is not None and line.number not in refs:  # folded (IM005)
            folded[line.number] = frozenset(normal.limits)
            continue
        out.append((tree, frozenset(normal.limits)))
    return out, result


def _compiled_normal(portable: str) -> list[tuple[Normal, frozenset[Any]]]:
    analysis, histories = history_text(portable, ["pubmed"])
    assert analysis.ok, analysis.diagnostics
    out = []
    for line in histories["pubmed"].lines:
        assert line.query is not None, line.diagnostics
        normal = _Normal({}, {})
        tree = normal.read(_parse(line.query))
        out.append((tree, frozenset(normal.limits)))
    return out


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_native_import_compile_back_means_the_same(path: Path) -> None:
    native, result = _native_normal(path)
    compiled = _compiled_normal(result.text)
    assert len(native) == len(compiled)
    for number, (want, got) in enumerate(zip(native, compiled, strict=True), start=1):
        assert got == want, f"line {number}: {result.lines[number - 1].text}"


def test_the_normal_form_tells_differences_apart() -> None:
    """The comparison can fail: grouping, field, text and limits all count."""

    def normal(text: str) -> tuple[Normal, frozenset[Any]]:
        reader = _Normal({}, {})
        return reader.read(_parse(text)), frozenset(reader.limits)

    base = normal("a[tiab] OR b[tiab] AND c[tiab] AND 2013:2023[dp]")
    assert base == normal("(a[tiab] OR b[tiab]) AND c[tiab] AND 2013:2023[dp]")
    assert base == normal('("a"[Title/Abstract] OR b[tiab]) AND 2013:2023[dp] AND c[tiab]')
    assert base != normal("a[tiab] OR (b[tiab] AND c[tiab]) AND 2013:2023[dp]")
    assert base != normal("(a[ti] OR b[tiab]) AND c[tiab] AND 2013:2023[dp]")
    assert normal("wheez*[tiab]") != normal("wheez[tiab]")
    assert normal("GPT*[tiab]") == normal("GPT[tiab]")  # as PubMed reads it (PM201)
    assert base != normal("(a[tiab] OR b[tiab]) AND c[tiab] AND 2013:2024[dp]")
