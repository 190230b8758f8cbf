"""Fetching the records behind a run's counts: the plan, then the pages.

:func:`plan_fetch` says, before any request, per database: how many records
are left to fetch, how many requests that takes, how long at the rate limit,
and what stands in the way (a cap, a daily quota, a paging limit).
:func:`fetch_records` then fetches the databases concurrently, each page
through the run's own machinery (:func:`querylang.runner.api_session`: the
same rate limiters, shared pace files, retries, bounded transport and key
handling as ``querylang run``), and saves each page with the fetch's new
state in one transaction of the search log (:meth:`SearchLog.save_records`).
So a fetch interrupted at page k (Ctrl-C, a crash, a quota answer) keeps
pages 1..k and the next call continues at page k+1, and a fetch that is
done costs no request at all.

How a database pages is its registry entry's business
(:class:`~querylang.databases.base.Paging`: page size, paging limit, daily
quota, fixed slices, the request parameters; and, when the generic pager of
:mod:`querylang.records.paging` cannot page it, its own pager). The table of
each database's paging is in docs/records.md.

A page with fewer records than it should hold (announced by the database,
or implied by the count) is asked once more; still short, it is kept and
the shortfall is said in the fetch's notes, never hidden.
"""

from __future__ import annotations

import asyncio
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from functools import partial
from typing import TYPE_CHECKING, Any

from querylang.databases import REGISTRY
from querylang.record import replace
from querylang.records.model import FetchedRecord
from querylang.records.paging import NEXT, PageContext, generic_pager
from querylang.records.readers import PAGE_READERS, Page
from querylang.responses import NAMES, ApiError
from querylang.results import Source, Status
from querylang.runner import SPECS, ApiSession, RunSettings, api_session, spacing
from querylang.settings import Range, env_integer
from querylang.store import FetchState
from querylang.targets.base import ApiRequest

if TYPE_CHECKING:
    from pathlib import Path

    import httpx

    from querylang.databases.base import Paging
    from querylang.store import SearchLog, StoredRun

__all__ = [
    "DEFAULT_MAX_RECORDS",
    "PAGE_SIZES",
    "PAGING_LIMITS",
    "DAILY_QUOTAS",
    "fetchable",
    "FetchSource",
    "DatabasePlan",
    "FetchPlan",
    "FetchOutcome",
    "PageProgress",
    "sources_from_run",
    "daily_quotas",
    "plan_fetch",
    "fetch_records",
]

#: ``--max-records`` default: records per database.
DEFAULT_MAX_RECORDS = 10_000
#: The databases ``querylang records`` can page through (an API, a page
#: reader and paging data), from the registry.
#: A paging without ``size_param`` asks for records with the spec's
#: ``page_size_param`` (the same parameter as the count's).
PAGINGS: Mapping[str, Paging] = {
    name: replace(entry.paging, size_param=entry.paging.size_param
                  or entry.spec.page_size_param)
    for name, entry in REGISTRY.items()
    if entry.paging is not None and entry.spec is not None
    and entry.records_reader_path is not None
}
#: Records asked for in one request, per database.
PAGE_SIZES: Mapping[str, int] = {name: paging.page_size for name, paging in PAGINGS.items()}
#: How far into one result a tool may page (the databases that limit it).
PAGING_LIMITS: Mapping[str, int] = {name: paging.limit for name, paging in PAGINGS.items()
                                    if paging.limit is not None}
#: Requests a day, as the free plans allow (override: QUERYLANG_<DB>_DAILY_QUOTA).
DAILY_QUOTAS: Mapping[str, int] = {name: paging.daily_quota for name, paging in PAGINGS.items()
                                   if paging.daily_quota is not None}
QUOTA_RANGE = Range(1, 10_000_000)
#: Times a short page is asked again before it is kept as it is.
SHORT_PAGE_RETRIES = 1


def fetchable(database: str) -> bool:
    """Whether ``querylang records`` can page through the database."""
    return database in PAGINGS and database in SPECS


# -- what to fetch ---------------------------------------------------------------


@dataclass(frozen=True)
class FetchSource:
    """One database's line of a run: the request that got the count (no key)."""

    database: str
    line: int
    count: int
    request: ApiRequest
    query: str | None = None


def _request_from_log(database: str, stored: Mapping[str, Any]) -> ApiRequest:
    """The run's request as the log holds it (keys never stored), to send again.

    The endpoint is the database's default: ``QUERYLANG_<DB>_URL`` still wins
    at send time, as for ``run``."""
    spec = SPECS[database]
    params = stored.get("params") or {}
    return ApiRequest(
        method=str(stored.get("method") or "GET"),
        url=spec.default_url,
        params={str(k): str(v) for k, v in params.items()},
        headers=(spec.key_header,) if spec.key_header else (),
        key_env=stored.get("key_env") or spec.key_env,
        key_param=spec.key_param,
        key_header=spec.key_header,
        key_required=spec.key_required,
    )


