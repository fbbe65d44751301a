"""The strict streaming .po reader and the .po writer: real catalogs, every broken variant."""

from __future__ import annotations

import io
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzgloss import po_parser
from kzgloss.errors import CatalogError
from kzgloss.po_parser import PoEntry, PoReader, read_po
from kzgloss.po_writer import write_po

PO = Path(__file__).parent / "data" / "po"
VALID = sorted((PO / "valid").iterdir())
REAL = [p for p in VALID if p.name.startswith("django-")]


from _support import broken_po_cases as broken_cases  # noqa: E402


BROKEN = broken_cases()


def parse(path: Path, **kwargs) -> tuple[PoReader, list[PoEntry]]:
    with path.open("rb") as fh:
        reader = PoReader(fh, path=path.name, **kwargs)
        return reader, list(reader)


def parse_bytes(data: bytes) -> list[PoEntry]:
    return list(PoReader(io.BytesIO(data), path="t.po"))


def polib_counts(path: Path) -> tuple[int, int, int, int]:
    po = polib.pofile(str(path))
    return (len(po.translated_entries()), len(po.fuzzy_entries()), len(po.obsolete_entries()),
            len(po.untranslated_entries()))


def our_counts(entries: list[PoEntry]) -> tuple[int, int, int, int]:
    return (sum(e.translated for e in entries),
            sum(e.fuzzy and not e.obsolete for e in entries),
            sum(e.obsolete for e in entries),
            sum(not e.translated and not e.fuzzy and not e.obsolete for e in entries))


def test_every_broken_file_is_listed_once():
    files = {p.name for p in (PO / "broken").iterdir() if p.suffix == ".po"}
    assert files == {name for name, _, _ in BROKEN}


@pytest.mark.parametrize("path", [p for p in VALID if p.suffix in (".po", ".pot")], ids=lambda p: p.name)
def test_valid_catalogs_read_like_polib(path):
    _reader, entries = parse(path)
    assert our_counts(entries) == polib_counts(path)
    if path.name == "escapes.po":
        return  # polib leaves the octal and hex escapes \101 \x42 undecoded; msgfmt does not
    theirs = {(e.msgctxt, e.msgid): (e.msgstr if not e.msgid_plural else
                                     tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural)))
              for e in polib.pofile(str(path)) if not e.obsolete}
    ours = {(e.msgctxt, e.msgid): (e.msgstrs if e.msgid_plural else e.msgstr)
            for e in entries if not e.obsolete}
    assert ours == theirs


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_django_catalogs(path):
    reader, entries = parse(path)
    assert reader.language in ("ru", "kk")
    # Django and Transifex declare four Russian plural forms; every plural entry has them.
    assert reader.nplurals == (4 if reader.language == "ru" else 2)
    assert all(len(e.msgstrs) == reader.nplurals for e in entries if e.msgid_plural)
    assert reader.warnings == []


