"""Running a known-item check: per database, first which known records it
holds (the "indexed" requests), then which each line retrieves.

The requests go through :class:`querylang.runner.ApiSession`: the same pacing,
retries, keys and secret scrubbing as ``run``. Databases run concurrently;
one failing keeps the others' findings (its own stay "not checked"). Each
answer is handed to ``on_answer`` as it comes (the search log saves it), and
``cached`` may answer a request from an earlier check instead of sending it.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from querylang.known.answers import Records, reader_for
from querylang.known.clauses import Probe, indexed_probes, known_hook, line_probes
from querylang.known.items import KnownItem
from querylang.known.model import DatabaseCheck, LineCheck
from querylang.records.model import FetchedRecord
from querylang.responses import NAMES, ApiError

if TYPE_CHECKING:
    from querylang.ast import Strategy
    from querylang.runner import ApiSession
    from querylang.targets.base import Compiled

__all__ = ["CheckPlan", "Answer", "build_check_plans", "check_databases", "matches"]


@dataclass(frozen=True)
class CheckPlan:
    """What to ask one database: every line compiled, the known records it
    can be asked about, and those it cannot (an identifier it has no field for).
    ``checkable`` False: querylang cannot ask the database about known
    records at all (it has no known-item hook: KC006)."""

    target: str
    compiled: tuple[Compiled, ...]
    items: tuple[KnownItem, ...]
    not_searchable: tuple[str, ...] = ()
    checkable: bool = True

    def estimate(self) -> int:
        """Most requests the check can send (fewer when records are not indexed)."""
        hook = known_hook(self.target)
        if not self.items or hook is None:
            return 0
        titles = [item for item in self.items if "title" in hook.searchable(item)]
        rest = [item for item in self.items if item not in titles]
        alone = len(titles)  # one request each: a title, or an identifier looked up alone
        batched = [item for item in rest if hook.alone(item) is None]
        alone += len(rest) - len(batched)
        requests = -(-len(batched) // hook.per_request(None)) + alone
        for compiled in self.compiled:
            if not compiled.ok or compiled.api is None or compiled.api_query is None:
                continue
            requests += -(-len(self.items) // hook.per_request(compiled.api_query))
        return requests


@dataclass
class Answer:
    """One request and what it brought: the records, or the error."""

    target: str
    line: int | None
    part: int
    request: dict[str, Any]
    records: Records | None = None
    error: str | None = None
    source: str = "fetched"
    fetched_at: str | None = None
    items: list[str] = field(default_factory=list)


CachedAnswer = Callable[[str, dict[str, Any]], "tuple[Records, str] | None"]


def build_check_plans(strategy: Strategy, targets: Sequence[str], items: Sequence[KnownItem],
                      *, strict: bool = False) -> list[CheckPlan]:
    from querylang.compiler import compile_strategy

    plans = []
    for target in targets:
        compiled = tuple(compile_strategy(strategy, target, strict=strict))
        hook = known_hook(target)
        if hook is None:
            plans.append(CheckPlan(target, compiled, (), (), checkable=False))
            continue
        usable = tuple(item for item in items if hook.searchable(item))
        unusable = tuple(item.id for item in items if not hook.searchable(item))
        plans.append(CheckPlan(target, compiled, usable, unusable))
    return plans


def matches(target: str, item: KnownItem, record: FetchedRecord,
            native: dict[str, str]) -> bool:
    """Whether a record the database returned is the known record: the same
    identifier (as the database's hook compares them), or the same own id as
    the record found for it before."""
    if native.get(item.id) == record.native_id:
        return True
    hook = known_hook(target)
    return hook is not None and hook.matches(item, record)


def _title_match(target: str, title: str, records: Records) -> FetchedRecord | None:
    """The record with the same title, as the database's hook decides."""
    hook = known_hook(target)
    return hook.title_match(title, records) if hook is not None else None


class _Asker:
    """Sends (or answers from the cache) the probes of one database."""

    def __init__(self, session: ApiSession, plan: CheckPlan, cached: CachedAnswer | None,
                 on_answer: Callable[[Answer], None] | None) -> None:
        self.session = session
        self.plan = plan
        self.cached = cached
        self.on_answer = on_answer
        self.numbers = itertools.count(1)
        self.sent = 0
        self.from_cache = 0

    async def ask(self, probe: Probe) -> Answer:
        view = self.session.request_view(probe.target, probe.api)
        answer = Answer(probe.target, probe.line, probe.part, view,
                        items=[item.id for item in probe.items])
        hit = self.cached(probe.target, view) if self.cached is not None else None
        if hit is not None:
            answer.records, answer.fetched_at = hit
            answer.source = "cached"
            self.from_cache += 1
        else:
            self.sent += 1
            try:
                answer.records = await self.session.read(
                    probe.target, probe.api, next(self.numbers), self.plan.estimate(),
                    reader_for(probe.target, probe.doi_lookup))
            except ApiError as error:
                answer.error = error.message
            except Exception as error:  # a bug must not cost the other databases
                answer.error = self.session.scrub(
                    f"internal error: {type(error).__name__}: {error}")
        if self.on_answer is not None:
            self.on_answer(answer)
        return answer


async def _check_one(session: ApiSession, plan: CheckPlan, cached: CachedAnswer | None,
                     on_answer: Callable[[Answer], None] | None) -> DatabaseCheck:
    target = plan.target
    result = DatabaseCheck(target, not_searchable=list(plan.not_searchable))
    numbers = [compiled.line for compiled in plan.compiled]
    if not plan.checkable:
        result.error = (f"KC006 {NAMES.get(target, target)} cannot be checked: querylang "
                        "cannot ask it about known records")
        result.skipped = True
        return result
    if not plan.items:
        result.indexed = []
        result.lines = {number: LineCheck(number) for number in numbers}
        return result
    template = next((c.api for c in reversed(plan.compiled) if c.api is not None), None)
    if template is None:
        result.error = f"no line of the strategy can be searched in {NAMES[target]}"
        return result
    skip = session.skip_reason(target, template)
    if skip is not None:
        result.error, result.skipped = skip, True
        return result
    asker = _Asker(session, plan, cached, on_answer)
    try:
        await _indexed(asker, plan, result, template)
        if result.error is None:
            await _lines(asker, plan, result)
    finally:
        result.requests, result.cached = asker.sent, asker.from_cache
    return result


async def _indexed(asker: _Asker, plan: CheckPlan, result: DatabaseCheck,
                   template: Any) -> None:
    probes = indexed_probes(plan.target, plan.items, template)
    answers = await asyncio.gather(*(asker.ask(probe) for probe in probes))
    failed = next((answer for answer in answers if answer.error is not None), None)
    if failed is not None:
        result.error = f"which known records {NAMES[plan.target]} holds: {failed.error}"
        return
    held: set[str] = set()
    for probe, answer in zip(probes, answers, strict=True):
        records = answer.records or []
        if probe.by_title is not None or probe.doi_lookup is not None:
            item = probe.items[0]
            record = (_title_match(plan.target, probe.by_title, records)
                      if probe.by_title is not None else (records[0] if records else None))
            if record is not None:
                result.native[item.id] = record.native_id
                held.add(item.id)
            if probe.by_title is not None:
                result.by_title.append(item.id)
            continue
        for item in probe.items:
            for record in records:
                if matches(plan.target, item, record, result.native):
                    result.native[item.id] = record.native_id
                    held.add(item.id)
    result.indexed = [item.id for item in plan.items if item.id in held]


async def _lines(asker: _Asker, plan: CheckPlan, result: DatabaseCheck) -> None:
    held = [item for item in plan.items if item.id in (result.indexed or [])]

    async def one(compiled: Compiled) -> LineCheck:
        line = LineCheck(compiled.line)
        if compiled.api is None or compiled.api_query is None or not compiled.ok:
            errors = "; ".join(f"{d.code} {d.message}" for d in compiled.errors)
            line.error = errors or f"{NAMES[plan.target]} cannot express this line"
            return line
        if not held:
            return line
        probes = line_probes(plan.target, compiled.line, compiled.api, compiled.api_query,
                             held, result.native)
        line.requests = len(probes)
        answers = await asyncio.gather(*(asker.ask(probe) for probe in probes))
        line.cached = sum(1 for answer in answers if answer.source == "cached")
        failed = next((answer for answer in answers if answer.error is not None), None)
        if failed is not None:
            line.error = failed.error
            return line
        found: set[str] = set()
        for probe, answer in zip(probes, answers, strict=True):
            for item in probe.items:
                if any(matches(plan.target, item, record, result.native)
                       for record in answer.records or []):
                    found.add(item.id)
        line.found = [item.id for item in held if item.id in found]
        return line

    lines = await asyncio.gather(*(one(compiled) for compiled in plan.compiled))
    result.lines = {line.number: line for line in lines}


async def check_databases(
    plans: Sequence[CheckPlan],
    *,
    cached: CachedAnswer | None = None,
    on_answer: Callable[[Answer], None] | None = None,
    **session_options: Any,
) -> dict[str, DatabaseCheck]:
    """Check every plan concurrently; results keyed by database, in plan order."""
    from querylang.runner import api_session

    async with api_session(**session_options) as session:
        checked = await asyncio.gather(
            *(_check_one(session, plan, cached, on_answer) for plan in plans))
    return {result.target: result for result in checked}
