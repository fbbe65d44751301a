"""`--fix`: suggestions written into a copy, every other byte kept."""

from __future__ import annotations

from pathlib import Path

import polib

from kzgloss.cli import cli
from kzgloss.fix import apply_fixes, fixed_path

DATA = Path(__file__).parent / "data" / "check"




def test_fix_writes_a_copy_and_keeps_every_other_byte(runner, check_db, tmp_path):
    src = tmp_path / "story.md"
    original = ("\ufeff---\r\ndate: 2023-05-01\r\n---\r\nОралмандарға  көмек,\tNur-Sultan.\r\n"
                "“Oralmans” stay quoted.\r\nбұл кaндас\r\n").encode("utf-8")
    src.write_bytes(original)
    result = runner.invoke(cli, ["check", str(src), "--db", check_db, "--fix"])
    out = tmp_path / "story.fixed.md"
    assert src.read_bytes() == original               # never in place without --in-place
    expected = original.decode("utf-8").replace("Оралмандарға", "Қандастарға") \
        .replace("Nur-Sultan", "Astana").replace("кaндас", "кандас")
    assert out.read_bytes() == expected.encode("utf-8")  # BOM, CRLF, tabs, double spaces kept
    assert result.exit_code == 0                      # only the quoted info is left
    assert f"fixed 3 finding(s): {out}" in result.stderr


def test_fix_output_and_in_place(runner, check_db, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Uighurs and Oralmans.\n", encoding="utf-8")
    out = tmp_path / "sub" / "clean.txt"
    runner.invoke(cli, ["check", str(src), "--db", check_db, "--date", "2023", "--fix", "-o", str(out)])
    assert out.read_text(encoding="utf-8") == "Uyghurs and Kandases.\n"
    result = runner.invoke(cli, ["check", str(src), "--db", check_db, "--date", "2023", "--fix",
                                 "--in-place"])
    assert src.read_text(encoding="utf-8") == "Uyghurs and Kandases.\n"
    assert result.exit_code == 0
    again = runner.invoke(cli, ["check", str(src), "--db", check_db, "--date", "2023"])
    assert (again.exit_code, again.stdout) == (0, "")


def test_fix_several_files_into_a_folder(runner, check_db, tmp_path):
    (tmp_path / "in" / "b").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("Uighurs.\n", encoding="utf-8")
    (tmp_path / "in" / "b" / "c.md").write_text("Ata-Jurt.\n", encoding="utf-8")
    out = tmp_path / "out"
    runner.invoke(cli, ["check", str(tmp_path / "in"), "--db", check_db, "--fix", "-o", str(out)])
    assert (out / "a.txt").read_text(encoding="utf-8") == "Uyghurs.\n"
    assert (out / "b" / "c.md").read_text(encoding="utf-8") == "Atajurt.\n"


def test_fix_po_stays_a_valid_catalog(runner, check_db, tmp_path):
    src = tmp_path / "kk.po"
    src.write_bytes((DATA / "kk.po").read_bytes())
    runner.invoke(cli, ["check", str(src), "--db", check_db, "--date", "2023", "--fix"])
    fixed = polib.pofile(str(tmp_path / "kk.fixed.po"))
    by_id = {e.msgid: e for e in fixed}
    assert by_id["Kandases receive help."].msgstr == "Қандастар көмек алады."
    assert by_id["A longer text about kandases."].msgstr == "Бірінші сөйлем. Қандастар туралы \"ұзақ\" мәтін."
    assert by_id["%d kandas"].msgstr_plural[1] == "%d қандас"
    assert by_id["He was called names."].msgstr == "Оны орыстілді қазақ деп атады."


def test_fix_only_at_or_above_fail_on(runner, check_db, tmp_path):
    src = tmp_path / "q.txt"
    src.write_text("He said “Oralmans are here”.\n", encoding="utf-8")
    runner.invoke(cli, ["check", str(src), "--db", check_db, "--date", "2023", "--fix"])
    assert not (tmp_path / "q.fixed.txt").exists()     # quotes are not edited
    runner.invoke(cli, ["check", str(src), "--db", check_db, "--date", "2023", "--fix",
                        "--fail-on", "info"])
    assert (tmp_path / "q.fixed.txt").read_text(encoding="utf-8") == "He said “Kandases are here”.\n"


def test_overlapping_and_stale_fixes_are_skipped():
    from kzgloss.checks.findings import Finding, Severity

    a = Finding("x", 1, 1, "abc", None, "KZ101", Severity.WARNING, "m", "X", (0, 3))
    b = Finding("x", 1, 2, "bc", None, "KZ101", Severity.WARNING, "m", "Y", (1, 3))
    stale = Finding("x", 1, 5, "zzz", None, "KZ101", Severity.WARNING, "m", "Q", (4, 7))
    text, applied = apply_fixes("abc def", [b, a, stale])
    assert (text, applied) == ("X def", [a])


def test_fixed_path():
    assert fixed_path("x/y.tar.gz") == "x/y.tar.fixed.gz"
