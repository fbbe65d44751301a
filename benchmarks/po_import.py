"""``.po`` import benchmark (issue 5): kzgloss end to end against the peers' parsers alone.

Data: the ru and kk catalogs inside Django's wheel (``pip download django`` into the work
directory, unless Django is importable), and a ~200k-entry catalog built from their real
entries: every entry of every catalog, repeated; copy k >= 1 gets msgctxt "<ctxt>#k"; plural
entries padded to the four forms the Django/Transifex Russian header declares. Written by
polib (independent of the code under test).

Each measurement runs in a fresh process (so peak memory is that tool's alone), best of
``--runs``: polib ``pofile``, babel ``read_po``, translate-toolkit ``pypo`` (if installed),
msgfmt (C, .mo to /dev/null), kzgloss's reader alone, and ``import_catalogs`` end to end into
a new SQLite file (schema migrated before the timing). Target: end to end at least as fast
as polib's parse alone.

    python benchmarks/po_import.py                  # 200k entries, 3 runs
    python benchmarks/po_import.py --entries 20000 --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


def _rss_kb(field: str = "VmRSS") -> int:
    """Resident memory of this process in KiB; "VmHWM" is its peak (resource's ru_maxrss is
    carried over from the parent on Linux, so it would report the parent's peak)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


# --- data --------------------------------------------------------------------------------

def django_catalogs(work: Path) -> list[Path]:
    """The ru and kk .po files of Django (core and contrib)."""
    try:
        import django
        root = Path(django.__file__).parent
    except ImportError:
        root = work / "django-wheel" / "django"
        if not root.is_dir():
            wheels = work / "wheels"
            wheels.mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, "-m", "pip", "download", "django", "--no-deps",
                            "--only-binary", ":all:", "-q", "-d", str(wheels)], check=True)
            wheel = next(wheels.glob("Django-*.whl"), None) or next(wheels.glob("django-*.whl"))
            with zipfile.ZipFile(wheel) as z:
                for name in z.namelist():
                    if name.endswith(".po") and ("/locale/ru/" in name or "/locale/kk/" in name):
                        z.extract(name, work / "django-wheel")
    return sorted(root.rglob("locale/ru/LC_MESSAGES/*.po")) + \
        sorted(root.rglob("locale/kk/LC_MESSAGES/*.po"))


def build_big(catalogs: list[Path], out: Path, entries: int) -> int:
    """Write a catalog of about ``entries`` real entries; returns its entry count.

    The n-th repeat of a (msgctxt, msgid) -- across copies, and across the ru and kk
    catalogs, which share msgids -- gets msgctxt "<msgctxt>#n", so every entry is unique.
    """
    from collections import Counter

    import polib

    base = [e for path in catalogs for e in polib.pofile(str(path)) if not e.obsolete]
    header = polib.pofile(str(catalogs[0])).metadata  # Django's ru header: nplurals=4
    big = polib.POFile(wrapwidth=79)
    big.metadata = header
    seen: Counter[tuple[str | None, str]] = Counter()
    while len(big) < entries:
        for e in base:
            if len(big) >= entries:
                break
            n = seen[(e.msgctxt, e.msgid)]
            seen[(e.msgctxt, e.msgid)] += 1
            ctx = e.msgctxt if n == 0 else f"{e.msgctxt or ''}#{n}"
            new = polib.POEntry(msgctxt=ctx, msgid=e.msgid, msgstr=e.msgstr, flags=list(e.flags),
                                occurrences=e.occurrences, comment=e.comment,
                                tcomment=e.tcomment)
            if e.msgid_plural:
                forms = [e.msgstr_plural[i] for i in sorted(e.msgstr_plural)]
                forms = (forms + [forms[-1]] * 4)[:4]
                new.msgid_plural = e.msgid_plural
                new.msgstr_plural = dict(enumerate(forms))
            big.append(new)
    big.save(str(out))
    return len(big)


# --- one measurement, in its own process ---------------------------------------------------