def sources_from_run(stored: StoredRun, line: int | None = None,
                     databases: Sequence[str] | None = None) -> tuple[int, list[FetchSource],
                                                                       list[str]]:
    """The line (default: the run's final line) and, per database that
    answered it with a count, what to fetch; plus why others are left out."""
    results = stored.run.targets
    numbers = [ln.number for result in results.values() for ln in result.lines]
    if not numbers:
        raise ValueError(f"run {stored.run_id} has no lines in the search log")
    chosen = max(numbers) if line is None else line
    if line is not None and line not in numbers:
        counted = sorted(set(numbers))
        raise ValueError(
            f"run {stored.run_id} has no count for line {line} (it counted line"
            f"{'s' if len(counted) > 1 else ''} {', '.join(map(str, counted))}; "
            "`querylang run --lines` counts every line of a strategy)")
    wanted = list(results) if databases is None else list(databases)
    sources: list[FetchSource] = []
    skipped: list[str] = []
    for name in wanted:
        display = NAMES.get(name, name)
        result = results.get(name)
        found = next((ln for ln in result.lines if ln.number == chosen), None) if result else None
        if found is None:
            skipped.append(f"RF007 {display}: not searched for line {chosen} in run "
                           f"{stored.run_id}")
        elif found.status is not Status.OK or found.count is None or found.request is None:
            why = ("its count was typed in (--count): there is no API request to page"
                   if found.source is Source.MANUAL else f"no count ({found.error or 'failed'})")
            skipped.append(f"RF007 {display}: {why}")
        elif not fetchable(name):
            skipped.append(f"RF007 {display}: querylang cannot fetch records from it")
        else:
            sources.append(FetchSource(name, chosen, int(found.count),
                                       _request_from_log(name, found.request),
                                       found.api_query))
    return chosen, sources, skipped


# -- the plan ----------------------------------------------------------------------


def daily_quotas(env: Mapping[str, str] | None = None) -> dict[str, int]:
    """Requests a day per database: the free plans', or QUERYLANG_<DB>_DAILY_QUOTA."""
    env = os.environ if env is None else env
    quotas = dict(DAILY_QUOTAS)
    for name in DAILY_QUOTAS:
        value = env_integer(env, f"QUERYLANG_{name.upper()}_DAILY_QUOTA", QUOTA_RANGE)
        if value is not None:
            quotas[name] = value
    return quotas


@dataclass(frozen=True)
class DatabasePlan:
    """What fetching one database's records will take (:func:`plan_fetch`).

    Offsets are 0-based: records ``start`` to ``end - 1`` are to be fetched;
    ``reachable`` is where the database's paging stops (count or paging limit).
    """

    database: str
    count: int
    already: int          # records in the log from earlier calls
    start: int            # the next position to ask for (0-based)
    end: int              # where this call stops (caps applied)
    reachable: int        # where fetching could go at most
    page_size: int
    requests: int         # requests this call will make
    seconds: float        # their time at the rate limit
    refusals: tuple[str, ...] = ()  # why not to start without --yes
    notes: tuple[str, ...] = ()

    @property
    def to_fetch(self) -> int:
        return max(0, self.end - self.start)

    @property
    def display(self) -> str:
        return NAMES.get(self.database, self.database)


@dataclass(frozen=True)
class FetchPlan:
    run_id: int
    line: int
    databases: tuple[DatabasePlan, ...]

    @property
    def refusals(self) -> list[str]:
        return [reason for plan in self.databases for reason in plan.refusals]

    @property
    def requests(self) -> int:
        return sum(plan.requests for plan in self.databases)

    @property
    def seconds(self) -> float:
        """Wall time at the rate limits: the databases run concurrently."""
        return max((plan.seconds for plan in self.databases), default=0.0)


def _pages(paging: Paging, start: int, end: int) -> int:
    size = paging.page_size
    if end <= start:
        return 0
    if paging.fixed_slices:  # pages are numbered slices: whole pages only
        return math.ceil(end / size) - start // size
    return math.ceil((end - start) / size)


