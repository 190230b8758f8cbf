"""querylang side by side with search-query (CoLRev, PyPI ``search-query``).

    python bench/vs_search_query.py [--count 1000] [--seed 6] [--runs 10]

Two measurements (issue 6):

1. Per strategy: 1,000 generated strategies of about 20 terms (3 OR blocks,
   phrases, truncation, a year limit), each written in the portable language
   and as the equivalent PubMed query. search-query parses the PubMed form
   and translates it to Web of Science; querylang's public call
   ``querylang.compile`` parses the portable form once and compiles it for
   every database with an API (``RUNNABLE``), and, alone, for Web of Science
   (the same work as search-query's). They alternate in one process so that
   all see the same machine state. Target: querylang >= 10x faster.
2. Cold start: ``querylang compile examples/llm-medical-imaging.qry`` against
   ``search-query lint`` on the equivalent PubMed query (its command line
   only reads JSON search files, so one is written to a temporary folder).
   Target: querylang no slower.

search-query is a bench/test extra (``pip install -e .[bench]``), never a
runtime dependency.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coldstart import wall

from querylang.databases import RUNNABLE

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "llm-medical-imaging.qry"
#: The databases with an API (``querylang.compile``'s default), in order.
TARGETS = tuple(RUNNABLE)
#: search-query's translation target, and querylang's one-target call.
ONE_TARGET = "wos"

# The final line of examples/llm-medical-imaging.qry written by hand for
# PubMed (references expanded, every term tagged). Hand-written on purpose:
# the cold start of search-query must not depend on querylang's output.
EXAMPLE_PUBMED = (
    '(("large language model*"[tiab] OR LLM[tiab] OR LLMs[tiab] OR GPT*[tiab] '
    'OR ChatGPT[tiab] OR "generative pre-trained transformer*"[tiab] '
    'OR "foundation model*"[tiab]) AND ("medical imag*"[tiab] '
    'OR "medical image processing"[tiab] OR radiolog*[tiab] '
    'OR "image segmentation"[tiab] OR "diagnostic imag*"[tiab] '
    'OR "Diagnostic Imaging"[mh])) AND 2013:2023[dp] AND english[la]'
)

# -- the generator ---------------------------------------------------------------

# Plain alphabetic words: search-query's PubMed parser accepts them, and
# every stem used with a wildcard has at least 4 letters, so neither PubMed
# (4 before *) nor WoS (3 before *) rewrites a term: both forms mean the same.
_WORDS = (
    "asthma wheezing radiology radiograph tomography ultrasound mammography "
    "segmentation classification detection diagnosis prognosis screening "
    "transformer attention embedding pretraining finetuning benchmark "
    "children adolescents infants elderly patients clinicians nurses "
    "inhaler corticosteroid budesonide fluticasone placebo randomized "
    "cohort registry survival mortality morbidity outcome accuracy "
    "sensitivity specificity validation calibration robustness fairness "
    "pathology dermatology ophthalmology oncology cardiology neurology "
    "imaging scanner contrast lesion tumour nodule fracture stroke "
    "pneumonia influenza vaccine antibiotic diabetes insulin obesity exercise "
    "depression anxiety dementia delirium sepsis dialysis transplant anaemia "
    "hypertension arrhythmia ischaemia infarction thrombosis embolism "
    "retinopathy glaucoma cataract arthritis osteoporosis rehabilitation "
    "telemedicine wearable smartphone chatbot language generative foundation"
).split()

BLOCK_SIZES = ((7, 7, 6), (8, 8, 4), (6, 7, 7), (8, 6, 6), (7, 8, 5))


@dataclass(frozen=True)
class Strategy:
    """One strategy in both languages."""

    portable: str
    pubmed: str
    terms: int


class _Vocabulary:
    """Words drawn without replacement for one strategy: search-query
    removes (and prints) repeated terms, which would skew its timing."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = rng.sample(_WORDS, len(_WORDS))

    def take(self, count: int = 1) -> list[str]:
        taken, self.words = self.words[:count], self.words[count:]
        return taken


def _stem(word: str, rng: random.Random) -> str:
    """A truncation stem of at least 5 letters (both databases accept it)."""
    return word[: rng.randint(5, max(5, len(word) - 1))]


def _term(vocabulary: _Vocabulary) -> str:
    """A word, a truncated word, a phrase or a truncated phrase.

    The same text is valid in both languages (the portable language and
    PubMed both write phrases in double quotes and truncation as ``*``).
    """
    rng = vocabulary.rng
    kind = rng.random()
    if kind < 0.5:
        return vocabulary.take()[0]
    if kind < 0.7:
        return _stem(vocabulary.take()[0], rng) + "*"
    words = vocabulary.take(2)
    if kind < 0.85:
        return '"' + " ".join(words) + '"'
    words[-1] = _stem(words[-1], rng) + "*"
    return '"' + " ".join(words) + '"'


