"""Site build benchmark (issue 8): ``build_site`` on a synthetic 10,000-concept termbase.

The termbase is the lookup benchmark's deterministic synthetic one (``_synthetic.py``: the
shipped glossary plus pseudo-word concepts with ~5 terms each in en, ru, kk-Cyrl, kk-Latn and
sometimes kk-Arab), given what a real style guide has and the generator leaves out: a
definition in each language for 40 % of concepts, a usage note for 20 %, a superseded
former term (dated, with its replacement) for 15 %, a deprecated variant for 10 %, and one or
two citations of the shipped sources for 30 %.

It is loaded into SQLite with ``load_glossary`` (one transaction, not timed as the site
build), then ``build_site`` runs on a reader over that file, as ``kzgloss site`` does: once
into an empty folder, once more over it (the rebuild must be byte-identical).

    python benchmarks/site_build.py                       # 10,000 concepts, --ui-lang en
    python benchmarks/site_build.py --concepts 2000 --ui-lang kk --keep /tmp/site-2k
    python benchmarks/site_build.py --db /tmp/tb10k.sqlite   # load once, reuse on later runs
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
try:
    import kzgloss  # noqa: F401
except ImportError:  # not installed in this interpreter: run from the checkout
    sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import _synthetic  # noqa: E402

from kzgloss.records import CitationRecord, ConceptRecord, Glossary, TermRecord  # noqa: E402


def enrich(glossary: Glossary, seed: int) -> Glossary:
    """Add definitions, notes, dated replacements and citations to the synthetic concepts."""
    rng = random.Random(seed)
    sources = [s.id for s in glossary.sources]
    for concept in glossary.concepts:
        if not concept.id.startswith("syn-"):
            continue
        _enrich_one(concept, rng, sources)
    return glossary


def _enrich_one(concept: ConceptRecord, rng: random.Random, sources: list[str]) -> None:
    by_lang = {t.lang: t for t in reversed(concept.terms)}
    if rng.random() < 0.40:
        for lang, key in (("en", "en"), ("ru", "ru"), ("kk-Cyrl", "kk")):
            if lang in by_lang:
                word = by_lang[lang].text
                concept.definition[key] = f"{word}: " + " ".join(
                    rng.choice(concept.terms).text for _ in range(rng.randint(6, 14))) + "."
    if rng.random() < 0.20 and "en" in by_lang:
        concept.note["en"] = f"Prefer {by_lang['en'].text}; the older spelling occurs in quotes."
    if rng.random() < 0.15:
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        for lang in ("en", "ru", "kk-Cyrl"):
            if lang in by_lang:
                current = by_lang[lang]
                current.valid_from = day
                concept.terms.append(TermRecord(
                    text=current.text + ("-old" if lang == "en" else "ов"), lang=lang,
                    status="superseded", type="former-name", valid_until=day,
                    replaced_by=current.text, note="Former official name."))
    if rng.random() < 0.10 and "en" in by_lang:
        concept.terms.append(TermRecord(text=by_lang["en"].text.replace(" ", "-") + "s", lang="en",
                                        status="deprecated", type="variant",
                                        replaced_by=by_lang["en"].text))
    if rng.random() < 0.30 and sources:
        for _ in range(rng.randint(1, 2)):
            term = rng.choice(concept.terms).text
            concept.citations.append(CitationRecord(
                source=rng.choice(sources), quote=f"... the term {term} was used in the report ...",
                term=term, locator=f"paragraph {rng.randint(1, 30)}"))


def load(path: Path, glossary: Glossary) -> float:
    from kzgloss.db import ensure_schema, make_engine
    from kzgloss.termbase import load_glossary

    url = "sqlite:///" + str(path)
    t0 = time.perf_counter()
    ensure_schema(url)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            load_glossary(connection, glossary)
    finally:
        engine.dispose()
    return time.perf_counter() - t0


def digest(folder: Path) -> tuple[int, int, str]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    h = hashlib.sha256()
    size = 0
    for p in files:
        data = p.read_bytes()
        size += len(data)
        h.update(p.relative_to(folder).as_posix().encode() + b"\0" + data)
    return len(files), size, h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--concepts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--ui-lang", default="en", choices=["en", "kk", "ru"])
    parser.add_argument("--keep", type=Path, help="build the site here and keep it")
    parser.add_argument("--db", type=Path, help="termbase file: loaded if missing, reused if present "
                        "(same --concepts and --seed)")
    args = parser.parse_args()

    from kzgloss.reader import open_reader
    from kzgloss.site import build_site

    t0 = time.perf_counter()
    glossary, _ = _synthetic.Generator(args.seed).concepts(args.concepts)
    glossary = enrich(glossary, args.seed)
    n_terms = sum(len(c.terms) for c in glossary.concepts)
    n_cites = sum(len(c.citations) for c in glossary.concepts)
    print(f"generated {len(glossary.concepts):,} concepts, {n_terms:,} terms, {n_cites:,} citations "
          f"in {time.perf_counter() - t0:.1f} s", flush=True)
    with tempfile.TemporaryDirectory(prefix="kzgloss-site-bench-") as tmp:
        db = args.db or Path(tmp) / "termbase.sqlite"
        if db.exists():
            print(f"reusing {db}", flush=True)
        else:
            print(f"loaded into SQLite in {load(db, glossary):.1f} s", flush=True)
        out = args.keep or Path(tmp) / "site"
        timings, cpu, digests = [], [], []
        for label in ("first build", "rebuild over it"):
            t0, c0 = time.perf_counter(), time.process_time()
            with open_reader("sqlite:///" + str(db)) as reader:
                report = build_site(reader, out, ui_lang=args.ui_lang)
            timings.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            files, size, sha = digest(out)
            digests.append(sha)
            print(f"{label}: {timings[-1]:.1f} s wall, {cpu[-1]:.1f} s CPU  ({report.pages:,} pages, "
                  f"{files:,} files, {size / 1e6:.1f} MB, sha256 {sha[:16]})", flush=True)
        index = out / "data" / "search-index.js"
        print(f"search index: {index.stat().st_size / 1e6:.1f} MB; rebuild identical: {digests[0] == digests[1]}")
        # The machine may be shared: CPU time is the steadier number.
        print(f"| concepts | terms | build (wall / CPU) | rebuild (wall / CPU) |\n|---|---|---|---|\n"
              f"| {len(glossary.concepts):,} | {n_terms:,} | {timings[0]:.1f} s / {cpu[0]:.1f} s "
              f"| {timings[1]:.1f} s / {cpu[1]:.1f} s |")


if __name__ == "__main__":
    main()
