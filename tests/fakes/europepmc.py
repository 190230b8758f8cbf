"""Fake Europe PMC REST search (``/europepmc/webservices/rest/search``).

Groundwork for issue 15: the fake a Europe PMC target will be tested
against. What it reproduces (docs/db-europepmc.md has each source):

* ``GET .../search`` and ``POST .../searchPOST`` (form-encoded, for long
  queries); no key, none is ever needed.
* The default answer is **XML**: a client that forgets ``format=json`` gets
  a ``<responseWrapper>``, not JSON.
* ``query`` is required; ``resultType`` is ``idlist``, ``lite`` (default) or
  ``core``; ``pageSize`` 1-1000 (default 25); ``synonym`` ``true``/``false``
  (default false: the API does not expand synonyms unless asked, the web
  site does, so counts differ from the site's); ``cursorMark`` ``*`` or a
  ``nextCursorMark`` handed out earlier.
* Cursors are standard base64 (``+``, ``/``, ``=``), so a client that does
  not URL-encode them breaks here as against the real service (``+`` read
  back as a space).
* The count is ``hitCount``; records are ``resultList.result``; a page with
  results carries ``nextCursorMark``; the GET answer also carries
  ``nextPageUrl`` while more remain, the POST answer never does; a query
  without hits has no ``nextCursorMark``.
* ``request.cursorMark`` echoes the first page's ``*`` as ``%2A`` on GET
  and ``*`` on POST (both seen in real answers).
* A malformed query (unbalanced quotes or parentheses, a field the service
  does not know) is answered **HTTP 200 with hitCount 0**, not an error, in
  lenient mode (the default, as the real service is reported to behave;
  unconfirmed). Each such query is kept in ``malformed_queries`` so a test
  can assert the compiler never produced one; ``strict_syntax=True``
  answers HTTP 400 instead.

Unconfirmed (no public documentation found; see docs/db-europepmc.md):
the body of the HTTP 400 answer (modelled as ``{"errCode": 400, "errMsg":
...}``), the throttling answer (HTTP 429, plain text, ``Retry-After``;
Europe PMC publishes no rate limit), what happens past the last page
(modelled as Solr does: no results, ``nextCursorMark`` equal to the cursor
sent), and whether ``pageSize`` above 1000 is refused or capped (refused
here).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from . import europepmc_records
from .base import FakeServer, Fault, RecordedRequest, Reply, SlidingWindow, retry_after_header
from .idclause import FakeRecord, QueryError
from .pool import PoolRecord

API_VERSION = "6.9"
REST_PATH = "/europepmc/webservices/rest"
#: Largest ``pageSize`` the service documents.
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 25
RESULT_TYPES = ("idlist", "lite", "core")
FORMATS = ("xml", "json", "dc")
#: Sources of records (``SRC:``): MEDLINE, PubMed Central, preprints, Agricola,
#: Chinese Biological Abstracts, CiteSeerX, EThOS theses, NHS grey literature,
#: patents.
SOURCES = ("MED", "PMC", "PPR", "AGR", "CBA", "CTX", "ETH", "HIR", "PAT")

#: Search fields the service knows: the list its ``/fields`` endpoint returns
#: (as captured by pyEuropePMC's test fixture), plus ``MESH``, which works
#: though the list omits it. Case-insensitive.
KNOWN_FIELDS = frozenset("""
ABBR ABSTRACT ACCESSION_ID ACCESSION_TYPE ACK_FUND AFF ALL_FIELDS ANNOTATION_PROVIDER
ANNOTATION_TYPE APPENDIX ARXPR_PUBS AUTH AUTHORID AUTHORID_TYPE AUTHOR_ROLES
AUTH_COLLECTIVE_LIST AUTH_CON AUTH_FIRST AUTH_LAST AUTH_MAN AUTH_MAN_ID BACK BACK_NOREF
BODY BOOK_ID CASE CHEBITERM CHEBITERM_ID CHEBI_PUBS CHEM CHEMBL_PUBS CITED CITES COMP_INT
CONCL CREATION_DATE DATA_AVAILABILITY DISCUSS DISEASE DISEASE_ID DOI ED EMBARGO_DATE
EMBL_PUBS EMBL_ROR_ID EPMC_AUTH_MAN ESSN EXPERIMENTAL_METHOD EXPERIMENTAL_METHOD_ID
EXT_ID E_PDATE FIG FIRST_IDATE FIRST_IDATE_D FIRST_PDATE FT_CDATE FT_CDATE_D FT_ID
FUNDER_INITIATIVE GENE_PROTEIN GOTERM GOTERM_ID GRANT_AGENCY GRANT_AGENCY_ID GRANT_ID
HAS_ABSTRACT HAS_ARXPR HAS_BOOK HAS_CHEBI HAS_CHEMBL HAS_DATA HAS_DOI HAS_EMBL
HAS_FREE_FULLTEXT HAS_FT HAS_FULLTEXT HAS_FULLTEXTDATA HAS_INTACT HAS_INTERPRO
HAS_LABSLINKS HAS_OMIM HAS_PDB HAS_PDF HAS_PREPRINT HAS_PRIDE HAS_PUBLISHED_VERSION
HAS_REFLIST HAS_SUPPL HAS_TM HAS_UNIPROT HAS_VERSION_EVALUATIONS HAS_XREFS INDEX_DATE
INTACT_PUBS INTERPRO_PUBS INTRO INVESTIGATOR IN_EPMC IN_PMC ISBN ISSN ISSUE JOURNAL
KEYWORD KW LABS_PUBS LANG LICENSE METHODS NIH_AUTH_MAN OMIM_PUBS OPEN_ACCESS ORGANISM
ORGANISM_ID ORG_ID OTHER PARENT_TITLE PDB_PUBS PMCID PRIDE_PUBS PUBLISHER PUB_TYPE
PUB_YEAR P_PDATE QN1 QN2 REF REFFED_BY RESOURCE_NAME RESULTS SERIES_NAME SHARD SRC SUPPL
TABLE TITLE TITLE_ABS UNIPROT_PUBS UPDATE_DATE VOLUME MESH
""".split())

_FIELD = re.compile(r"(?<![\w\"])([A-Za-z_][A-Za-z0-9_]*):")
_CURSOR_MAGIC = b"EPMCfake"
_XML = "application/xml; charset=UTF-8"
_PREPRINT_SERVERS = ("medRxiv", "bioRxiv", "Research Square", "SSRN", "Preprints.org")


class EuropePMCQueryError(ValueError):
    """A query the service cannot read (answered as zero hits unless strict)."""


@dataclass(frozen=True)
class Params:
    """One search request's parameters, checked."""

    query: str
    result_type: str
    page_size: int
    offset: int
    cursor: str
    synonym: bool
    sort: str
    output: str
    post: bool


