"""How one page of records is asked for: the hook a database's paging fits.

:class:`PageContext` is what the fetch hands a pager for one page: the run's
request, the positions wanted, the per-fetch ``state`` (saved in the search
log with the page, so a resumed fetch continues: cursors live there) and
``memory`` (this call only: a result set that expires, such as PubMed's
history). A pager is ``async (PageContext) -> Page``; :func:`generic_pager`
is the one every database gets unless it names its own
(``Database.records_pager_path``), driven by its :class:`Paging` data:

* offset paging: ``start_param`` (counted from ``first_position``) and
  ``size_param``;
* numbered pages: ``page_param`` (from 1) and ``size_param`` (with
  ``fixed_slices``, the fetch asks whole pages only);
* cursor paging: ``cursor_param`` (``first_cursor`` on the first page) and
  ``size_param``; the page reader returns the next cursor in
  :attr:`Page.cursor`, which is saved in ``state["cursor"]`` with the page.
  Resuming asks with the saved cursor: the fetch continues where it
  stopped but cannot jump to an arbitrary offset. An answer without a next
  cursor ends the paging: asking past it is an error, never a silent
  restart from the first cursor.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from querylang.record import replace
from querylang.records.readers import Page, PageReader
from querylang.responses import PermanentApiError

if TYPE_CHECKING:
    from querylang.databases.base import Paging
    from querylang.targets.base import ApiRequest

__all__ = ["PageContext", "Pager", "AnswerReader", "generic_pager", "CURSOR", "NEXT"]

T_co = TypeVar("T_co", covariant=True)
#: Where the per-fetch state keeps the next position (the fetch's own) ...
NEXT = "next"
#: ... and the cursor of the next page (cursor paging).
CURSOR = "cursor"


class AnswerReader(Protocol[T_co]):
    """What :attr:`PageContext.ask` reads an answer with."""

    def __call__(self, status: int, headers: Mapping[str, str], body: bytes) -> T_co: ...


@dataclass
class PageContext:
    """One page to fetch, and the fetch's means to fetch it.

    ``start`` is the 0-based position of the page's first record, ``size``
    how many records to ask for; ``count`` is the run's count. Changes to
    ``state`` are saved with the page (and dropped if the page fails);
    ``NEXT`` is the fetch's own key there.
    """

    database: str
    display: str
    request: ApiRequest
    start: int
    size: int
    count: int
    paging: Paging
    reader: PageReader
    state: dict[str, Any]
    memory: dict[str, Any]
    #: ``await ask(api, reader, url=None)``: one request through the run's
    #: session (pace, retries, keys, scrubbing); returns what ``reader`` reads.
    ask: Callable[..., Awaitable[Any]]
    #: The URL the run's request goes to (``QUERYLANG_<DB>_URL`` first).
    endpoint: Callable[[], str]
    #: The count the database gives today (says RF003 once when it differs).
    recount: Callable[[int], None]
    #: A progress line ("history expired: searching again").
    tell: Callable[[str], None]

    def page_reader(self) -> AnswerReader[Page]:
        """The database's page reader, positioned at this page's first record."""
        return partial(self.reader, start=self.start + 1)


Pager = Callable[[PageContext], Awaitable[Page]]


async def generic_pager(context: PageContext) -> Page:
    """One page by offset, page number or cursor, as ``context.paging`` says."""
    paging = context.paging
    params = dict(context.request.params)
    if paging.size_param:
        params[paging.size_param] = str(context.size)
    if paging.cursor_param:
        cursor = context.state.get(CURSOR, paging.first_cursor)
        if cursor is None:
            raise PermanentApiError(
                f"{context.display} gave no cursor past record {context.start:,}: it has no "
                "further page (the records fetched are kept)")
        params[paging.cursor_param] = str(cursor)
    elif paging.page_param:
        params[paging.page_param] = str(context.start // max(1, context.size) + 1)
    elif paging.start_param:
        params[paging.start_param] = str(context.start + paging.first_position)
    api = replace(context.request, params=params)
    page: Page = await context.ask(api, context.page_reader())
    if paging.cursor_param:
        context.state[CURSOR] = page.cursor
    return page
