"""The portable fields and their aliases (docs/language.md, "Fields")."""

from __future__ import annotations

__all__ = ["FIELDS", "ALIASES", "DEFAULT_FIELD", "LIMIT_NAMES", "MESH_FIELDS", "canonical_field", "closest_field"]

#: Canonical field name -> what it searches (for docs and ``explain``).
FIELDS: dict[str, str] = {
    "ti": "title",
    "ab": "abstract",
    "tiab": "title or abstract",
    "kw": "author keywords",
    "topic": "title, abstract or author keywords",
    "all": "all fields",
    "au": "author name",
    "so": "journal or source title",
    "mesh": "MeSH heading, exploded",
    "mesh-noexp": "MeSH heading, this heading only",
    "mesh-major": "MeSH heading as a major topic",
    "doi": "DOI",
    "tw": "text words: title, abstract, MeSH headings and subheadings, other terms",
    "pt": "publication type (PubMed's list)",
    "sh": "MeSH subheading, on any heading",
    "issn": "journal ISSN",
}

#: Alias -> canonical name.
ALIASES: dict[str, str] = {
    "title": "ti",
    "abstract": "ab",
    "keyword": "kw",
    "author": "au",
    "journal": "so",
    "textword": "tw",
    "publication-type": "pt",
    "subheading": "sh",
}

DEFAULT_FIELD = "tiab"
LIMIT_NAMES = ("year", "lang")

#: The fields whose value is a MeSH heading (optionally ``Heading/subheading``).
MESH_FIELDS = frozenset({"mesh", "mesh-noexp", "mesh-major"})


def canonical_field(name: str) -> str | None:
    """The canonical name of a field written as ``name`` (any case), or None."""
    lowered = name.lower()
    if lowered in FIELDS:
        return lowered
    return ALIASES.get(lowered)


def closest_field(name: str) -> str | None:
    import difflib  # only on a mistake: keeps the start-up light

    candidates = list(FIELDS) + list(ALIASES) + list(LIMIT_NAMES)
    match = difflib.get_close_matches(name.lower(), candidates, n=1, cutoff=0.5)
    return match[0] if match else None
