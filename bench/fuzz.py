"""Fuzz harness: generated and mutated inputs through parse, checks and compile.

    python bench/fuzz.py [--count 100000] [--seed 6] [--workers 2] [--show 5]

Every input goes through ``querylang.analyze`` (parse + checks) and, when the
analysis is clean, through ``compile_query`` for all four targets (strict
mode for some inputs, and an earlier line for some strategies). Nothing may
raise: bad input must come back as diagnostics. Each compiled result is also
checked for the contract (a refused target says why with an error; a query
comes with its API request; everything serialises to JSON).

Inputs come from five families, chosen per input from a seeded generator so
that a run is reproducible input by input (input ``i`` of seed ``s`` is the
same whatever the number of workers):

- grammar: random strategies from the portable grammar (fields, phrases
  with truncation, NEAR/n, limits, references, several lines);
- mutation: an example strategy or a grammar strategy with random edits
  (operators, quotes, brackets, control characters, Unicode);
- nesting: deep groups, NOT/NEAR/field chains, reference chains whose
  expansion doubles at every line;
- long: very long terms, phrases, OR groups and files with many lines;
- soup: random characters drawn from a hostile alphabet.

Prints the number of inputs, of unexpected exceptions (target: 0), of
contract violations and of slow inputs, and the first failures with their
traceback and a shrunk reproducer. Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from querylang.targets.base import Compiled

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = tuple(
    path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.qry"))
)
TARGETS = ("pubmed", "wos", "arxiv", "ieee")

#: An input taking longer than this is reported (a hang or a blow-up).
SLOW_SECONDS = 2.0
#: A hard stop per input: the alarm raises inside the pipeline.
TIMEOUT_SECONDS = 4
#: Address-space cap per worker: an expansion blow-up must end as a
#: MemoryError in the report, not by the machine's out-of-memory killer.
MEMORY_BYTES = 3 * 1024**3 // 2

# -- the hostile alphabet ---------------------------------------------------------

FIELDS = (
    "ti", "ab", "tiab", "kw", "topic", "all", "au", "so", "mesh", "mesh-noexp",
    "mesh-major", "doi", "title", "abstract", "keyword", "author", "journal",
    "TI", "Tiab", "xx", "year", "lang", "TS", "Document Title",
    "tw", "pt", "sh", "issn", "textword", "publication-type", "subheading",
)
OPERATORS = ("AND", "OR", "NOT", "NEAR/1", "NEAR/5", "NEAR/15", "NEAR", "NEAR/0",
             "NEAR/999999999999999999999", "ANDNOT", "SAME", "and", "or", "not", "ONEAR/2")
SPECIAL_CHARS = (
    "\u200b",  # zero-width space
    "\u200c", "\u200d", "\ufeff",  # zero-width (non-)joiner, BOM
    "\u200e", "\u200f",  # left-to-right / right-to-left marks
    "\u202a", "\u202b", "\u202e", "\u2066", "\u2069",  # embeddings, overrides, isolates
    "\u00a0", "\u2028", "\u2029", "\u3000",  # no-break space, line/paragraph separators
    "\t", "\r", "\n", "\n ", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x0b", "\x0c",
    "\u0301", "\u0336", "\u0489",  # combining marks
    "\ud800", "\udfff",  # lone surrogates (from surrogateescape-decoded files)
    "\U0001f600", "\U00010348", "\U000e0041",  # emoji, Gothic, tag character
    "ﬁ", "Å", "ß", "İ", "ǅ", "Ⅻ", "²", "١", "𝟘",  # case, compatibility, digits
    "中文", "العربية", "עברית", "ελληνικά", "русский", "हिन्दी",
)
PUNCTUATION = tuple("()[]{}\"'#*?$%&=:;,.<>/\\|^~`!@+-_")
WORDS = (
    "asthma", "wheez*", "child*", "radiolog*", "wom?n", "COVID-19", "T2-weighted",
    "Alzheimer's", "3D", "HbA1c", "GPT", "LLM*", "a", "x*", "ab*", "abc*", "abcd*",
    "C++", "e.g.", "10.1038/s41591", "über", "naïve", "Müller", "日本語", "مرض",
    "colo$r", "co$", "a$b", "l?chee$", "Asthma/DT", "Asthma/drug", "1361-8415", "1361-8416",
    "review",
)
PHRASES = (
    '"large language model*"', '"medical imag*"', '"Smith J"', '"10.21037/qims-24-89"',
    '"a b"', '""', '" "', '"*"', '"?x"', '"TS=(x)"', '"ti:x"', '"[mh]"', '"a" OR "b"',
    '"All Metadata":x', '"x NEAR/2 y"', '"wom?n"', '"ab* cd*"', '"$x"', '"a\\"b"',
    '"colo$r imaging"', '"US$ 5"', '"Asthma/drug therapy"', '"Asthma/x/y"', '"/x"',
    '"randomized controlled trial"', '"prevention & control"',
)

# -- generators -------------------------------------------------------------------


def _word(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return rng.choice(WORDS)
    letters = "abcdefghijklmnopqrstuvwxyzÅéßÄ中ع"
    text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
    return text + rng.choice(("", "", "*", "?", "-x", "'s", ".1", "/b", "+"))


def _phrase(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(PHRASES)
    words = [_word(rng).replace('"', "") for _ in range(rng.randint(1, 4))]
    return '"' + " ".join(words) + '"'


def _limit(rng: random.Random) -> str:
    year = rng.choice(("2013-2023", "2013-", "-2023", "2020", "2023-2013", "13-23", "x",
                       "", "2013-2023-2024", "0000-9999", "99999"))
    lang = rng.choice(("english", "en", "English", "fr", "klingon", "", "zh"))
    return f"year:{year}" if rng.random() < 0.6 else f"lang:{lang}"


def _expr(rng: random.Random, depth: int, refs: int) -> str:
    """A random expression; mostly valid, sometimes with the mistakes the
    grammar accepts on purpose (unary NOT, bare NEAR, empty groups...)."""
    roll = rng.random()
    if depth <= 0 or roll < 0.35:
        leaf = rng.random()
        if leaf < 0.5:
            return _word(rng)
        if leaf < 0.8:
            return _phrase(rng)
        if leaf < 0.9 and refs > 0:
            return f"#{rng.randint(1, refs + 1)}"
        if leaf < 0.95:
            return _limit(rng)
        return rng.choice(("()", "NOT x", "x y", "x and y"))
    if roll < 0.5:
        return f"{rng.choice(FIELDS)}:{_expr(rng, depth - 1, refs)}"
    if roll < 0.65:
        return f"({_expr(rng, depth - 1, refs)})"
    operator = rng.choice(OPERATORS[:6]) if rng.random() < 0.95 else rng.choice(OPERATORS)
    parts = [_expr(rng, depth - 1, refs) for _ in range(rng.randint(2, 4))]
    return f" {operator} ".join(parts)


def grammar_input(rng: random.Random) -> str:
    lines = []
    for number in range(1, rng.randint(1, 5) + 1):
        expr = _expr(rng, rng.randint(0, 5), number - 1)
        label = f"{number}. " if rng.random() < 0.7 else ""
        if rng.random() < 0.2:
            expr += f" AND {_limit(rng)}"
        lines.append(label + expr)
    if rng.random() < 0.2:
        lines.insert(rng.randrange(len(lines) + 1), "# a comment " + _word(rng))
    return "\n".join(lines)


def _fragment(rng: random.Random) -> str:
    """Something to splice into an input."""
    roll = rng.random()
    if roll < 0.25:
        return f" {rng.choice(OPERATORS)} "
    if roll < 0.45:
        return rng.choice(PUNCTUATION)
    if roll < 0.65:
        return rng.choice(SPECIAL_CHARS)
    if roll < 0.75:
        return f"{rng.choice(FIELDS)}:"
    if roll < 0.85:
        return rng.choice(WORDS + PHRASES)
    if roll < 0.92:
        return f"#{rng.randint(0, 12)}"
    return _limit(rng)


def mutate(text: str, rng: random.Random) -> str:
    """One to six random edits: insert, delete, duplicate, swap, recase."""
    for _ in range(rng.randint(1, 6)):
        if not text:
            text = _fragment(rng)
            continue
        i = rng.randrange(len(text) + 1)
        j = min(len(text), i + rng.randint(1, 12))
        edit = rng.random()
        if edit < 0.45:
            text = text[:i] + _fragment(rng) + text[i:]
        elif edit < 0.65:
            text = text[:i] + text[j:]
        elif edit < 0.75:
            text = text[:j] + text[i:j] + text[j:]
        elif edit < 0.85 and j - i >= 2:
            text = text[:i] + text[j - 1] + text[i + 1 : j - 1] + text[i] + text[j:]
        elif edit < 0.92:
            text = text[:i] + text[i:j].swapcase() + text[j:]
        else:
            text = text[:i] + rng.choice(SPECIAL_CHARS) * rng.randint(1, 50) + text[j:]
    return text


def mutation_input(rng: random.Random) -> str:
    base = rng.choice(EXAMPLES) if rng.random() < 0.6 else grammar_input(rng)
    return mutate(base, rng)


def nesting_input(rng: random.Random) -> str:
    """Deep structures: each must end in a diagnostic (QL009 or a compile
    limit), never in Python's recursion limit."""
    n = rng.choice((50, 99, 100, 101, 150, 500, 1000, 3000, 5000))
    term = rng.choice(("a", '"a b"', "asthma*", "ti:x"))
    shapes: list[Callable[[], str]] = [
        lambda: "(" * n + term + ")" * n,
        lambda: "(" * n + term + ")" * rng.randint(0, n),  # unbalanced
        lambda: "(" * rng.randint(0, n) + term + ")" * n,
        lambda: f"{term} NOT " * n + term,
        lambda: f"{term} NEAR/2 " * n + term,
        lambda: "NOT " * n + term,
        lambda: "ti:(" * n + term + ")" * n,
        lambda: "(a OR " * n + term + ")" * n,
        lambda: "(a AND (b OR " * (n // 2) + term + "))" * (n // 2),
        # Wide rather than deep: capped, a wide query is just slow to compile.
        lambda: " OR ".join([term] * min(n, 500)),
        lambda: " AND ".join(f"(x{i} OR y{i})" for i in range(min(n, 300))),
        lambda: "\n".join(f"{i}. " + ("(" * (i % 90)) + f"a{i}" + (")" * (i % 90))
                          for i in range(1, min(n, 100) + 1)),
        # Each line within the parser's depth limit, the expansion far beyond
        # it: the compile layer must say so (CP104), not overflow the stack.
        lambda: "\n".join(["1. asthma"] + [
            f"{k}. " + "(y OR (z AND " * 45 + f"#{k - 1}" + "))" * 45
            for k in range(2, rng.randint(3, 15))
        ]),
    ]
    if rng.random() < 0.04:
        return reference_chain(rng, rng.choice((3, 6, 10, 14, 24, 40)),
                               rng.choice(("AND", "OR", "NOT", "NEAR/3")))
    return rng.choice(shapes)()


def reference_chain(rng: random.Random, lines: int, operator: str) -> str:
    """Line k uses line k-1 twice: the expanded query doubles every line."""
    out = ["1. asthma OR wheez*"]
    for k in range(2, lines + 1):
        out.append(f"{k}. (#{k - 1} {operator} #{k - 1})")
    if rng.random() < 0.5:
        out.append(f"{lines + 1}. #{lines} AND year:2013-2023 AND lang:english")
    return "\n".join(out)


def long_input(rng: random.Random) -> str:
    size = rng.choice((300, 1000, 5000, 20000, 100000))
    shapes: list[Callable[[], str]] = [
        lambda: "a" * size,
        lambda: "ab" * (size // 2) + "*",
        lambda: '"' + "word " * (size // 5) + '"',
        lambda: '"' + "x" * size,  # unclosed
        lambda: "ti:" + "é" * size,
        lambda: " OR ".join(f"term{i}*" for i in range(min(size // 20, 500))),
        lambda: "\n".join(f"{i}. t{i} OR u{i}" for i in range(1, min(size // 50, 300) + 2)),
        lambda: "\u200b" * size + "a",
        lambda: "a" + " " * size + "OR b",
        lambda: "#" + "9" * (size // 10),
        lambda: "NEAR/" + "9" * (size // 10) + " x",
        lambda: "year:" + "2" * (size // 10),
    ]
    return rng.choice(shapes)()


def soup_input(rng: random.Random) -> str:
    pool = PUNCTUATION + SPECIAL_CHARS + OPERATORS + tuple("abcxyz ") + tuple(FIELDS)
    return "".join(rng.choice(pool) + rng.choice(("", " ")) for _ in range(rng.randint(0, 40)))


FAMILIES: tuple[tuple[str, float, Callable[[random.Random], str]], ...] = (
    ("grammar", 0.445, grammar_input),
    ("mutation", 0.40, mutation_input),
    ("soup", 0.12, soup_input),
    ("nesting", 0.02, nesting_input),
    ("long", 0.015, long_input),
)


def make_input(seed: int, index: int) -> tuple[str, str, random.Random]:
    """Input ``index`` of run ``seed``: (family, text, its generator)."""
    rng = random.Random(seed * 1_000_003 + index)
    roll = rng.random()
    for name, weight, generate in FAMILIES:
        if roll < weight:
            return name, generate(rng), rng
        roll -= weight
    name, _, generate = FAMILIES[0]
    return name, generate(rng), rng


# -- the pipeline ------------------------------------------------------------------


class ContractError(AssertionError):
    """A result that breaks the compile contract (not an exception inside)."""


def _check_compiled(compiled: Compiled, target: str) -> None:
    query = compiled.query
    if query is None:
        if not any(d.severity.value == "error" for d in compiled.diagnostics):
            raise ContractError(f"{target}: no query and no error diagnostic")
        return
    if not isinstance(query, str) or not query.strip():
        raise ContractError(f"{target}: empty query {query!r}")
    if compiled.api is None or not isinstance(compiled.api_query, str):
        raise ContractError(f"{target}: a query without its API request")
    json.dumps(compiled.to_dict())


def run_pipeline(text: str, rng: random.Random) -> None:
    """analyze, then compile for every target when the analysis is clean."""
    import querylang

    analysis = querylang.analyze(text)
    for diagnostic in analysis.diagnostics:
        json.dumps(diagnostic.to_dict())
    if not analysis.ok:
        if analysis.strategy is None and not analysis.diagnostics:
            raise ContractError("no tree and no diagnostic")
        return
    if analysis.strategy is None:
        raise ContractError("analysis ok without a tree")
    strict = rng.random() < 0.25
    lines = len(analysis.strategy.lines)
    line = rng.randint(1, lines) if lines > 1 and rng.random() < 0.3 else None
    for target in TARGETS:
        compiled = querylang.compile_query(text, target, line=line, strict=strict)
        _check_compiled(compiled, target)


# -- running and reporting -----------------------------------------------------------


@dataclass
class Failure:
    index: int
    family: str
    text: str
    kind: str
    error: str
    trace: str


@dataclass
class Report:
    inputs: int = 0
    exceptions: int = 0
    contract: int = 0
    slow: list[tuple[float, int, str, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    #: The first failure of each error type, so a rare one is always shown.
    first: dict[str, Failure] = field(default_factory=dict)
    kinds: Counter[str] = field(default_factory=Counter)
    families: Counter[str] = field(default_factory=Counter)

    def merge(self, other: Report, keep: int) -> None:
        self.inputs += other.inputs
        self.exceptions += other.exceptions
        self.contract += other.contract
        self.slow.extend(other.slow)
        self.failures.extend(other.failures[: max(0, keep - len(self.failures))])
        for kind, failure in other.first.items():
            if kind not in self.first or failure.index < self.first[kind].index:
                self.first[kind] = failure
        self.kinds.update(other.kinds)
        self.families.update(other.families)


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so the pipeline cannot swallow it."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout(f"no result after {TIMEOUT_SECONDS} s")


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    except (ImportError, ValueError, OSError):  # not on this platform: run without
        pass


def check_input(index: int, seed: int) -> tuple[str, str, str | None, str, str, float]:
    """Run one input: (family, text, failure kind or None, error, traceback,
    seconds)."""
    family, text, rng = make_input(seed, index)
    start = time.perf_counter()
    kind: str | None = None
    error = trace = ""
    try:
        # The alarm may fire after the pipeline returned but before it is
        # cancelled: the inner finally cancels it, the outer handlers catch
        # a late _Timeout too, so a worker never dies of its own alarm.
        try:
            signal.alarm(TIMEOUT_SECONDS)
            run_pipeline(text, rng)
        finally:
            signal.alarm(0)
    except ContractError as problem:
        kind, error, trace = "contract", str(problem), traceback.format_exc()
    except (Exception, _Timeout, RecursionError) as problem:  # noqa: BLE001 - the point
        kind = "exception"
        error, trace = f"{type(problem).__name__}: {problem}"[:500], traceback.format_exc()
    seconds = time.perf_counter() - start
    return family, text, kind, error, trace, seconds


def run_chunk(args: tuple[int, int, int, int]) -> Report:
    """Inputs [start, stop) of run ``seed``, in one worker."""
    start, stop, seed, keep = args
    signal.signal(signal.SIGALRM, _on_alarm)
    report = Report()
    for index in range(start, stop):
        family, text, kind, error, trace, seconds = check_input(index, seed)
        report.inputs += 1
        report.families[family] += 1
        if seconds > SLOW_SECONDS:
            report.slow.append((seconds, index, family, text[:200]))
        if kind is None:
            continue
        error_type = "contract" if kind == "contract" else error.split(":")[0]
        report.kinds[error_type] += 1
        if kind == "contract":
            report.contract += 1
        else:
            report.exceptions += 1
        failure = Failure(index, family, text, kind, error, trace)
        report.first.setdefault(error_type, failure)
        if len(report.failures) < keep:
            report.failures.append(failure)
    return report


def _chunks(count: int, seed: int, size: int, keep: int) -> Iterator[tuple[int, int, int, int]]:
    for start in range(0, count, size):
        yield start, min(count, start + size), seed, keep


def _worker_init() -> None:
    _limit_memory()
    import querylang  # noqa: F401 - load once per worker, not per chunk


def run(count: int, seed: int, workers: int, keep: int) -> Report:
    total = Report()
    chunks = list(_chunks(count, seed, 500, keep))
    if workers <= 1:
        _worker_init()
        for chunk in chunks:
            total.merge(run_chunk(chunk), keep)
        return total
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(workers, initializer=_worker_init) as pool:
        for report in pool.imap(run_chunk, chunks):
            total.merge(report, keep)
    return total


def shrink(text: str, seed: int, index: int, error: str) -> str:
    """Greedy delta debugging: drop pieces while the same error persists."""
    _, _, rng_seed = make_input(seed, index)
    state = rng_seed.getstate()

    def fails(candidate: str) -> bool:
        rng = random.Random()
        rng.setstate(state)
        try:
            run_pipeline(candidate, rng)
        except Exception as problem:  # noqa: BLE001
            return f"{type(problem).__name__}: {problem}"[:500].split(":")[0] == error.split(":")[0]
        return False

    step = max(1, len(text) // 2)
    while step >= 1:
        i = 0
        while i < len(text):
            candidate = text[:i] + text[i + step :]
            if candidate and fails(candidate):
                text = candidate
            else:
                i += step
        step //= 2
    return text


def print_report(report: Report, seconds: float, seed: int, show: int) -> None:
    print(f"inputs: {report.inputs} in {seconds:.1f} s (seed {seed})")
    print("families: " + ", ".join(f"{k} {v}" for k, v in sorted(report.families.items())))
    print(f"unexpected exceptions: {report.exceptions}")
    print(f"contract violations: {report.contract}")
    print(f"slow inputs (> {SLOW_SECONDS:.0f} s): {len(report.slow)}")
    for seconds_taken, index, family, text in sorted(report.slow, reverse=True)[:show]:
        print(f"  {seconds_taken:.1f} s  input {index} ({family}): {text[:120]!r}")
    if report.kinds:
        print("by error: " + ", ".join(f"{k} {v}" for k, v in report.kinds.most_common()))
    shown = list(report.first.values())
    shown += [f for f in report.failures if f not in shown][: max(0, show - len(shown))]
    for failure in shown if show else []:
        print(f"\n--- input {failure.index} ({failure.family}, {failure.kind}): {failure.error}")
        print(f"input: {failure.text[:300]!r}")
        shrinkable = not failure.error.startswith(("_Timeout", "MemoryError"))
        if len(failure.text) <= 2000 and failure.kind == "exception" and shrinkable:
            print(f"shrunk: {shrink(failure.text, seed, failure.index, failure.error)!r}")
        print(failure.trace[-2500:])


def main(argv: Sequence[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--count", type=int, default=100_000, help="inputs (default 100000)")
    options.add_argument("--seed", type=int, default=6, help="seed (default 6)")
    options.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    options.add_argument("--show", type=int, default=5, help="failures to print (default 5)")
    options.add_argument("--index", type=int, help="run only input N of the seed, verbosely")
    args = options.parse_args(argv)

    if args.index is not None:
        family, text, _ = make_input(args.seed, args.index)
        print(f"input {args.index} ({family}): {text!r}")
        report = run_chunk((args.index, args.index + 1, args.seed, 1))
        print_report(report, 0.0, args.seed, 1)
        return 1 if report.exceptions or report.contract else 0
    start = time.perf_counter()
    report = run(args.count, args.seed, args.workers, keep=max(args.show, 20))
    print_report(report, time.perf_counter() - start, args.seed, args.show)
    return 1 if report.exceptions or report.contract else 0


if __name__ == "__main__":
    sys.exit(main())
