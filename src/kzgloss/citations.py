"""Citations: check that quotes are verbatim and that attested terms are really attested.

A quote must occur in its source's stored text after NFC normalisation and whitespace
collapsing (line breaks in the stored article are not part of what a reader sees). Nothing
else is forgiven: not case, not punctuation, not the apostrophe style.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kzgloss.glossary_files import dump_concept, dump_sources
from kzgloss.records import Glossary
from kzgloss.text import exact_key, nfc

__all__ = ["normalise_for_quote", "quote_in", "lint_glossary", "MAX_QUOTE_CHARS"]

#: A citation's quote is "short": one sentence or less. Longer quotes are reported.
MAX_QUOTE_CHARS = 300
REQUIRED_LANGS = ("en", "ru", "kk-Cyrl")


def normalise_for_quote(text: str) -> str:
    """NFC and single spaces.

    >>> normalise_for_quote("a\\n  b")
    'a b'
    """
    return re.sub(r"\s+", " ", nfc(text)).strip()


def quote_in(quote: str, source_text: str) -> bool:
    """Whether *quote* occurs verbatim in *source_text*.

    >>> quote_in("the word kandas", "He used the word\\nkandas today.")
    True
    >>> quote_in("The word kandas", "He used the word kandas today.")
    False
    """
    return normalise_for_quote(quote) in normalise_for_quote(source_text)


def lint_glossary(glossary: Glossary, directory: Path, *,
                  sources_dir: Path | None = None) -> Iterator[str]:
    """Yield ``file: message`` lines for what a valid glossary may still get wrong.

    Checks: quotes verbatim in the stored source texts (when *sources_dir* has them), quote
    length, attested terms really quoted, every concept has en/ru/kk-Cyrl terms and a
    citation, replacements not themselves retired, and files in canonical form.
    """
    directory = Path(directory)
    sources = {s.id: s for s in glossary.sources}
    texts: dict[str, str] = {}
    for concept in glossary.concepts:
        where = f"{directory / 'concepts' / (concept.id + '.toml')}"
        langs = {t.lang for t in concept.terms}
        for lang in REQUIRED_LANGS:
            if lang not in langs:
                yield f"{where}: concept {concept.id!r} has no {lang} term"
        if not concept.citations and any(t.origin == "attested" for t in concept.terms):
            # A concept no source attests is allowed only as an explicit editorial decision.
            yield f"{where}: concept {concept.id!r} has attested terms but no citation"
        quoted = " ".join(exact_key(c.quote) for c in concept.citations)
        named = {c.term for c in concept.citations if c.term}
        for term in concept.terms:
            if term.origin == "attested" and term.text not in named and exact_key(term.text) not in quoted:
                yield (f"{where}: term {term.text!r} is marked attested but no citation quotes "
                       "it; cite it or mark it origin = \"editorial\"")
            retired = {"deprecated", "superseded", "forbidden"}
            if term.replaced_by and ":" not in term.replaced_by:
                target = next((t for t in concept.terms
                               if t.text == term.replaced_by and t.lang == term.lang), None)
                if target is not None and target.status in retired and not target.history:
                    yield (f"{where}: term {term.text!r} is replaced by {term.replaced_by!r}, "
                           f"which is itself {target.status}")
        for citation in concept.citations:
            if len(citation.quote) > MAX_QUOTE_CHARS:
                yield (f"{where}: quote from {citation.source!r} is {len(citation.quote)} "
                       f"characters; keep quotes to one sentence (≤ {MAX_QUOTE_CHARS})")
            source = sources.get(citation.source)
            if sources_dir is None or source is None or not source.text_file:
                continue
            path = Path(sources_dir) / source.text_file
            if not path.exists():
                continue
            if source.text_file not in texts:
                texts[source.text_file] = path.read_text(encoding="utf-8")
            if not quote_in(citation.quote, texts[source.text_file]):
                yield (f"{where}: quote not found verbatim in {source.text_file}: "
                       f"{citation.quote[:80]!r}")
        path = directory / "concepts" / f"{concept.id}.toml"
        if path.exists() and path.read_text(encoding="utf-8") != dump_concept(concept):
            yield f"{where}: not in canonical form; `kzgloss dump` rewrites it"
    sources_path = directory / "sources.toml"
    if sources_path.exists() and sources_path.read_text(encoding="utf-8") != dump_sources(glossary.sources):
        yield f"{sources_path}: not in canonical form; `kzgloss dump` rewrites it"
