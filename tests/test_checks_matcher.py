"""The term matcher: the automaton-driven scan finds exactly what the plain regular expression
finds, on the shipped glossary and on generated text full of separators, quotes and case."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzgloss.checks import CheckOptions, Termbase, check_text, parse_date, select_codes
from kzgloss.checks.documents import line_starts
from kzgloss.checks.matcher import Hit, Matcher, candidate_text, fold_text, is_flaggable
from kzgloss.checks.prose import paragraph_starts, script_joins
from kzgloss.glossary_files import read_glossary_dir

ROOT = Path(__file__).resolve().parents[1]
KZ1 = select_codes(["KZ101", "KZ102", "KZ103", "KZ104"])


@pytest.fixture(scope="module")
def matchers() -> tuple[Matcher, Matcher]:
    concepts = read_glossary_dir(ROOT / "glossary").concepts
    return Matcher(concepts), Matcher(concepts, scope="all")


def regex_scan(matcher: Matcher, text: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """The reference: the matcher's regular expression tried at every character."""
    folded = fold_text(text)
    out = []
    pos = 0
    while True:
        for m in matcher.regex.finditer(folded, pos):
            hit = matcher._resolve(m.group())
            if hit is None:
                pos = m.start() + 1
                break
            start, end = m.start() + hit.start, m.start() + hit.end
            out.append((start, end, tuple(id(ref.term) for ref, _ in hit.refs)))
            if end != m.end():
                pos = end
                break
        else:
            return out


def automaton_scan(matcher: Matcher, text: str) -> list[tuple[int, int, tuple[int, ...]]]:
    return [(h.start, h.end, tuple(id(ref.term) for ref, _ in h.refs)) for h in matcher.scan(text)]


def _forms(matcher: Matcher) -> list[str]:
    return sorted(set(matcher.exact) | set(matcher.stems))


SEPARATORS = [" ", "  ", "\n", "\r\n", "\t", "\u00a0", "-", "\u2013", "\u2014", "«", "»", "“", "”",
              "„", '"', "'", "’", "(", ")", ", ", ". ", "/", "…", "—", "*", "_", "1"]
SUFFIXES = ["", "", "", "дар", "ға", "ларға", "ов", "ами", "s", "'s", "ның", "x"]


@st.composite
def texts(draw, forms: list[str]) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        form = draw(st.sampled_from(forms))
        # Re-separate multi-word forms the way text does: any white space, any dash, any quote.
        form = re.sub(" ", lambda _m: draw(st.sampled_from([" ", "  ", "\n", "\r\n", "\u00a0"])), form)
        form = form.replace("-", draw(st.sampled_from(["-", "\u2011", "\u2013"])))
        case = draw(st.sampled_from([str.lower, str.upper, str.title, str.capitalize]))
        parts.append(case(form) + draw(st.sampled_from(SUFFIXES)))
        parts.append(draw(st.sampled_from(SEPARATORS)))
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(["the", "в", "және", "ata", "нұр", "xкандас"])))
            parts.append(" ")
    return "".join(parts)


def test_automaton_scan_equals_regex_scan_on_glossary_text(matchers):
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data").rglob("*.md")))
    text += " Nur-Sultan\r\nAstana  and  Nur‑Sultan, «Нұр-Сұлтан»(Астана)/оралман—оралмандар «оралмандарға»" \
            " re-education\n  camp «Один пояс, один путь» \"Ata-Jurt\"'s Ata–Jurt xAtajurt Uighur's"
    for matcher in matchers:
        expected = regex_scan(matcher, text)
        assert expected, "the sample must contain terms"
        assert automaton_scan(matcher, text) == expected


@pytest.mark.parametrize("scope", [0, 1])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_automaton_scan_equals_regex_scan(matchers, scope, data):
    matcher = matchers[scope]
    text = data.draw(texts(_forms(matcher)))
    assert automaton_scan(matcher, text) == regex_scan(matcher, text)


