"""Identifier clauses: "which of these records does the database hold / does
this line retrieve", in each database's own syntax, split to its limits.

=========  ===================================  =====================================
database   identifier clause                     per request (why)
=========  ===================================  =====================================
PubMed     ``123[pmid]``; a DOI alone,          200 PMIDs: NCBI documents no length
           ``"10.1/x"[aid]``, to learn its      limit for ``term`` (long terms go by
           PMID (esearch answers PMIDs only)    POST); chosen here, well under the
                                                10,000 ids one answer can list
WoS        ``DO=("10.1/x" OR ...) OR            49 operators in the whole query (Web
           PMID=(123 OR ...)``                  of Science advanced search help),
                                                and 50 records per page (Starter API
                                                ``limit``)
arXiv      ``id_list=a,b`` beside               100 ids: undocumented; chosen to keep
           ``search_query`` (arXiv API user     the URL short (``max_results`` may go
           manual, "search_query and id_list    to 2,000)
           logic")
IEEE       ``"DOI":"10.1109/x" OR "Article      20 identifiers: undocumented; chosen
           Number":"123"`` inside               small because every request costs one
           ``querytext`` (command-search        of ~200 calls a day and 200 records
           fields: the standalone ``doi`` and   per page is the documented maximum
           ``article_number`` parameters make
           IEEE ignore every other query
           parameter, Python SDK docs)
=========  ===================================  =====================================

PubMed's ``[aid]`` is the documented tag for DOIs (PubMed User Guide, "Article
Identifier [aid]"); ``[doi]`` is accepted by PubMed but not in its list of tags.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from querylang.databases import RUNNABLE
from querylang.known.items import KnownItem
from querylang.targets.base import ApiRequest

__all__ = ["SEARCHABLE", "LIMITS", "Probe", "searchable", "indexed_probes", "line_probes",
           "wos_operators"]

#: Which identifier kinds each database can be asked about.
SEARCHABLE: dict[str, tuple[str, ...]] = {
    "pubmed": ("pmid", "doi"),
    "wos": ("doi", "pmid"),
    "arxiv": ("arxiv",),
    "ieee": ("doi", "ieee"),
}
#: Most identifiers in one request (see the module doc for each reason).
LIMITS: dict[str, int] = {"pubmed": 200, "wos": 50, "arxiv": 100, "ieee": 20}
#: Web of Science: most Boolean operators in one query (advanced search help).
WOS_MAX_OPERATORS = 49
#: The parameter holding the query, and the one asking for a number of records.
QUERY_PARAM = {name: entry.spec.query_param for name, entry in RUNNABLE.items() if entry.spec}
SIZE_PARAM = {"pubmed": "retmax", "wos": "limit", "arxiv": "max_results", "ieee": "max_records"}
_NOT_WORD = re.compile(r"[^\w]+")
_OPERATOR = re.compile(r'"[^"]*"|\b(AND|OR|NOT|SAME|NEAR(?:/\d+)?)\b')
#: Records asked for when looking a title up (an exact title rarely matches more).
TITLE_HITS = 5
#: IEEE year limits: parameters of the line's request, not of the clause alone.
_IEEE_LIMIT_PARAMS = ("start_year", "end_year")


@dataclass(frozen=True)
class Probe:
    """One request of a check: ``line`` None is the "indexed" request
    (the identifier clause alone); ``items`` are the records it asks about."""

    target: str
    line: int | None
    part: int
    items: tuple[KnownItem, ...]
    api: ApiRequest
    #: PubMed: the DOI looked up alone (its PMID is learnt from the answer).
    doi_lookup: str | None = None
    #: The title a record without a searchable identifier is looked up by.
    by_title: str | None = None


def searchable(target: str, item: KnownItem) -> dict[str, str]:
    """The item's identifiers the database can search, by kind; when it has
    none but a title, ``{"title": ...}``: the record is looked for by its
    exact title (the answers' titles are compared in normal form)."""
    if target not in SEARCHABLE:
        return {}  # a database without a known-item path: nothing can be asked
    ids = item.identifiers()
    found = {kind: ids[kind] for kind in SEARCHABLE[target] if kind in ids}
    if not found and item.title and title_words(item.title):
        found["title"] = item.title
    return found


def title_words(title: str) -> str:
    """The title as a phrase every database's parser takes: words only
    (quotes, brackets, colons would be syntax; the databases drop them anyway)."""
    return " ".join(_NOT_WORD.sub(" ", title).split())


#: A title phrase searched in the title field, per database.
_TITLE_CLAUSE = {
    "pubmed": '"{}"[ti]',
    "wos": 'TI=("{}")',
    "arxiv": 'ti:"{}"',
    "ieee": '"Document Title":"{}"',
}


def wos_operators(query: str) -> int:
    """Boolean operators in a Web of Science query (quoted phrases skipped)."""
    return sum(1 for found in _OPERATOR.finditer(query) if found.group(1))


def _chunks(items: Sequence[KnownItem], size: int) -> list[tuple[KnownItem, ...]]:
    size = max(1, size)
    return [tuple(items[start:start + size]) for start in range(0, len(items), size)]


def _quote_doi(doi: str) -> str:
    return '"' + doi.replace('"', "") + '"'


def clause(target: str, items: Sequence[KnownItem], native: dict[str, str] | None = None
           ) -> str:
    """The identifier clause for ``items``. ``native`` (line requests): item id
    -> the database's own id of the record, learnt from the "indexed" answers;
    PubMed and records found by title are then asked for by that id (PMID,
    Web of Science ``UT``, IEEE article number)."""
    native = native or {}
    if target == "pubmed":
        return " OR ".join(f"{native.get(item.id) or item.pmid}[pmid]" for item in items)
    if target == "wos":
        groups: dict[str, list[str]] = {"DO": [], "PMID": [], "UT": []}
        for item in items:
            ids = searchable(target, item)
            if "doi" in ids:
                groups["DO"].append(_quote_doi(ids["doi"]))
            elif "pmid" in ids:
                groups["PMID"].append(ids["pmid"])
            elif item.id in native:
                groups["UT"].append(native[item.id])
        return " OR ".join(f"{tag}=(" + " OR ".join(values) + ")"
                           for tag, values in groups.items() if values)
    if target == "ieee":
        terms = []
        for item in items:
            ids = searchable(target, item)
            if "doi" in ids:
                terms.append(f'"DOI":{_quote_doi(ids["doi"])}')
            else:
                terms.append(f'"Article Number":"{ids.get("ieee") or native.get(item.id)}"')
        return " OR ".join(terms)
    raise ValueError(f"no identifier clause for {target}")  # arXiv: id_list


def _arxiv_ids(items: Sequence[KnownItem], native: dict[str, str]) -> str:
    return ",".join(searchable("arxiv", item).get("arxiv") or native[item.id] for item in items)


def _request(template: ApiRequest, params: dict[str, str]) -> ApiRequest:
    return ApiRequest(template.method, template.url, params, template.headers,
                      template.key_env, template.key_param, template.key_header,
                      template.key_required)


def _size(target: str, count: int) -> str:
    if target == "wos":
        return str(min(50, max(1, count)))
    return str(max(1, count))


def indexed_probes(target: str, items: Sequence[KnownItem], template: ApiRequest
                   ) -> list[Probe]:
    """The requests asking which of ``items`` (all searchable in ``target``)
    the database holds: the identifier clause alone, no line, no limits."""
    base = {name: value for name, value in template.params.items()
            if name != QUERY_PARAM[target] and name not in _IEEE_LIMIT_PARAMS}
    probes: list[Probe] = []
    for item in items:
        title = searchable(target, item).get("title")
        if title is not None:
            params = dict(base)
            params[QUERY_PARAM[target]] = _TITLE_CLAUSE[target].format(title_words(title))
            params[SIZE_PARAM[target]] = _size(target, TITLE_HITS)
            probes.append(Probe(target, None, len(probes) + 1, (item,),
                                _request(template, params), by_title=title))
    items = [item for item in items if "title" not in searchable(target, item)]
    if target == "pubmed":
        by_pmid = [item for item in items if "pmid" in searchable(target, item)]
        for chunk in _chunks(by_pmid, LIMITS[target]):
            params = {**base, "term": clause(target, chunk), "retmax": _size(target, len(chunk))}
            probes.append(Probe(target, None, len(probes) + 1, chunk,
                                _request(template, params)))
        for item in items:
            if "pmid" in searchable(target, item):
                continue
            doi = searchable(target, item)["doi"]
            params = {**base, "term": f"{_quote_doi(doi)}[aid]", "retmax": "5"}
            probes.append(Probe(target, None, len(probes) + 1, (item,),
                                _request(template, params), doi_lookup=doi))
        return probes
    size = LIMITS[target]
    if target == "wos":
        size = min(size, WOS_MAX_OPERATORS + 1)
    for chunk in _chunks(items, size):
        params = dict(base)
        if target == "arxiv":
            params["id_list"] = _arxiv_ids(chunk, {})
            params["start"] = "0"
        else:
            params[QUERY_PARAM[target]] = _wrap(target, clause(target, chunk))
        params[SIZE_PARAM[target]] = _size(target, len(chunk))
        probes.append(Probe(target, None, len(probes) + 1, chunk, _request(template, params)))
    return probes


def _wrap(target: str, text: str) -> str:
    return text if target == "wos" else f"({text})"


def line_probes(target: str, line: int, api: ApiRequest, api_query: str,
                items: Sequence[KnownItem], native: dict[str, str] | None = None
                ) -> list[Probe]:
    """The requests asking which of ``items`` (all held by the database)
    the line retrieves: the line's own request, ANDed with the clause."""
    size = LIMITS[target]
    if target == "wos":
        # the whole query stays within the operator limit: the line's own,
        # one AND, one OR less than identifiers (never fewer than one per request)
        size = max(1, min(size, WOS_MAX_OPERATORS - wos_operators(api_query)))
    probes = []
    for part, chunk in enumerate(_chunks(items, size), start=1):
        params = dict(api.params)
        if target == "arxiv":
            params["id_list"] = _arxiv_ids(chunk, native or {})
            params["start"] = "0"
        else:
            params[QUERY_PARAM[target]] = f"({api_query}) AND ({clause(target, chunk, native)})"
        params[SIZE_PARAM[target]] = _size(target, len(chunk))
        probes.append(Probe(target, line, part, chunk, _request(api, params)))
    return probes
