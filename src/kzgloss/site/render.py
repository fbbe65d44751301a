"""The Jinja environment of the site: overridable templates, autoescape, strict, translated.

Templates are looked up in the user's folder first (``--templates DIR``), then in the package;
``default:NAME`` always names the packaged one, so an override can extend what it replaces::

    {% extends "default:concept.html" %}
    {% block citations %}{% endblock %}

Filters (Python, since a page holds thousands of runs and a macro call costs ten times more):

==================  ============================================================================
``run|attrs``       `` lang="kk" dir="rtl"``: the attributes of a run (``{"text", "lang", "dir"}``)
``run|text``        the run in a ``<span>`` with those attributes
``runs|texts(sep)`` several runs joined by *sep* (default `` · ``)
``link|link``       ``{"run", "href"}`` as ``<a>`` (href relative to ``root``), or plain text
``date|time``       ``<time datetime="2020-05-13">`` with the date in the interface's language
``date|day``        the date in the interface's language, as text
==================  ============================================================================

The interface labels come from the gettext catalogs in ``site/locales/<lang>/LC_MESSAGES/site.po``,
compiled in memory with babel when the environment is made (no ``.mo`` files to keep in step).
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
from babel.messages.mofile import write_mo
from markupsafe import Markup, escape
from babel.messages.pofile import read_po
from babel.support import Translations

from kzgloss.errors import UsageError

__all__ = ["DOMAIN", "make_environment", "load_translations", "catalog_path"]

DOMAIN = "site"


def catalog_path(ui_lang: str) -> Path:
    """The packaged ``site.po`` of an interface language."""
    return Path(str(resources.files("kzgloss.site"))) / "locales" / ui_lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _mo_bytes(ui_lang: str) -> bytes:
    with catalog_path(ui_lang).open("rb") as f:
        catalog = read_po(f, locale=ui_lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def load_translations(ui_lang: str) -> Translations:
    """The interface catalog of *ui_lang*, compiled from its ``.po`` file.

    >>> load_translations("kk").gettext("Search")
    'Іздеу'
    """
    from kzgloss.site.pages import UI_LANGS

    if ui_lang not in UI_LANGS:
        raise UsageError(f'unknown interface language "{ui_lang}"; use one of {", ".join(UI_LANGS)}')
    return Translations(io.BytesIO(_mo_bytes(ui_lang)), domain=DOMAIN)


def _date_filter(ui_lang: str):
    from babel.dates import format_date

    @cache
    def format_day(value: dt.date) -> str:
        return format_date(value, "long", locale=ui_lang)

    return format_day


def attrs(r: dict) -> Markup:
    out = Markup(' lang="{}"').format(r["lang"])
    return out + Markup(' dir="{}"').format(r["dir"]) if r["dir"] else out


def text(r: dict) -> Markup:
    return Markup("<span{}>{}</span>").format(attrs(r), r["text"])


def texts(runs: list[dict], sep: str = " · ") -> Markup:
    return escape(sep).join(text(r) for r in runs)


@jinja2.pass_context
def link(context: jinja2.runtime.Context, target: dict) -> Markup:
    if not target["href"]:
        return text(target["run"])
    return Markup('<a href="{}{}"{}>{}</a>').format(
        context["root"], target["href"], attrs(target["run"]), target["run"]["text"])


def source_date(value: dict) -> Markup:
    if value["datetime"]:
        return Markup('<time datetime="{}">{}</time>').format(value["datetime"], value["text"])
    return escape(value["text"])


def make_environment(template_dir: str | Path | None = None, *, ui_lang: str = "en") -> jinja2.Environment:
    """The environment every page is rendered with.

    >>> env = make_environment()
    >>> env.from_string("{{ x }}").render(x="<script>")
    '&lt;script&gt;'
    """
    packaged = jinja2.PackageLoader("kzgloss", "site/templates")
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        if not Path(template_dir).is_dir():
            raise UsageError(f"--templates {template_dir}: no such folder; give a folder of .html "
                             "templates that override the packaged ones")
        loaders.append(jinja2.FileSystemLoader(str(template_dir)))
    loaders += [packaged, jinja2.PrefixLoader({"default": packaged}, delimiter=":")]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        # from_string templates count as HTML too, so tests and overrides are escaped alike.
        autoescape=jinja2.select_autoescape(default_for_string=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(load_translations(ui_lang), newstyle=True)  # type: ignore[attr-defined]
    day = _date_filter(ui_lang)
    env.filters.update(
        day=day, attrs=attrs, text=text, texts=texts, link=link, source_date=source_date,
        time=lambda d: Markup('<time datetime="{}">{}</time>').format(d.isoformat(), day(d)))
    from kzgloss.site.pages import AZ_TAGS

    env.globals["az_tags"] = AZ_TAGS
    return env
