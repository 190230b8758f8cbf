"""MeSH headings known to be named differently in other thesauri (data, with sources).

A portable strategy names subject headings in MeSH (``mesh:"Neoplasms"``).
Embase (Emtree), CINAHL (CINAHL Subject Headings) and APA PsycInfo (the APA
Thesaurus of Psychological Index Terms) have their own vocabularies: a MeSH
name is never an equivalent there. A target writes the heading in its
vocabulary's syntax and says, with a code, that the name must be checked in
that thesaurus; where the name is known to differ, :func:`likely_heading`
gives the one to check first ("the Emtree heading is likely 'neoplasm'").

The table is small on purpose: common headings whose names differ, each with
where the difference was seen. It is a hint, not a mapping: a thesaurus's
own browser (Emtree in Embase, CINAHL Subjects, the APA Thesaurus) decides.
Elsevier, "What are the differences between Emtree and MeSH?": Emtree gives
terms in natural language order ("myeloid leukemia", MeSH "Leukemia,
Myeloid"), which is why a MeSH name with a comma is almost never an Emtree
term as written (:func:`inverted`); Embase.com strategies write Emtree terms
in lower case.

Contract::

    likely_heading(mesh, thesaurus) -> str | None   thesaurus: "emtree" | "cinahl" | "apa"
    heading_source(mesh, thesaurus) -> str | None   where the difference is documented
    THESAURI: dict[str, str]                        name -> how messages name it
"""

from __future__ import annotations

__all__ = ["THESAURI", "heading_source", "inverted", "likely_heading"]

#: Thesaurus name -> its name in a message.
THESAURI: dict[str, str] = {
    "emtree": "Emtree",
    "cinahl": "CINAHL Subject Headings",
    "apa": "the APA Thesaurus",
}

_ELSEVIER = "https://www.elsevier.support/embase/answer/what-are-the-differences-between-emtree-and-mesh"
#: Emtree terms as Embase.com strategies published by searchers write them
#: (not Elsevier's own list: check in Emtree).
_EMBASE_STRATEGIES = "Embase.com strategies in published appendices (unconfirmed in Emtree itself)"
_RUSH_CINAHL = "https://library.rush.edu/c.php?g=493544&p=9597816"
_CINAHL_HEADINGS = "CINAHL Subject Headings as EBSCO's CINAHL Headings browser shows them (unconfirmed here)"
_APA = "APA Thesaurus of Psychological Index Terms (unconfirmed here: check in PsycInfo)"

#: MeSH heading (lower case) -> (likely heading, source), per thesaurus.
_DIFFERENCES: dict[str, dict[str, tuple[str, str]]] = {
    "emtree": {
        "neoplasms": ("neoplasm", _EMBASE_STRATEGIES),
        "leukemia, myeloid": ("myeloid leukemia", _ELSEVIER),
        "myocardial infarction": ("heart infarction", _EMBASE_STRATEGIES),
        "diabetes mellitus, type 2": ("non insulin dependent diabetes mellitus", _EMBASE_STRATEGIES),
        "diabetes mellitus, type 1": ("insulin dependent diabetes mellitus", _EMBASE_STRATEGIES),
        "pulmonary disease, chronic obstructive": (
            "chronic obstructive lung disease", _EMBASE_STRATEGIES),
        "renal insufficiency, chronic": ("chronic kidney failure", _EMBASE_STRATEGIES),
        "weight loss": ("weight reduction", _EMBASE_STRATEGIES),
        "cohort studies": ("cohort analysis", _EMBASE_STRATEGIES),
        "cognitive dysfunction": ("cognitive defect", _EMBASE_STRATEGIES),
        "stroke": ("cerebrovascular accident", _EMBASE_STRATEGIES),
        "adrenal cortex hormones": ("corticosteroid", _EMBASE_STRATEGIES),
        "humans": ("human", _EMBASE_STRATEGIES),
        "animals": ("animal", _EMBASE_STRATEGIES),
        "randomized controlled trials as topic": (
            "randomized controlled trial (topic)", _EMBASE_STRATEGIES),
        # MeSH's scope is benign and malignant; Emtree's "breast cancer" is
        # the malignant one, narrower than "breast tumor".
        "breast neoplasms": ("breast tumor", _EMBASE_STRATEGIES),
        "acquired immunodeficiency syndrome": (
            "acquired immune deficiency syndrome", _EMBASE_STRATEGIES),
    },
    "cinahl": {
        # MeSH "Pressure Ulcer" (singular); the guide: "In CINAHL it's Pressure Ulcers".
        "pressure ulcer": ("Pressure Ulcers", _RUSH_CINAHL),
        "patient education as topic": ("Patient Education", _CINAHL_HEADINGS),
        "physical therapy modalities": ("Physical Therapy", _CINAHL_HEADINGS),
        "exercise therapy": ("Therapeutic Exercise", _CINAHL_HEADINGS),
        "randomized controlled trials as topic": ("Randomized Controlled Trials", _CINAHL_HEADINGS),
    },
    "apa": {
        "depressive disorder": ("Major Depression", _APA),
        # MeSH "Depression" is the emotion, "Depressive Disorder" the disorder.
        "depression": ("Depression (Emotion)", _APA),
        "stroke": ("Cerebrovascular Accidents", _APA),
        "alzheimer disease": ("Alzheimer's Disease", _APA),
        "autism spectrum disorder": ("Autism Spectrum Disorders", _APA),
        "cognitive behavioral therapy": ("Cognitive Behavior Therapy", _APA),
        "stress disorders, post-traumatic": ("Posttraumatic Stress Disorder", _APA),
        "substance-related disorders": ("Substance Use Disorder", _APA),
    },
}


def _key(mesh: str) -> str:
    return " ".join(mesh.split()).lower()


def likely_heading(mesh: str, thesaurus: str) -> str | None:
    """The heading ``thesaurus`` likely uses for the MeSH heading ``mesh``,
    when it is known to be named differently; None when nothing is known
    (the name must still be checked). A ValueError for an unknown thesaurus."""
    if thesaurus not in _DIFFERENCES:
        raise ValueError(f"unknown thesaurus {thesaurus!r}; known: {', '.join(THESAURI)}")
    found = _DIFFERENCES[thesaurus].get(_key(mesh))
    return found[0] if found else None


def heading_source(mesh: str, thesaurus: str) -> str | None:
    """Where the difference :func:`likely_heading` gives was seen (None: none known)."""
    found = _DIFFERENCES.get(thesaurus, {}).get(_key(mesh))
    return found[1] if found else None


def inverted(mesh: str) -> bool:
    """A MeSH heading written inverted ("Leukemia, Myeloid"): thesauri that
    write natural language order (Emtree) never take it as written."""
    return "," in mesh
