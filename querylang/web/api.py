"""The JSON endpoints. Each is a thin layer over the functions the command
line runs (:mod:`querylang.commands`, the compiler, the search log, the
report), so the page and ``querylang`` never disagree."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from querylang import __version__
from querylang.web import downloads
from querylang.web.inputs import BadInput, int_text, json_body, text_field

#: Longest run reference accepted (``latest~12``, ``1234``).
MAX_REFERENCE = 24


def reply(data: Any, status: int = 200) -> Response:
    """JSON, with every form of every API key in the environment scrubbed
    (belt and braces: no endpoint puts one in, and none must ever leave)."""
    from querylang.secrets import Secrets

    text = Secrets(os.environ).scrub(json.dumps(data, ensure_ascii=False))
    return Response(text, status, media_type="application/json")


def log_path(request: Request) -> Path:
    from querylang.store import default_log_path

    given: Path | None = request.app.state.log_path
    return given if given is not None else default_log_path()


def open_log(request: Request) -> Any:
    """The search log, read-only (never created by a reading endpoint)."""
    from querylang.store import LogError, SearchLog

    where = log_path(request)
    if not where.exists():
        raise BadInput(404, f"no search log at {where} yet", "run the strategy first")
    try:
        return SearchLog(where, read_only=True)
    except LogError as error:
        raise BadInput(409, str(error)) from None


def load_run(log: Any, reference: str) -> Any:
    from querylang.store import LogError

    if len(reference) > MAX_REFERENCE:
        raise BadInput(422, "a run is a number, latest or latest~N")
    try:
        return log.load_run(log.resolve(reference))
    except LogError as error:
        raise BadInput(404, str(error)) from None


# -- the page's first question -------------------------------------------------------


async def status(request: Request) -> Response:
    """Databases (with whether a key is set: never the key), downloads, the log."""
    from querylang.databases import REGISTRY, RUNNABLE
    from querylang.runner import SPECS
    from querylang.secrets import read_key
    from querylang.targets import TARGETS

    databases = []
    # The page runs searches: the databases with an API.
    for name in RUNNABLE:
        target = TARGETS[name]
        spec = SPECS[name]
        has_key = bool(spec.key_env and read_key(os.environ, spec.key_env).value)
        databases.append({"name": name, "title": target.title, "short": REGISTRY[name].short,
                          "faces": list(REGISTRY[name].query_labels),
                          "key_env": spec.key_env, "has_key": has_key,
                          "key_required": spec.key_required})
    from querylang.imports import DIALECTS, TITLES

    return reply({
        "version": __version__,
        "databases": databases,
        # The syntaxes the page's import reads (the registry's importers).
        "dialects": [{"name": name, "title": TITLES[name]} for name in DIALECTS],
        "downloads": [{"name": d.name, "label": d.label} for d in downloads.REGISTRY.values()],
        "log": str(log_path(request)),
    })


# -- as you type -----------------------------------------------------------------------


def check_text(text: str, strict: bool = False) -> dict[str, Any]:
    """The strategy's diagnostics and every database's query for its final
    line: ``querylang lint`` and ``compile --format json`` in one answer."""
    from querylang.commands import _compiled_json, _target_only
    from querylang.compiler import compile_text
    from querylang.databases import RUNNABLE
    from querylang.diagnostics import once_per_database, sort_key, to_dicts
    from querylang.targets import TARGETS

    analysis, results = compile_text(text, list(RUNNABLE), strict=strict)
    targets = {}
    for name, result in results.items():
        data = _compiled_json(result)
        data["diagnostics"] = to_dicts(once_per_database(
            sorted(_target_only(result.diagnostics), key=sort_key)))
        data["title"] = TARGETS[name].title
        data["line"] = result.line
        targets[name] = data
    lines = len(analysis.strategy.lines) if analysis.strategy is not None else 0
    return {"ok": analysis.ok, "lines": lines,
            "diagnostics": to_dicts(sorted(analysis.diagnostics, key=sort_key)),
            "targets": targets}


async def check(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    from querylang.web.inputs import bool_field

    data = await json_body(request)
    text, strict = text_field(data, "text"), bool_field(data, "strict")
    # In a worker thread: a huge paste takes seconds to check, and the
    # server must go on answering meanwhile (a run's events, another tab).
    return reply(await run_in_threadpool(check_text, text, strict))


async def explain(request: Request) -> Response:
    """``querylang explain CODE``."""
    from querylang.codes import closest_codes, lookup

    code = str(request.path_params["code"])[:16]
    info = lookup(code)
    if info is None:
        close = closest_codes(code)
        raise BadInput(404, f"unknown code {code!r}",
                       f"did you mean {', '.join(close)}?" if close else "")
    return reply({"code": info.code, "severity": info.severity.value, "title": info.title,
                  "explanation": info.explanation, "example": info.example,
                  "instead": info.instead, "changes_meaning": info.changes_meaning})


# -- the search log ----------------------------------------------------------------------


async def history(request: Request) -> Response:
    """``querylang history [--all]``: newest first. No log yet: no runs."""
    from querylang.store import LogError

    if not log_path(request).exists():
        return reply({"runs": []})
    include = request.query_params.get("all") in ("1", "true")
    # ``?name=``: runs of the strategy file of that name. Matched here on
    # the name alone: ``history --strategy`` would also read a file of
    # that name from disk, which a page must not make the server do.
    name = Path(request.query_params.get("name", "")[:300]).name
    with open_log(request) as log:
        try:
            runs = log.runs(include_incomplete=include)
        except LogError as error:
            raise BadInput(409, str(error)) from None
    if name:
        runs = [run for run in runs if Path(run.source_name).name == name]
    return reply({"runs": [dataclasses.asdict(run) for run in reversed(runs)]})


async def run_detail(request: Request) -> Response:
    """``querylang report RUN --format json``, with the strategy text."""
    from querylang.report import run_to_dict

    with open_log(request) as log:
        stored = load_run(log, str(request.path_params["run"]))
    data = run_to_dict(stored)
    data["source_text"] = stored.run.source_text
    return reply(data)


async def diff(request: Request) -> Response:
    """``querylang diff A B``."""
    from querylang.render_log import compare_runs

    a = request.query_params.get("a", "")
    b = request.query_params.get("b", "")
    if not a or not b:
        raise BadInput(422, "give two runs: ?a=RUN&b=RUN")
    with open_log(request) as log:
        first, second = load_run(log, a), load_run(log, b)
    found = compare_runs(first, second)
    data = dataclasses.asdict(found)
    for change, item in zip(found.changes, data["changes"], strict=True):
        item["number"] = change.number
        item["change"] = change.change
    return reply(data)


async def download(request: Request) -> Response:
    """A report of a logged run in one of the registered formats."""
    name = str(request.path_params["name"])
    wanted = downloads.get(name)
    if wanted is None:
        raise BadInput(404, f"no download called {name[:40]!r}",
                       f"the formats are: {', '.join(downloads.REGISTRY)}")
    reference = request.query_params.get("run", "latest")
    if reference != "latest" and not reference.startswith("latest~"):
        int_text(reference, "run")
    with open_log(request) as log:
        stored = load_run(log, reference)
        try:
            body = wanted.produce(log, stored)
        except downloads.Unavailable as missing:
            raise BadInput(409, missing.message, missing.hint) from None
    filename = wanted.filename(stored)
    return Response(body, media_type=wanted.media_type,
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


# -- import (issue 12: present once querylang.imports has import_strategy) -------------


async def import_native(request: Request) -> Response:
    """A native query (of a database ``--from`` takes) made portable."""
    from querylang.imports import DIALECTS

    data = await json_body(request)
    source = text_field(data, "source")
    dialect = text_field(data, "dialect").strip().lower()
    if dialect not in DIALECTS:
        raise BadInput(422, f"unknown dialect {dialect[:20]!r}",
                       f"the dialects are: {', '.join(DIALECTS)}")
    import importlib

    module = importlib.import_module("querylang.imports")
    reader = getattr(module, "import_strategy", None)
    if reader is None:
        raise BadInput(501, "this querylang cannot import native strategies yet",
                       "write the strategy in the portable language (docs/language.md)")
    from querylang.diagnostics import QuerylangError

    try:
        result = reader(source, dialect)
    except (ValueError, QuerylangError) as error:
        raise BadInput(422, f"cannot import this text: {error}") from None
    return reply(result.to_dict())
