"""Lookup benchmark (issue 4, item 3): latency and top-1 accuracy on a synthetic termbase.

Builds a deterministic synthetic termbase (default 100,000 concepts, ~5 terms each in en, ru,
kk-Cyrl, kk-Latn 2021 and, for a fifth, kk-Arab; see ``_synthetic.py``) into a SQLite file with
``load_glossary`` inside ``engine.begin()``, reports build time and size, then times in-process
lookups per query class (one reader, each query once after a warm-up) and the wall time of
``kzgloss lookup`` as a process beside ``python -c "import click, sqlite3, polib"``.

Targets (perf.md G10 and issue 4): p95 <= 5 ms in process at 100k concepts; CLI <= 300 ms and
<= 4x the import baseline.

    python benchmarks/lookup.py --concepts 10000            # quick run
    python benchmarks/lookup.py --db /tmp/tb100k.sqlite --reuse
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
try:
    import kzgloss  # noqa: F401
    NEED_SRC = False
except ImportError:  # not installed in this interpreter: run from the checkout
    sys.path.insert(0, str(SRC))
    NEED_SRC = True
sys.path.insert(0, str(HERE))

import _synthetic  # noqa: E402

# Import every kzgloss module the run uses now, so the build and the lookups run one snapshot
# of the code even if the checkout changes while the (minutes-long) build runs.
import kzgloss.db  # noqa: E402,F401
import kzgloss.keys  # noqa: E402,F401
import kzgloss.lookup  # noqa: E402,F401
import kzgloss.morphology  # noqa: E402,F401
import kzgloss.reader  # noqa: E402,F401
import kzgloss.termbase  # noqa: E402,F401
import kzgloss.translit  # noqa: E402,F401

P95_TARGET_MS = 5.0
CLI_TARGET_MS = 300.0
CLI_RATIO_TARGET = 4.0
BENCH_META_KEY = "benchmark_lookup_params"
DIGEST_META_KEY = "benchmark_lookup_code_digest"


def code_state() -> tuple[str, str]:
    """(a digest of what decides the built database's contents, "commit[+dirty]").

    The digest covers the key and load code (keys, text, termbase, models, db, morphology,
    translit, migrations), the glossary and the generator -- not lookup.py or the CLI, whose
    changes do not make a reused database stale.
    """
    import hashlib

    pkg = Path(kzgloss.__file__).resolve().parent
    h = hashlib.sha256()
    roots = [pkg / name for name in ("keys.py", "text.py", "termbase.py", "models.py", "db.py",
                                     "morphology.py", "morphology_data", "translit", "migrations")]
    roots += [_synthetic.GLOSSARY_DIR, HERE / "_synthetic.py"]
    for root in roots:
        paths = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in paths:
            if path.is_file() and path.suffix in (".py", ".toml", ".txt", ".json") \
                    and "__pycache__" not in path.parts:
                h.update(path.name.encode() + b"\0" + path.read_bytes())
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, text=True,
                                capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "glossary"], cwd=HERE,
                               text=True, capture_output=True, check=True).stdout.strip()
        commit += "+uncommitted changes" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return h.hexdigest()[:16], commit


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, int(-(-q * len(sorted_values) // 100)))  # ceil(q/100 * n)
    return sorted_values[min(rank, len(sorted_values)) - 1]


def file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm"))
               if p.exists())


def stored_params(path: Path, key: str = BENCH_META_KEY) -> str | None:
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def build(path: Path, glossary, params: str, digest: str) -> dict:  # noqa: ANN001
    from kzgloss.db import ensure_schema, make_engine
    from kzgloss.termbase import load_glossary, set_meta

    for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        if p.exists():
            p.unlink()
    url = "sqlite:///" + str(path)
    t0 = time.perf_counter()
    ensure_schema(url)
    t1 = time.perf_counter()
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            counts = load_glossary(connection, glossary)
            set_meta(connection, BENCH_META_KEY, params)
            set_meta(connection, DIGEST_META_KEY, digest)
        t2 = time.perf_counter()
    finally:
        engine.dispose()
    t3 = time.perf_counter()
    return {"schema_s": t1 - t0, "load_s": t2 - t1, "close_s": t3 - t2, "total_s": t3 - t0,
            "counts": counts}


def table_counts(path: Path) -> dict[str, int]:
    import sqlite3

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("concept", "term", "lookup_key", "fuzzy_key")}
    finally:
        con.close()


def table_sizes(path: Path) -> list[tuple[str, int]]:
    """Bytes per table/index (dbstat), biggest first; empty when dbstat is not compiled in."""
    import sqlite3

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name "
                           "ORDER BY 2 DESC LIMIT 8").fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        con.close()
    return rows


def run_lookups(url: str, queries_by_class: dict, warmup: list) -> dict:
    from kzgloss.lookup import lookup
    from kzgloss.reader import open_reader

    today = dt.date.today()
    results = {}
    with open_reader(url) as reader:
        for q in warmup:
            try:
                lookup(reader, q.text, on=today)
            except Exception:  # noqa: BLE001 - counted in the timed runs below
                pass
        for cls, queries in queries_by_class.items():
            times, cpu, rows = [], [], []
            for q in queries:
                error = None
                c0 = time.thread_time()
                t0 = time.perf_counter()
                try:
                    matches = lookup(reader, q.text, on=today)
                except Exception as exc:  # noqa: BLE001 - a crash is a failed query, reported
                    matches = []
                    error = f"{type(exc).__name__}: {exc}"
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.thread_time() - c0) * 1000)
                top = matches[0] if matches else None
                tied = [m.concept for m in matches if top and m.score == top.score]
                rows.append({
                    "q": q, "ms": times[-1],
                    "top1": bool(top and top.concept == q.concept),
                    "tie": q.concept in tied and len(tied) > 1,
                    "top10": any(m.concept == q.concept for m in matches),
                    "got": (f"{top.concept} [{top.match} {top.score:.1f} via {top.matched_term!r}]"
                            if top else f"ERROR {error}" if error else "nothing"),
                    "error": error,
                    "rank": next((i + 1 for i, m in enumerate(matches) if m.concept == q.concept), None),
                })
            results[cls] = {"times": times, "cpu": cpu, "rows": rows}
    return results


def typo_ground_truth(glossary, results: dict) -> None:  # noqa: ANN001
    """Mark misspelled queries whose folded key is at least as close (optimal string alignment
    distance: a transposition is one edit) to another concept's term as to the intended one's.
    No lookup can be blamed for those; brute force over every term (rapidfuzz, C)."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    from kzgloss.text import folded_key

    by_id = {c.id: c for c in glossary.concepts}
    keys, owners = [], []
    for concept in glossary.concepts:
        for term in concept.terms:
            keys.append(folded_key(term.text))
            owners.append(concept.id)
    for r in results.get("misspelled", {}).get("rows", []):
        q = r["q"]
        qkey = folded_key(q.text)
        own = min(OSA.distance(qkey, folded_key(t.text)) for t in by_id[q.concept].terms)
        close = process.extract(qkey, keys, scorer=OSA.distance, score_cutoff=own, limit=None)
        rivals = sorted({owners[i] for _, _, i in close} - {q.concept})
        r["own_distance"] = own
        r["rivals"] = rivals
        r["ambiguous"] = bool(rivals)


def summarize(results: dict) -> list[dict]:
    out = []
    for cls, res in results.items():
        t = sorted(res["times"])
        c = sorted(res["cpu"])
        rows = res["rows"]
        n = len(rows)
        out.append({
            "class": cls, "n": n, "p50": percentile(t, 50), "p95": percentile(t, 95), "max": t[-1],
            "cpu_p50": percentile(c, 50), "cpu_p95": percentile(c, 95),
            "top1": 100 * sum(r["top1"] for r in rows) / n,
            "top1_or_tie": 100 * sum(r["top1"] or r["tie"] for r in rows) / n,
            "top10": 100 * sum(r["top10"] for r in rows) / n,
            "errors": sum(1 for r in rows if r["error"]),
        })
    return out


def breakdown(results: dict) -> list[dict]:
    out = []
    for cls, res in results.items():
        by_sub: dict[str, list] = {}
        for r in res["rows"]:
            sub = r["q"].sub
            if cls in ("misspelled", "inflected"):
                sub = sub.split(":")[0]  # the language (misspelled: en, ru, kk-Cyrl, kk-Latn)
            by_sub.setdefault(sub, []).append(r)
            if cls == "misspelled":  # and by the kind of edit
                by_sub.setdefault("edit: " + r["q"].sub.split(":")[1], []).append(r)
        for sub in sorted(by_sub):
            rows = by_sub[sub]
            t = sorted(r["ms"] for r in rows)
            real = [r for r in rows if r["q"].concept and not r["q"].concept.startswith("syn-")]
            out.append({"class": cls, "sub": sub, "n": len(rows), "p50": percentile(t, 50),
                        "p95": percentile(t, 95),
                        "top1": 100 * sum(r["top1"] for r in rows) / len(rows),
                        "real_n": len(real),
                        "real_top1": (100 * sum(r["top1"] for r in real) / len(real)) if real else None})
    return out


def time_process(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall ms, CPU ms = user + system of the child) of one run of *cmd*."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ms = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return ms, cpu


def cli_command() -> tuple[list[str], str]:
    script = Path(sys.executable).with_name("kzgloss")
    if script.exists() and not NEED_SRC:
        return [str(script)], str(script)
    return [sys.executable, "-m", "kzgloss"], f"{Path(sys.executable).name} -m kzgloss"


def run_cli(db: Path, queries: list[tuple[str, str]], runs: int) -> tuple[dict[str, list], str]:
    env = dict(os.environ)
    if NEED_SRC:
        env["PYTHONPATH"] = str(SRC) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("KZGLOSS_DB", None)
    prefix, label = cli_command()
    cmds = {
        "python -c pass": [sys.executable, "-c", "pass"],
        'python -c "import click, sqlite3, polib"': [sys.executable, "-c", "import click, sqlite3, polib"],
    }
    for name, q in queries:
        cmds[f"{label} lookup <{name}> --db FILE"] = prefix + ["lookup", q, "--db", str(db)]
    # sanity: the CLI works and finds something
    check = subprocess.run(prefix + ["lookup", queries[0][1], "--db", str(db)], env=env,
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"kzgloss lookup failed ({check.returncode}): {check.stderr[-800:]}")
    for cmd in cmds.values():  # warm the page cache and .pyc files; not counted
        time_process(cmd, env)
    times: dict[str, list] = {name: [] for name in cmds}
    for _ in range(runs):  # interleaved, so drift hits every row alike
        for name, cmd in cmds.items():
            times[name].append(time_process(cmd, env))
    return times, check.stdout.splitlines()[0] if check.stdout else ""


def fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--concepts", type=int, default=100_000, help="concepts incl. the real glossary's")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--db", type=Path, help="SQLite file to build (kept); default: a temp dir")
    ap.add_argument("--reuse", action="store_true", help="skip the build when --db exists (same params)")
    ap.add_argument("--queries", type=int, default=300, help="queries per class (>= 200)")
    ap.add_argument("--cli-runs", type=int, default=15)
    ap.add_argument("--show-failures", type=int, default=6, help="failed queries shown per class")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = ap.parse_args()
    if args.queries < 1:
        ap.error("--queries must be positive")
    if args.queries < 200:
        print(f"note: {args.queries} queries per class is below the 200 the benchmark calls for",
              file=sys.stderr)

    print(f"kzgloss lookup benchmark: {args.concepts:,} concepts, seed {args.seed}, "
          f"{args.queries} queries/class, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs", flush=True)

    tmpdir = None
    if args.db is None:
        tmpdir = Path(tempfile.mkdtemp(prefix="kzgloss-bench-"))
        db = tmpdir / f"lookup-{args.concepts}.sqlite"
    else:
        db = args.db.expanduser().resolve()
        db.parent.mkdir(parents=True, exist_ok=True)
    params = json.dumps({"concepts": args.concepts, "seed": args.seed, "generator": 1}, sort_keys=True)
    digest, commit = code_state()
    print(f"kzgloss {commit}, sources+glossary digest {digest}", flush=True)

    t0 = time.perf_counter()
    gen = _synthetic.Generator(args.seed)
    glossary, meta = gen.concepts(args.concepts)
    gen_s = time.perf_counter() - t0
    n_terms = sum(len(c.terms) for c in glossary.concepts)
    by_lang: dict[str, int] = {}
    for c in glossary.concepts:
        for t in c.terms:
            by_lang[t.lang] = by_lang.get(t.lang, 0) + 1
    print(f"generated {len(glossary.concepts):,} concepts / {n_terms:,} terms in {gen_s:.1f} s "
          f"({', '.join(f'{k} {v:,}' for k, v in sorted(by_lang.items()))})", flush=True)
    sample = [c for c in glossary.concepts if c.id.startswith("syn-")][:4]
    for c in sample:
        print("  e.g. " + " | ".join(f"{t.lang}: {t.text}" for t in c.terms))

    built = None
    if args.reuse and db.exists():
        found = stored_params(db)
        if found != params:
            print(f"error: {db} was built with {found}, not {params}; drop --reuse to rebuild",
                  file=sys.stderr)
            return 2
        built_by = stored_params(db, DIGEST_META_KEY)
        print(f"reusing {db} (built with the same parameters); build skipped", flush=True)
        if built_by != digest:
            print(f"WARNING: {db} was built by other kzgloss sources or glossary (digest {built_by}, "
                  f"now {digest}); its keys may not be what this code would compute. Rebuild "
                  "(drop --reuse) for a clean measurement.", flush=True)
    else:
        print(f"building {db} ...", flush=True)
        gc.collect()
        built = build(db, glossary, params, digest)
        print(f"built in {built['total_s']:.1f} s (schema {built['schema_s']:.2f} s, "
              f"load_glossary+commit {built['load_s']:.1f} s, close {built['close_s']:.2f} s); "
              f"counts {built['counts']}", flush=True)
    size = file_size(db)
    counts = table_counts(db)
    sizes = table_sizes(db)

    qm = _synthetic.QueryMaker(glossary, meta, args.seed)
    queries = {cls: qm.make(cls, args.queries) for cls in _synthetic.CLASSES}
    warm_maker = _synthetic.QueryMaker(glossary, meta, args.seed + 1)
    warmup = [q for cls in _synthetic.CLASSES for q in warm_maker.make(cls, 10)]
    del gen
    gc.collect()

    url = "sqlite:///" + str(db)
    load_lookups = os.getloadavg()[0]
    results = run_lookups(url, queries, warmup)
    t_truth = time.perf_counter()
    typo_ground_truth(glossary, results)
    t_truth = time.perf_counter() - t_truth
    summary = summarize(results)
    sub = breakdown(results)

    # Three CLI queries: a Latin exact term, a one-word Cyrillic term (the Russian lemmatiser
    # is loaded for those) and a typo (the fuzzy and partial stages run).
    from kzgloss.text import script_of

    def first(cls: str, test) -> str:  # noqa: ANN001
        return next((q.text for q in queries[cls] if test(q)), queries[cls][0].text)

    cli_queries = [
        ("exact Latin", first("exact", lambda q: script_of(q.text) == "Latn")),
        ("exact one Cyrillic word", first("exact", lambda q: script_of(q.text) == "Cyrl"
                                          and len(q.text.split()) == 1)),
        ("misspelled", queries["misspelled"][0].text),
    ]
    load_cli = os.getloadavg()[0]
    cli_times, cli_first_line = run_cli(db, cli_queries, args.cli_runs)

    # ---------------------------------------------------------------------------- report
    print()
    print("## Termbase")
    print()
    print("| item | value |")
    print("|---|---|")
    print(f"| concepts (real glossary + synthetic) | {counts['concept']:,} |")
    print(f"| terms | {counts['term']:,} ({', '.join(f'{k} {v:,}' for k, v in sorted(by_lang.items()))}) |")
    print(f"| lookup_key rows | {counts['lookup_key']:,} |")
    print(f"| fuzzy_key rows | {counts['fuzzy_key']:,} |")
    print(f"| generate records (in memory) | {gen_s:.1f} s |")
    if built:
        print(f"| build: ensure_schema | {built['schema_s']:.2f} s |")
        print(f"| build: load_glossary + commit (one transaction) | {built['load_s']:.1f} s |")
        print(f"| build: total | {built['total_s']:.1f} s "
              f"({counts['term'] / built['total_s']:,.0f} terms/s) |")
    else:
        print("| build | skipped (--reuse) |")
    print(f"| DB size | {size / 1e6:.1f} MB ({size / max(counts['term'], 1):,.0f} B/term) |")
    if sizes:
        print(f"| largest tables/indexes | {', '.join(f'{n} {s / 1e6:.1f} MB' for n, s in sizes)} |")
    print()
    print(f"## In-process lookup ({len(warmup)} warm-up queries, then each query once; "
          f"target p95 <= {P95_TARGET_MS:g} ms; 1-min load average before: {load_lookups:.2f} "
          f"on {os.cpu_count()} CPUs)")
    print()
    print("| class | queries | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | top-1 % "
          "| top-1 or tie % | in top-10 % | errors | p95 target |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for s in summary:
        ok = "ok" if s["p95"] <= P95_TARGET_MS else "MISSED"
        print(f"| {s['class']} | {s['n']} | {fmt(s['p50'])} | {fmt(s['p95'])} | {fmt(s['max'])} | "
              f"{fmt(s['cpu_p50'])} | {fmt(s['cpu_p95'])} | "
              f"{s['top1']:.1f} | {s['top1_or_tie']:.1f} | {s['top10']:.1f} | {s['errors']} | {ok} |")
    all_t = sorted(t for r in results.values() for t in r["times"])
    all_c = sorted(t for r in results.values() for t in r["cpu"])
    all_rows = [r for res in results.values() for r in res["rows"]]
    print(f"| **all** | {len(all_t)} | {fmt(percentile(all_t, 50))} | {fmt(percentile(all_t, 95))} | "
          f"{fmt(all_t[-1])} | {fmt(percentile(all_c, 50))} | {fmt(percentile(all_c, 95))} | "
          f"{100 * sum(r['top1'] for r in all_rows) / len(all_rows):.1f} | "
          f"{100 * sum(r['top1'] or r['tie'] for r in all_rows) / len(all_rows):.1f} | "
          f"{100 * sum(r['top10'] for r in all_rows) / len(all_rows):.1f} | "
          f"{sum(1 for r in all_rows if r['error'])} | "
          f"{'ok' if percentile(all_t, 95) <= P95_TARGET_MS else 'MISSED'} |")
    typo_rows = results.get("misspelled", {}).get("rows", [])
    if typo_rows:
        amb = [r for r in typo_rows if r["ambiguous"]]
        clean = [r for r in typo_rows if not r["ambiguous"]]
        print()
        print(f"Misspelled ground truth (brute force over all {counts['term']:,} terms' folded keys, "
              f"OSA distance, {t_truth:.1f} s): {len(amb)} of {len(typo_rows)} typos are at least as "
              f"close to another concept's term as to the intended one (no lookup can be blamed); "
              f"top-1 on the other {len(clean)}: "
              f"{100 * sum(r['top1'] for r in clean) / max(len(clean), 1):.1f} %, "
              f"on the ambiguous ones: {100 * sum(r['top1'] for r in amb) / max(len(amb), 1):.1f} %.")
    print()
    print("Breakdown (real = queries made from the shipped glossary's concepts):")
    print()
    print("| class | kind | queries | p50 ms | p95 ms | top-1 % | real: queries | real: top-1 % |")
    print("|---|---|---|---|---|---|---|---|")
    for b in sub:
        print(f"| {b['class']} | {b['sub']} | {b['n']} | {fmt(b['p50'])} | {fmt(b['p95'])} | "
              f"{b['top1']:.1f} | {b['real_n']} | {fmt(b['real_top1'], 1)} |")
    print()
    print(f"## CLI as a process (median of {args.cli_runs} interleaved runs after one warm-up run "
          f"each; 1-min load average before: {load_cli:.2f})")
    print()
    base_runs = cli_times['python -c "import click, sqlite3, polib"']
    base = statistics.median(w for w, _ in base_runs)
    base_cpu = statistics.median(c for _, c in base_runs)
    print("| command | median wall ms | min ms | max ms | x import baseline (wall) | median CPU ms "
          "| x baseline (CPU) | target (wall) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, runs in cli_times.items():
        t = [w for w, _ in runs]
        med = statistics.median(t)
        med_cpu = statistics.median(c for _, c in runs)
        target = ""
        if "lookup" in name:
            ok = med <= CLI_TARGET_MS and med / base <= CLI_RATIO_TARGET
            target = (f"<= {CLI_TARGET_MS:g} ms and <= {CLI_RATIO_TARGET:g}x: "
                      f"{'ok' if ok else 'MISSED'}")
        print(f"| `{name}` | {med:.1f} | {min(t):.1f} | {max(t):.1f} | {med / base:.2f} | "
              f"{med_cpu:.1f} | {med_cpu / base_cpu:.2f} | {target} |")
    print()
    print("CLI queries: " + ", ".join(f"{name} {q!r}" for name, q in cli_queries)
          + f"; first output line: {cli_first_line!r}")
    if args.show_failures:
        print()
        print("## Failures (top-1 is not the intended concept), first few per class")
        for cls, res in results.items():
            bad = [r for r in res["rows"] if not r["top1"]]
            if not bad:
                continue
            print(f"\n{cls}: {len(bad)} of {len(res['rows'])}")
            for r in bad[: args.show_failures]:
                q = r["q"]
                note = ""
                if r.get("ambiguous"):
                    note = f" (ambiguous typo: as close to {', '.join(r['rivals'][:3])})"
                print(f"  [{q.sub}] {q.text!r} (from {q.source!r}, want {q.concept}, rank "
                      f"{r['rank'] or '-'}) -> {r['got']}{note}")
        slow = sorted((r for res in results.values() for r in res["rows"]), key=lambda r: -r["ms"])
        print("\nSlowest queries:")
        for r in slow[:8]:
            q = r["q"]
            print(f"  {r['ms']:.1f} ms [{q.cls}/{q.sub}] {q.text!r} -> {r['got']}")
    if args.json:
        args.json.write_text(json.dumps({
            "concepts": args.concepts, "seed": args.seed, "gen_s": gen_s, "build": built,
            "db_bytes": size, "counts": counts, "summary": summary, "breakdown": sub,
            "cli_queries": cli_queries,
            "cli_ms": {k: statistics.median(w for w, _ in v) for k, v in cli_times.items()},
            "cli_cpu_ms": {k: statistics.median(c for _, c in v) for k, v in cli_times.items()},
        }, indent=1, default=str))
    if tmpdir is not None:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
