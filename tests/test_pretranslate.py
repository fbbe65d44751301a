"""Pre-translation of real catalogs: exact and fuzzy matches, placeholders, hints, fidelity."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from kzgloss import tm
from kzgloss.cli import cli
from kzgloss.db import make_engine
from kzgloss.pretranslate import pretranslate_po
from kzgloss.reader import open_reader
from kzgloss.segments import SegmentRecord

DATA = Path(__file__).parent / "data" / "tm"
MSGFMT = shutil.which("msgfmt")


from _support import po_records  # noqa: E402


def fill(url: str, records: list[SegmentRecord]) -> str:
    engine = make_engine(url)
    with engine.begin() as connection:
        tm.store_and_index(connection, records)
    engine.dispose()
    return url


def run(url: str, data: bytes, **kw):
    with open_reader(url) as reader:
        return pretranslate_po(reader, data, **kw)


def msgfmt_check(path: Path) -> None:
    if MSGFMT is None:
        pytest.skip("msgfmt is not installed")
    done = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def blanked(tmp_path: Path, msgids: dict[str, str | None]) -> Path:
    """The real auth catalog with some entries emptied (and, when a new msgid is given, reworded)."""
    po = polib.pofile(str(DATA / "django-auth-ru.po"))
    for entry in po:
        if entry.msgid in msgids:
            if msgids[entry.msgid]:
                entry.msgid = msgids[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
            else:
                entry.msgstr = ""
    path = tmp_path / "auth-ru.po"
    po.save(str(path))
    return path


@pytest.fixture
def ru_tm(db_url):
    return fill(db_url, po_records("django-admin-ru.po", "ru") + po_records("django-auth-ru.po", "ru"))


def test_exact_and_fuzzy_matches(ru_tm, tmp_path):
    path = blanked(tmp_path, {
        "Password": None,
        "Enter the same password as before, for verification.": None,
        "Password changed successfully.": "Password changed successfully!",
        "Invalid password format or unknown hashing algorithm.": None,
    })
    out, result = run(ru_tm, path.read_bytes(), min_score=75)
    (tmp_path / "out.po").write_bytes(out)
    msgfmt_check(tmp_path / "out.po")
    po = polib.pofile(str(tmp_path / "out.po"))
    exact = po.find("Password")
    assert (exact.msgstr, exact.fuzzy) == ("Пароль", False)
    assert po.find("Enter the same password as before, for verification.").msgstr == (
        "Для подтверждения введите, пожалуйста, пароль ещё раз.")
    fuzzy = po.find("Password changed successfully!")
    assert fuzzy.fuzzy and fuzzy.msgstr == "Пароль успешно изменен."
    assert fuzzy.previous_msgid == "Password changed successfully."
    assert fuzzy.tcomment.startswith("kzgloss: fuzzy match 9")
    assert "from django: django-auth-ru.po:" in fuzzy.tcomment
    assert (result.exact, result.fuzzy) == (3, 1)


def test_every_other_line_is_kept_exactly(ru_tm, tmp_path):
    path = blanked(tmp_path, {"Password": None, "Password changed successfully.": "Password changed successfully!"})
    original = path.read_bytes()
    out, _ = run(ru_tm, original)
    changed = set(out.decode().splitlines()) ^ set(original.decode().splitlines())
    assert changed == {
        'msgstr "Пароль"', "#, fuzzy", 'msgstr "Пароль успешно изменен."',
        '#| msgid "Password changed successfully."',
        next(line for line in out.decode().splitlines() if line.startswith("# kzgloss: fuzzy match")),
    }
    assert out.decode().splitlines()[:20] == original.decode().splitlines()[:20]   # header


def test_translated_entries_are_kept_unless_overwrite(db_url, tmp_path):
    url = fill(db_url, [SegmentRecord("Password", "Пароль (новый)", "en", "ru")])
    data = (DATA / "django-auth-ru.po").read_bytes()
    out, result = run(url, data)
    assert out == data and result.kept_translated > 80
    out, result = run(url, data, overwrite=True)
    (tmp_path / "o.po").write_bytes(out)
    assert polib.pofile(str(tmp_path / "o.po")).find("Password").msgstr == "Пароль (новый)"
    msgfmt_check(tmp_path / "o.po")


def test_a_suggestion_that_loses_a_placeholder_is_not_offered(db_url, tmp_path):
    url = fill(db_url, [
        SegmentRecord("The password is too similar to the %(verbose_name)s.",
                      "Пароль слишком похож на ваши данные.", "en", "ru"),
        SegmentRecord("The two password fields didn’t match.", "Пароли не совпадают: %s", "en", "ru"),
    ])
    path = blanked(tmp_path, {"The password is too similar to the %(verbose_name)s.": None,
                              "The two password fields didn’t match.": None})
    out, result = run(url, path.read_bytes())
    (tmp_path / "o.po").write_bytes(out)
    po = polib.pofile(str(tmp_path / "o.po"))
    assert po.find("The password is too similar to the %(verbose_name)s.").msgstr == ""
    assert po.find("The two password fields didn’t match.").msgstr == ""
    assert result.rejected_placeholders == 2 and result.exact == 0


def test_plural_entries_need_every_form(ru_tm, tmp_path):
    plural = next(e for e in polib.pofile(str(DATA / "django-auth-ru.po")) if e.msgid_plural)
    path = blanked(tmp_path, {plural.msgid: None})
    out, result = run(ru_tm, path.read_bytes())
    (tmp_path / "o.po").write_bytes(out)
    msgfmt_check(tmp_path / "o.po")
    entry = polib.pofile(str(tmp_path / "o.po")).find(plural.msgid)
    assert entry.msgstr_plural == plural.msgstr_plural


def test_real_kazakh_catalog(db_url, tmp_path):
    """Django's own Kazakh auth catalog is half translated: fill it from the admin catalogs."""
    url = fill(db_url, po_records("django-admin-kk.po", "kk-Cyrl") + po_records("django-admin-ru.po", "ru"))
    original = (DATA / "django-auth-kk.po").read_bytes()
    out, result = run(url, original, min_score=70)
    (tmp_path / "kk.po").write_bytes(out)
    msgfmt_check(tmp_path / "kk.po")
    before, after = polib.pofile(original.decode()), polib.pofile(str(tmp_path / "kk.po"))
    assert result.exact + result.fuzzy > 0
    for old, new in zip(before, after):
        if old.translated():
            assert (new.msgstr, new.msgstr_plural, new.flags) == (old.msgstr, old.msgstr_plural, old.flags)
    # Only Kazakh suggestions: none of the Russian translations leaks in.
    leaked = [e.msgstr for e in after if e.msgstr and not before.find(e.msgid).msgstr
              and e.msgstr in {r.target for r in po_records("django-admin-ru.po", "ru")}]
    assert leaked == []


