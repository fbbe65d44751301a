"""Helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"


def po_records(name: str, lang: str) -> list:
    """The translated entries of a real catalog in tests/data/tm, as the .po importer stores them."""
    import polib

    from kzgloss.segments import SegmentRecord

    records = []
    for e in polib.pofile(str(DATA / "tm" / name)).translated_entries():
        forms = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)) if e.msgid_plural else None
        records.append(SegmentRecord(
            e.msgid, forms[0] if forms else e.msgstr, "en", lang, context=e.msgctxt,
            source_plural=e.msgid_plural or None, target_plurals=forms, flags=tuple(e.flags),
            project="django", file=name, line=e.linenum))
    return records


def broken_po_cases() -> list[tuple[str, int, str]]:
    """(file, line, message fragment) from tests/data/po/broken/expected.tsv."""
    rows = []
    for line in (DATA / "po" / "broken" / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, number, fragment, _defect = line.split("\t")
            rows.append((name, int(number), fragment))
    return rows
