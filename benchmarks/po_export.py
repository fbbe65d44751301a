"""``kzgloss export po`` benchmark (issue 5): all locales for a 100k-concept termbase.

The termbase repeats the shipped glossary's concepts under new ids (``kandas-000042``) until
there are ``--concepts`` of them; every second copy loses its Kazakh Latin terms, so half of
the kk@latin catalog goes through transliteration, as a termbase still being filled would.
It is built once into the work directory (``load_glossary`` in one transaction; minutes at
100k) and reused while the code and parameters are the same.

Timed, best of ``--runs``: reading the termbase (``read_concepts``, and the export's own read
path), building the four catalogs, writing them, and the whole ``export_po(..., mo=True)``
(in one process, and as it runs: a second process shares a termbase of 25k concepts or more);
then the .mo writer alone on the largest catalog, against ``msgfmt`` on the same .po and
polib's and babel's writers on a slice (theirs are quadratic, so the slice is small).
Target: all locales in under 5 s at 100k concepts.

    python benchmarks/po_export.py                      # 100k concepts
    python benchmarks/po_export.py --concepts 10000 --runs 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
try:
    import kzgloss  # noqa: F401
except ImportError:  # not installed in this interpreter: run from the checkout
    sys.path.insert(0, str(REPO / "src"))

from kzgloss import gettext_export  # noqa: E402
from kzgloss.db import ensure_schema, make_engine  # noqa: E402
from kzgloss.gettext_export import (  # noqa: E402
    DEFAULT_LOCALES,
    LOCALES,
    TEMPLATE,
    _gc_paused,
    _read_termbase,
    build_catalogs,
    export_po,
    write_catalog,
    write_catalog_mo,
)
from kzgloss.glossary_files import read_glossary_dir  # noqa: E402
from kzgloss.mo_writer import MoMessage, write_mo  # noqa: E402
from kzgloss.reader import open_reader  # noqa: E402
from kzgloss.records import Glossary  # noqa: E402
from kzgloss.termbase import load_glossary, read_concepts, read_sources, set_meta  # noqa: E402


_SYLLABLES = ("ба", "қы", "ту", "мен", "сі", "жа", "ны", "рұ", "лә", "ғо")


def _pseudo_word(i: int) -> str:
    """A Kazakh-looking word unique to ``i`` ("қымен", "бату", ...)."""
    return "".join(_SYLLABLES[int(d)] for d in str(i))


def synthetic(concepts: int) -> Glossary:
    """The shipped concepts repeated; each copy's Kazakh terms get a word of their own, so the
    transliteration cache meets about one new word per concept, as a real termbase would."""
    base = read_glossary_dir(REPO / "glossary")
    out = []
    for i in range(concepts):
        c = base.concepts[i % len(base.concepts)]
        word = _pseudo_word(i)
        terms = [replace(t, text=f"{t.text} {word}",
                         plural=[f"{p} {word}" for p in t.plural] if t.plural else None)
                 if t.lang == "kk-Cyrl" else t for t in c.terms]
        if i % 2 == 0:
            terms = [t for t in terms if t.lang != "kk-Latn"]
        # Replacements name terms of the same concept, which keeps its id-free form valid.
        out.append(replace(c, id=f"{c.id}-{i:06d}", terms=list(terms),
                           see_also=[], citations=list(c.citations)))
    return Glossary(concepts=out, sources=base.sources)


def build_db(work: Path, concepts: int) -> str:
    path = work / f"export-{concepts}.sqlite"
    url = f"sqlite:///{path}"
    stamp = work / f"export-{concepts}.built"
    if path.exists() and stamp.exists():
        return url
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    glossary = synthetic(concepts)
    ensure_schema(url)
    engine = make_engine(url)
    t0 = time.perf_counter()
    with engine.begin() as connection:
        counts = load_glossary(connection, glossary)
        set_meta(connection, "benchmark", f"po_export {concepts}")
    engine.dispose()
    stamp.write_text("ok")
    print(f"built {counts['concepts']:,} concepts, {counts['terms']:,} terms in "
          f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return url


def best(fn, runs: int):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer-slice", type=int, default=20_000,
                        help="messages for polib's and babel's .mo writers (quadratic)")
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "kzgloss-po-bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    url = build_db(args.work, args.concepts)
    out = args.work / "locales"
    rows = []

    def read():
        with open_reader(url) as reader:
            return read_concepts(reader), read_sources(reader)

    t_read, (concepts, sources) = best(read, args.runs)
    rows.append(("read termbase (read_concepts)", t_read, len(concepts)))

    def read_for_export():  # as export_po runs it: the garbage collector paused
        with open_reader(url) as reader, _gc_paused():
            return _read_termbase(reader, [TEMPLATE] + [LOCALES[c] for c in DEFAULT_LOCALES],
                                  dt.date.today())

    t_fast, _ = best(read_for_export, args.runs)
    rows.append(("read termbase (export_po's own read path)", t_fast, len(concepts)))
    t_build, catalogs = best(lambda: build_catalogs(concepts, sources, locales=DEFAULT_LOCALES),
                             args.runs)
    rows.append(("build .pot + 3 catalogs", t_build, len(concepts) * 4))

    def write_all(writer, template_too=True):
        for catalog in catalogs:
            if template_too or not catalog.is_template:
                writer(io.BytesIO(), catalog)

    t_po, _ = best(lambda: write_all(write_catalog), args.runs)
    rows.append(("write .pot + 3 .po", t_po, len(concepts) * 4))
    t_mo, _ = best(lambda: write_all(write_catalog_mo, template_too=False), args.runs)
    rows.append(("write 3 .mo", t_mo, len(concepts) * 3))

    def whole():
        shutil.rmtree(out, ignore_errors=True)
        with open_reader(url) as reader:
            return export_po(reader, out, mo=True)

    threshold = gettext_export._PARALLEL_MIN
    gettext_export._PARALLEL_MIN = 10**12
    try:
        t_one, _ = best(whole, args.runs)
    finally:
        gettext_export._PARALLEL_MIN = threshold
    rows.append(("export_po(mo=True), one process", t_one, len(concepts) * 4))
    t_all, written = best(whole, args.runs)
    two = " (two processes)" if len(concepts) >= threshold else ""
    rows.append((f"export_po(mo=True), end to end{two}", t_all, len(concepts) * 4))

    ru = next(c for c in catalogs if c.spec.code == "ru")
    messages = [MoMessage(e.msgctxt, e.msgid, e.msgid_plural, e.msgstrs)
                for e in ru.entries if e.translated]
    t_one, _ = best(lambda: write_mo(io.BytesIO(), messages, hash_table=True), args.runs)
    rows.append(("write_mo, ru catalog", t_one, len(messages)))
    po_path = out / "ru" / "LC_MESSAGES" / "glossary.po"
    if shutil.which("msgfmt"):
        t_msgfmt, _ = best(lambda: subprocess.run(["msgfmt", "-o", "/dev/null", str(po_path)],
                                                  check=True), args.runs)
        rows.append(("msgfmt (parse + write), ru catalog", t_msgfmt, len(messages)))
    rows += peers(po_path, args.peer_slice)

    print(f"{args.concepts:,} concepts; {len(written)} files in {out}")
    print("| step | s | items | items/s |")
    print("|---|---|---|---|")
    for name, seconds, items in rows:
        print(f"| {name} | {seconds:.2f} | {items:,} | {items / seconds:,.0f} |")
    verdict = "meets" if t_all < 5 else "misses"
    print(f"\nall locales end to end: {t_all:.2f} s ({verdict} the 5 s target)")


def peers(po_path: Path, size: int) -> list[tuple[str, float, int]]:
    """polib's and babel's .mo writers on the first ``size`` messages of the ru catalog."""
    import polib
    from babel.messages.mofile import write_mo as babel_write_mo
    from babel.messages.pofile import read_po as babel_read_po

    po = polib.pofile(str(po_path))
    del po[size:]
    slice_path = po_path.with_name("slice.po")
    po.save(str(slice_path))
    with slice_path.open("rb") as fh:
        catalog = babel_read_po(fh)
    t_polib, _ = best(lambda: po.save_as_mofile(str(slice_path.with_suffix(".mo"))), 1)
    t_babel, _ = best(lambda: babel_write_mo(io.BytesIO(), catalog), 1)
    slice_path.unlink()
    return [(f"polib save_as_mofile, first {len(po):,}", t_polib, len(po)),
            (f"babel write_mo, first {len(po):,}", t_babel, len(po))]


if __name__ == "__main__":
    main()
