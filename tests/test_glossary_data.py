"""Lints the shipped glossary/ the way codespell lints its dictionaries."""

from pathlib import Path

import pytest

from kzgloss.citations import lint_glossary, quote_in
from kzgloss.glossary_files import read_glossary_dir
from kzgloss.records import status_on

REPO = Path(__file__).resolve().parents[1]
GLOSSARY = REPO / "glossary"
SOURCES = REPO.parent / "shared" / "sources"

REQUIRED = [
    "kandas", "atajurt", "re-education-camp", "xinjiang-uyghur-autonomous-region", "uyghurs",
    "ili-kazakh-autonomous-prefecture", "ethnic-kazakhs", "repatriation", "ancestral-homeland",
    "dual-citizenship", "permanent-residence", "quota", "astana", "almaty", "zhanaozen",
    "konaev", "serikzhan-bilash", "bekzat-maksutkhan", "kassym-jomart-tokayev",
    "nursultan-nazarbayev", "sinophobia", "world-association-of-kazakhs",
    "world-congress-of-kazakhs", "mazhilis", "ministry-of-foreign-affairs", "law-on-migration",
    "political-prisoner", "forced-labour", "asylum", "belt-and-road",
    "shanghai-cooperation-organisation", "east-turkestan",
]


@pytest.fixture(scope="module")
def glossary():
    return read_glossary_dir(GLOSSARY)


def test_at_least_forty_concepts_and_the_required_ones(glossary):
    ids = {c.id for c in glossary.concepts}
    assert len(ids) >= 40
    assert not set(REQUIRED) - ids


def test_lint_is_clean(glossary):
    sources = SOURCES if SOURCES.is_dir() else None
    assert list(lint_glossary(glossary, GLOSSARY, sources_dir=sources)) == []


def test_every_quote_is_verbatim_in_its_source(glossary):
    if not SOURCES.is_dir():
        pytest.skip("../shared/sources is not here (a user's fresh clone)")
    files = {s.id: s.text_file for s in glossary.sources}
    checked = 0
    for concept in glossary.concepts:
        for citation in concept.citations:
            text = (SOURCES / files[citation.source]).read_text(encoding="utf-8")
            assert quote_in(citation.quote, text), (concept.id, citation.quote)
            checked += 1
    assert checked >= len(glossary.concepts) - 2


def test_cited_concepts_have_attested_terms_others_are_editorial(glossary):
    for concept in glossary.concepts:
        if not concept.citations:
            assert all(t.origin == "editorial" for t in concept.terms), concept.id


def test_kandas_history(glossary):
    kandas = next(c for c in glossary.concepts if c.id == "kandas")
    oralman = next(t for t in kandas.terms if t.text.lower() == "oralman" and t.lang == "en")
    assert oralman.status == "superseded"
    assert str(oralman.valid_until) == "2020-05-13"
    assert oralman.replaced_by.lower() == "kandas"
    langs = {t.lang for t in kandas.terms}
    assert {"en", "ru", "kk-Cyrl", "kk-Latn", "kk-Arab"} <= langs


def test_capital_names_by_date(glossary):
    import datetime as dt

    astana = next(c for c in glossary.concepts if c.id == "astana")
    nur = next(t for t in astana.terms if t.text == "Nur-Sultan")
    ast = next(t for t in astana.terms if t.text == "Astana")

    def on(term, day):
        return status_on(status=term.status, valid_from=term.valid_from,
                         valid_until=term.valid_until,
                         history=[(h.date, h.status) for h in term.history], on=day)

    assert on(nur, dt.date(2020, 6, 1)) == "preferred"
    assert on(ast, dt.date(2020, 6, 1)) == "superseded"
    assert on(nur, dt.date(2023, 1, 1)) == "superseded"
    assert on(ast, dt.date(2023, 1, 1)) == "preferred"
    assert on(nur, dt.date(2018, 1, 1)) is None


def test_kazakh_latin_forms_follow_the_2021_alphabet(glossary):
    from kzgloss.translit import transliterate

    mismatches = []
    for concept in glossary.concepts:
        cyr = [t.text for t in concept.terms if t.lang == "kk-Cyrl"]
        lat = {t.text for t in concept.terms if t.lang == "kk-Latn" and t.scheme == "kk-latn-2021"}
        for text in cyr:
            expected = transliterate(text, "kk-latn-2021", lang="kk")
            if lat and expected not in lat:
                mismatches.append((concept.id, text, expected, sorted(lat)))
    assert mismatches == []
