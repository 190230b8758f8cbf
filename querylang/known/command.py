"""``querylang check``: does each database's search find the known records?

The typer command in :mod:`querylang.cli` is a thin wrapper around
:func:`check`, which returns the exit status:

0  every known record a database holds is found by the final line, in every
   database checked (or the final recall reaches ``--min-recall``)
1  the strategy has errors
2  usage error: no known record could be read, a setting out of range, too
   many requests without ``--yes``
3  nothing missed, but a database failed or was skipped (no key)
4  some known record is missed (final recall below ``--min-recall``)
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from querylang import __version__, analyze
from querylang.commands import (
    EXIT_DATABASE,
    EXIT_INPUT,
    EXIT_OK,
    UsageError,
    emit_in_brief,
    read_source,
)
from querylang.databases import REGISTRY
from querylang.diagnostics import has_errors
from querylang.known.items import KnownSet, read_known
from querylang.known.model import CheckResult
from querylang.known.render import (
    render_csv,
    render_json,
    render_markdown,
    render_table,
    result_to_dict,
)
from querylang.known.run import CheckPlan, build_check_plans, check_databases
from querylang.responses import NAMES

if TYPE_CHECKING:
    from querylang.ast import Strategy
    from querylang.store import SearchLog

__all__ = ["CheckOptions", "check", "exit_status", "EXIT_MISSED", "DEFAULT_MAX_REQUESTS",
           "QUOTA_LIMITED"]

#: Some known record is missed by a final line.
EXIT_MISSED = 4
#: Requests a database with a daily quota may get without ``--yes``.
DEFAULT_MAX_REQUESTS = 50
RENDERERS = {"table": render_table, "json": render_json, "markdown": render_markdown,
             "csv": render_csv}


@dataclass(frozen=True)
class CheckOptions:
    source: str | None
    query: str | None
    known: str
    databases: list[str]
    output: str = "table"
    min_recall: float = 1.0
    strict: bool = False
    max_age: float = 24.0
    refresh: bool = False
    yes: bool = False
    max_requests: int = DEFAULT_MAX_REQUESTS
    verbose: bool = False


def _known_set(path: str, err: TextIO) -> KnownSet:
    try:
        known = read_known(path)
    except FileNotFoundError:
        raise UsageError(f"no such known-records file: {path}") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a known-records file") from None
    except UnicodeDecodeError as error:
        raise UsageError(f"{path} is not UTF-8 text (byte {error.start}): save it as UTF-8"
                         ) from None
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    for problem in sorted(known.unreadable + known.duplicates, key=lambda u: u.line):
        err.write(problem.message(path) + "\n")
    if not known.items:
        raise UsageError(f"{path} holds no known record that could be read (one PMID, DOI, "
                         "arXiv id or ieee:NUMBER a line, or a RIS, BibTeX or CSV file)")
    return known


def _line_facts(strategy: Strategy) -> tuple[dict[int, list[int]], dict[int, str]]:
    from querylang.ast import Ref, span_of, walk

    references, texts = {}, {}
    for line in strategy.lines:
        references[line.number] = sorted({node.number for node in walk(line.expr)
                                          if isinstance(node, Ref)})
        span = span_of(line.expr)
        texts[line.number] = " ".join(strategy.source[span.start:span.end].split())
    return references, texts


def _announce(plans: list[CheckPlan], items: int, err: TextIO) -> None:
    parts = [f"{NAMES[plan.target]} {plan.estimate()}" for plan in plans]
    err.write(f"checking {items} known records; requests at most: {', '.join(parts)} "
              "(fewer when answered from the search log)\n")


#: Databases with a daily quota (their registry entry's ``paging.daily_quota``):
#: only these are capped by --max-requests. The others limit the pace, which
#: the check keeps, not the number of requests.
QUOTA_LIMITED = frozenset(name for name, entry in REGISTRY.items()
                          if entry.paging is not None and entry.paging.daily_quota is not None)


def _too_many(plans: list[CheckPlan], cap: int) -> list[str]:
    return [f"{NAMES[plan.target]} {plan.estimate()}" for plan in plans
            if plan.target in QUOTA_LIMITED and plan.estimate() > cap]


def check(options: CheckOptions, *, log: SearchLog | None,
          warn: Callable[[str], None], out: TextIO | None = None, err: TextIO | None = None,
          session_options: dict[str, object] | None = None) -> int:
    """Run the check, print it, return the exit status (UsageError: exit 2)."""
    out = out or sys.stdout  # looked up now: a test runner swaps the streams
    err = err or sys.stderr
    text, filename = read_source(options.source, options.query)
    analysis = analyze(text)
    emit_in_brief([("strategy", analysis.diagnostics)], text, filename, analysis.strategy,
                  verbose=options.verbose)
    if analysis.strategy is None or has_errors(analysis.diagnostics):
        return EXIT_INPUT
    known = _known_set(options.known, err)
    plans = build_check_plans(analysis.strategy, options.databases, known.items,
                              strict=options.strict)
    over = _too_many(plans, options.max_requests)
    if over and not options.yes:
        raise UsageError(f"this check may send more than {options.max_requests} requests to "
                         f"one database ({', '.join(over)}): API quotas are small; pass --yes "
                         "to go ahead, or raise --max-requests")
    _announce(plans, len(known.items), err)
    from querylang.runner import run_started

    started = run_started()
    recorder = None
    cached = None
    if log is not None:
        from querylang.known.log import CheckRecorder, answer_cache

        recorder = CheckRecorder(
            log, started=started, version=__version__, source_name=filename, source_text=text,
            known_name=options.known, known=[item.to_dict() for item in known.items], warn=warn)
        if not options.refresh:
            cached = answer_cache(log, options.max_age)
    from querylang.render_run import progress_display

    totals = {plan.target: plan.estimate() for plan in plans}
    with progress_display(err.isatty(), totals) as progress:  # a bar per database
        databases = asyncio.run(check_databases(
            plans, cached=cached, on_answer=recorder.answer if recorder else None,
            progress=progress, **(session_options or {})))
    references, texts = _line_facts(analysis.strategy)
    result = CheckResult(
        source_name=filename, source_text=text, known_name=options.known,
        items=list(known.items), databases=databases, references=references,
        line_texts=texts, started=started, finished=run_started(),
        unreadable=[{"line": u.line, "text": u.text, "why": u.why} for u in known.unreadable])
    data = result_to_dict(result)
    if recorder is not None:
        check_id = recorder.finish(data)
        if check_id is not None:
            sent = sum(db.requests for db in databases.values())
            reused = sum(db.cached for db in databases.values())
            err.write(f"logged as check {check_id} in {log.path if log else ''} "
                      f"({sent} requests sent, {reused} answered from the log)\n")
    out.write(RENDERERS[options.output](data))
    return exit_status(result, options.min_recall)


def exit_status(result: CheckResult, min_recall: float) -> int:
    """4 when a database's final recall is below ``min_recall``; else 3 when
    a database failed or was skipped, or when no database holds any known
    record (nothing was tested: KC005); else 0."""
    recalls = [db.final_recall for db in result.databases.values()
               if db.final_recall is not None]
    if any(recall < min_recall - 1e-9 for recall in recalls):
        return EXIT_MISSED
    if result.failed() or not recalls:
        return EXIT_DATABASE
    return EXIT_OK

