"""Translation-memory benchmark: kzgloss against translate-toolkit and a brute-force scan.

Builds memories of 10k, 100k and 1M segments from real gettext catalogs (the Russian and
Kazakh catalogs shipped in the Django, Weblate, Sphinx and Wagtail wheels, fetched with
``pip download``) plus word-level variants of them, then runs 300 near-duplicate queries
(a changed word, a typo, a dropped, swapped or inserted word, changed punctuation, case, a
number or a placeholder) against

* kzgloss: ``store_segments`` + index refresh into a fresh SQLite file (the import time),
  then :func:`kzgloss.tm.search` through the stdlib reader, as the CLI runs it;
* translate-toolkit's ``translate.search.match.matcher`` built as ``pretranslate --tm``
  builds it (import = parse the memory as a .po file + build the matcher);
* rapidfuzz ``process.extractOne`` over every source (brute force).

Latency is wall-clock per query and, beside it, the CPU time of the querying thread (the
figure that does not grow when other processes share the cores).

Recall@1 counts a query as answered when the top segment has the best score over the whole
memory (ties count), under two references: kzgloss's own score (the one it promises to
rank by) and plain normalized Levenshtein (rapidfuzz ``normalized_similarity``, the
reference the perf notes used). origin@1: the top segment is the one the query was made from.

Usage: python benchmarks/tm.py [--sizes 10k,100k,1m] [--work DIR] [--queries 300]
Needs: pip install translate-toolkit (benchmark only); network for the first pip download.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

WHEELS = ("django==5.2.19", "weblate==5.14.3", "sphinx==9.0.4", "wagtail==8.0.1")
LOCALE = re.compile(r"/locale/(ru|kk)/LC_MESSAGES/[^/]+\.po$")
WORD = re.compile(r"\w+")
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def log(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[max(0, min(len(v) - 1, int(round(q / 100.0 * len(v) + 0.5)) - 1))]


# ------------------------------------------------------------------------------- data

def real_pairs(work: Path, wheels: tuple[str, ...]) -> list[tuple]:
    """(source, target, lang, context, project, file, line) of every translated real entry."""
    import polib

    wdir = work / "wheels"
    wdir.mkdir(parents=True, exist_ok=True)
    pairs, seen = [], set()
    for spec in wheels:
        name, version = spec.split("==")
        found = list(wdir.glob(f"{name}-{version}-*.whl"))
        if not found:
            subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d",
                            str(wdir), spec], check=True)
            found = list(wdir.glob(f"{name}-{version}-*.whl"))
        with zipfile.ZipFile(found[0]) as z:
            for member in sorted(z.namelist()):
                m = LOCALE.search(member)
                if not m:
                    continue
                po = polib.pofile(z.read(member).decode("utf-8"))
                for e in po.translated_entries():
                    target = e.msgstr or e.msgstr_plural.get(0, "")
                    key = (e.msgid, m.group(1), e.msgctxt)
                    if e.msgid and target and key not in seen:
                        seen.add(key)
                        pairs.append((e.msgid, target, m.group(1), e.msgctxt, name, member, e.linenum))
    return pairs


def _mutate(words: list[str], vocab: list[str], rnd: random.Random, other: list[str] | None) -> list[str]:
    w = list(words)
    op = rnd.choice(("swap", "sub", "del", "ins", "splice") if other else ("swap", "sub", "del", "ins"))
    if op == "swap" and len(w) >= 2:
        i = rnd.randrange(len(w) - 1)
        w[i], w[i + 1] = w[i + 1], w[i]
    elif op == "sub" and w:
        w[rnd.randrange(len(w))] = rnd.choice(vocab)
    elif op == "del" and len(w) >= 2:
        del w[rnd.randrange(len(w))]
    elif op == "splice" and other and len(w) >= 2 and len(other) >= 2:
        w = w[: rnd.randrange(1, len(w))] + other[rnd.randrange(1, len(other)):]
    else:
        w.insert(rnd.randrange(len(w) + 1), rnd.choice(vocab))
    return w


def build_segments(pairs: list[tuple], n: int) -> list[tuple]:
    """The real pairs, then variants (1-3 word edits of a real pair) up to *n* segments."""
    rnd = random.Random(20261123)
    vocab = sorted({t for p in pairs for t in WORD.findall(p[0]) if len(t) >= 3 and t.isalpha()})
    tvocab = {lang: sorted({t for p in pairs if p[2] == lang for t in WORD.findall(p[1]) if len(t) >= 3})
              for lang in ("ru", "kk")}
    segs = list(pairs[:n])
    seen = {(p[0], p[2], p[3]) for p in segs}
    split = [(p[0].split(), p[1].split()) for p in pairs]
    while len(segs) < n:
        i, j = rnd.randrange(len(pairs)), rnd.randrange(len(pairs))
        s, t = split[i]
        for _ in range(1 + (rnd.random() < 0.5) + (rnd.random() < 0.25)):
            other = split[j] if rnd.random() < 0.2 else None
            s = _mutate(s, vocab, rnd, other[0] if other else None)
            t = _mutate(t, tvocab[pairs[i][2]], rnd, other[1] if other else None)
        source = " ".join(s)
        key = (source, pairs[i][2], pairs[i][3])
        if len(source) < 2 or key in seen:
            continue
        seen.add(key)
        segs.append((source, " ".join(t)) + pairs[i][2:])
    return segs


EDITS = ("word", "typo", "delete", "swap", "insert", "punctuation", "case", "number", "placeholder")


def near_duplicate(text: str, vocab: list[str], rnd: random.Random) -> str:
    w = text.split()
    op = rnd.choice(EDITS)
    if op == "word" and len(w) >= 2:
        w[rnd.randrange(len(w))] = rnd.choice(vocab)
    elif op == "typo" and any(len(x) >= 4 for x in w):
        i = rnd.choice([i for i, x in enumerate(w) if len(x) >= 4])
        p = rnd.randrange(1, len(w[i]) - 1)
        w[i] = w[i][:p] + rnd.choice("abcdefghijklmnopqrstuvwxyz") + w[i][p + 1:]
    elif op == "delete" and len(w) >= 4:
        del w[rnd.randrange(len(w))]
    elif op == "swap" and len(w) >= 3:
        i = rnd.randrange(len(w) - 1)
        w[i], w[i + 1] = w[i + 1], w[i]
    elif op == "punctuation":
        return text[:-1] if text.endswith((".", ":", "?", "!")) else text + "."
    elif op == "case":
        i = rnd.randrange(len(w))
        w[i] = w[i].lower() if w[i][:1].isupper() else w[i].capitalize()
    elif op == "number":
        digits = [m.start() for m in re.finditer(r"\d", text)]
        if digits:
            p = rnd.choice(digits)
            return text[:p] + str((int(text[p]) + rnd.randrange(1, 9)) % 10) + text[p + 1:]
        w.insert(rnd.randrange(len(w) + 1), str(rnd.randrange(2, 100)))
    elif op == "placeholder":
        m = re.search(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}", text)
        if m:
            return text[:m.start()] + rnd.choice(("%s", "%(name)s", "{0}", "%d")) + text[m.end():]
        w.insert(rnd.randrange(len(w) + 1), "%s")
    else:
        w.insert(rnd.randrange(len(w) + 1), rnd.choice(vocab))
    return " ".join(w)


def make_queries(segs: list[tuple], pairs: list[tuple], count: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    vocab = sorted({t for p in pairs for t in WORD.findall(p[0]) if len(t) >= 3 and t.isalpha()})
    candidates = [k for k, s in enumerate(segs) if len(s[0]) >= 25]
    return [{"q": near_duplicate(segs[k][0], vocab, rnd), "origin": k}
            for k in rnd.sample(candidates, min(count, len(candidates)))]


# ---------------------------------------------------------------------------- systems

def run_kzgloss(segs: list[tuple], queries: list[dict], db: Path) -> dict:
    from kzgloss import tm
    from kzgloss.db import ensure_schema, make_engine
    from kzgloss.reader import open_reader
    from kzgloss.segments import SegmentRecord

    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    t0 = time.perf_counter()
    ensure_schema(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        tm.store_and_index(connection, (
            SegmentRecord(s, t, "en", lang, context=ctx, project=project, file=file, line=line)
            for s, t, lang, ctx, project, file, line in segs))
    engine.dispose()
    import_s = time.perf_counter() - t0
    lat, cpu, tops = [], [], []
    with open_reader(url) as reader:
        for q in queries:
            t0, c0 = time.perf_counter(), time.thread_time()
            found = tm.search(reader, q["q"], limit=1, min_score=0)
            lat.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
            tops.append(found[0].source if found else None)
    size = sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists())
    return {"import_s": import_s, "lat": lat, "cpu": cpu, "tops": tops, "note": f"db {size / 1e6:.0f} MB"}


def run_ttk(segs: list[tuple], queries: list[dict], work: Path) -> dict | None:
    try:
        from translate.search import match
        from translate.storage import pypo
    except ImportError:
        log("translate-toolkit is not installed; pip install translate-toolkit to compare")
        return None
    path = work / f"tm-{len(segs)}.po"

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")

    with path.open("w", encoding="utf-8") as fh:
        fh.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
        for i, (s, t, lang, *_rest) in enumerate(segs):
            fh.write(f'msgctxt "{lang}:{i}"\nmsgid "{esc(s)}"\nmsgstr "{esc(t)}"\n\n')
    t0 = time.perf_counter()
    with path.open("rb") as fh:
        store = pypo.pofile(fh)
    matcher = match.matcher(store, max_candidates=1, min_similarity=75, max_length=1000)
    import_s = time.perf_counter() - t0
    matcher.addpercentage = False
    del store
    lat, cpu, tops = [], [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.thread_time()
        units = matcher.matches(q["q"])
        lat.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        tops.append(str(units[0].source) if units else None)
    path.unlink()
    import translate

    version = getattr(getattr(translate, "__version__", None), "sver", "?")
    return {"import_s": import_s, "lat": lat, "cpu": cpu, "tops": tops,
            "note": f"ttk {version}, pretranslate --tm settings (min_similarity=75)"}


def run_brute(sources: list[str], queries: list[dict]) -> dict:
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    lat, cpu, tops, best = [], [], [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.thread_time()
        choice, value, _ = process.extractOne(q["q"], sources, scorer=Levenshtein.normalized_similarity)
        lat.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
        tops.append(choice)
        best.append(value)
    return {"import_s": 0.0, "lat": lat, "cpu": cpu, "tops": tops, "best_lev": best, "note": "rapidfuzz extractOne"}


def best_kzgloss_scores(sources: list[str], queries: list[dict]) -> list[float]:
    """The best kzgloss score over the whole memory per query, exactly.

    The case-blind normalized distance bounds the score from above, so the best-bounded
    sources (in C, over all of them) are rescored until no bound can beat the best found.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from kzgloss import tm

    folded = [tm._forms(s)[1] for s in sources]
    out = []
    for q in queries:
        qf = tm._forms(q["q"])[1]
        k = 20
        while True:
            found = process.extract(qf, folded, scorer=Levenshtein.normalized_similarity, limit=k)
            best = max(tm.score(q["q"], sources[i]) for _, _, i in found)
            if found[-1][1] * 100 < best or k >= len(sources):
                break
            k *= 4
        out.append(best)
    return out


