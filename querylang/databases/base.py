"""What one database is, as data: the :class:`Database` a registry entry holds.

This module stays light (no HTTP, no SQLite, no target code): ``querylang
lint`` reads the registry's names at start-up. The heavy members (the
target class, the readers) are named by import path and loaded on first use,
which also keeps the registry free of import cycles (the target and reader
modules read the registry for their own tables). The classes are frozen
records (:mod:`querylang.record`: the frozen-dataclass interface without
importing ``dataclasses``, which ``compile`` does not load otherwise).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from querylang.record import field, record

if TYPE_CHECKING:
    from querylang.diagnostics import CodeInfo
    from querylang.imports.history import Split
    from querylang.imports.model import NativeLine, Translated
    from querylang.known.hook import KnownItems
    from querylang.records.paging import Pager
    from querylang.records.readers import PageReader
    from querylang.responses import Reader
    from querylang.targets.base import Target

__all__ = ["Database", "DatabaseInfo", "DatabaseSpec", "LimitWords", "Loaded", "Paging", "load"]

_T = TypeVar("_T")

_MIB = 1024 * 1024
#: A spec's ``params`` when none are given (read-only: shared by every spec).
_NO_PARAMS: Mapping[str, str] = MappingProxyType({})


def load(path: str) -> Any:
    """The object at ``"package.module:attribute"`` (imported on first use)."""
    module, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module), attribute)


class Loaded(Mapping[str, _T], Generic[_T]):
    """Database name -> one of its members loaded on first access (its target,
    its reader...), in the registry's order.

    The generic tables (``TARGETS``, ``READERS``) are built this way rather
    than as dicts filled at import: a database's module imports the generic
    module it builds on (its target imports ``querylang.targets.base``), so a
    table that loaded every member when the generic module is first imported
    would meet a half-imported module whenever the database's module came
    first. Loading on access also keeps start-up to the databases asked for.
    """

    def __init__(self, entries: Mapping[str, Database], member: Callable[[Database], _T]) -> None:
        self._entries = entries
        self._member = member
        self._loaded: dict[str, _T] = {}

    def __getitem__(self, name: str) -> _T:
        try:
            return self._loaded[name]
        except KeyError:
            found = self._member(self._entries[name])
            self._loaded[name] = found
            return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __repr__(self) -> str:
        return f"Loaded({list(self._entries)})"


@record(frozen=True)
class DatabaseInfo:
    """How a database is named and reached, as a methods section says it."""

    name: str
    api_interface: str
    web_interface: str
    #: ``platform`` in a SearchFile (search-query's ids where it has one).
    platform: str


@record(frozen=True)
class LimitWords:
    """How the PRISMA-S report says the strategy's limits were applied here."""

    #: Codes by which its compiler says it left the language limit out.
    language_dropped: frozenset[str] = frozenset()
    #: Codes by which it says a year limit was left out in part.
    years_dropped: frozenset[str] = frozenset()
    #: How it applies a year limit; ``{years}`` is replaced by the years.
    years: str = "publication years {years}"
    #: Where its interface has a language field its API lacks: (the API
    #: querylang counts through, the interface's field). None: the same.
    language_in_interface_only: tuple[str, str] | None = None


@record(frozen=True)
class DatabaseSpec:
    """How to reach one database: endpoint, key, pace and parameters always sent.

    ``params`` are filled in when the compiled request lacks them (the
    compiler normally sets them; the runner makes sure a count-only request
    goes out whatever happens). ``key_*`` are fallbacks for an
    :class:`ApiRequest` that names no key.
    """

    name: str
    url_env: str
    default_url: str
    rate: float                      # requests per second
    rate_with_key: float | None = None
    max_in_flight: int | None = None  # None: as many as the pace allows
    params: Mapping[str, str] = field(default=_NO_PARAMS)
    key_env: str | None = None
    key_param: str | None = None
    key_header: str | None = None
    key_required: bool = False
    query_param: str = "q"
    #: The parameter that asks for a number of records (a page of them); the
    #: transport caps an answer to a count (0 or 1 asked) at 1 MiB and an
    #: answer to a page at ``page_answer_cap``. None: every answer is a count's.
    page_size_param: str | None = None
    page_answer_cap: int = 16 * _MIB
    #: A query longer than this (characters) goes by POST, its parameters in
    #: the body, so that it cannot overflow the URL (None: always GET).
    post_above: int | None = None
    #: Where such a POST goes when not to the endpoint itself: a path that
    #: replaces the endpoint's last segment (None: the endpoint).
    post_path: str | None = None
    #: A contact address the database asks for: the value of ``email_env``,
    #: when set, is sent as ``email_param`` (None: none).
    email_env: str | None = None
    email_param: str | None = None

    @property
    def display(self) -> str:
        from querylang.databases import REGISTRY  # the registry imports this module

        entry = REGISTRY.get(self.name)
        return entry.display if entry else self.name

    @property
    def env_prefix(self) -> str:
        return f"QUERYLANG_{self.name.upper()}"


