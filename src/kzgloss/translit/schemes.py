"""The explicit registry of transliteration schemes: one record per name, one table file each."""

from __future__ import annotations

from dataclasses import dataclass

from kzgloss.errors import UsageError

__all__ = ["Scheme", "SCHEMES", "LANGS", "get_scheme"]

#: Source languages a scheme may be asked for.
LANGS = ("kk", "ru")


@dataclass(frozen=True, slots=True)
class Scheme:
    """A transliteration scheme: its name, languages, direction and the standard it follows.

    ``tables`` pairs each language with its table file under ``translit/tables/``.
    ``forward`` is False for the reading-only schemes (Latin typed in an older alphabet).
    """

    name: str
    langs: frozenset[str]
    reversible: bool
    source: str
    tables: tuple[tuple[str, str], ...]
    forward: bool = True

    def table(self, lang: str) -> str:
        """The table file for ``lang``.

        >>> get_scheme("bgn-pcgn").table("ru")
        'bgn-pcgn-ru.toml'
        """
        return dict(self.tables)[lang]


def _one(name: str, langs: str, file: str, source: str, *, reversible: bool, forward: bool = True) -> Scheme:
    codes = frozenset(langs.split())
    return Scheme(name, codes, reversible, source, tuple((lang, file) for lang in sorted(codes)), forward)


SCHEMES: tuple[Scheme, ...] = (
    _one("kk-latn-2021", "kk", "kk-latn-2021.toml",
         "Kazakh Latin alphabet presented to the Government on 28 Jan 2021 (draft decree, 2021)",
         reversible=True),
    _one("kk-arab", "kk", "kk-arab.toml",
         "Kazakh Arabic script (töte) as in Xinjiang: kz_g2p table, MediaWiki KkConverter, hamza rule",
         reversible=True),
    Scheme("bgn-pcgn", frozenset({"kk", "ru"}), False,
           "BGN/PCGN 1979 Kazakh (confirmed 2019); BGN/PCGN 1947 Russian (confirmed 2019)",
           (("kk", "bgn-pcgn-kk.toml"), ("ru", "bgn-pcgn-ru.toml"))),
    _one("iso9", "kk ru", "iso9.toml",
         "ISO 9:1995, Table 3 (= GOST 7.79-2000 system A)", reversible=True),
    _one("gost-7.79-b", "ru", "gost-7.79-b.toml",
         "GOST 7.79-2000 system B, clause 6.2 (Russian)", reversible=True),
    _one("icao", "ru", "icao.toml",
         "ICAO Doc 9303, Cyrillic transliteration (Russian passports since 2014)", reversible=False),
    _one("kk-latn-2018", "kk", "kk-latn-2018.toml",
         "Kazakh Latin alphabet of the decree of 26 Oct 2017 as amended 19 Feb 2018 (acute accents)",
         reversible=True, forward=False),
    _one("kk-latn-2017", "kk", "kk-latn-2017.toml",
         "Kazakh Latin alphabet of the decree of 26 Oct 2017 (apostrophes)",
         reversible=True, forward=False),
    _one("kk-latn-informal", "kk", "kk-latn-informal.toml",
         "Informal ASCII Kazakh Latin (BGN/PCGN-like digraphs); not a standard",
         reversible=True, forward=False),
)


def _unknown(what: str, value: str, valid: list[str]) -> UsageError:
    import difflib

    close = difflib.get_close_matches(value, valid, n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return UsageError(f'unknown {what} "{value}"{hint}; valid {what}s: {", ".join(valid)}')


def get_scheme(name: str, *, lang: str | None = None, reverse: bool = False) -> Scheme:
    """The scheme called ``name``, checked against ``lang`` and the direction asked for.

    Raises :class:`~kzgloss.errors.UsageError` naming the bad value and the valid ones.

    >>> get_scheme("iso9").reversible
    True
    >>> get_scheme("iso-9")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kzgloss.errors.UsageError: unknown scheme "iso-9" (did you mean "iso9"?); valid schemes: ...
    """
    by_name = {s.name: s for s in SCHEMES}
    if name not in by_name:
        raise _unknown("scheme", name, list(by_name))
    scheme = by_name[name]
    if lang is not None and lang not in scheme.langs:
        if lang not in LANGS:
            raise _unknown("language", lang, list(LANGS))
        raise UsageError(f'scheme "{name}" has no table for lang "{lang}"; use --lang {" or --lang ".join(sorted(scheme.langs))}')
    if reverse and not scheme.reversible:
        valid = ", ".join(s.name for s in SCHEMES if s.reversible)
        raise UsageError(f'scheme "{name}" cannot be read back (reverse=True); reversible schemes: {valid}')
    if not reverse and not scheme.forward:
        raise UsageError(f'scheme "{name}" only reads Latin text back to Cyrillic; pass reverse=True')
    return scheme
