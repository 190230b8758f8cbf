"""PubMed's querytranslation against the query sent (issue 10 item 6c)."""

from __future__ import annotations

import pytest

from querylang.databases.pubmed.echo import canonical_search, same_search

SAME = [
    ("asthma[tiab]", '"asthma"[Title/Abstract]'),
    ('"Diagnostic Imaging"[mh]', '"diagnostic imaging"[MeSH Terms]'),
    ("Asthma[mh:noexp]", '"asthma"[MeSH Terms:noexp]'),
    ("asthma[majr]", '"asthma"[MeSH Major Topic]'),
    ("asthma[ti]", '"asthma"[Title]'),
    ("english[la]", '"english"[Language]'),
    ("2013:2023[dp]", "2013/01/01:2023/12/31[Date - Publication]"),
    ("2020[dp]", "2020/01/01:2020/12/31[Date - Publication]"),
    ("Smith J[au]", '"smith j"[Author]'),
    ("chatbot[ot]", '"chatbot"[Other Term]'),
    ("Lancet[ta]", '"lancet"[Journal]'),
    ("10.1000/xyz[doi]", "10.1000/xyz[Article Identifier]"),
    ("10.1000/xyz[aid]", '"10.1000/xyz"[Article Identifier]'),
    ('"hip pain"[tiab:~2]', '"hip pain"[Title/Abstract:~2]'),
    ("radiolog*[tiab]", '"radiolog*"[Title/Abstract]'),
    # parentheses added and dropped, spacing, operand order
    ("(a[tiab] OR b[tiab]) AND c[tiab]", '(("a"[Title/Abstract] OR "b"[Title/Abstract]) AND '
     '"c"[Title/Abstract])'),
    ("a[tiab] OR (b[tiab] OR c[tiab])", '"a"[Title/Abstract] OR "b"[Title/Abstract] OR '
     '"c"[Title/Abstract]'),
    ("(a[tiab])  AND   b[tiab]", '"b"[Title/Abstract] AND "a"[Title/Abstract]'),
    # PubMed reads left to right: a OR b AND c is (a OR b) AND c
    ("a[tiab] OR b[tiab] AND c[tiab]", '("a"[Title/Abstract] OR "b"[Title/Abstract]) AND '
     '"c"[Title/Abstract]'),
]

DIFFERENT = [
    # automatic term mapping of an untagged word
    ("asthma", '"asthma"[MeSH Terms] OR "asthma"[All Fields]'),
    ("asthma[tiab] OR wheeze[tiab]", '"asthma"[Title/Abstract] AND "wheeze"[Title/Abstract]'),
    ("asthma[tiab]", '"asthma"[Title]'),
    ("asthma[mh]", '"asthma"[MeSH Terms:noexp]'),
    ("a[tiab] NOT b[tiab] NOT c[tiab]", '"a"[Title/Abstract] NOT ("b"[Title/Abstract] NOT '
     '"c"[Title/Abstract])'),
    ("a[tiab] OR b[tiab] AND c[tiab]", '"a"[Title/Abstract] OR ("b"[Title/Abstract] AND '
     '"c"[Title/Abstract])'),
    ("2013:2023[dp]", "2013/01/01:2022/12/31[Date - Publication]"),
    ('"hip pain"[tiab:~2]', '"hip pain"[Title/Abstract:~3]'),
    ("PNAS[ta]", '"Proc Natl Acad Sci U S A"[Journal]'),  # mapped: shown, to be checked
    ("a[tiab] AND (b[tiab]", '"a"[Title/Abstract] AND "b"[Title/Abstract]'),  # unreadable
]


@pytest.mark.parametrize(("sent", "translation"), SAME)
def test_same_meaning(sent: str, translation: str) -> None:
    assert same_search(sent, translation)


@pytest.mark.parametrize(("sent", "translation"), DIFFERENT)
def test_different_meaning(sent: str, translation: str) -> None:
    assert not same_search(sent, translation)


def test_terms_with_commas_and_brackets_do_not_confuse_the_tree() -> None:
    assert canonical_search('"a, b"[tiab] OR c[tiab]') != canonical_search(
        'a[tiab] OR "b, c"[tiab]'
    )