@record(frozen=True)
class Paging:
    """How ``querylang records`` pages through one database's answer.

    The generic pager (:mod:`querylang.records.paging`) reads the request
    parameters from here: offset paging (``start_param`` counted from
    ``first_position``), numbered pages (``page_param``, from 1) or cursor
    paging (``cursor_param``, ``first_cursor`` on the first page, then the
    cursor each answer gives); ``size_param`` asks for ``page_size`` records.
    A database whose paging is not one of these names its own pager
    (``Database.records_pager_path``).
    """

    #: Records asked for in one request.
    page_size: int
    #: How far into one result a tool may page (None: no limit known).
    limit: int | None = None
    #: What to do when the count passes ``limit`` (the RF001 hint).
    way_out: str = ""
    #: Requests a day the free plan allows (QUERYLANG_<DB>_DAILY_QUOTA
    #: overrides); ``check`` caps such a database by ``--max-requests``.
    daily_quota: int | None = None
    #: Pages are numbered slices of ``page_size``: only whole pages are asked.
    fixed_slices: bool = False
    #: Requests made once per call before the first page (a search that
    #: opens a result set, as PubMed's esearch with ``usehistory``).
    opening_requests: int = 0
    start_param: str | None = None
    first_position: int = 0
    page_param: str | None = None
    cursor_param: str | None = None
    first_cursor: str = "*"
    #: The parameter asking for ``page_size`` records (None: the spec's
    #: ``page_size_param``).
    size_param: str | None = None


