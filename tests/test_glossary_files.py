"""Reading glossary files: errors carry file:line and field; dumping is byte-identical."""

from pathlib import Path

import pytest

from kzgloss.errors import GlossaryError
from kzgloss.glossary_files import (
    dump_concept,
    dump_sources,
    read_concept,
    read_glossary_dir,
    write_glossary_dir,
)

REPO = Path(__file__).resolve().parents[1]


def test_reads_test_glossary(glossary_dir):
    glossary = read_glossary_dir(glossary_dir)
    ids = [c.id for c in glossary.concepts]
    assert ids == ["astana", "atajurt", "kandas"]
    kandas = glossary.concepts[2]
    oralman = next(t for t in kandas.terms if t.text == "oralman")
    assert oralman.status == "superseded" and str(oralman.valid_until) == "2020-05-13"
    assert oralman.replaced_by == "kandas"


@pytest.mark.parametrize("directory", [REPO / "tests" / "data" / "glossary", REPO / "glossary"])
def test_dump_of_read_is_byte_identical(directory, tmp_path):
    if not (directory / "concepts").is_dir():
        pytest.skip("no glossary")
    glossary = read_glossary_dir(directory)
    for concept in glossary.concepts:
        path = directory / "concepts" / f"{concept.id}.toml"
        assert dump_concept(concept) == path.read_text(encoding="utf-8"), path
    assert dump_sources(glossary.sources) == (directory / "sources.toml").read_text(encoding="utf-8")
    out = tmp_path / "out"
    write_glossary_dir(glossary, out)
    assert read_glossary_dir(out) == glossary


BROKEN = [
    # (replace this, with this, expected message part, expected line)
    ('status = "superseded"\ntype = "full-form"\npos = "noun"\nregister',
     'status = "depricated"\ntype = "full-form"\npos = "noun"\nregister',
     'unknown status "depricated" (did you mean "deprecated"?)', 21),
    ('lang = "ru"\nstatus = "preferred"', 'lang = "rus"\nstatus = "preferred"', 'unknown lang "rus"', 33),
    ("valid_until = 2020-05-13\nreplaced_by = \"kandas\"",
     "valid_until = \"2020-05-13\"\nreplaced_by = \"kandas\"", "must be a TOML date", 26),
    ('replaced_by = "kandas"', 'replaced_by = "kandasy"', 'replaced_by "kandasy" is not a en term', 27),
    ('id = "kandas"', 'id = "kandas2"', "does not match the file name", 1),
    ('subject = "migration"', 'subjekt = "migration"', 'unknown field "subjekt" (did you mean "subject"?)', 2),
    ('[definition]', '[definition', "not valid TOML", 5),
    ('source = "caravanserai-2020"', 'source = "caravanserai"', 'citation source "caravanserai" is not in sources.toml', 78),
]


@pytest.mark.parametrize("old,new,message,line", BROKEN)
def test_broken_file_names_file_line_and_field(glossary_dir, old, new, message, line):
    path = glossary_dir / "concepts" / "kandas.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        read_glossary_dir(glossary_dir)
    assert message in str(info.value)
    assert info.value.path == str(path)
    assert info.value.line == line, str(info.value)


def test_duplicate_term_is_rejected(glossary_dir):
    path = glossary_dir / "concepts" / "atajurt.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('text = "Ata-Jurt"', 'text = "Atajurt"'),
                    encoding="utf-8")
    with pytest.raises(GlossaryError, match='the en term "Atajurt" is listed twice'):
        read_concept(path)


def test_not_utf8(glossary_dir):
    path = glossary_dir / "concepts" / "astana.toml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251"))
    with pytest.raises(GlossaryError, match="not UTF-8"):
        read_concept(path)


def test_kk_is_read_as_kk_cyrl(glossary_dir):
    path = glossary_dir / "concepts" / "astana.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('lang = "kk-Cyrl"', 'lang = "kk"'), encoding="utf-8")
    concept = read_concept(path)
    assert concept.terms[-1].lang == "kk-Cyrl"
