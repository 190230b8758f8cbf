"""``POST /api/run``: the run ``querylang run`` makes (same plans, statuses,
retries, pacing, cache and search log), streamed to the page as
server-sent events while each database answers.

Events: ``plan`` (what will be counted), ``progress`` (a request started or
is retried), ``line`` (a line's count), ``target`` (a database is done),
``warning`` (the log could not be written), then ``done`` (the run, its
number in the log) or ``failed``. The run goes on in its own thread when
the page goes away: it is logged whole, as a run from the terminal is.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from querylang import __version__, analyze
from querylang.web.api import log_path
from querylang.web.inputs import BadInput, bool_field, json_body, list_field, map_field, text_field

Emit = Callable[[str, dict[str, Any]], None]

#: The name a strategy typed into the page is logged under.
DEFAULT_NAME = "<web page>"


@dataclass
class RunJob:
    """A checked run request, ready to go."""

    text: str
    name: str
    plans: list[Any]
    settings: Any
    refresh: bool
    where: Path

    def plan_dict(self) -> dict[str, Any]:
        return {"targets": {p.target: [c.line for c in p.lines] for p in self.plans}}

    def execute(self, emit: Emit) -> None:
        """Run (in a worker thread), telling ``emit`` as it goes; never raises."""
        from querylang.render_run import exit_status
        from querylang.runner import run_started, run_strategy
        from querylang.store import LogError, RunRecorder, open_log

        search_log = None
        try:
            try:
                search_log = open_log(self.where)
            except LogError as error:
                emit("warning", {"message": f"{error}; this run will not be logged"})
            cache = search_log.cache() if search_log is not None and not self.refresh else None
            started = run_started()
            recorder = None
            if search_log is not None:
                recorder = RunRecorder(
                    search_log, started=started, version=__version__, source_text=self.text,
                    source_name=self.name, warn=lambda m: emit("warning", {"message": m}),
                    planned={p.target: [c.line for c in p.lines] for p in self.plans})

            def on_line(target: str, line: Any) -> None:
                if recorder is not None:
                    recorder.line_done(target, line)
                emit("line", {"target": target, **line.to_dict()})

            def on_result(result: Any) -> None:
                if recorder is not None:
                    recorder.target_done(result)
                emit("target", {"target": result.target, **result.to_dict()})

            result = run_strategy(
                self.plans, source_text=self.text, source_name=self.name, started=started,
                settings=self.settings, cache=cache,
                progress=lambda event: emit("progress", dataclasses.asdict(event)),
                on_result=on_result, on_line=on_line, pace_dir=self.where.parent)
            run_id = recorder.finish(result) if recorder is not None else None
            emit("done", {"run_id": run_id, "logged": run_id is not None,
                          "exit_status": exit_status(result), "run": result.to_dict()})
        except Exception as error:  # the page must hear of it; the server goes on
            emit("failed", {"error": f"the run stopped: {type(error).__name__}: {error}"})
        finally:
            if search_log is not None:
                search_log.close()


def prepare(data: dict[str, Any], where: Path) -> RunJob:
    """Check the request as ``querylang run`` checks its options (the same
    functions, the same messages); a BadInput otherwise."""
    from querylang import render_run as rr
    from querylang.databases import runnable_names
    from querylang.diagnostics import has_errors, to_dicts
    from querylang.runner import RunSettings, build_plans

    text = text_field(data, "text")
    name = _source_name(text_field(data, "name", required=False, limit=300))
    known = runnable_names()  # the page runs searches: the databases with an API
    wanted = list_field(data, "databases")
    counts = map_field(data, "counts")
    try:
        databases = rr.parse_databases(None if wanted is None else ",".join(wanted), known)
        typed = rr.parse_counts([f"{key}={value}" for key, value in counts.items()
                                 if value.strip()], databases, known)
    except ValueError as error:
        raise BadInput(422, str(error).replace("--count ", "count ").replace("--db", "databases")) from None
    try:
        settings = RunSettings.from_env(os.environ)
    except ValueError as error:
        raise BadInput(503, f"the server's settings: {error}",
                       "fix the variable and start querylang serve again") from None
    analysis = analyze(text)
    if analysis.strategy is None or has_errors(analysis.diagnostics):
        raise BadInput(422, "the strategy has errors: fix them before running",
                       diagnostics=to_dicts(analysis.diagnostics))
    try:
        manual = rr.resolve_counts(typed, len(analysis.strategy.lines))
    except ValueError as error:
        raise BadInput(422, str(error).replace("--count ", "count ")) from None
    strict = bool_field(data, "strict")
    plans = build_plans(analysis.strategy, databases, all_lines=bool_field(data, "lines"),
                        manual=manual, strict=strict)
    refused = list({(d.code, d.span.start, d.span.end, d.target): d
                    for p in plans for c in p.lines for d in c.errors}.values())
    if strict and refused:
        raise BadInput(422, "strict: a translation changes the meaning",
                       "untick strict, or change the lines named", diagnostics=to_dicts(refused))
    try:
        rr.check_counts_have_strings(plans)
    except ValueError as error:
        raise BadInput(422, str(error).replace("--count ", "count ")) from None
    return RunJob(text, name, plans, settings, bool_field(data, "refresh"), where)


def _source_name(given: str) -> str:
    """The file name the page opened (its last part only), else a marker."""
    name = PurePath(given.replace("\\", "/")).name.strip()
    return name if name and name.isprintable() else DEFAULT_NAME


def sse(kind: str, payload: dict[str, Any]) -> bytes:
    from querylang.secrets import Secrets

    data = Secrets(os.environ).scrub(json.dumps(payload, ensure_ascii=False))
    return f"event: {kind}\ndata: {data}\n\n".encode()


async def run(request: Request) -> Response:
    job = prepare(await json_body(request), log_path(request))
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()

    def emit(kind: str, payload: dict[str, Any]) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, (kind, payload))
        except RuntimeError:  # the server stopped: nobody is listening any more
            pass

    threading.Thread(target=job.execute, args=(emit,), name="querylang-run", daemon=True).start()

    async def stream() -> AsyncIterator[bytes]:
        yield sse("plan", job.plan_dict())
        while True:
            kind, payload = await queue.get()
            yield sse(kind, payload)
            if kind in ("done", "failed"):
                return

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"x-accel-buffering": "no"})
