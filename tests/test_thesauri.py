"""The table of headings known to differ between MeSH and other thesauri."""

from __future__ import annotations

import pytest

from querylang.thesauri import THESAURI, heading_source, inverted, likely_heading


@pytest.mark.parametrize(
    ("mesh", "thesaurus", "likely"),
    [
        ("Neoplasms", "emtree", "neoplasm"),
        ("Leukemia, Myeloid", "emtree", "myeloid leukemia"),
        ("Myocardial Infarction", "emtree", "heart infarction"),
        ("  diabetes   mellitus, TYPE 2 ", "emtree", "non insulin dependent diabetes mellitus"),
        ("Pressure Ulcer", "cinahl", "Pressure Ulcers"),
        ("Depressive Disorder", "apa", "Major Depression"),
        ("Stroke", "apa", "Cerebrovascular Accidents"),
    ],
)
def test_known_differences(mesh: str, thesaurus: str, likely: str) -> None:
    assert likely_heading(mesh, thesaurus) == likely
    assert heading_source(mesh, thesaurus)


def test_nothing_known_is_none_not_the_mesh_name() -> None:
    assert likely_heading("Asthma", "emtree") is None
    assert heading_source("Asthma", "emtree") is None


def test_unknown_thesaurus_is_refused() -> None:
    with pytest.raises(ValueError, match="known: emtree, cinahl, apa"):
        likely_heading("Asthma", "mesh")


def test_every_thesaurus_has_a_dozen_or_fewer_sourced_rows_and_a_name() -> None:
    from querylang.thesauri import _DIFFERENCES

    assert set(_DIFFERENCES) == set(THESAURI)
    total = sum(len(rows) for rows in _DIFFERENCES.values())
    assert total >= 12
    for rows in _DIFFERENCES.values():
        for mesh, (heading, source) in rows.items():
            assert mesh == mesh.lower() and heading and source
            assert heading.lower() != mesh  # a row says a difference, never a sameness


def test_inverted_headings() -> None:
    assert inverted("Leukemia, Myeloid")
    assert not inverted("Asthma")