def check_query(query: str) -> None:
    """Raise :class:`EuropePMCQueryError` for what the service cannot parse.

    Quotes and parentheses must balance (outside quotes), every ``FIELD:``
    prefix outside quotes must be a field the service knows, and a boolean
    operator needs something on both sides.
    """
    depth = 0
    outside: list[str] = []
    in_quote = False
    for index, char in enumerate(query):
        if char == '"':
            in_quote = not in_quote
            outside.append(" ")
            continue
        if in_quote:
            outside.append(" ")
            continue
        outside.append(char)
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise EuropePMCQueryError(f"unmatched ')' at position {index}")
    if in_quote:
        raise EuropePMCQueryError("unclosed quote")
    if depth:
        raise EuropePMCQueryError("unclosed parenthesis")
    bare = "".join(outside)
    for match in _FIELD.finditer(bare):
        if match.group(1).upper() not in KNOWN_FIELDS:
            raise EuropePMCQueryError(f"unknown field {match.group(1)}")
    words = bare.replace("(", " ( ").replace(")", " ) ").split()
    for index, word in enumerate(words):
        if word not in ("AND", "OR", "NOT"):
            continue
        before = words[index - 1] if index else None
        after = words[index + 1] if index + 1 < len(words) else None
        if after is None or after in ("AND", "OR", ")"):
            raise EuropePMCQueryError(f"{word} with nothing after it")
        if word != "NOT" and (before is None or before in ("AND", "OR", "NOT", "(")):
            raise EuropePMCQueryError(f"{word} with nothing before it")


