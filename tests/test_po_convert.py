"""``kzgloss convert po``: Cyrillic Kazakh catalogs to the Latin and Arabic scripts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from kzgloss.cli import cli
from kzgloss.po_convert import TARGETS, convert_text, term_lexicon
from kzgloss.reader import open_reader

PO = Path(__file__).parent / "data" / "po"
MSGFMT = shutil.which("msgfmt")
LATIN, ARABIC = TARGETS["kk@latin"], TARGETS["kk-Arab"]

CATALOG = '''# Kazakh test catalog.
msgid ""
msgstr ""
"Project-Id-Version: test\\n"
"Language: kk\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n!=1);\\n"

#. A comment stays.
#: app.py:1
#, python-format
msgid "%(count)d returnees arrived"
msgid_plural "%(count)d returnees arrived"
msgstr[0] "%(count)d қандас келді"
msgstr[1] "%(count)d қандас келді"

#, python-brace-format
msgid "Open {name} at https://example.kz/path?q=1, or write to info@example.kz"
msgstr "{name} файлын https://example.kz/path?q=1 ашыңыз, немесе info@example.kz жазыңыз"

msgid "<b>Save</b> &amp; close Django"
msgstr "<b>Сақтау</b> &amp; Django жабу"

#, fuzzy
msgid "Settings"
msgstr "Баптаулар"

msgid "Untranslated"
msgstr ""

#~ msgid "Old"
#~ msgstr "Ескі"
'''


def write(tmp_path: Path, text: str = CATALOG, name: str = "kk.po") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def convert(runner, db: str, source: Path, out: Path, to: str):
    return runner.invoke(cli, ["convert", "po", str(source), "-o", str(out), "--to", to,
                               "--db", db])


def test_latin_conversion_keeps_what_is_not_kazakh(runner, loaded_db, tmp_path):
    out = tmp_path / "kk@latin.po"
    result = convert(runner, loaded_db, write(tmp_path), out, "kk@latin")
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(out))
    assert po.metadata["Language"] == "kk@latin"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Project-Id-Version"] == "test"
    by_id = {e.msgid: e for e in po}
    plural = by_id["%(count)d returnees arrived"]
    assert plural.msgstr_plural == {0: "%(count)d qandas keldı", 1: "%(count)d qandas keldı"}
    assert plural.comment == "A comment stays." and plural.occurrences == [("app.py", "1")]
    assert by_id[next(k for k in by_id if k.startswith("Open"))].msgstr == (
        "{name} failyn https://example.kz/path?q=1 aşyñyz, nemese info@example.kz jazyñyz")
    assert by_id["<b>Save</b> &amp; close Django"].msgstr == "<b>Saqtau</b> &amp; Django jabu"
    assert by_id["Settings"].fuzzy and by_id["Settings"].msgstr == "Baptaular"
    assert by_id["Untranslated"].msgstr == ""
    assert [e.msgstr for e in po.obsolete_entries()] == ["Eskı"]
    assert result.stderr.startswith(f"{out}: 5 of 6 entries converted to kk@latin")


def test_arabic_conversion(runner, loaded_db, tmp_path):
    out = tmp_path / "kk-arab.po"
    assert convert(runner, loaded_db, write(tmp_path), out, "kk-Arab").exit_code == 0
    po = polib.pofile(str(out))
    assert po.metadata["Language"] == "kk@arabic"
    saved = {e.msgid: e.msgstr for e in po}["<b>Save</b> &amp; close Django"]
    assert saved.startswith("<b>") and "&amp; Django" in saved
    assert not any("\u0400" <= c <= "\u04ff" for c in saved)


@pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt is not installed")
@pytest.mark.parametrize("to", ["kk@latin", "kk-Arab"])
@pytest.mark.parametrize("source", ["handmade", "django-kk.po"])
def test_output_passes_msgfmt_check(runner, loaded_db, tmp_path, to, source):
    path = write(tmp_path) if source == "handmade" else PO / "valid" / source
    out = tmp_path / "out.po"
    assert convert(runner, loaded_db, path, out, to).exit_code == 0
    check = subprocess.run([MSGFMT, "--check", "-o", str(tmp_path / "out.mo"), str(out)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_glossary_terms_take_the_recorded_form(runner, glossary_dir, db_url, tmp_path):
    # A term whose recorded Latin spelling is not what the letter rules give.
    (glossary_dir / "concepts" / "zhezkazgan.toml").write_text(
        'id = "zhezkazgan"\n\n[[term]]\ntext = "Zhezkazgan"\nlang = "en"\nstatus = "preferred"\n'
        'origin = "editorial"\n\n[[term]]\ntext = "Жезқазған"\nlang = "kk-Cyrl"\n'
        'status = "preferred"\norigin = "editorial"\n\n[[term]]\ntext = "Jezqazğan qalasy"\n'
        'lang = "kk-Latn"\nstatus = "preferred"\nscheme = "kk-latn-2021"\norigin = "editorial"\n',
        encoding="utf-8")
    from kzgloss.store import build

    build(db_url, glossary_dir)
    with open_reader(db_url) as reader:
        lexicon = term_lexicon(reader, LATIN)
    assert lexicon["жезқазған"] == "Jezqazğan qalasy"
    assert lexicon["қандас"] == "qandas"
    catalog = write(tmp_path, CATALOG.replace("{name} файлын", "Жезқазған, ЖЕЗҚАЗҒАН"))
    out = tmp_path / "out.po"
    assert convert(runner, db_url, catalog, out, "kk@latin").exit_code == 0
    text = {e.msgid: e.msgstr for e in polib.pofile(str(out))}
    assert next(v for k, v in text.items() if k.startswith("Open")).startswith(
        "Jezqazğan qalasy, JEZQAZĞAN QALASY https://")


@pytest.mark.parametrize(("text", "expected"), [
    ("%s файл", "%s fail"),
    ("%(name)s және %1$d, %%", "%(name)s jäne %1$d, %%"),
    ("{0} пен {name!r}", "{0} pen {name!r}"),
    ("Кіру: https://kz.kz/кіру.", "Kıru: https://kz.kz/кіру."),
    ("a.b-c@mail.kz адресіне", "a.b-c@mail.kz adresıne"),
    ('<a href="/кіру">Кіру</a>', '<a href="/кіру">Kıru</a>'),
    ("Python мен Django", "Python men Django"),
    ("&laquo;Сәлем&raquo;", "&laquo;Sälem&raquo;"),
    # A Kazakh ending on a Latin word is Kazakh (Django's kk catalog: "URL-ді").
    ("Дұрыс URL-ді енгізіңіз.", "Dūrys URL-dı engızıñız."),
    ("URLдың мәні, Wi-Fi желісі", "URLdyñ mänı, Wi-Fi jelısı"),
])
def test_convert_text_protects_spans(text, expected):
    assert convert_text(text, LATIN, {}) == expected


def test_convert_text_matches_multiword_and_hyphenated_terms():
    lexicon = {"нұр-сұлтан": "Nur-Sultan", "шыңжаң ұйғыр автономиялық ауданы": "ŞUAA"}
    assert convert_text("Нұр-Сұлтан мен Шыңжаң Ұйғыр автономиялық ауданы", LATIN, lexicon) == \
        "Nur-Sultan men ŞUAA"


def test_rejects_a_catalog_that_is_not_cyrillic_kazakh(runner, loaded_db, tmp_path):
    source = PO / "valid" / "django-ru.po"
    result = convert(runner, loaded_db, source, tmp_path / "out.po", "kk@latin")
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {source}:37: the catalog's Language is 'ru'; convert "
                             "works on Cyrillic Kazakh (kk) catalogs\n")
    assert not (tmp_path / "out.po").exists()


def test_rejects_a_broken_catalog_with_its_line(runner, loaded_db, tmp_path):
    source = PO / "broken" / "bad-escape.po"
    result = convert(runner, loaded_db, source, tmp_path / "out.po", "kk@latin")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {source}:12: bad escape")


def test_unknown_target_is_a_usage_error(runner, loaded_db, tmp_path):
    result = convert(runner, loaded_db, write(tmp_path), tmp_path / "o.po", "kk-Latn-2018")
    assert result.exit_code == 2
