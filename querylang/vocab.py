"""Controlled vocabularies the portable language checks values against.

The portable ``pt:`` and ``sh:`` fields (and a subheading in
``mesh:"Heading/subheading"``) take values from NLM's lists, and ``issn:``
takes an ISSN. Only the lists live here, as data; what each database does
with them lives in its target (querylang/databases/<name>/target.py).

Sources:
- MeSH qualifiers (subheadings) and their two-letter abbreviations:
  https://www.nlm.nih.gov/mesh/subhierarchy.html and
  https://www.nlm.nih.gov/mesh/qualifiers_scopenotes.html (76 qualifiers).
- Publication types searchable with [pt] in PubMed:
  https://www.nlm.nih.gov/mesh/pubtypes.html and
  https://pubmed.ncbi.nlm.nih.gov/help/#publication-types
- ISSN check digit (ISO 3297, modulus 11): https://www.issn.org/understanding-the-issn/what-is-an-issn/
"""

from __future__ import annotations

import re

__all__ = [
    "SUBHEADINGS",
    "PUBLICATION_TYPES",
    "subheading",
    "publication_type",
    "close_subheadings",
    "close_publication_types",
    "split_heading",
    "issn_problem",
    "normal_issn",
]

#: MeSH qualifier (lower case, as MeSH writes it, with "&") -> abbreviation.
SUBHEADINGS: dict[str, str] = {
    "abnormalities": "AB",
    "administration & dosage": "AD",
    "adverse effects": "AE",
    "agonists": "AG",
    "analogs & derivatives": "AA",
    "analysis": "AN",
    "anatomy & histology": "AH",
    "antagonists & inhibitors": "AI",
    "biosynthesis": "BI",
    "blood": "BL",
    "blood supply": "BS",
    "cerebrospinal fluid": "CF",
    "chemical synthesis": "CS",
    "chemically induced": "CI",
    "chemistry": "CH",
    "classification": "CL",
    "complications": "CO",
    "congenital": "CN",
    "cytology": "CY",
    "deficiency": "DF",
    "diagnosis": "DI",
    "diagnostic imaging": "DG",
    "diet therapy": "DH",
    "drug effects": "DE",
    "drug therapy": "DT",
    "economics": "EC",
    "education": "ED",
    "embryology": "EM",
    "enzymology": "EN",
    "epidemiology": "EP",
    "ethics": "ES",
    "ethnology": "EH",
    "etiology": "ET",
    "genetics": "GE",
    "growth & development": "GD",
    "history": "HI",
    "immunology": "IM",
    "injuries": "IN",
    "innervation": "IR",
    "instrumentation": "IS",
    "isolation & purification": "IP",
    "legislation & jurisprudence": "LJ",
    "manpower": "MA",
    "metabolism": "ME",
    "methods": "MT",
    "microbiology": "MI",
    "mortality": "MO",
    "nursing": "NU",
    "organization & administration": "OG",
    "parasitology": "PS",
    "pathogenicity": "PY",
    "pathology": "PA",
    "pharmacokinetics": "PK",
    "pharmacology": "PD",
    "physiology": "PH",
    "physiopathology": "PP",
    "poisoning": "PO",
    "prevention & control": "PC",
    "psychology": "PX",
    "radiation effects": "RE",
    "radiotherapy": "RT",
    "rehabilitation": "RH",
    "secondary": "SC",
    "standards": "ST",
    "statistics & numerical data": "SN",
    "supply & distribution": "SD",
    "surgery": "SU",
    "therapeutic use": "TU",
    "therapy": "TH",
    "toxicity": "TO",
    "transmission": "TM",
    "trends": "TD",
    "ultrastructure": "UL",
    "urine": "UR",
    "veterinary": "VE",
    "virology": "VI",
}

_BY_ABBREVIATION = {abbreviation.lower(): name for name, abbreviation in SUBHEADINGS.items()}