def summarize(name: str, n: int, result: dict, queries: list[dict], sources: list[str],
              best_kz: list[float], best_lev: list[float]) -> dict:
    from rapidfuzz.distance import Levenshtein

    from kzgloss import tm

    hits_kz = hits_lev = origin = 0
    for q, top, bk, bl in zip(queries, result["tops"], best_kz, best_lev):
        if top is None:
            continue
        hits_kz += tm.score(q["q"], top) >= bk - 1e-9
        hits_lev += Levenshtein.normalized_similarity(q["q"], top) >= bl - 1e-9
        origin += top == sources[q["origin"]]
    k = len(queries)
    return {"segments": n, "system": name, "import s": result["import_s"],
            "p50 ms": pct(result["lat"], 50) * 1e3, "p95 ms": pct(result["lat"], 95) * 1e3,
            "CPU p50 ms": pct(result["cpu"], 50) * 1e3, "CPU p95 ms": pct(result["cpu"], 95) * 1e3,
            "recall@1 % (kzgloss score)": 100.0 * hits_kz / k,
            "recall@1 % (Levenshtein)": 100.0 * hits_lev / k, "origin@1 %": 100.0 * origin / k,
            "note": result.get("note", "")}


def table(rows: list[dict]) -> str:
    cols = list(rows[0])
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in rows:
        cells = []
        for c in cols:
            v = row[c]
            cells.append(f"{v:,.2f}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else str(v))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10k,100k,1m", help="comma-separated: 10k, 100k, 1m")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--work", type=Path, default=Path(os.environ.get(
        "KZGLOSS_BENCH_WORK", Path(tempfile.gettempdir()) / "kzgloss-bench")))
    ap.add_argument("--wheels", default=",".join(WHEELS), help="catalog sources (pip specs)")
    ap.add_argument("--skip", default="", help="systems to leave out: ttk, brute")
    ap.add_argument("--json", type=Path, help="also write the rows here")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    pairs = real_pairs(args.work, tuple(args.wheels.split(",")))
    log(f"{len(pairs)} real translated entries ({len({p[0] for p in pairs})} distinct sources)")
    rows = []
    for tag in args.sizes.split(","):
        n = SIZES[tag.lower()]
        segs = build_segments(pairs, n)
        queries = make_queries(segs, pairs, args.queries, seed=n)
        sources = [s[0] for s in segs]
        log(f"{tag}: {len(segs)} segments, {len(queries)} queries")
        results = {}
        results["kzgloss (n-gram index in SQLite + rapidfuzz)"] = run_kzgloss(
            segs, queries, args.work / f"kz-{tag}.sqlite")
        log(f"  kzgloss done: import {results['kzgloss (n-gram index in SQLite + rapidfuzz)']['import_s']:.1f}s")
        if "ttk" not in args.skip:
            ttk = run_ttk(segs, queries, args.work)
            if ttk:
                results["translate-toolkit match.matcher"] = ttk
                log(f"  ttk done: import {ttk['import_s']:.1f}s")
        brute = run_brute(sources, queries)
        if "brute" not in args.skip:
            results["brute force rapidfuzz (reference)"] = brute
        log("  brute force done")
        best_kz = best_kzgloss_scores(sources, queries)
        for name, result in results.items():
            rows.append(summarize(name, n, result, queries, sources, best_kz, brute["best_lev"]))
            r = rows[-1]
            log(f"  {name}: p50 {r['p50 ms']:.2f} ms, p95 {r['p95 ms']:.2f} ms, recall "
                f"{r['recall@1 % (kzgloss score)']:.1f} / {r['recall@1 % (Levenshtein)']:.1f} %")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