def make_strategy(rng: random.Random) -> Strategy:
    """Three OR blocks of about 20 terms in all, ANDed, plus a year range."""
    start = rng.randint(2000, 2015)
    end = start + rng.randint(3, 10)
    vocabulary = _Vocabulary(rng)
    blocks = [[_term(vocabulary) for _ in range(size)] for size in rng.choice(BLOCK_SIZES)]
    portable = " AND ".join("(" + " OR ".join(block) + ")" for block in blocks)
    pubmed = " AND ".join(
        "(" + " OR ".join(f"{term}[tiab]" for term in block) + ")" for block in blocks
    )
    return Strategy(
        portable=f"{portable} AND year:{start}-{end}",
        pubmed=f"{pubmed} AND {start}:{end}[dp]",
        terms=sum(len(block) for block in blocks),
    )


def make_strategies(count: int, seed: int) -> list[Strategy]:
    rng = random.Random(seed)
    return [make_strategy(rng) for _ in range(count)]


# -- the two pipelines -------------------------------------------------------------


def search_query_pipeline() -> Callable[[str], str]:
    """search-query: parse a PubMed string and translate it to WoS.

    The silent parser class is used (what ``parse()`` calls, minus the
    printing of warnings to stdout and the list-format guess): the fastest
    way to use the package, so the comparison is fair to it.
    """
    from search_query.registry import LATEST_PARSERS

    parser_cls = LATEST_PARSERS["pubmed"]

    def run(text: str) -> str:
        query = parser_cls(text, silent=True).parse()
        result: str = query.translate("wos").to_string()
        return result

    return run


def querylang_pipeline(targets: Sequence[str] | None = None) -> Callable[[str], list[str]]:
    """querylang's public call: ``querylang.compile(text, targets)`` parses
    and checks once, then compiles for each database (default: every
    database with an API)."""
    import querylang

    def run(text: str) -> list[str]:
        compiled = querylang.compile(text, targets)
        out: list[str] = []
        for target, result in compiled.results.items():
            if result.query is None:
                raise RuntimeError(f"{target} refused {text!r}: {compiled.diagnostics_for(target)}")
            out.append(result.query)
        return out

    return run


def querylang_text_pipeline() -> Callable[[str], list[str]]:
    """One database at a time: ``compile_query`` per target (one parse each)."""
    import querylang

    def run(text: str) -> list[str]:
        out: list[str] = []
        for target in TARGETS:
            compiled = querylang.compile_query(text, target)
            if compiled.query is None:
                raise RuntimeError(f"{target} refused {text!r}: {compiled.diagnostics}")
            out.append(compiled.query)
        return out

    return run


@dataclass
class Timings:
    """Seconds per strategy for each pipeline, and search-query's failures."""

    search_query: list[float]
    querylang: list[float]
    querylang_one: list[float]
    querylang_text: list[float]
    failures: list[tuple[str, str]]


def _timed(func: Callable[[str], Any], text: str) -> float:
    """One call with the garbage collector off, as timeit does: a collection
    triggered by one pipeline's garbage must not be charged to the other.
    The collector runs again, when due, between calls, off the clock. (No
    forced ``gc.collect()`` before each call: a full collection walks every
    object in the process and leaves the CPU caches cold, which charged
    about 0.1 ms to each querylang call; bench/README.md.)"""
    gc.disable()
    try:
        start = time.perf_counter()
        func(text)
        return time.perf_counter() - start
    finally:
        gc.enable()


def time_pipelines(strategies: Sequence[Strategy], warmup: int = 50) -> Timings:
    """Alternate the pipelines strategy by strategy (same machine state)."""
    sq, ql, ql_text = search_query_pipeline(), querylang_pipeline(), querylang_text_pipeline()
    ql_one = querylang_pipeline([ONE_TARGET])
    for strategy in strategies[:warmup]:  # imports, grammar tables, caches
        try:
            sq(strategy.pubmed)
        except Exception:  # noqa: BLE001 - counted in the timed loop below
            pass
        ql(strategy.portable)
        ql_one(strategy.portable)
        ql_text(strategy.portable)
    timings = Timings([], [], [], [], [])
    for strategy in strategies:
        try:
            timings.search_query.append(_timed(sq, strategy.pubmed))
        except Exception as error:  # noqa: BLE001 - search-query raises many kinds
            timings.failures.append((strategy.pubmed, f"{type(error).__name__}: {error}"))
        timings.querylang.append(_timed(ql, strategy.portable))
        timings.querylang_one.append(_timed(ql_one, strategy.portable))
        timings.querylang_text.append(_timed(ql_text, strategy.portable))
    return timings