def _measure(tool: str, path: str, db: str | None) -> dict:
    imports_rss = 0
    if tool == "polib":
        import polib
        imports_rss = _rss_kb()
        t0 = time.perf_counter()
        n = len(polib.pofile(path))
    elif tool == "babel":
        import io

        from babel.messages.pofile import read_po
        imports_rss = _rss_kb()
        t0 = time.perf_counter()
        with open(path, "rb") as fh, open(os.devnull, "w") as null:
            stdout, sys.stdout = sys.stdout, null  # babel prints parse warnings to stdout
            try:
                n = len(read_po(fh))
            finally:
                sys.stdout = stdout
        del io
    elif tool == "ttk":
        from translate.storage import pypo
        imports_rss = _rss_kb()
        t0 = time.perf_counter()
        with open(path, "rb") as fh:
            n = len([u for u in pypo.pofile(fh).units if not u.isheader()])
    elif tool == "msgfmt":
        t0 = time.perf_counter()
        subprocess.run(["msgfmt", "-o", os.devnull, path], check=True)
        n = None
        return {"seconds": time.perf_counter() - t0, "entries": n,
                "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "over_imports_mb": None}
    elif tool == "kzgloss-parse":
        from kzgloss.po_parser import PoReader
        imports_rss = _rss_kb()
        t0 = time.perf_counter()
        with open(path, "rb") as fh:
            n = sum(1 for _ in PoReader(fh, path=path))
    elif tool == "kzgloss-import":
        from kzgloss.db import make_engine
        from kzgloss.po_import import import_catalogs
        import kzgloss.models  # noqa: F401
        import sqlalchemy.dialects.sqlite  # noqa: F401
        engine = make_engine(db)
        with engine.connect():
            pass
        imports_rss = _rss_kb()
        t0 = time.perf_counter()
        with open(path, "rb") as fh, engine.begin() as connection:
            result = import_catalogs(connection, [(path, fh)])
        engine.dispose()
        f = result.files[0]
        n = f.stored + f.duplicates + f.skipped_fuzzy + f.skipped_obsolete + \
            f.skipped_untranslated
        seconds = time.perf_counter() - t0
        peak = _rss_kb("VmHWM")
        return {"seconds": seconds, "entries": n, "stored": f.stored, "peak_mb": peak / 1024,
                "over_imports_mb": (peak - imports_rss) / 1024}
    else:
        raise SystemExit(f"unknown tool {tool}")
    seconds = time.perf_counter() - t0
    peak = _rss_kb("VmHWM")
    return {"seconds": seconds, "entries": n, "peak_mb": peak / 1024,
            "over_imports_mb": (peak - imports_rss) / 1024}


def run_one(tool: str, path: Path, work: Path) -> dict:
    db = None
    if tool == "kzgloss-import":
        db_path = work / "bench.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        db = f"sqlite:///{db_path}"
        env = dict(os.environ, PYTHONPATH=str(SRC))
        subprocess.run([sys.executable, "-c", f"from kzgloss.db import ensure_schema; "
                        f"ensure_schema({db!r})"], check=True, env=env)
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, __file__, "--one", tool, str(path)]
                         + (["--db", db] if db else []),
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def polib_counts(path: Path) -> dict:
    import polib

    po = polib.pofile(str(path))
    return {"translated": len(po.translated_entries()), "fuzzy": len(po.fuzzy_entries()),
            "obsolete": len(po.obsolete_entries()),
            "untranslated": len(po.untranslated_entries())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "kzgloss-po-bench")
    parser.add_argument("--one", nargs=2, metavar=("TOOL", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_measure(args.one[0], args.one[1], args.db)))
        return
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    catalogs = django_catalogs(work)
    real = next(p for p in catalogs if p.parts[-3] == "ru" and "conf" in p.parts)
    big = work / f"big-{args.entries}.po"
    if not big.exists():
        t0 = time.perf_counter()
        n = build_big(catalogs, big, args.entries)
        print(f"built {big} ({n:,} entries, {big.stat().st_size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    tools = ["polib", "babel", "ttk", "msgfmt", "kzgloss-parse", "kzgloss-import"]
    try:
        import translate  # noqa: F401
    except ImportError:
        tools.remove("ttk")
    rows = []
    for label, path in (("django ru (real)", real), (f"{args.entries // 1000}k built", big)):
        counts = polib_counts(path)
        results = {}
        for tool in tools:
            runs = [run_one(tool, path, work) for _ in range(args.runs)]
            results[tool] = min(runs, key=lambda r: r["seconds"])
        entries = results["polib"]["entries"]
        base = results.get("ttk", results["polib"])["seconds"]
        for tool, r in results.items():
            rows.append({"file": label, "tool": tool, "s": r["seconds"],
                         "entries/s": entries / r["seconds"], "x ttk": base / r["seconds"],
                         "x polib": results["polib"]["seconds"] / r["seconds"],
                         "peak MB": r["peak_mb"], "over imports MB": r["over_imports_mb"]})
        stored = results["kzgloss-import"]["stored"]
        print(f"{label}: {entries:,} entries, {path.stat().st_size / 1e6:.1f} MB; polib "
              f"translated {counts['translated']:,}, kzgloss stored {stored:,} "
              f"({'equal' if stored == counts['translated'] else 'DIFFERENT'})")
    cols = ["file", "tool", "s", "entries/s", "x ttk", "x polib", "peak MB", "over imports MB"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        cells = []
        for c in cols:
            v = row[c]
            cells.append(v if isinstance(v, str) else "–" if v is None else
                         f"{v:,.0f}" if v >= 100 else f"{v:.2f}")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