@pytest.mark.parametrize(("name", "line", "fragment"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_catalog_is_rejected_at_its_line(name, line, fragment):
    with pytest.raises(CatalogError) as caught:
        parse(PO / "broken" / name)
    error = caught.value
    assert error.line == line
    assert str(error).startswith(f"{name}:{line}: ")
    assert fragment in error.reason
    assert error.exit_code == 3


@pytest.mark.parametrize("name", ["unterminated-escaped-quote.po", "bad-escape-letter.po",
                                  "binary-nul.po", "cp1251-under-utf8.po", "truncated-string.po"])
def test_polib_accepts_what_we_reject(name):
    """The reason this parser exists: polib reads these without a word."""
    path = PO / "broken" / name
    try:
        polib.pofile(str(path))
    except (OSError, UnicodeDecodeError, ValueError):
        pytest.skip("this polib version rejects it too")


def test_bom_crlf_and_no_final_newline_read_cleanly():
    _r, bom = parse(PO / "valid" / "bom.po")
    _r, crlf = parse(PO / "valid" / "crlf.po")
    assert bom == crlf
    assert all("\r" not in e.msgstr for e in crlf)
    _r, last = parse(PO / "valid" / "no-final-newline.po")
    assert [e.msgstr for e in last] == ["Файл"]


def test_header_split_over_lines():
    reader, entries = parse(PO / "valid" / "header-split.po")
    assert reader.header["Content-Type"] == "text/plain; charset=UTF-8"
    assert reader.nplurals == 4
    assert entries[0].msgstrs == ("%d день", "%d дня", "%d дней", "%d дней")


def test_cp1251_catalog_with_matching_header():
    reader, entries = parse(PO / "valid" / "cp1251.po")
    assert reader.charset == "cp1251"
    assert entries[0].msgstr == "Файл"


def test_obsolete_and_previous_fields():
    _r, entries = parse(PO / "valid" / "obsolete-previous.po", keep_comments=True)
    obsolete = [e for e in entries if e.obsolete]
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in obsolete] == [
        (None, "Close", "Закрыть"), ("menu", "Quit", "Выход")]
    fuzzy = next(e for e in entries if e.msgid == "Open a file")
    assert fuzzy.fuzzy and "#| msgid \"Open file\"" in fuzzy.comments


def test_template_header_placeholders_are_accepted():
    reader, entries = parse(PO / "valid" / "template.pot")
    assert reader.nplurals is None and reader.language is None
    assert [e.msgstrs for e in entries] == [("",), ("", "")]


def test_escapes_and_wrapped_strings():
    _r, entries = parse(PO / "valid" / "escapes.po")
    assert entries[0].msgid == 'Say "hi"\n\tnow\\'
    assert entries[0].msgstr == 'Скажи "привет"\n\tсейчас\\ AB'
    assert entries[1].msgstr == "first line, second line"


def test_header_only_catalog_has_no_entries():
    reader, entries = parse(PO / "valid" / "header-only.po")
    assert entries == [] and reader.language == "ru"


def test_reader_is_single_use():
    reader = PoReader(io.BytesIO(b'msgid "a"\nmsgstr "b"\n'))
    list(reader)
    with pytest.raises(RuntimeError):
        list(reader)


def test_obsolete_duplicate_is_rejected_as_msgfmt_does():
    # msgfmt, with or without --check: "duplicate message definition".
    for data, line in ((b'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 4),
                       (b'#~ msgid "a"\n#~ msgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 4)):
        with pytest.raises(CatalogError) as err:
            list(PoReader(io.BytesIO(data), path="t.po"))
        assert err.value.line == line and "duplicate entry" in str(err.value)


def test_plural_entry_needs_plural_forms_unless_untranslated_fuzzy_or_template():
    entry = b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
    with pytest.raises(CatalogError) as err:
        list(PoReader(io.BytesIO(b'msgid ""\nmsgstr "Language: ru\\n"\n\n' + entry), path="t.po"))
    assert err.value.line == 4 and "no Plural-Forms" in str(err.value)
    for data in (b'msgid ""\nmsgstr "Language: ru\\n"\n\n#, fuzzy\n' + entry,
                 b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] ""\n',
                 b'msgid ""\nmsgstr "Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
                 b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] ""\n'):
        assert len(list(PoReader(io.BytesIO(data), path="t.po"))) == 1


def test_fuzzy_entry_with_stale_plural_count_is_a_warning():
    data = (b'msgid ""\nmsgstr "Plural-Forms: nplurals=3; plural=(n%10==1 ? 0 : n ? 1 : 2);\\n"\n\n'
            b'#, fuzzy\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n')
    reader = PoReader(io.BytesIO(data), path="t.po")
    assert len(list(reader)) == 1
    assert "fuzzy entry" in reader.warnings[0].message


@pytest.mark.parametrize("chunk", [16, 97, 1 << 20])
def test_block_boundaries_do_not_matter(monkeypatch, chunk):
    """Blocks split the file anywhere; entries and error lines come out the same."""
    monkeypatch.setattr(po_parser, "CHUNK", chunk)
    _r, entries = parse(PO / "valid" / "django-ru.po")
    assert len(entries) == 348 and entries[-1].line > 1000
    with pytest.raises(CatalogError) as caught:
        parse(PO / "broken" / "cp1251-under-utf8.po")
    assert caught.value.line == 12


def test_error_line_far_into_a_large_catalog():
    body = "".join(f'msgid "m{i}"\nmsgstr "s{i}"\n\n' for i in range(80_000))
    data = (body + 'msgid "bad"\nmsgstr "x\\q"\n').encode()
    assert len(data) > 2 * po_parser.CHUNK
    with pytest.raises(CatalogError) as caught:
        parse_bytes(data)
    assert caught.value.line == 240_002


def test_progress_reports_every_byte():
    data = (PO / "valid" / "django-kk.po").read_bytes()
    seen: list[int] = []
    list(PoReader(io.BytesIO(data), progress=seen.append))
    assert sum(seen) == len(data)


# --- the writer, read back by this reader, polib and msgfmt --------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
                max_size=120)


@st.composite
def entries(draw):
    items = []
    for i in range(draw(st.integers(1, 6))):
        plural = draw(st.booleans())
        forms = tuple(draw(_text) for _ in range(3 if plural else 1))
        items.append(PoEntry(draw(st.none() | _text), f"{i}:" + draw(_text),
                             draw(_text) if plural else None, forms))
    return items


@settings(max_examples=60, deadline=None)
@given(entries())
def test_write_then_read_is_identity(items):
    header = PoEntry(None, "", None, ("Content-Type: text/plain; charset=UTF-8\n"
                                      "Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\n",))
    out = io.BytesIO()
    write_po(out, [header, *items])
    out.seek(0)
    assert [e._replace(line=0) for e in PoReader(out)] == items


def test_writer_output_reads_back_with_polib(tmp_path):
    _r, original = parse(PO / "valid" / "django-ru.po", keep_comments=True)
    reader, _e = parse(PO / "valid" / "django-ru.po")
    target = tmp_path / "out.po"
    with target.open("wb") as fh:
        write_po(fh, [reader.header_entry, *original])
    again = polib.pofile(str(target))
    assert len(again.translated_entries()) == 348
    assert polib.pofile(str(PO / "valid" / "django-ru.po")).metadata == again.metadata


def test_read_po_returns_reader_and_entries():
    reader, entries = read_po(io.BytesIO((PO / "valid" / "kk-latin.po").read_bytes()))
    assert reader.language == "kk" and len(entries) == 3