@record(frozen=True)
class Database:
    """Everything the generic modules ask about one database.

    ``target``, ``reader`` and ``records_reader`` are import paths
    (``"module:attribute"``); the properties of the same name without the
    ``_path`` load them.
    """

    #: The name on the command line, in the search log and in every table.
    name: str
    #: Its name in the run's output and in error messages ("Web of Science").
    display: str
    #: A short column heading (``querylang history``).
    short: str
    #: Where it comes in every list of databases (smaller first).
    order: int
    #: Its name and interfaces as the PRISMA-S report says them.
    report: DatabaseInfo
    #: The compiler (a :class:`~querylang.targets.base.Target` subclass).
    target_path: str
    #: Endpoint, key, pace and parameters for ``querylang run``. None: the
    #: database has no API querylang can call (an interface such as Ovid):
    #: it compiles, and its counts are typed in by hand (``run --count``).
    spec: DatabaseSpec | None = None
    #: The count reader (``read(status, headers, body) -> Reading``); None
    #: exactly when ``spec`` is None.
    reader_path: str | None = None
    #: The page reader of ``querylang records`` (None: the database has none).
    records_reader_path: str | None = None
    #: Its diagnostic codes: a ``tuple[CodeInfo, ...]`` that
    #: :mod:`querylang.codes` adds to the code registry (None: none of its own).
    codes_path: str | None = None
    #: What its syntax cannot say, in a few words each (``querylang databases``).
    cannot: tuple[str, ...] = ()
    #: The web page's labels of its two query faces: the interface string, and
    #: the API query when it differs (what ``run`` counts).
    query_labels: tuple[str, str] = ("Query", "API query")
    #: How the report says its limits were applied.
    limits: LimitWords = field(default=LimitWords())
    #: Where its own search history is entered (``compile --history``), for a
    #: database whose interface numbers searches (#1, #2...). None: its title.
    history_interface: str | None = None
    #: ``"module:function"``, ``(sent, echo) -> bool``: whether the query the
    #: database echoes back (``Reading.echo``) is the same search as the one
    #: sent, for a database that rewrites it (PubMed spells every tag out).
    #: None: the echo must read exactly as sent.
    same_search_path: str | None = None
    #: ``"module:function"``, ``(NativeLine) -> Translated``: reads one search
    #: of its native syntax into the portable language (``querylang import
    #: --from NAME``, ``compile/run --from``). None: no importer.
    importer_path: str | None = None
    #: ``(name, title)`` that ``--from`` takes for its syntax when several
    #: databases share one interface's syntax (the first such entry with an
    #: importer stands for all). None: the database's own name and display.
    import_as: tuple[str, str] | None = None
    #: ``"module:function"``, ``(source) -> imports.history.Split``: how a
    #: paste in its syntax is split into searches, where its exports print
    #: them in a shape of their own. None: the generic splitter.
    splitter_path: str | None = None
    #: How ``querylang records`` pages through it (None: it has no records fetch).
    paging: Paging | None = None
    #: Its own page-fetching coroutine (``async (PageContext) -> Page``), when
    #: the generic pager driven by ``paging`` cannot page it.
    records_pager_path: str | None = None
    #: Its known-item hook (a :class:`~querylang.known.hook.KnownItems`); None:
    #: ``querylang check`` cannot ask it about known records.
    known_path: str | None = None
    #: What its own record id is called ("Found in: PubMed (PMID 123)").
    id_label: str = "id"
    #: How its records write a person: "given-first" ("J. A. Smith"),
    #: "surname-initials" ("Smith JA") or "surname-comma" ("Smith, J A").
    author_style: str = "given-first"
    #: A preprint server: a journal version's details come first in a merged
    #: work, and a work only preprint servers hold is a preprint.
    preprints: bool = False
    #: The identifier kind its own record id is ("pmid", "arxiv"), if any:
    #: dedup and the known-item check read the id as that identifier.
    native_id_kind: str | None = None
    #: The CSV export's column of its own record ids (None: no column).
    csv_column: str | None = None
    #: Its document types (case-folded) -> RIS type, for types the generic
    #: table (:data:`querylang.records.export.RIS_TYPES`) does not know;
    #: earlier rows win when a record has several types.
    ris_types: tuple[tuple[str, str], ...] = ()

    @property
    def runnable(self) -> bool:
        """Whether ``querylang run`` can search it (it has an API spec)."""
        return self.spec is not None

    @property
    def key_env(self) -> str | None:
        """The environment variable holding its API key (None: no key)."""
        return self.spec.key_env if self.spec is not None else None

    @property
    def target(self) -> type[Target]:
        found: type[Target] = load(self.target_path)
        return found

    @property
    def reader(self) -> Reader:
        if self.reader_path is None:
            raise LookupError(f"{self.display} has no API: querylang cannot search it")
        found: Reader = load(self.reader_path)
        return found

    @property
    def codes(self) -> tuple[CodeInfo, ...]:
        if self.codes_path is None:
            return ()
        found: tuple[CodeInfo, ...] = load(self.codes_path)
        return found

    @property
    def same_search(self) -> Callable[[str, str], bool] | None:
        if self.same_search_path is None:
            return None
        found: Callable[[str, str], bool] = load(self.same_search_path)
        return found

    @property
    def import_name(self) -> str:
        """The name ``--from`` takes for its syntax."""
        return self.import_as[0] if self.import_as is not None else self.name

    @property
    def import_title(self) -> str:
        """Its syntax's name in messages ("imported from ...")."""
        return self.import_as[1] if self.import_as is not None else self.display

    @property
    def splitter(self) -> Callable[[str], Split]:
        if self.splitter_path is None:
            from querylang.imports.history import split_source

            return split_source
        found: Callable[[str], Split] = load(self.splitter_path)
        return found

    @property
    def importer(self) -> Callable[[NativeLine], Translated]:
        if self.importer_path is None:
            raise LookupError(f"querylang cannot import {self.display} strategies")
        found: Callable[[NativeLine], Translated] = load(self.importer_path)
        return found

    @property
    def records_reader(self) -> PageReader | None:
        if self.records_reader_path is None:
            return None
        found: PageReader = load(self.records_reader_path)
        return found

    @property
    def records_pager(self) -> Pager | None:
        """Its own pager, or None: the generic pager driven by ``paging``."""
        if self.records_pager_path is None:
            return None
        found: Pager = load(self.records_pager_path)
        return found

    @property
    def known(self) -> KnownItems | None:
        if self.known_path is None:
            return None
        found: KnownItems = load(self.known_path)
        return found
