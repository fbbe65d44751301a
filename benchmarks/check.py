"""Benchmark `kzgloss check` against a plain automaton and one big regex (issue 7).

    python benchmarks/check.py [--mb 10] [--concepts 10000] [--seed 7]

Builds, in a temporary folder:

* a termbase grown to ``--concepts`` concepts: the shipped ``glossary/`` plus generated
  concepts (en, kk-Cyrl and, for a quarter of them, ru terms; about one in eight with a
  deprecated variant or a superseded, dated former term), so about 50,000 surface forms once
  Russian lexemes, English plurals and Kazakh stems are counted;
* a ``--mb`` MB corpus of .txt and .md files: the article texts in ../shared/sources (when
  present) and generated English, Russian and Kazakh sentences that use the terms, inflected,
  sometimes quoted, with a few homoglyphs.

Then it prints MB/s (10⁶ UTF-8 bytes per second) for

* ``kzgloss check``: reading, folding, matching, every rule and the text report, through the
  library call the CLI makes (``check_paths``), with the termbase already built;
* pyahocorasick over the same surface forms: ``iter_long`` on the lower-cased text plus a
  word-boundary check, nothing else (kzgloss's matcher drives the same automaton, over the
  first words of the forms that can lead to a finding, then checks each place it stops at);
* one big regex alternation of the same forms, timed on a slice (it is ~300x slower).

Figures from a run are in the note of issue 7.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kzgloss.checks import CheckOptions, Termbase, check_paths  # noqa: E402
from kzgloss.checks.dates import parse_date  # noqa: E402
from kzgloss.checks.matcher import Matcher  # noqa: E402
from kzgloss.glossary_files import read_glossary_dir  # noqa: E402
from kzgloss.records import ConceptRecord, TermRecord  # noqa: E402
from kzgloss.report import format_text  # noqa: E402

SOURCES = ROOT.parent / "shared" / "sources"

_LAT = ["ba", "ka", "ta", "ra", "lo", "mi", "ne", "sa", "zhu", "tor", "kan", "bek", "dar", "mur",
        "sen", "tal", "gul", "nur", "as", "er", "ol", "uz", "ai", "ken", "zhan", "bol", "tas", "kul"]
_CYR = {"ba": "ба", "ka": "ка", "ta": "та", "ra": "ра", "lo": "ло", "mi": "ми", "ne": "не",
        "sa": "са", "zhu": "жу", "tor": "тор", "kan": "кан", "bek": "бек", "dar": "дар",
        "mur": "мур", "sen": "сен", "tal": "тал", "gul": "гүл", "nur": "нұр", "as": "ас", "er": "ер",
        "ol": "ол", "uz": "ұз", "ai": "ай", "ken": "кен", "zhan": "жан", "bol": "бол", "tas": "тас",
        "kul": "құл"}
_RU_FOLD = str.maketrans("әғқңөұүһі", "агкноууhи".replace("h", "х"))


def grow_termbase(concepts: list[ConceptRecord], target: int, rng: random.Random) -> list[ConceptRecord]:
    """Add generated concepts until there are ``target``; names are unique syllable strings."""
    seen: set[str] = set()
    out = list(concepts)
    while len(out) < target:
        syllables = [rng.choice(_LAT) for _ in range(rng.randint(2, 4))]
        latin = "".join(syllables)
        if latin in seen:
            continue
        seen.add(latin)
        kk = "".join(_CYR[s] for s in syllables)
        ru = kk.translate(_RU_FOLD)
        n = len(out)
        terms = [TermRecord(latin, "en", "preferred", pos="noun", plural=[latin, latin + "s"]),
                 TermRecord(kk, "kk-Cyrl", "preferred", pos="noun")]
        if n % 4 == 0:
            terms.append(TermRecord(ru, "ru", "preferred", pos="noun"))
        if n % 8 == 1:  # a spelling variant
            terms.append(TermRecord(latin[:2] + "-" + latin[2:], "en", "deprecated", type="variant",
                                    replaced_by=latin))
        if n % 8 == 5:  # a former name, dated
            old = latin + "ovo"
            terms.append(TermRecord(old.capitalize(), "en", "superseded", type="former-name",
                                    pos="proper-noun", valid_until=dt.date(2019, 3, 23),
                                    replaced_by=latin))
        out.append(ConceptRecord(f"gen-{n}", terms=terms))
    return out


# One term slot per sentence: newsroom copy about these subjects names a glossary term in about
# every other sentence, and most of those are the preferred forms.
_EN = ["Officials said {a} would be discussed at the meeting on Monday.",
       "The report was published by the ministry late on Friday evening.",
       "Residents asked about {a} and the new rules for housing.",
       "“We do not accept this,” said a spokesman, adding that talks would go on.",
       "The decision on {a} was welcomed by rights groups."]
_RU = ["Чиновники заявили, что вопрос о {a} обсудят на следующей неделе.",
       "Доклад министерства был опубликован в пятницу вечером.",
       "Жители спросили про {a} и про новые правила.",
       "«Мы это не принимаем», — сказал представитель ведомства.",
       "Правозащитники приветствовали решение о {a}."]
_KK = ["Әкімдік {a} туралы мәселені келесі аптада талқылайды.",
       "Министрліктің баяндамасы жұма күні кешке жарияланды.",
       "Тұрғындар {a} жайлы сұрады.",
       "«Біз мұны қабылдамаймыз», — деді өкіл.",
       "Құқық қорғаушылар {a} туралы шешімді құптады."]
_REAL = {
    "en": ["Oralmans", "Nur-Sultan", "Uighurs", "Ata-Jurt", "Serikjan Bilash", "kandases", "Astana"],
    "ru": ["оралманов", "Нур-Султане", "кандасам", "Астане", "оралманам"],
    "kk": ["оралмандарға", "Нұр-Сұлтанда", "қандастар", "Астанада", "оралмандардың"],
}


def _forms(concepts: list[ConceptRecord]) -> dict[str, list[str]]:
    from kzgloss.morphology import kk_forms, ru_forms

    out: dict[str, list[str]] = {"en": [], "ru": [], "kk": []}
    for concept in concepts:
        for term in concept.terms:
            if term.lang == "en":
                out["en"].extend([term.text, *(term.plural or [])[1:]])
            elif term.lang == "ru" and len(out["ru"]) < 20000:
                out["ru"].extend(sorted(ru_forms(term.text.lower()))[:6])
            elif term.lang == "kk-Cyrl" and " " not in term.text:
                out["kk"].extend(kk_forms(term.text.lower(), limit=8))
    return out


def make_corpus(folder: Path, concepts: list[ConceptRecord], mb: float, rng: random.Random) -> list[Path]:
    """Files of about 1 MB each until ``mb`` MB: source articles plus generated sentences."""
    forms = _forms(concepts)
    articles = [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("0*.txt"))] if SOURCES.is_dir() else []
    templates = {"en": _EN, "ru": _RU, "kk": _KK}
    paths, total, index = [], 0, 0
    while total < mb * 1_000_000:
        parts, size = [], 0
        while size < 1_000_000:
            if articles and rng.random() < 0.03:
                chunk = rng.choice(articles)
            else:
                lang = rng.choice(("en", "ru", "ru", "kk", "kk"))
                words = {"a": rng.choice(_REAL[lang]) if rng.random() < 0.03 else rng.choice(forms[lang])}
                sentences = [rng.choice(templates[lang]).format(**words) for _ in range(rng.randint(2, 5))]
                if rng.random() < 0.01:
                    sentences.append("Бұл кaндас туралы заң." if lang == "kk" else "Это кaндас.")
                chunk = " ".join(sentences)
            parts.append(chunk)
            size += len(chunk.encode("utf-8")) + 2
        ext = ".md" if index % 3 == 0 else ".txt"
        head = "---\ndate: 2023-05-01\n---\n\n" if ext == ".md" else ""
        path = folder / f"corpus-{index:02d}{ext}"
        path.write_text(head + "\n\n".join(parts) + "\n", encoding="utf-8")
        total += path.stat().st_size
        paths.append(path)
        index += 1
    return paths


def surface_forms(concepts: list[ConceptRecord]) -> tuple[list[str], float]:
    """Every exact form and Kazakh stem (the full matcher's keys), and how long that took."""
    start = time.perf_counter()
    full = Matcher(concepts, scope="all")
    return sorted(set(full.exact) | set(full.stems)), time.perf_counter() - start


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def aho_runner(paths: list[Path], forms: list[str]):
    """``(run, build seconds, matches)``: pyahocorasick over the same forms, nothing else."""
    import ahocorasick

    start = time.perf_counter()
    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, len(form))
    automaton.make_automaton()
    build = time.perf_counter() - start

    def run() -> int:
        count = 0
        for path in paths:
            text = path.read_bytes().decode("utf-8").lower()
            n = len(text)
            for end, length in automaton.iter_long(text):
                start = end - length + 1
                if (start == 0 or not text[start - 1].isalnum()) and (end + 1 == n or not text[end + 1].isalnum()):
                    count += 1
        return count
    return run, build, run()


