"""querylang: write a bibliographic search strategy once, compile it to
PubMed, Web of Science, arXiv and IEEE Xplore, run it, compare the hit counts
and document the search (PRISMA-S).

Python API (docs/api.md)::

    import querylang
    analysis = querylang.analyze('1. asthma OR wheez*\\n2. #1 AND child*')
    analysis.diagnostics          # parse and check findings
    compiled = querylang.compile("asthma AND year:2013-2023")  # every database with an API
    compiled.diagnostics          # the strategy's findings, once
    compiled["pubmed"].query, compiled["pubmed"].api, compiled["pubmed"].diagnostics
    querylang.compile(text, targets=["pubmed", "wos"], line=2)  # any registry names
    result = querylang.compile_query("asthma AND year:2013-2023", "pubmed")  # one database

Importing this package stays cheap (no HTTP stack): the command line's cold
start depends on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from querylang.diagnostics import Diagnostic, Severity, has_errors
from querylang.record import record

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from querylang.ast import Strategy
    from querylang.compiler import Compilation

__version__ = "0.1.0"

__all__ = [
    "__version__", "Analysis", "analyze", "compile", "compile_query", "Diagnostic", "Severity",
]


@record(frozen=True)
class Analysis:
    """A parsed and checked strategy. ``strategy`` is None on syntax errors."""

    strategy: Strategy | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.strategy is not None and not has_errors(self.diagnostics)


def analyze(text: str) -> Analysis:
    """Parse ``text`` and run every check on it. Never raises on bad input."""
    from querylang.checks import check
    from querylang.parser import parse

    result = parse(text)
    diagnostics = result.diagnostics if result.strategy is None else (
        result.diagnostics + check(result.strategy)
    )
    if result.strategy is None and not any(d.code == "QL012" for d in diagnostics):
        # A native strategy the parse never reached ("1 TS=(...)" numbering,
        # PubMed's history CSV): still one IM008 (querylang.imports.detect).
        from querylang.imports.detect import fold_unparsed

        diagnostics = fold_unparsed(diagnostics, text)
    if any(d.code == "QL012" for d in diagnostics):
        # A whole strategy in PubMed or WoS syntax: one IM008 naming the
        # import command instead of a QL012 per term (querylang.imports.detect).
        from querylang.imports.detect import fold_native

        diagnostics = fold_native(diagnostics, text)
    return Analysis(result.strategy, diagnostics)


def compile_query(text: str, target: str, **options: Any) -> Any:
    """Compile ``text`` for ``target`` ("pubmed", "wos", "arxiv", "ieee").

    Returns a :class:`querylang.targets.base.Compiled`: the interface string
    (``query``), the API request (``api``) and the diagnostics.
    """
    from querylang.compiler import compile_query as _compile

    return _compile(text, target, **options)


def compile(  # the package's verb, as re.compile (shadows the builtin only here)
    text: str,
    targets: Iterable[str] | str | None = None,
    *,
    line: int | None = None,
    strict: bool = False,
    keep_wildcards: Mapping[str, Iterable[str]] | None = None,
) -> Compilation:
    """Parse and check ``text`` once and compile its last line (or line
    ``line``) for each database in ``targets``.

    ``targets``: registry names (``querylang databases``), in the order the
    results should come; one name may be given as a string. Default: every
    database with an API (the ones ``querylang run`` searches). Databases
    without an API (interfaces such as Ovid) are compiled when named.

    Returns a :class:`querylang.compiler.Compilation`: ``diagnostics`` (the
    strategy's findings, once) and per database a
    :class:`querylang.targets.base.Compiled` (``query``, ``api``, its own
    ``diagnostics``); ``compilation["pubmed"]`` is one of them.

    Never raises on bad input text (errors come back as diagnostics, with
    ``query`` None); an unknown database name raises ValueError with a
    "did you mean", and so does an empty ``targets``; an argument of the
    wrong type (bytes for ``text``, a string ``line``) raises TypeError
    naming it.
    """
    from querylang.compiler import compile_targets

    _expect_type(text, str, "text", "the strategy as a str (decode bytes first)")
    if line is not None and (isinstance(line, bool) or not isinstance(line, int)):
        raise TypeError(f"line must be an int (a line number) or None, not {type(line).__name__}")
    if targets is not None and not isinstance(targets, str):
        targets = list(targets)
        for name in targets:
            _expect_type(name, str, "targets", "database names (querylang databases)")

    return compile_targets(
        text, targets, line=line, strict=strict, keep_wildcards=keep_wildcards
    )


def _expect_type(value: object, kind: type, name: str, wanted: str) -> None:
    """A clear TypeError for a Python API argument of the wrong type."""
    if not isinstance(value, kind):
        raise TypeError(f"{name}: expected {wanted}, not {type(value).__name__}")
