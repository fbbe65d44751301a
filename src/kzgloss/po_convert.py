"""Convert a Cyrillic Kazakh catalog to the Latin (2021) or Arabic (töte) script.

What GNU gettext's ``recode-sr-latin`` does for Serbian, for Kazakh: every msgstr is
transliterated, while placeholders, URLs, e-mail addresses, markup and Latin-script words are
copied as they are; terms of the termbase are written in the form the glossary records for
the target script (not the mechanical transliteration); the header's ``Language`` and
``Plural-Forms`` are set for the target. msgids, contexts and comments are untouched.

    >>> convert_text("Файлды %(name)s <b>ашу</b>: https://kz.kz, Qandas",
    ...              TARGETS["kk@latin"], {})
    'Faildy %(name)s <b>aşu</b>: https://kz.kz, Qandas'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from kzgloss.errors import CatalogError
from kzgloss.po_parser import PoEntry, PoReader
from kzgloss.po_writer import format_header, write_po

if TYPE_CHECKING:
    from kzgloss.reader import Reader

__all__ = ["Target", "TARGETS", "convert_text", "convert_po", "term_lexicon", "ConvertResult"]

KK_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


@dataclass(frozen=True, slots=True)
class Target:
    language: str      # the Language header of the result
    scheme: str        # kzgloss.translit scheme
    term_lang: str     # glossary terms recorded in this script


TARGETS = {
    "kk@latin": Target("kk@latin", "kk-latn-2021", "kk-Latn"),
    "kk-Arab": Target("kk@arabic", "kk-arab", "kk-Arab"),
}

# Spans copied unchanged; tried left to right, the first alternative that matches wins.
_PROTECTED = re.compile(r"""
    (?:https?|ftp)://[^\s<>"']*[^\s<>"'.,;:!?)\]]     # URL, without trailing punctuation
  | www\.[^\s<>"']*[^\s<>"'.,;:!?)\]]
  | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                       # e-mail address
  | <[^<>]*>                                           # markup tag
  | &(?:[A-Za-z]+|\#[0-9]+|\#x[0-9A-Fa-f]+);            # character entity
  | %(?:[0-9]+\$)?(?:\([^)]*\))?[-\#0 +']*(?:[0-9]+|\*)?(?:\.(?:[0-9]+|\*))?
      (?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsaAp%]   # printf / Python %-format
  | %[0-9]+                                            # Qt %1
  | \{[^{}\s]*\}                                       # {0}, {name}, {name!r:>10}
  | [0-9]*[A-Za-z\u00C0-\u024F]                        # a Latin-script word, without a
    (?:[0-9A-Za-z_'’\u00C0-\u024F]                     # Kazakh ending glued or hyphened
       |-(?=[0-9A-Za-z\u00C0-\u024F]))*                 # to it: URL-ді -> URL-dı
""", re.VERBOSE)
_WORDS = re.compile(r"(\w+)")


def _recase(source: str, form: str) -> str:
    """``form`` in the case of ``source`` (as typed in the catalog)."""
    from kzgloss.translit import kk_upper

    if len(source) > 1 and source.isupper():
        return kk_upper(form)
    if source[:1].isupper() and form[:1].islower():
        return kk_upper(form[0]) + form[1:]
    return form


def _convert_plain(text: str, target: Target, lexicon: Mapping[str, str],
                   longest: int) -> str:
    from kzgloss.translit import transliterate

    if not lexicon:
        return transliterate(text, target.scheme, lang="kk")
    tokens = _WORDS.split(text)   # separators at even, words at odd positions
    out: list[str] = []
    pending: list[str] = []
    i = 0
    while i < len(tokens):
        if i % 2 == 1:
            for words in range(min(longest, (len(tokens) - i + 1) // 2), 0, -1):
                source = "".join(tokens[i:i + 2 * words - 1])
                form = lexicon.get(source.lower())
                if form is not None:
                    if pending:
                        out.append(transliterate("".join(pending), target.scheme, lang="kk"))
                        pending = []
                    out.append(_recase(source, form))
                    i += 2 * words - 1
                    break
            else:
                pending.append(tokens[i])
                i += 1
            continue
        pending.append(tokens[i])
        i += 1
    if pending:
        out.append(transliterate("".join(pending), target.scheme, lang="kk"))
    return "".join(out)


def _longest(lexicon: Mapping[str, str]) -> int:
    return max((len(_WORDS.findall(key)) for key in lexicon), default=0)


def convert_text(text: str, target: Target, lexicon: Mapping[str, str], *,
                 longest: int | None = None) -> str:
    """Transliterate ``text`` for ``target``, leaving protected spans and using ``lexicon``.

    ``lexicon`` maps a lower-case Cyrillic term (one or more words) to its recorded form;
    ``longest`` is its longest key in words (computed when not given).
    """
    if longest is None:
        longest = _longest(lexicon)
    out, pos = [], 0
    for m in _PROTECTED.finditer(text):
        if m.start() > pos:
            out.append(_convert_plain(text[pos:m.start()], target, lexicon, longest))
        out.append(m.group())
        pos = m.end()
    if pos < len(text):
        out.append(_convert_plain(text[pos:], target, lexicon, longest))
    return "".join(out)


def term_lexicon(reader: Reader, target: Target) -> dict[str, str]:
    """Cyrillic Kazakh term (and plural form) → the form the glossary records in ``target``.

    Terms are paired within a concept by status and order (the first preferred Cyrillic term
    with the first preferred Latin one, and so on); plural forms pair position by position.
    """
    from kzgloss.termbase import read_concepts

    lexicon: dict[str, str] = {}
    for concept in read_concepts(reader):
        cyrillic = [t for t in concept.terms if t.lang == "kk-Cyrl"]
        recorded = [t for t in concept.terms if t.lang == target.term_lang
                    and (target.term_lang != "kk-Latn" or t.scheme in (None, "kk-latn-2021"))]
        for status in dict.fromkeys(t.status for t in cyrillic):
            pairs = zip([t for t in cyrillic if t.status == status],
                        [t for t in recorded if t.status == status])
            for source, form in pairs:
                lexicon.setdefault(source.text.lower(), form.text)
                if source.plural and form.plural and len(source.plural) == len(form.plural):
                    for a, b in zip(source.plural, form.plural):
                        lexicon.setdefault(a.lower(), b)
    return lexicon


@dataclass(slots=True)
class ConvertResult:
    entries: int = 0
    converted: int = 0


def _header(reader: PoReader, target: Target) -> PoEntry:
    assert reader.header_entry is not None
    fields = dict(reader.header_fields)
    fields["Language"] = target.language
    if reader.nplurals in (None, 2):
        fields["Plural-Forms"] = KK_PLURAL_FORMS
    # Keep the field order of the input; new fields go at the end.
    keys = [k for k, _ in reader.header_fields] + [k for k in fields if k not in
                                                  dict(reader.header_fields)]
    return reader.header_entry._replace(
        msgstrs=(format_header((k, fields[k]) for k in dict.fromkeys(keys)),))


def _check_source_language(reader: PoReader) -> None:
    from kzgloss.po_import import catalog_language

    value = reader.language
    if value is None:
        return
    try:
        tag = catalog_language(value)
    except ValueError:
        tag = value
    if tag != "kk-Cyrl":
        raise CatalogError(f"the catalog's Language is {value!r}; convert works on Cyrillic "
                           "Kazakh (kk) catalogs", path=reader.path,
                           line=reader.field_line("Language"))


def convert_po(infile: BinaryIO, outfile: BinaryIO, *, target: Target,
               lexicon: Mapping[str, str] | None = None, path: str = "<stdin>") -> ConvertResult:
    """Read a Cyrillic Kazakh catalog from ``infile``, write it in ``target``'s script.

    The input is validated like an import (:class:`CatalogError` with ``FILE:LINE``) before
    anything is written.
    """
    reader = PoReader(infile, path=path, keep_comments=True)
    entries = list(reader)
    _check_source_language(reader)
    lexicon = lexicon or {}
    longest = _longest(lexicon)
    result = ConvertResult(entries=len(entries))
    out = []
    for entry in entries:
        msgstrs = tuple(convert_text(s, target, lexicon, longest=longest) if s else s
                        for s in entry.msgstrs)
        if msgstrs != entry.msgstrs:
            result.converted += 1
        out.append(entry._replace(msgstrs=msgstrs))
    header = [_header(reader, target)] if reader.header_entry is not None else []
    write_po(outfile, header + out)
    return result