def plan_fetch(
    run_id: int,
    line: int,
    sources: Sequence[FetchSource],
    states: Mapping[str, FetchState],
    *,
    max_records: int = DEFAULT_MAX_RECORDS,
    max_requests: int | None = None,
    settings: RunSettings | None = None,
    quotas: Mapping[str, int] | None = None,
    yes: bool = False,
) -> FetchPlan:
    """Per database: records left, requests, time at the rate limit, and
    refusals (a cap or a daily quota the fetch would pass). With ``yes`` the
    caps are applied instead: the fetch stops at them, to continue later."""
    settings = settings or RunSettings()
    quotas = DAILY_QUOTAS if quotas is None else quotas
    plans = []
    for source in sources:
        name, display = source.database, NAMES.get(source.database, source.database)
        paging = PAGINGS[name]
        state = states.get(name)
        start = int(state.state.get(NEXT, 0)) if state is not None else 0
        already = state.fetched if state is not None else 0
        limit = paging.limit
        reachable = min(source.count, limit) if limit is not None else source.count
        end = max(start, min(reachable, max_records))
        refusals: list[str] = []
        notes: list[str] = []
        if limit is not None and source.count > limit:
            notes.append(f"RF001 {display} lets a tool page through only the first {limit:,} "
                         f"records of a search: {source.count - limit:,} of its "
                         f"{source.count:,} cannot be fetched; {paging.way_out}")
        if reachable > max_records and start < max_records:
            refusals.append(f"RF005 {display}: {reachable:,} records, above --max-records "
                            f"{max_records:,}: give --max-records {reachable} to fetch them "
                            f"all, or --yes to fetch the first {max_records:,}")
        pages = _pages(paging, start, end)
        extra = paging.opening_requests if pages else 0  # e.g. a search opening a result set
        requests = pages + extra
        if max_requests is not None and requests > max_requests:
            refusals.append(f"RF005 {display}: {requests:,} requests needed, above --max-requests "
                            f"{max_requests:,}: raise it, or --yes to make {max_requests:,} now "
                            "and continue later")
            if yes:
                pages = max(0, max_requests - extra)
                requests = pages + extra if pages else 0
                size = paging.page_size
                base = (start // size) * size if paging.fixed_slices else start
                end = min(end, base + pages * size)
        quota = quotas.get(name)
        if quota is not None and requests > quota:
            variable = f"QUERYLANG_{name.upper()}_DAILY_QUOTA"
            refusals.append(f"RF006 {display}: {requests:,} requests, above its daily quota of "
                            f"{quota:,} (set {variable} if your plan allows more; --max-records "
                            "or --max-requests fetch part now, the rest on another day; "
                            "--yes to try anyway)")
        seconds = requests * spacing(settings.interval(name)) if requests else 0.0
        plans.append(DatabasePlan(name, source.count, already, start, end, reachable,
                                  paging.page_size, requests, seconds, tuple(refusals),
                                  tuple(notes)))
    return FetchPlan(run_id, line, tuple(plans))


# -- the fetch ---------------------------------------------------------------------


@dataclass(frozen=True)
class PageProgress:
    """Told after each saved page (or a retry): for a progress display."""

    database: str
    fetched: int        # records in the log for this database
    goal: int           # records there will be when this call is done
    detail: str = ""


@dataclass
class FetchOutcome:
    """How one database's fetch ended in this call."""

    database: str
    state: FetchState
    requests: int = 0
    error: str | None = None
    notes: list[str] = field(default_factory=list)


class _DatabaseFetch:
    """One database's pages, in order, each saved with the state as it lands."""

    def __init__(self, session: ApiSession, log: SearchLog, run_id: int, source: FetchSource,
                 plan: DatabasePlan, state: FetchState | None,
                 progress: Callable[[PageProgress], None] | None) -> None:
        self.session = session
        self.log = log
        self.run_id = run_id
        self.source = source
        self.plan = plan
        self.name = source.database
        self.display = NAMES.get(self.name, self.name)
        self.state = state or FetchState(database=self.name, query=source.query)
        self.state.query = source.query
        self.progress = progress
        self.outcome = FetchOutcome(self.name, self.state)
        entry = REGISTRY[self.name]
        self.paging = PAGINGS[self.name]
        self.pager = entry.records_pager or generic_pager
        #: the pager's memory for this call (not saved: an expiring result set)
        self.memory: dict[str, Any] = {}
        #: the count the database gives today, when its pages do not say it
        self.announced: int | None = None
        #: where this call stops: the plan's end, or less when the database
        #: announces fewer records today than the run counted
        self.end = plan.end
        self.total_noted = False

    def tell(self, detail: str = "") -> None:
        if self.progress is not None:
            goal = self.state.fetched + max(0, self.end - self.position)
            self.progress(PageProgress(self.name, self.state.fetched, goal, detail))

    @property
    def position(self) -> int:
        return int(self.state.state.get(NEXT, 0))

    def note(self, text: str) -> None:
        if text not in self.state.notes:
            self.state.notes.append(text)
        self.outcome.notes.append(text)

    async def ask(self, api: ApiRequest, reader: Callable[..., Any], url: str | None = None,
                  ) -> Any:
        self.outcome.requests += 1
        return await self.session.ask(self.name, api, reader, line=self.source.line, url=url)

    async def run(self) -> FetchOutcome:
        plan = self.plan
        self.state.total = self.state.total if self.state.total is not None else self.source.count
        self.state.wanted = plan.end
        self.tell()
        error: str | None = None
        try:
            while self.position < self.end:
                await self.page()
        except ApiError as failure:
            error = self.session.secrets.scrub(failure.message)
            self.outcome.error = error
        # Reached only when the database answered or refused: an interruption
        # (Ctrl-C, a crash) leaves the log as the last saved page left it.
        self.save((), error=error)
        return self.outcome

    def recount(self, total: int) -> None:
        """The count the database gives today (its pages may not say it)."""
        self.announced = total
        if total != self.source.count and not self.total_noted:
            self.total_noted = True
            self.note(f"RF003 {self.display} now counts {total:,} records; the run counted "
                      f"{self.source.count:,}: the records are those of today's answer")

    def save(self, records: Sequence[FetchedRecord], *, pages: int = 0,
             next_position: int | None = None, error: str | None = None,
             state: Mapping[str, Any] | None = None) -> None:
        """Write the page and the state it leads to (``state``: the pager's,
        as the page left it); adopt that state only once it is in the log,
        so that memory never runs ahead of the log."""
        old = self.state
        new = dc_replace(old, state=dict(old.state if state is None else state),
                         notes=list(old.notes))
        new.pages_done += pages
        new.fetched += len(records)
        if next_position is not None:
            new.state[NEXT] = next_position
        new.error = error
        new.complete = int(new.state.get(NEXT, 0)) >= (
            new.total if new.total is not None else self.source.count)
        self.log.save_records(self.run_id, self.source.line, new, records)
        self.state = self.outcome.state = new

    async def page(self) -> None:
        resume = self.position
        start, size = resume, min(self.plan.page_size, self.end - resume)
        if self.paging.fixed_slices:  # numbered slices: ask for the whole slice
            size = self.plan.page_size
            start = (resume // size) * size
        page, state = await self.read(start, size)
        announced = page.total if page.total is not None else (
            self.announced if self.announced is not None else self.source.count)
        if announced < self.end:  # fewer records today than the run counted
            self.end = announced
        expected = max(0, min(size, announced - start, self.plan.reachable - start))
        for _ in range(SHORT_PAGE_RETRIES):
            if len(page.records) >= expected:
                break
            self.tell(f"short page at record {start + 1}: asking again")
            page, state = await self.read(start, size)
        if len(page.records) < expected:
            self.note(f"RF002 {self.display} sent {len(page.records)} of the {expected} records at "
                      f"positions {start + 1}-{start + expected} (asked twice): "
                      f"{expected - len(page.records)} missing")
        for text in page.notes:
            self.note(text)
        if page.total is not None:
            self.recount(page.total)
        # only positions not yet in the log, and none beyond this call's end
        kept = [r for r in page.records if resume < r.position <= self.end]
        self.state.total = announced
        self.save(kept, pages=1, next_position=min(start + size, self.end),
                  error=self.state.error, state=state)
        self.tell()

    async def read(self, start: int, size: int) -> tuple[Page, dict[str, Any]]:
        """One page through the database's pager, and the state it leads to
        (a copy: the log's state changes only when the page is saved)."""
        context = PageContext(
            database=self.name, display=self.display, request=self.source.request,
            start=start, size=size, count=self.source.count, paging=self.paging,
            reader=PAGE_READERS[self.name], state=dict(self.state.state), memory=self.memory,
            ask=self.ask, endpoint=partial(self.session.endpoint, self.name,
                                           self.source.request),
            recount=self.recount, tell=self.tell)
        page = await self.pager(context)
        return page, context.state


async def fetch_records(
    plan: FetchPlan,
    sources: Sequence[FetchSource],
    log: SearchLog,
    *,
    client: httpx.AsyncClient | None = None,
    settings: RunSettings | None = None,
    env: Mapping[str, str] | None = None,
    pace_dir: Path | None = None,
    progress: Callable[[PageProgress], None] | None = None,
) -> dict[str, FetchOutcome]:
    """Fetch what ``plan`` says, every database at once, each at its own pace.

    Each page is saved as it lands (with the state to resume from); a
    database that fails stops alone, keeping its pages, with its error in
    its outcome and in the log. A database with nothing left costs nothing."""
    states = log.fetch_states(plan.run_id, plan.line)
    by_name = {source.database: source for source in sources}
    async with api_session(client=client, settings=settings, env=env,
                           pace_dir=pace_dir) as session:
        jobs = [_DatabaseFetch(session, log, plan.run_id, by_name[db_plan.database], db_plan,
                               states.get(db_plan.database), progress)
                for db_plan in plan.databases]
        outcomes = await asyncio.gather(*(job.run() for job in jobs))
    return {outcome.database: outcome for outcome in outcomes}