#: PubMed publication types (lower case), as searched with [pt].
PUBLICATION_TYPES: tuple[str, ...] = (
    "adaptive clinical trial",
    "address",
    "autobiography",
    "bibliography",
    "biography",
    "case reports",
    "classical article",
    "clinical conference",
    "clinical study",
    "clinical trial",
    "clinical trial protocol",
    "clinical trial, phase i",
    "clinical trial, phase ii",
    "clinical trial, phase iii",
    "clinical trial, phase iv",
    "clinical trial, veterinary",
    "collected work",
    "comment",
    "comparative study",
    "congress",
    "consensus development conference",
    "consensus development conference, nih",
    "controlled clinical trial",
    "corrected and republished article",
    "dataset",
    "dictionary",
    "directory",
    "duplicate publication",
    "editorial",
    "electronic supplementary materials",
    "english abstract",
    "equivalence trial",
    "evaluation study",
    "expression of concern",
    "festschrift",
    "government publication",
    "guideline",
    "historical article",
    "interactive tutorial",
    "interview",
    "introductory journal article",
    "journal article",
    "lecture",
    "legal case",
    "legislation",
    "letter",
    "meta-analysis",
    "multicenter study",
    "network meta-analysis",
    "news",
    "newspaper article",
    "observational study",
    "observational study, veterinary",
    "overall",
    "patient education handout",
    "periodical index",
    "personal narrative",
    "portrait",
    "practice guideline",
    "pragmatic clinical trial",
    "preprint",
    "published erratum",
    "randomized controlled trial",
    "randomized controlled trial, veterinary",
    "research support, american recovery and reinvestment act",
    "research support, n.i.h., extramural",
    "research support, n.i.h., intramural",
    "research support, non-u.s. gov't",
    "research support, u.s. gov't, non-p.h.s.",
    "research support, u.s. gov't, p.h.s.",
    "retracted publication",
    "retraction of publication",
    "review",
    "scientific integrity review",
    "scoping review",
    "systematic review",
    "technical report",
    "twin study",
    "validation study",
    "video-audio media",
    "webcast",
)

_PUBLICATION_TYPES = frozenset(PUBLICATION_TYPES)


def _folded(text: str) -> str:
    """Lower case, single spaces, "and" for "&" (PubMed writes both)."""
    return " ".join(text.lower().replace("&", " and ").split())


_SUBHEADING_BY_FOLDED = {_folded(name): name for name in SUBHEADINGS}


def subheading(text: str) -> str | None:
    """The MeSH qualifier ``text`` names (its name, an "and" for "&", or its
    two-letter abbreviation; any case), as MeSH writes it; None if unknown."""
    folded = _folded(text)
    return _SUBHEADING_BY_FOLDED.get(folded) or _BY_ABBREVIATION.get(folded)


def publication_type(text: str) -> str | None:
    """The PubMed publication type ``text`` names (lower case), or None."""
    folded = " ".join(text.lower().split())
    return folded if folded in _PUBLICATION_TYPES else None


def _close(text: str, candidates: list[str]) -> list[str]:
    import difflib  # only on a mistake: keeps the start-up light

    return difflib.get_close_matches(_folded(text), candidates, n=3, cutoff=0.6)


def close_subheadings(text: str) -> list[str]:
    """Up to three subheadings spelled close to ``text``."""
    found = _close(text, list(_SUBHEADING_BY_FOLDED))
    return [_SUBHEADING_BY_FOLDED[name] for name in found]


def close_publication_types(text: str) -> list[str]:
    """Up to three publication types spelled close to ``text``."""
    return _close(text, list(PUBLICATION_TYPES))


def split_heading(text: str) -> tuple[str, list[str]]:
    """``"Asthma/drug therapy"`` -> ("Asthma", ["drug therapy"]): the heading
    and the subheadings written after it (normally none or one)."""
    heading, *rest = text.split("/")
    return heading.strip(), [part.strip() for part in rest]


_ISSN = re.compile(r"([0-9]{4})-?([0-9]{3})([0-9Xx])")


def normal_issn(text: str) -> str | None:
    """``1361-8415`` (hyphen added, x upper case), or None when ``text`` is
    not eight characters NNNN-NNNC."""
    match = _ISSN.fullmatch(text.strip())
    if match is None:
        return None
    return f"{match[1]}-{match[2]}{match[3].upper()}"


def _check_digit(seven: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(seven, range(8, 1, -1), strict=True))
    value = (11 - total % 11) % 11
    return "X" if value == 10 else str(value)


def issn_problem(text: str) -> str | None:
    """None for a valid ISSN; otherwise what is wrong with it, in words."""
    issn = normal_issn(text)
    if issn is None:
        return "an ISSN is eight characters written NNNN-NNNC (digits; the last may be X)"
    expected = _check_digit(issn[:4] + issn[5:8])
    if issn[8] != expected:
        return f"its check digit is {issn[8]} but the seven digits before it give {expected}"
    return None