def kzgloss_runner(paths: list[Path], termbase: Termbase, jobs: int = 0):
    """``kzgloss check`` as the CLI runs it (``jobs=0``: one process per CPU for >= 1 MB)."""
    options = CheckOptions(date=parse_date("2023-05-01"))

    def run() -> int:
        # As a new `kzgloss check` process would: nothing memoised by an earlier round (forked
        # workers start from the parent's state).
        termbase.prose_matcher.forget()
        result = check_paths([str(p) for p in paths], termbase, options, jobs=jobs)
        format_text(result.findings)
        return len(result.findings)
    return run


def matcher_runner(paths: list[Path], termbase: Termbase):
    """The matcher alone (read, fold, scan; no rules), to show where the time goes."""
    matcher = termbase.prose_matcher

    def run() -> int:
        return sum(sum(1 for _ in matcher.scan(path.read_bytes().decode("utf-8"))) for path in paths)
    return run


def bench_alternation(paths: list[Path], forms: list[str], sample: int) -> tuple[float, int, float]:
    start = time.perf_counter()
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)")
    build = time.perf_counter() - start
    text = paths[0].read_bytes()[:sample].decode("utf-8", "ignore").lower()
    start = time.perf_counter()
    count = sum(1 for _ in pattern.finditer(text))
    return time.perf_counter() - start, count, build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--concepts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--regex-sample", type=int, default=200_000, help="bytes for the plain alternation")
    parser.add_argument("--rounds", type=int, default=9, help="timed rounds of each method")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    concepts = grow_termbase(read_glossary_dir(ROOT / "glossary").concepts, args.concepts, rng)
    forms, forms_s = surface_forms(concepts)
    start = time.perf_counter()
    termbase = Termbase(concepts)
    matcher = termbase.prose_matcher
    build_s = time.perf_counter() - start
    print(f"termbase: {len(concepts)} concepts, {sum(len(c.terms) for c in concepts)} terms, "
          f"{len(forms)} surface forms (generated in {forms_s:.1f} s); prose matcher: "
          f"{matcher.size} forms, built in {build_s:.1f} s")

    with tempfile.TemporaryDirectory() as tmp:
        paths = make_corpus(Path(tmp), concepts, args.mb, rng)
        mb = sum(p.stat().st_size for p in paths) / 1e6
        print(f"corpus: {len(paths)} files, {mb:.2f} MB")
        aho_run, aho_build, aho_n = aho_runner(paths, forms)
        runs = {"kz": kzgloss_runner(paths, termbase), "one": kzgloss_runner(paths, termbase, jobs=1),
                "aho": aho_run, "scan": matcher_runner(paths, termbase)}
        findings, scan_n = runs["kz"](), runs["scan"]()
        runs["one"]()
        # Rounds of all four, one after the other: the machine's speed drifts (a shared VM), and
        # a ratio of runs made seconds apart is steadier than one of runs made a minute apart.
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, run in runs.items():
                times[name].append(timed(run))
        kz_s, one_s, aho_s, scan_s = (statistics.median(times[k]) for k in ("kz", "one", "aho", "scan"))
        ratios = sorted(a / k for a, k in zip(times["aho"], times["kz"]))
        alt_s, alt_n, alt_build = bench_alternation(paths, forms, args.regex_sample)
        alt_mb = min(args.regex_sample, paths[0].stat().st_size) / 1e6
        rows = [
            ("kzgloss check (all rules, text report)", mb, kz_s,
             f"{findings} findings, {os.cpu_count()} CPUs"),
            ("kzgloss check --jobs 1 (one process)", mb, one_s, f"{findings} findings"),
            ("kzgloss matcher only (no rules)", mb, scan_s, f"{scan_n} hits"),
            ("pyahocorasick iter_long + boundaries", mb, aho_s, f"{aho_n} matches, build {aho_build:.2f} s"),
            ("one regex alternation", alt_mb, alt_s, f"{alt_n} matches on {alt_mb:.2f} MB, build {alt_build:.2f} s"),
        ]
        print(f"\n{'method':42} {'MB':>6} {'s':>8} {'MB/s':>8}  notes")
        for name, size, secs, note in rows:
            print(f"{name:42} {size:6.2f} {secs:8.3f} {size / secs:8.2f}  {note}")
        print(f"\nkzgloss / pyahocorasick = {statistics.median(ratios):.2f}x (target >= 0.75x; "
              f"median of {args.rounds} rounds, range {ratios[0]:.2f}-{ratios[-1]:.2f}); "
              f"one process: {aho_s / one_s:.2f}x")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