def test_glossary_hints(loaded_db, tmp_path):
    out, result = run(loaded_db, (DATA / "news-ru.po").read_bytes())
    (tmp_path / "news.po").write_bytes(out)
    msgfmt_check(tmp_path / "news.po")
    text = out.decode()
    assert "#. kzgloss term: Oralmans → кандас; avoid: оралман (superseded)" in text or \
        "#. kzgloss term: oralman → кандас; avoid: оралман (superseded)" in text
    assert "#. kzgloss term: Astana → Астана" in text
    assert "#. Headline on the front page.\n#. kzgloss term:" in text
    assert result.hinted == 2


def test_cli(runner, ru_tm, tmp_path):
    path = blanked(tmp_path, {"Password": None})
    out = tmp_path / "out.po"
    result = runner.invoke(cli, ["pretranslate", str(path), "-o", str(out), "--db", ru_tm])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"{out}: 1 exact, 0 fuzzy")
    assert polib.pofile(str(out)).find("Password").msgstr == "Пароль"


def test_crlf_catalog_keeps_its_line_ends(ru_tm, tmp_path):
    path = blanked(tmp_path, {"Password": None, "Password changed successfully.": "Password changed successfully!"})
    crlf = path.read_bytes().replace(b"\n", b"\r\n")
    out, result = run(ru_tm, crlf)
    assert (result.exact, result.fuzzy) == (1, 1)
    assert b"\n" not in out.replace(b"\r\n", b"")
    assert out.replace(b"\r\n", b"\n") == run(ru_tm, path.read_bytes())[0]


def test_cli_rejects_a_broken_catalog(runner, ru_tm, tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "A"\nmsgid "B"\nmsgstr "Б"\n',
                   encoding="utf-8")
    result = runner.invoke(cli, ["pretranslate", str(bad), "-o", str(tmp_path / "o.po"), "--db", ru_tm])
    assert result.exit_code == 3
    assert result.stderr.strip() == f"Error: {bad}:6: not a valid gettext catalog: Syntax error in po file"
    assert not (tmp_path / "o.po").exists()