def make_cursor(offset: int) -> str:
    """An opaque cursor for ``offset``: standard base64, like the real ones."""
    raw = _CURSOR_MAGIC + struct.pack(">Q", offset)
    return "AoII" + base64.b64encode(hashlib.sha256(raw).digest()[:3] + raw).decode("ascii")


def read_cursor(cursor: str) -> int | None:
    """The offset of a cursor this fake made, or None when it is not one."""
    if cursor == "*":
        return 0
    if not cursor.startswith("AoII"):
        return None
    try:
        raw = base64.b64decode(cursor[4:], validate=True)
    except (binascii.Error, ValueError):
        return None
    body = raw[3:]
    if len(body) != len(_CURSOR_MAGIC) + 8 or not body.startswith(_CURSOR_MAGIC):
        return None
    if hashlib.sha256(body).digest()[:3] != raw[:3]:
        return None
    return int(struct.unpack(">Q", body[len(_CURSOR_MAGIC):])[0])


def _bad_request(message: str) -> Reply:
    """The service's HTTP 400 (body shape unconfirmed: see the module docstring)."""
    return Reply.json(400, {"errCode": 400, "errMsg": message})


class FakeEuropePMC(FakeServer):
    """Fake Europe PMC search.

    Options: ``strict_syntax`` (a malformed query is HTTP 400 instead of
    zero hits), ``rate_limit`` (requests per ``rate_window`` seconds per
    client before HTTP 429; None, the default, is unlimited as far as the
    documentation says), ``preprint_every`` (every n-th made-up record is a
    preprint, ``source: PPR``; 0 for none). With a ``pool``, the records
    are the pool's ``europepmc`` share when it has one, else its PubMed
    share (Europe PMC holds every PubMed record, as ``source: MED``). Fault
    kinds: ``throttle`` (HTTP 429, a number argument is the Retry-After),
    ``short_page`` (half the page's records).
    """

    #: Records to search (tests.fakes.europepmc_records); None: made-up counts.
    searchable_records: list[FakeRecord] | None = None

    ENDPOINT = f"{REST_PATH}/search"
    EXTRA_ENDPOINTS = frozenset({f"{REST_PATH}/searchPOST"})
    DATABASE = "europepmc"
    METHODS = frozenset({"GET", "POST"})
    FAULT_KINDS = frozenset({"throttle", "short_page"})
    FAULT_ALIASES = {"over_rate": "throttle"}

    def __init__(
        self,
        *,
        strict_syntax: bool = False,
        rate_limit: int | None = None,
        rate_window: float = 1.0,
        preprint_every: int = 7,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.strict_syntax = strict_syntax
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        self.preprint_every = preprint_every
        #: Queries answered as zero hits because the service could not read them.
        self.malformed_queries: list[str] = []
        self._window = SlidingWindow(rate_window)

    # -- gate ----------------------------------------------------------------

    def _reset_limits(self) -> None:
        self._window = SlidingWindow(self.rate_window)

    def admit(self, req: RecordedRequest) -> Reply | None:
        if self.rate_limit is not None and self._window.hit(req.client, req.arrived) > self.rate_limit:
            return self.too_many_reply(1.0)
        return None

    def too_many_reply(self, retry_after: float | None) -> Reply:
        return Reply.text(429, "Too Many Requests", headers=retry_after_header(retry_after))

    # -- answer --------------------------------------------------------------

    def answer(self, req: RecordedRequest, fault: Fault) -> Reply:
        if fault.kind == "throttle":
            return self.too_many_reply(fault.retry_after if fault.retry_after is not None else 1.0)
        checked = self._params(req)
        if isinstance(checked, Reply):
            return checked
        try:
            check_query(checked.query)
        except EuropePMCQueryError as error:
            if self.strict_syntax:
                return _bad_request(f"Invalid query: {error}")
            with self._lock:
                self.malformed_queries.append(checked.query)
            total = 0
        else:
            records = self.searchable_records
            if records is not None:
                try:
                    hits = europepmc_records.search(checked.query, records)
                except QueryError as error:
                    return _bad_request(f"Invalid query: {error}")
                return self._reply(checked, self._body(checked, len(hits), hits))
            total = self.count_for(checked.query)
        body = self._body(checked, total)
        if fault.kind == "short_page":
            results = body["resultList"]["result"]
            body["resultList"]["result"] = results[: len(results) // 2]
        return self._reply(checked, body)

    @staticmethod
    def _reply(params: Params, body: dict[str, Any]) -> Reply:
        if params.output == "json":
            return Reply.json(200, body)
        return Reply.text(200, _as_xml(body), _XML)

    def _params(self, req: RecordedRequest) -> Params | Reply:
        """The request's parameters, or the HTTP 400 for the first bad one."""
        post = req.path.endswith("/searchPOST")
        if post and req.method != "POST":
            return Reply.text(405, "Method Not Allowed")
        if not post and req.method != "GET":
            return Reply.text(405, "Method Not Allowed")
        form = (req.header("content-type") or "").startswith("application/x-www-form-urlencoded")
        if post and not form:
            return Reply.text(415, "Unsupported Media Type")
        source = req.form_params if post else req.query_params

        def param(name: str, default: str) -> str:
            values = source.get(name)
            return values[0] if values else default

        query = param("query", "")
        if not query.strip():
            return _bad_request("query parameter is required")
        output = param("format", "xml").lower()
        if output not in FORMATS:
            return _bad_request(f"Invalid format: {output}; use xml, json or dc")
        result_type = param("resultType", "lite").lower()
        if result_type not in RESULT_TYPES:
            return _bad_request(f"Invalid resultType: {result_type}; use idlist, lite or core")
        synonym = param("synonym", "false").lower()
        if synonym not in ("true", "false"):
            return _bad_request(f"Invalid synonym: {synonym}; use true or false")
        size_text = param("pageSize", str(DEFAULT_PAGE_SIZE))
        if not size_text.isdigit() or not 1 <= int(size_text) <= MAX_PAGE_SIZE:
            return _bad_request(f"pageSize must be an integer from 1 to {MAX_PAGE_SIZE}")
        cursor = param("cursorMark", "*")
        offset = read_cursor(cursor)
        if offset is None:
            return _bad_request(
                f"Unable to parse 'cursorMark': value must either be '*' or the "
                f"'nextCursorMark' returned by a previous search: {cursor}")
        sort = param("sort", "")
        if sort and not re.fullmatch(r"[A-Za-z_]+ (asc|desc)", sort.strip(), re.IGNORECASE):
            return _bad_request(f"Invalid sort: {sort}; use 'FIELD asc' or 'FIELD desc'")
        return Params(query, result_type, int(size_text), offset, cursor, synonym == "true",
                      sort, output, post)

    def count_for(self, query: str) -> int:
        if query in self.counts:
            return self.counts[query]
        if query in self.zero_hits:
            return 0
        if self.pool is not None:
            return self.pool.size(self._share())
        return self.count_fn(query)

    def _share(self) -> str:
        """The pool share served: Europe PMC's own, else PubMed's (MED)."""
        if self.pool is not None and self.pool.size(self.DATABASE):
            return self.DATABASE
        return "pubmed"

    def _body(self, params: Params, total: int,
              hits: list[FakeRecord] | None = None) -> dict[str, Any]:
        first = params.offset
        shown = max(0, min(params.page_size, total - first))
        body: dict[str, Any] = {"version": API_VERSION, "hitCount": total}
        if total:
            # Past the end, Solr hands the same cursor back (no further page).
            body["nextCursorMark"] = make_cursor(first + shown) if shown else params.cursor
            if not params.post and first + shown < total:
                body["nextPageUrl"] = self._next_url(params, make_cursor(first + shown))
        echoed = params.cursor
        if not params.post:
            echoed = quote(echoed, safe="")
        body["request"] = {
            "queryString": params.query,
            "resultType": params.result_type,
            "cursorMark": echoed,
            "pageSize": params.page_size,
            "sort": params.sort,
            "synonym": params.synonym,
        }
        if hits is not None:
            results = [_trim(_from_fake(hits[index]), params.result_type)
                       for index in range(first, first + shown)]
        else:
            results = [self._record(index, params.result_type)
                       for index in range(first, first + shown)]
        body["resultList"] = {"result": results}
        return body

    def _next_url(self, params: Params, cursor: str) -> str:
        query = urlencode({"query": params.query, "cursorMark": cursor,
                           "resultType": params.result_type, "format": params.output},
                          safe="*:=/+")
        return f"https://www.ebi.ac.uk{self.ENDPOINT}?{query}"

    # -- records -------------------------------------------------------------

    def _record(self, index: int, result_type: str) -> dict[str, Any]:
        record = self.pool.at(self._share(), index) if self.pool is not None else None
        if record is not None:
            full = _from_pool(record, index)
        elif self.preprint_every and index % self.preprint_every == self.preprint_every - 1:
            full = _preprint(index)
        else:
            full = _article(index)
        return _trim(full, result_type)


def _trim(full: dict[str, Any], result_type: str) -> dict[str, Any]:
    """A lite record cut to ``idlist`` or grown to ``core``."""
    if result_type == "idlist":
        return {key: full[key] for key in ("id", "source", "pmid", "pmcid", "doi") if key in full}
    if result_type == "core":
        return _core(full)
    return full


def _from_fake(record: FakeRecord) -> dict[str, Any]:
    """One of the fake's own (searchable) records as a lite MEDLINE record."""
    pmid = record.pmid or "0"
    out: dict[str, Any] = {"id": pmid, "source": "MED", "pmid": pmid}
    if record.doi:
        out["doi"] = record.doi.lower()
    out.update({"title": record.title, "authorString": "Fake A.",
                "journalTitle": "Fake J", "pubYear": str(record.year),
                "pubType": "journal article"})
    out.update(_flags(open_access=False))
    out["firstPublicationDate"] = f"{record.year}-01-01"
    return out


def _flags(open_access: bool) -> dict[str, Any]:
    """The Y/N flags every lite record carries."""
    yes = "Y" if open_access else "N"
    return {
        "isOpenAccess": yes, "inEPMC": yes, "inPMC": yes, "hasPDF": yes, "hasBook": "N",
        "hasSuppl": "N", "citedByCount": 0, "hasReferences": "N", "hasTextMinedTerms": "N",
        "hasDbCrossReferences": "N", "hasLabsLinks": "N", "hasTMAccessionNumbers": "N",
    }


def _article(index: int) -> dict[str, Any]:
    """A made-up MEDLINE record in the lite shape (pubYear a string, as sent)."""
    pmid = str(30_000_000 + index)
    record: dict[str, Any] = {
        "id": pmid, "source": "MED", "pmid": pmid,
        "doi": f"10.1016/fake.2023.{index:06d}",
        "title": f"Fake Europe PMC article {index + 1}.",
        "authorString": "Smith J, Garcia M, Chen L.",
        "journalTitle": "Med Image Anal", "issue": "1", "journalVolume": "88",
        "pubYear": "2023", "journalIssn": "1361-8415; 1361-8423; ", "pageInfo": "102900",
        "pubType": "research-article; journal article",
    }
    if index % 3 == 0:
        pmcid = f"PMC{10_000_000 + index}"
        record["pmcid"] = pmcid
        record["fullTextIdList"] = {"fullTextId": [pmcid]}
    record.update(_flags(open_access=index % 3 == 0))
    record["firstIndexDate"] = "2023-05-02"
    record["firstPublicationDate"] = "2023-06-01"
    return record


def _preprint(index: int) -> dict[str, Any]:
    """A made-up preprint (source PPR): no journal, no PMID, a publisher instead."""
    record: dict[str, Any] = {
        "id": f"PPR{700_000 + index}", "source": "PPR",
        "doi": f"10.1101/2023.01.{index:06d}",
        "title": f"Fake preprint {index + 1}",
        "authorString": "Okafor N, Kim S.",
        "pubYear": "2023",
        "bookOrReportDetails": {
            "publisher": _PREPRINT_SERVERS[index % len(_PREPRINT_SERVERS)],
            "yearOfPublication": 2023,
        },
        "pubType": "preprint",
    }
    record.update(_flags(open_access=True))
    record["firstIndexDate"] = "2023-01-20"
    record["firstPublicationDate"] = "2023-01-18"
    return record


def _from_pool(record: PoolRecord, index: int) -> dict[str, Any]:
    """A pool record as Europe PMC lists it (a PubMed record is ``source: MED``)."""
    medline = record.pmid is not None or record.database == "pubmed"
    identifier = record.pmid or record.native_id
    out: dict[str, Any] = {"id": identifier, "source": "MED" if medline else "PPR"}
    if medline:
        out["pmid"] = identifier
    if record.doi:
        # Europe PMC writes DOIs in lower case, without a resolver prefix.
        out["doi"] = record.doi.lower().removeprefix("https://doi.org/")
    out["title"] = record.title
    out["authorString"] = ", ".join(record.authors) + "."
    if medline:
        out["journalTitle"] = record.venue
    else:
        out["bookOrReportDetails"] = {"publisher": record.venue, "yearOfPublication": record.year}
    out["pubYear"] = str(record.year)
    out["pubType"] = "journal article" if medline else "preprint"
    out.update(_flags(open_access=index % 4 == 0))
    out["firstPublicationDate"] = f"{record.year}-01-01"
    return out


def _core(lite: dict[str, Any]) -> dict[str, Any]:
    """The core shape: lite's identifiers plus nested author, journal and type lists."""
    core = {key: value for key, value in lite.items()
            if key not in ("authorString", "journalTitle", "issue", "journalVolume",
                           "journalIssn", "pubType")}
    names = [name.strip() for name in lite.get("authorString", "").rstrip(".").split(",")
             if name.strip()]
    core["authorString"] = lite.get("authorString", "")
    core["authorList"] = {"author": [
        {"fullName": name, "lastName": name.rsplit(" ", 1)[0],
         "initials": name.rsplit(" ", 1)[-1]} for name in names]}
    if "journalTitle" in lite:
        core["journalInfo"] = {
            "issue": lite.get("issue"), "volume": lite.get("journalVolume"),
            "yearOfPublication": int(lite["pubYear"]),
            "journal": {"title": lite["journalTitle"], "isoabbreviation": lite["journalTitle"],
                        "issn": (lite.get("journalIssn") or "").split(";")[0] or None},
        }
    core["abstractText"] = f"Abstract of {lite['title']}"
    core["language"] = "eng"
    core["pubTypeList"] = {"pubType": [part.strip() for part in lite["pubType"].split(";")]}
    return core


def _as_xml(body: dict[str, Any]) -> str:
    """The default (XML) answer: hitCount and ids, enough to show it is not JSON."""
    from xml.sax.saxutils import escape

    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><responseWrapper>'
             f"<version>{API_VERSION}</version><hitCount>{body['hitCount']}</hitCount>"]
    if "nextCursorMark" in body:
        parts.append(f"<nextCursorMark>{escape(body['nextCursorMark'])}</nextCursorMark>")
    parts.append("<resultList>")
    for record in body["resultList"]["result"]:
        parts.append(f"<result><id>{escape(record['id'])}</id>"
                     f"<source>{record['source']}</source></result>")
    parts.append("</resultList></responseWrapper>")
    return "".join(parts)
