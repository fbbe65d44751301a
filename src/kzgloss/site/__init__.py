"""The static style-guide site: every concept, source and index as HTML that opens from disk.

>>> from kzgloss.records import Glossary
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as out:
...     build_site(Glossary(), out).pages
7

Layout of the output folder::

    index.html              search box (needs JavaScript) and links to every index
    az/<lang>.html          A–Z of en, ru, kk-Cyrl, kk-Latn
    concepts/<id>.html      one per concept (id made safe by pages.safe_name)
    sources.html            all sources; sources/<id>.html one per source
    changes.html            superseded and deprecated terms by date
    data/search-index.js    the search index (data/search-index.json: the same JSON)
    static/                 style.css, search.js
    .kzgloss-site           the files of the last build, so a rebuild removes stale pages
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kzgloss.errors import InputError, UsageError
from kzgloss.records import Glossary

__all__ = ["SiteReport", "build_site"]

MANIFEST = ".kzgloss-site"


@dataclass(frozen=True, slots=True)
class SiteReport:
    """What a build wrote."""

    out_dir: Path
    pages: int
    concepts: int
    files: tuple[str, ...]


class _Output:
    """Writes files under one folder and refuses any path that resolves outside it."""

    def __init__(self, out_dir: Path) -> None:
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"-o {out_dir}: is a file; give a folder for the site")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"-o {out_dir}: cannot create the folder ({exc.strerror}); "
                             "give a folder you can write to") from exc
        self.root = out_dir.resolve()
        self.written: list[str] = []

    def path(self, relative: str) -> Path:
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root) or target == self.root:
            raise UsageError(f"refusing to write {relative!r}: it is outside {self.root}")
        return target

    def write(self, relative: str, data: str | bytes) -> None:
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.written.append(relative)

    def finish(self) -> None:
        """Record what was written and remove what the previous build wrote and this one did not."""
        manifest = self.root / MANIFEST
        previous = manifest.read_text("utf-8").split("\n") if manifest.is_file() else []
        current = set(self.written)
        for relative in previous:
            stale = (self.root / relative).resolve()
            # Only files of ours: a manifest edited by hand cannot reach outside the folder.
            if relative and relative not in current and stale.is_relative_to(self.root) and stale.is_file():
                stale.unlink()
        manifest.write_text("".join(f"{r}\n" for r in sorted(current)), "utf-8")


def _gather(source: Any) -> tuple[Glossary, dict]:
    from kzgloss.site.search import compute_keys, read_keys

    if isinstance(source, Glossary):
        return source, compute_keys(source.concepts)
    from kzgloss.termbase import read_glossary

    return read_glossary(source), read_keys(source)


def build_site(source: Any, out_dir: str | Path, *, template_dir: str | Path | None = None,
               ui_lang: str = "en") -> SiteReport:
    """Write the site for *source* (a :class:`~kzgloss.reader.Reader` or a
    :class:`~kzgloss.records.Glossary`) into *out_dir*; the interface is in *ui_lang*.

    The same termbase gives byte-identical files. Raises :class:`UsageError` for a bad
    folder or language and :class:`InputError` for a broken user template.
    """
    import jinja2

    from kzgloss.site import pages, search
    from kzgloss.site.render import make_environment

    env = make_environment(template_dir, ui_lang=ui_lang)
    glossary, keys = _gather(source)
    output = _Output(Path(out_dir))
    count = 0
    for page in pages.site_pages(glossary, ui_lang=ui_lang):
        try:
            html = env.get_template(page.template).render(page.context)
        except (jinja2.TemplateSyntaxError, jinja2.UndefinedError) as exc:
            if template_dir is None:
                raise
            raise InputError(f"template {page.template}: {exc.message}",
                             path=getattr(exc, "filename", None),
                             line=getattr(exc, "lineno", None)) from exc
        output.write(page.path, html)
        count += 1
    static = resources.files("kzgloss.site").joinpath("static")
    for item in sorted(static.iterdir(), key=lambda p: p.name):
        if item.is_file() and not item.name.startswith("."):
            output.write(f"static/{item.name}", item.read_bytes())
    index = search.search_index(
        glossary.concepts, keys, href=pages.concept_href,
        label=lambda concept: pages.label_of(concept, ui_lang),
        preferred=pages.preferred_terms)
    output.write("data/search-index.json", search.index_json(index))
    output.write("data/search-index.js", search.index_script(index))
    output.finish()
    return SiteReport(output.root, count, len(glossary.concepts), tuple(sorted(output.written)))
