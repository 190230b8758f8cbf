"""Identifier clauses: "which of these records does the database hold / does
this line retrieve", in each database's own syntax, split to its limits.

The database-specific parts (which identifiers it can search, how many per
request, the clause itself) are each database's
:class:`~querylang.known.hook.KnownItems` (its package's ``known.py``, named
by its registry entry's ``known_path``); this module builds the requests
from them. Each database's clause, its batch size and why:
docs/known-items.md and the database's ``known.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from querylang.databases import REGISTRY, RUNNABLE
from querylang.known.hook import KnownItems, title_words
from querylang.known.items import KnownItem
from querylang.targets.base import ApiRequest

__all__ = ["Probe", "known_hook", "checkable", "searchable", "clause", "indexed_probes",
           "line_probes", "title_words", "TITLE_HITS", "ALONE_HITS", "QUERY_PARAM"]

#: The parameter holding the query, per database that has an API.
QUERY_PARAM = {name: entry.spec.query_param for name, entry in RUNNABLE.items() if entry.spec}
#: Records asked for when looking a title up (an exact title rarely matches more).
TITLE_HITS = 5
#: Records asked for when looking one identifier up alone.
ALONE_HITS = 5


def known_hook(target: str) -> KnownItems | None:
    """The database's known-item hook, or None: it cannot be checked."""
    entry = REGISTRY.get(target)
    if entry is None or entry.spec is None:
        return None
    return entry.known


def _size_param(target: str, hook: KnownItems) -> str:
    """The parameter asking for a number of records: the hook's, else the spec's."""
    spec = RUNNABLE[target].spec
    found = hook.size_param or (spec.page_size_param if spec is not None else None)
    if not found:
        raise ValueError(f"no parameter asks {target} for a number of records")
    return found


def checkable(target: str) -> bool:
    """Whether ``querylang check`` can ask the database about known records."""
    return known_hook(target) is not None


def _hook(target: str) -> KnownItems:
    hook = known_hook(target)
    if hook is None:
        raise ValueError(f"no known-item check for {target}")
    return hook


@dataclass(frozen=True)
class Probe:
    """One request of a check: ``line`` None is the "indexed" request
    (the identifier clause alone); ``items`` are the records it asks about."""

    target: str
    line: int | None
    part: int
    items: tuple[KnownItem, ...]
    api: ApiRequest
    #: An identifier looked up alone (PubMed: a DOI, to learn its PMID).
    doi_lookup: str | None = None
    #: The title a record without a searchable identifier is looked up by.
    by_title: str | None = None


def searchable(target: str, item: KnownItem) -> dict[str, str]:
    """The item's identifiers the database can search, by kind; when it has
    none but a title, ``{"title": ...}``: the record is looked for by its
    exact title (the answers' titles are compared in normal form)."""
    return _hook(target).searchable(item)


def _chunks(items: Sequence[KnownItem], size: int) -> list[tuple[KnownItem, ...]]:
    size = max(1, size)
    return [tuple(items[start:start + size]) for start in range(0, len(items), size)]


def clause(target: str, items: Sequence[KnownItem], native: dict[str, str] | None = None
           ) -> str:
    """The identifier clause for ``items``. ``native`` (line requests): item id
    -> the database's own id of the record, learnt from the "indexed" answers;
    records found by title are then asked for by that id."""
    return _hook(target).id_clause(items, native or {})


def _request(template: ApiRequest, params: dict[str, str]) -> ApiRequest:
    return ApiRequest(template.method, template.url, params, template.headers,
                      template.key_env, template.key_param, template.key_header,
                      template.key_required)


def indexed_probes(target: str, items: Sequence[KnownItem], template: ApiRequest
                   ) -> list[Probe]:
    """The requests asking which of ``items`` (all searchable in ``target``)
    the database holds: the identifier clause alone, no line, no limits.
    In order: titles (one request each), batches, identifiers looked up alone."""
    hook = _hook(target)
    query, size = QUERY_PARAM[target], _size_param(target, hook)
    base = {name: value for name, value in template.params.items()
            if name != query and name not in hook.indexed_drops}
    probes: list[Probe] = []
    for item in items:
        title = hook.searchable(item).get("title")
        if title is not None and hook.title_clause is not None:
            params = dict(base)
            params[query] = hook.title_clause.format(title_words(title))
            params[size] = hook.size(TITLE_HITS)
            probes.append(Probe(target, None, len(probes) + 1, (item,),
                                _request(template, params), by_title=title))
    items = [item for item in items if "title" not in hook.searchable(item)]
    batched = [item for item in items if hook.alone(item) is None]
    for chunk in _chunks(batched, hook.per_request(None)):
        params = dict(base)
        hook.put_items(params, query, chunk, {}, None)
        params[size] = hook.size(len(chunk))
        probes.append(Probe(target, None, len(probes) + 1, chunk, _request(template, params)))
    for item in items:
        value = hook.alone(item)
        if value is None:
            continue
        params = {**base, query: hook.alone_clause(value), size: str(ALONE_HITS)}
        probes.append(Probe(target, None, len(probes) + 1, (item,),
                            _request(template, params), doi_lookup=value))
    return probes


def line_probes(target: str, line: int, api: ApiRequest, api_query: str,
                items: Sequence[KnownItem], native: dict[str, str] | None = None
                ) -> list[Probe]:
    """The requests asking which of ``items`` (all held by the database)
    the line retrieves: the line's own request, ANDed with the clause."""
    hook = _hook(target)
    size = _size_param(target, hook)
    probes = []
    for part, chunk in enumerate(_chunks(items, hook.per_request(api_query)), start=1):
        params = dict(api.params)
        hook.put_items(params, QUERY_PARAM[target], chunk, native or {}, api_query)
        params[size] = hook.size(len(chunk))
        probes.append(Probe(target, line, part, chunk, _request(api, params)))
    return probes