def _non_arabic_forms(matcher: Matcher) -> list[str]:
    """The forms the prose matcher can know (it leaves Kazakh in Arabic script out)."""
    return [f for f in _forms(matcher) if not any("\u0600" <= ch <= "\u06ff" for ch in f)]


def _loud(hits) -> list[tuple[int, int, list[int]]]:
    out = []
    for h in hits:
        ids = sorted(id(ref.term) for ref, _ in h.refs if is_flaggable(ref.term))
        if ids:
            out.append((h.start, h.end, ids))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_prose_matcher_finds_what_the_full_matcher_finds(matchers, data):
    # The prose matcher leaves out terms that can neither give a finding nor hide one (a longer
    # term that is fine, like "Oralman Programme", must still win over "oralman" inside it):
    # its flaggable hits are the full matcher's.
    prose, full = matchers
    text = data.draw(texts(_non_arabic_forms(full)))
    assert _loud(prose.scan(text, flaggable_only=True)) == _loud(full.scan(text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_prose_matcher_gives_the_findings_of_the_full_matcher(matchers, data):
    # End to end: the terms the prose matcher leaves out change no finding (a form several
    # terms share, a longer term that is fine, a stem running into a flaggable word).
    prose, full = matchers
    text = data.draw(texts(_non_arabic_forms(full)))
    with_prose, with_full = Termbase([]), Termbase([])
    with_prose._prose, with_full._prose = prose, full
    options = CheckOptions(date=parse_date(data.draw(st.sampled_from(["2018-01-01", "2020-01-01", "2023-05-01"]))))
    assert check_text(text, with_prose, options, codes=KZ1) == check_text(text, with_full, options, codes=KZ1)


def test_scan_across_chunks(matchers):
    # Long texts are scanned in chunks that end before a space; a term must be found whichever
    # chunk it starts in, and one that spans a chunk's end must be found whole.
    matcher = matchers[1]
    filler = "word " * 1000
    text = "".join(filler[:n] + " Nur-Sultan and re-education\ncamps, оралмандарға " for n in range(0, 5000, 7))
    found = automaton_scan(matcher, text)
    assert found == regex_scan(matcher, text)
    assert len(found) == 3 * len(range(0, 5000, 7))


def test_flaggable_only_drops_hits_that_cannot_give_a_finding(matchers):
    matcher = matchers[0]
    text = "The Oralman Programme helped oralmans."
    every = list(matcher.scan(text))
    loud = list(matcher.scan(text, flaggable_only=True))
    # The programme's name is matched (so its "Oralman" is not a hit) but gives no finding.
    assert [text[h.start:h.end] for h in every] == ["Oralman Programme", "oralmans"]
    assert [text[h.start:h.end] for h in loud] == ["oralmans"]
    assert all(isinstance(h, Hit) for h in loud)


def test_candidate_text_keeps_length_and_unifies_separators():
    folded = fold_text("«Нұр–Сұлтан»,\n(Астана)’s")
    candidates = candidate_text(folded)
    assert len(candidates) == len(folded) + 1
    assert candidates == ' "нұр-сұлтан"   астана \'s'


@given(st.text(alphabet=st.sampled_from("aZйЖәҚ \n-é\u00d7\u0400\u04ff\u0500Ω1_\U0001f600"), max_size=40))
def test_script_joins_equal_the_regex(text):
    latin, cyrillic = "A-Za-z\u00c0-\u024f", "\u0400-\u04ff"
    pattern = re.compile(f"(?=[{latin}][{cyrillic}]|[{cyrillic}][{latin}])")
    assert script_joins(text) == [m.start() for m in pattern.finditer(text)]


@given(st.text(alphabet=st.sampled_from(["a", "\n", " ", "\t", "\r", "\u2029", "б"]), max_size=30))
def test_paragraph_and_line_starts_equal_the_regex(text):
    assert paragraph_starts(text) == [0] + [m.end() for m in re.finditer(r"\n[ \t\r]*\n|\u2029", text)]
    assert line_starts(text) == [0] + [m.end() for m in re.finditer("\n", text)]
