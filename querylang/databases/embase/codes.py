"""Embase.com's diagnostic codes (EM): what its syntax cannot say as written."""

from __future__ import annotations

from querylang.diagnostics import CodeInfo, Severity

W = Severity.WARNING

CODES: tuple[CodeInfo, ...] = (
    CodeInfo(
        "EM101", W, "A MeSH heading written as an Emtree term: check the name in Emtree",
        """Embase is indexed with Emtree, not MeSH. Emtree was modelled on MeSH
but names many concepts otherwise: in lower case, singular, in natural word
order (MeSH "Neoplasms" is Emtree "neoplasm", "Leukemia, Myeloid" is "myeloid
leukemia", "Myocardial Infarction" is "heart infarction"). The heading is
written with Emtree's syntax ('term'/exp exploded, 'term'/de alone,
'term'/exp/mj as a major focus) and, where the names are known to differ,
under the likely Emtree name; it is never an equivalent. Look it up in
Embase.com's Emtree browser before running the search.""",
        'mesh:"Myocardial Infarction"',
        "mesh:\"Myocardial Infarction\" then check 'heart infarction'/exp in Emtree",
        True,
    ),
    CodeInfo(
        "EM103", W, "Embase.com has no MeSH subheadings: the heading is searched alone",
        """A MeSH heading with a subheading (mesh:"Asthma/drug therapy") is
written as the Emtree term alone; Emtree's own subheadings (link terms) are
not MeSH's. The search is broader.""",
        'mesh:"Asthma/drug therapy"',
        'mesh:Asthma AND ab:(drug* OR pharmacotherap*)',
        True,
    ),
    CodeInfo(
        "EM111", W, "all: is written without a field: Embase.com may map it to Emtree",
        """Embase.com has no all-fields suffix: a term without one searches every
field, and Advanced Search's mapping options (on by default) also map it to
its Emtree term and explode it, which finds more than the words.""",
        "all:asthma",
        "topic:asthma   (:ti,ab,kw), or untick the mapping options",
        True,
    ),
    CodeInfo(
        "EM112", W, "Embase.com has no text-word field: tw: is searched in :ti,ab,kw",
        """PubMed's [tw] searches title, abstract, MeSH and other terms. Embase.com
has no such field: the closest is title, abstract and author keywords
(:ti,ab,kw), which leaves out the index terms.""",
        "tw:asthma",
        "topic:asthma OR mesh:asthma",
        True,
    ),
    CodeInfo(
        "EM114", W, "pt: written as Embase's item type (:it): check the name",
        """Embase records an item type (article, review, letter, editorial,
conference paper, note...) in :it; study designs such as randomized
controlled trial are Emtree terms instead. A PubMed publication type is
written as an item type of the same name, which may not exist.""",
        'pt:"randomized controlled trial"',
        'mesh-noexp:"randomized controlled trial"   (an Emtree term in Embase)',
        True,
    ),
    CodeInfo(
        "EM115", W, "sh: written as an Emtree subheading (:lnk): check the name",
        """Emtree has its own subheadings (drug therapy, adverse drug reaction...),
searched with :lnk. A MeSH subheading is written under the same name, which
is not the same set of records.""",
        'sh:"drug therapy"',
        "sh:\"drug therapy\"   (then check it among Emtree's subheadings)",
        True,
    ),
    CodeInfo(
        "EM201", W, "Embase.com has no $ wildcard: * is used",
        """The portable $ stands for zero or one character (colo$r: color,
colour). Embase.com has * (any number of characters) and ? (exactly one);
$ is written as *, which finds more.""",
        "colo$r",
        "(color OR colour)",
        True,
    ),
)
