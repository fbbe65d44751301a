"""Output formats and exit statuses of `kzgloss check`, driven through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kzgloss.checks.findings import RULES, Finding, Severity
from kzgloss.cli import cli
from kzgloss.report import exit_status, format_github, format_json, format_text

DATA = Path(__file__).parent / "data" / "check"




@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text("Oralmans met in Nur-Sultan, with “Uighur” activists.\n", encoding="utf-8")
    return path


FINDING = Finding("a,b.md", 3, 12, "оралмандар", "kandas", "KZ101", Severity.WARNING,
                  "“оралмандар” is superseded:\n100%", "қандастар", (5, 15))


def test_text_format():
    assert format_text([FINDING]) == (
        "a,b.md:3:12: warning KZ101 “оралмандар” is superseded:\n100% (қандастар)")


def test_json_format_has_exactly_the_contract_keys():
    [obj] = json.loads(format_json([FINDING]))
    assert obj == {"path": "a,b.md", "line": 3, "column": 12, "text": "оралмандар",
                   "concept": "kandas", "rule": "KZ101", "severity": "warning",
                   "message": "“оралмандар” is superseded:\n100%", "suggestion": "қандастар"}


def test_github_format_escapes_properties_and_data():
    info = Finding("x.md", 1, 2, "t", None, "KZ105", Severity.INFO, "m", None)
    assert format_github([FINDING, info]).split("\n") == [
        "::warning file=a%2Cb.md,line=3,col=12,title=KZ101 superseded-term::"
        "“оралмандар” is superseded:%0A100%25 (қандастар)",
        "::notice file=x.md,line=1,col=2,title=KZ105 mixed-script::m",
    ]


@pytest.mark.parametrize(("severities", "fail_on", "status"), [
    ([], "info", 0),
    (["info"], "warning", 0),
    (["info"], "info", 1),
    (["warning"], "warning", 1),
    (["warning"], "error", 0),
    (["error"], "error", 1),
])
def test_exit_status_table(severities, fail_on, status):
    findings = [Finding("a", 1, 1, "x", None, "KZ101", Severity.parse(s), "m") for s in severities]
    assert exit_status(findings, Severity.parse(fail_on)) == status


def test_cli_text_output_and_exit_1(runner, check_db, story):
    result = runner.invoke(cli, ["check", str(story), "--db", check_db, "--date", "2023-01-01"])
    assert result.exit_code == 1
    lines = result.stdout.strip().split("\n")
    assert lines == [
        f"{story}:1:1: warning KZ101 “Oralmans” is superseded since 2020-05-13 (derogatory); "
        "use “kandas” (Kandases)",
        f"{story}:1:17: warning KZ103 “Nur-Sultan” was not the name in use on 2023-01-01 "
        "(in use 2019-03-23 to 2022-09-17); on that date it was “Astana” (Astana)",
        f"{story}:1:35: info KZ104 “Uighur” is not the house spelling; the house spelling is "
        "“Uyghur” (in a quotation) (Uyghur)",
    ]
    assert "1 file checked: 2 warning, 1 info" in result.stderr


def test_cli_json_and_github(runner, check_db, story):
    result = runner.invoke(cli, ["check", str(story), "--db", check_db, "--date", "2023",
                                 "--format", "json"])
    data = json.loads(result.stdout)
    assert [d["rule"] for d in data] == ["KZ101", "KZ103", "KZ104"]
    assert data[0]["column"] == 1 and data[1]["text"] == "Nur-Sultan"
    result = runner.invoke(cli, ["check", str(story), "--db", check_db, "--date", "2023",
                                 "--format", "github"])
    assert result.stdout.startswith(f"::warning file={story},line=1,col=1,title=KZ101 superseded-term::")
    assert "::notice " in result.stdout


@pytest.mark.parametrize(("args", "status"), [
    (["--fail-on", "error"], 0),
    (["--fail-on", "info"], 1),
    (["--exit-zero"], 0),
    (["--select", "KZ104"], 0),                      # only an info left
    (["--select", "KZ104", "--quotes", "report"], 1),
    (["--ignore", "KZ101,KZ103"], 0),
    (["--date", "2021-01-01", "--select", "KZ103"], 0),  # Nur-Sultan was the name in 2021
])
def test_cli_exit_codes(runner, check_db, story, args, status):
    base = ["check", str(story), "--db", check_db]
    if "--date" not in args:
        base += ["--date", "2023-01-01"]
    assert runner.invoke(cli, base + args).exit_code == status


def test_clean_file_exits_0(runner, check_db, tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text("Kandases met in Astana.\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", str(clean), "--db", check_db, "--date", "2023"])
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize(("args", "message"), [
    (["--date", "soon"], "'soon' is not a date"),
    (["--select", "KZ9"], "unknown rule 'KZ9'"),
    (["--format", "xml"], "'xml' is not one of"),
    (["-o", "out.txt"], "-o/--output and --in-place go with --fix"),
])
def test_cli_usage_errors_exit_2(runner, check_db, story, args, message):
    result = runner.invoke(cli, ["check", str(story), "--db", check_db, *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_cli_unreadable_input_exits_3(runner, check_db, story, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Café oralmans\n".encode("latin-1"))
    result = runner.invoke(cli, ["check", str(story), str(bad), "--db", check_db])
    assert result.exit_code == 3
    assert f"Error: {bad}:1: not UTF-8 text (byte 0xe9)" in result.stderr
    assert "KZ101" in result.stdout  # the readable file is still reported
    missing = runner.invoke(cli, ["check", str(tmp_path / "nope.md"), "--db", check_db])
    assert missing.exit_code == 3
    assert missing.stderr.strip() == f"Error: {tmp_path / 'nope.md'}: no such file or directory"


def test_cli_broken_po_exits_3(runner, check_db, tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = runner.invoke(cli, ["check", str(bad), "--db", check_db])
    assert result.exit_code == 3
    assert result.stderr.strip() == f"Error: {bad}:2: string without a closing quote"


def test_cli_walks_directories(runner, check_db, tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(DATA, tree, ignore=shutil.ignore_patterns("glossary"))
    (tree / ".git").mkdir()
    (tree / ".git" / "x.md").write_text("Oralmans", encoding="utf-8")
    (tree / "photo.jpg").write_bytes(b"\xff\xd8 not text")
    result = runner.invoke(cli, ["check", str(tree), "--db", check_db, "--format", "json"])
    paths = {Path(d["path"]).name for d in json.loads(result.stdout)}
    assert paths == {"caravanserai-2020.md", "uteuova-2019.txt", "jamestown-2018.txt",
                     "ru-2023.md", "kk-2023.md", "konaev-2020.txt", "page.html", "kk.po", "ru.po"}
    assert result.exit_code == 1


def test_every_rule_has_a_check():
    from kzgloss.checks import CHECKS

    assert [c.code for c in CHECKS] == list(RULES)


def test_pre_commit_hook_runs_kzgloss_check():
    text = (Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: kzgloss-check\n" in text and "entry: kzgloss check\n" in text
