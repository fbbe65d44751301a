"""The command-line contract: exit codes, JSON shapes, one-line errors."""

import json
import subprocess
import sys

import pytest

from kzgloss.cli import cli


def run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def test_lookup_json_contract(runner, loaded_db):
    result = run(runner, "lookup", "oralman", "--json", "--db", loaded_db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data[0]["concept"] == "kandas"
    assert data[0]["match"] == "exact" and data[0]["score"] == 100
    assert data[0]["matched_term"] == "oralman"
    term = next(t for t in data[0]["terms"] if t["text"] == "oralman")
    assert term == {**term, "lang": "en", "status": "superseded", "valid_from": None,
                    "valid_until": "2020-05-13"}


def test_lookup_by_date(runner, loaded_db):
    result = run(runner, "lookup", "Nur-Sultan", "--date", "2020-01-01", "--json", "--db", loaded_db)
    terms = {t["text"]: t["status"] for t in json.loads(result.stdout)[0]["terms"] if t["lang"] == "en"}
    assert terms == {"Astana": "superseded", "Nur-Sultan": "preferred"}


def test_lookup_nothing_found_exits_1(runner, loaded_db):
    result = run(runner, "lookup", "zzzzqqqq", "--db", loaded_db)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: nothing found for 'zzzzqqqq'")
    result = run(runner, "lookup", "zzzzqqqq", "--json", "--db", loaded_db)
    assert result.exit_code == 1 and json.loads(result.stdout) == []


def test_bad_date_is_usage_error(runner, loaded_db):
    result = run(runner, "lookup", "x", "--date", "2020-13-01", "--db", loaded_db)
    assert result.exit_code == 2
    assert "is not a date; write it as YYYY-MM-DD" in result.stderr


def test_show_json(runner, loaded_db):
    result = run(runner, "show", "kandas", "--json", "--db", loaded_db)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["citations"][0]["source"] == "caravanserai-2020"
    assert "kandas" in data["citations"][0]["quote"]
    assert data["sources"][0]["title"].startswith("Kazakhstan eases citizenship")


def test_show_unknown_concept(runner, loaded_db):
    result = run(runner, "show", "kandaz", "--db", loaded_db)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: no concept 'kandaz' (did you mean 'kandas'?); `kzgloss list` shows them all")


def test_stats_and_list(runner, loaded_db):
    result = run(runner, "stats", "--json", "--db", loaded_db)
    assert json.loads(result.stdout) == {"concepts": 3, "terms": 15, "sources": 1,
                                         "citations": 1, "segments": 0}
    listed = json.loads(run(runner, "list", "--json", "--db", loaded_db).stdout)
    assert [row["concept"] for row in listed] == ["astana", "atajurt", "kandas"]


def test_export_json(runner, loaded_db, tmp_path):
    out = tmp_path / "tb.json"
    result = run(runner, "export", "json", "-o", str(out), "--db", loaded_db)
    assert result.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {c["id"] for c in data["concepts"]} == {"astana", "atajurt", "kandas"}
    assert data["sources"][0]["id"] == "caravanserai-2020"


def test_build_broken_glossary_exit_3(runner, db_url, glossary_dir):
    path = glossary_dir / "concepts" / "kandas.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('lang = "ru"', 'lang = "russian"', 1),
                    encoding="utf-8")
    result = run(runner, "build", "--glossary", str(glossary_dir), "--db", db_url)
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f'Error: {path}:33: unknown lang "russian"; use one of: en, ru, kk-Cyrl, kk-Latn, kk-Arab')
    assert json.loads(run(runner, "stats", "--json", "--db", db_url).stdout)["concepts"] == 0


def test_build_and_dump_round_trip(runner, db_url, glossary_dir, tmp_path):
    assert run(runner, "build", "--glossary", str(glossary_dir), "--db", db_url).exit_code == 0
    out = tmp_path / "out"
    assert run(runner, "dump", "-o", str(out), "--db", db_url).exit_code == 0
    for path in glossary_dir.rglob("*.toml"):
        assert (out / path.relative_to(glossary_dir)).read_bytes() == path.read_bytes()


def test_newer_schema_exit_4(runner, loaded_db):
    import sqlite3

    from kzgloss.db import sqlite_path

    con = sqlite3.connect(sqlite_path(loaded_db))
    con.execute("UPDATE alembic_version SET version_num='9999_x'")
    con.commit()
    result = run(runner, "stats", "--db", loaded_db)
    assert result.exit_code == 4
    assert "newer than this kzgloss" in result.stderr


def test_lint_shipped_glossary(runner):
    result = run(runner, "lint")
    assert result.exit_code == 0, result.output


def test_embedded_default_from_another_directory(tmp_path):
    """`kzgloss lookup oralman` with no --db builds the default once, then reuses it."""
    from pathlib import Path

    import kzgloss

    env = {"KZGLOSS_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "PYTHONPATH": str(Path(kzgloss.__file__).resolve().parents[1])}
    cmd = [sys.executable, "-m", "kzgloss", "lookup", "oralman", "--json"]
    first = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)[0]["concept"] == "kandas"
    built = list((tmp_path / "cache").glob("default-*.sqlite"))
    assert len(built) == 1
    mtime = built[0].stat().st_mtime_ns
    second = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0
    assert built[0].stat().st_mtime_ns == mtime


def test_internal_error_exit_70(monkeypatch, capsys):
    from kzgloss.cli import main

    def boom(*a, **k):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr("kzgloss.store.database_url", boom)
    with pytest.raises(SystemExit) as info:
        main(["stats"])
    assert info.value.code == 70
    assert "internal error" in capsys.readouterr().err