# -- cold start -------------------------------------------------------------------


def _command(name: str, module: str) -> list[str]:
    """The installed script beside this Python, else ``python -m``."""
    script = Path(sys.executable).with_name(name)
    if script.exists():
        return [str(script)]
    found = shutil.which(name)
    return [found] if found else [sys.executable, "-m", module]


def cold_starts(runs: int) -> tuple[list[float], list[float], list[str]]:
    """Alternating runs of both commands after one warm-up run each (which
    writes the bytecode: bench/coldstart.py). Returns the seconds and problems."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        search_file = Path(folder) / "llm-medical-imaging.json"
        search_file.write_text(
            json.dumps({"search_string": EXAMPLE_PUBMED, "platform": "pubmed"}), encoding="utf-8"
        )
        ql_argv = _command("querylang", "querylang") + ["compile", str(EXAMPLE)]
        sq_argv = _command("search-query", "search_query.cli") + ["lint", str(search_file)]
        ql_times: list[float] = []
        sq_times: list[float] = []
        for i in range(runs + 1):
            for argv, times in ((ql_argv, ql_times), (sq_argv, sq_times)):
                seconds, done = wall(argv)
                # search-query lint exits 1 on any warning: only a traceback
                # means the command did not do its work.
                if "Traceback" in done.stderr or "Traceback" in done.stdout:
                    problems.append(f"{' '.join(argv)}: {done.stderr.strip()[-300:]}")
                if i > 0:
                    times.append(seconds)
    return ql_times, sq_times, problems


# -- report ------------------------------------------------------------------------


def _ms(values: Sequence[float]) -> float:
    return statistics.median(values) * 1000


def report_pipelines(strategies: Sequence[Strategy], timings: Timings) -> None:
    terms = statistics.median(s.terms for s in strategies)
    print(f"strategies: {len(strategies)} ({terms:.0f} terms median, 3 OR blocks, a year range)")
    print(f"  example portable: {strategies[0].portable}")
    print(f"  example PubMed:   {strategies[0].pubmed}")
    sq_ms, ql_ms, one_ms, text_ms = (
        _ms(timings.search_query), _ms(timings.querylang), _ms(timings.querylang_one),
        _ms(timings.querylang_text),
    )
    n = len(TARGETS)
    rows = (
        ("search-query", "parse PubMed + translate to WoS", sq_ms),
        ("querylang", f"querylang.compile(text): {n} databases", ql_ms),
        ("querylang", f"querylang.compile(text, {ONE_TARGET!r})", one_ms),
        ("querylang", f"compile_query x {n} ({n} parses)", text_ms),
    )
    width = max(len(label) for _, label, _ in rows) + 1
    for who, label, value in rows:
        print(f"{who:<14}{label + ':':<{width}} {value:8.3f} ms median per strategy")
    print(f"ratio (search-query / querylang.compile, {n} databases): {sq_ms / ql_ms:.1f}x"
          "  (target >= 10x)")
    print(f"ratio (search-query / querylang.compile, 1 database):  {sq_ms / one_ms:.1f}x")
    print(f"ratio with {n} parses (compile_query per database):     {sq_ms / text_ms:.1f}x")
    print(f"search-query failures: {len(timings.failures)} of {len(strategies)}")
    for text, error in timings.failures[:3]:
        print(f"  {error[:160]}\n    on {text[:160]}")


def report_cold_start(runs: int) -> None:
    ql_times, sq_times, problems = cold_starts(runs)
    ql_ms, sq_ms = _ms(ql_times), _ms(sq_times)
    print(f"cold start, {runs} runs each (median):")
    print(f"  querylang compile {EXAMPLE.relative_to(ROOT)}: {ql_ms:6.0f} ms")
    print(f"  search-query lint (same query, JSON file):   {sq_ms:6.0f} ms")
    print(f"  ratio (search-query / querylang): {sq_ms / ql_ms:.2f}x  (target >= 1.0)")
    for problem in problems[:3]:
        print(f"  problem: {problem}")


def main(argv: Sequence[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--count", type=int, default=1000, help="strategies (default 1000)")
    options.add_argument("--seed", type=int, default=6, help="generator seed (default 6)")
    options.add_argument("--runs", type=int, default=10, help="cold-start runs (default 10)")
    options.add_argument("--no-cold-start", action="store_true", help="skip the cold start")
    args = options.parse_args(argv)

    strategies = make_strategies(args.count, args.seed)
    report_pipelines(strategies, time_pipelines(strategies))
    if not args.no_cold_start:
        report_cold_start(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
