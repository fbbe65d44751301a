"""The static site: pages rendered to tmp_path from real termbases, checked as HTML and as data."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from kzgloss.errors import InputError, UsageError
from kzgloss.records import CitationRecord, ConceptRecord, Glossary, SourceRecord, TermRecord
from kzgloss.site import build_site
from kzgloss.site.pages import safe_name
from kzgloss.site.search import fold_tables

SITE = Path(__file__).resolve().parents[1] / "src" / "kzgloss" / "site"
SEARCH_JS = SITE / "static" / "search.js"
NODE = shutil.which("node")


def build(db_url: str, out: Path, **kw):
    from kzgloss.reader import open_reader

    with open_reader(db_url) as reader:
        return build_site(reader, out, **kw)


@pytest.fixture
def site(loaded_db, tmp_path) -> Path:
    out = tmp_path / "site"
    build(loaded_db, out)
    return out


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- an HTML reader for the checks -----------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """Collects ids, links, headings and each text node with the lang/dir it inherits."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, str | None]] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.anchors: list[str] = []
        self.h1 = 0
        self.texts: list[tuple[str, str | None, str | None]] = []
        self.labels: set[str] = set()
        self.inputs: list[dict[str, str | None]] = []
        self.html_lang: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        parent_lang, parent_dir = (self.stack[-1][1:] if self.stack else (None, None))
        lang = a.get("lang", parent_lang)
        direction = a.get("dir", parent_dir if "lang" not in a else None)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            self.anchors.append(a["href"])
        if tag in ("link", "script") and (a.get("href") or a.get("src")):
            self.links.append(a.get("href") or a.get("src"))
        if tag == "h1":
            self.h1 += 1
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])
        if tag == "input":
            self.inputs.append(a)
        if tag not in VOID:
            self.stack.append((tag, lang, direction))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not (self.stack and self.stack[-1][0] in ("script", "style")):
            _, lang, direction = self.stack[-1] if self.stack else ("", None, None)
            self.texts.append((data.strip(), lang, direction))


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


# --- the pages --------------------------------------------------------------------------------

def test_layout_and_stable_urls(site):
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"index.html", "changes.html", "az/en.html", "az/ru.html", "az/kk-Cyrl.html",
            "az/kk-Latn.html", "concepts/kandas.html", "concepts/astana.html",
            "concepts/atajurt.html", "sources.html", "sources/caravanserai-2020.html",
            "static/style.css", "static/search.js", "data/search-index.js",
            "data/search-index.json", ".kzgloss-site"} == names


def test_entry_page_search_box(site):
    page = Page(read(site / "index.html"))
    search = [i for i in page.inputs if i.get("type") == "search"]
    assert [i["id"] for i in search] == ["q"] and "q" in page.labels
    assert "data/search-index.js" in page.links and "static/search.js" in page.links
    for href in ("az/en.html", "az/ru.html", "az/kk-Cyrl.html", "az/kk-Latn.html", "changes.html",
                 "sources.html"):
        assert href in page.links


def test_every_page_is_accessible_and_links_resolve(site):
    for path in html_files(site):
        text = read(path)
        page = Page(text)
        where = path.relative_to(site).as_posix()
        assert text.startswith("<!DOCTYPE html>\n<html lang=\"en\">"), where
        assert page.h1 == 1, where
        assert len(page.ids) == len(set(page.ids)), where
        assert page.anchors[0] == "#main" and "main" in page.ids, where  # skip link first
        for field in page.inputs:
            assert field.get("id") in page.labels, (where, field)
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme:
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file() and target.is_relative_to(site.resolve()), (where, href)
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in Page(read(target)).ids, (where, href)


def test_every_run_of_cyrillic_or_arabic_text_has_its_lang(site):
    # The interface is English here, so Cyrillic and Arabic text inherits the wrong language
    # unless its own element says otherwise.
    for path in html_files(site):
        for text, lang, direction in Page(read(path)).texts:
            if re.search(r"[\u0400-\u04ff]", text) and not re.search(r"[A-Za-z]{4}", text):
                assert lang in ("ru", "kk"), (path.name, text, lang)
            if re.search(r"[\u0600-\u06ff]", text):
                assert lang == "kk-Arab" and direction == "rtl", (path.name, text, lang)


def test_concept_page_shows_kk_ru_en_side_by_side(site):
    text = read(site / "concepts" / "kandas.html")
    columns = re.findall(r'<section class="column" aria-labelledby="col-(\w+)">', text)
    assert columns == ["kk", "ru", "en"]
    kk, ru, en = re.split(r'<section class="column"', text)[1:4]
    assert '<span class="term-text" lang="kk">қандас</span> <span class="badge badge-preferred">' in kk
    assert '<span class="term-text" lang="ru">оралман</span> <span class="badge badge-superseded">' in ru
    assert '<span class="term-text" lang="en">kandas</span>' in en
    # replaced-by, in the term and in its timeline
    assert 'Use instead: <a href="../concepts/kandas.html#term-5" lang="kk">қандас</a>' in kk
    assert '<time datetime="2020-05-13">May 13, 2020</time> <span class="badge badge-superseded">' in en
    assert "Used as an insult in some contexts." in en
    # transliterations in every scheme of the term's language
    assert '<th scope="row">Kazakh Latin alphabet (2021)</th><td lang="kk-Latn">qandas</td>' in kk
    assert '<td lang="kk-Arab" dir="rtl">قانداس</td>' in kk
    assert '<th scope="row">ISO 9</th><td lang="kk-Latn">ķandas</td>' in kk
    assert '<th scope="row">ICAO (passports)</th><td lang="ru-Latn">kandas</td>' in ru
    assert "Kazakh Latin alphabet (2021)" not in ru


def test_citation_quotes_verbatim_and_links_to_source(site):
    text = read(site / "concepts" / "kandas.html")
    assert ('<blockquote lang="en"><p>changed the term &#34;Oralman&#34; (returnee) to '
            '&#34;kandas&#34; (native, blood related).</p></blockquote>') in text
    assert '<a href="../sources/caravanserai-2020.html" lang="en">Kazakhstan eases citizenship' in text
    source = read(site / "sources" / "caravanserai-2020.html")
    assert '<a href="../concepts/kandas.html#cite-1" lang="en">kandas</a>' in source
    assert "Kanat Altynbayev" in source and '<time datetime="2020-05">2020-05</time>' in source


def test_history_timeline_and_changes_page(site):
    astana = read(site / "concepts" / "astana.html")
    timeline = astana.split('<span class="term-text" lang="en">Astana</span>')[1].split("</ol>")[0]
    assert timeline.index("March 23, 2019") < timeline.index("September 17, 2022")
    assert 'badge-superseded">superseded</span> <span class="arrow" aria-hidden="true">→</span>' in timeline
    changes = read(site / "changes.html")
    years = re.findall(r'<h2 id="year-(\d+)">', changes)
    assert years == ["2022", "2020", "2019"]
    assert '<a href="concepts/atajurt.html#term-2" lang="en">Ata-Jurt</a>' in changes  # undated
    row = changes.split('lang="ru">оралман</a>')[1].split("</tr>")[0]
    assert 'badge-superseded' in row and '<a href="concepts/kandas.html#term-3" lang="ru">кандас</a>' in row


@pytest.mark.parametrize("tag,first,letter", [
    ("en", "Astana", "A"),
    ("ru", "Астана", "А"),
    ("kk-Cyrl", "Астана", "А"),
    ("kk-Latn", "Astana", "A"),
])
def test_az_pages(site, tag, first, letter):
    text = read(site / "az" / f"{tag}.html")
    sections = re.findall(r'<h2 id="(letter-[\w-]+)" lang="[\w-]+">(.+?)</h2>', text)
    assert sections[0][1] == letter
    first_entry = re.search(r'<ul class="az-list">\n<li><a href="[^"]+" lang="([\w-]+)">([^<]+)</a>', text)
    assert first_entry.groups() == ({"kk-Cyrl": "kk"}.get(tag, tag), first)


def test_kazakh_order_and_generated_latin(site):
    kk = read(site / "az" / "kk-Cyrl.html")
    # Kazakh order: А ... К Қ ... О Ө; Python's code-point order would put Қ after Я.
    heads = re.findall(r'<h2 id="letter-[\w-]+" lang="kk">(.+?)</h2>', kk)
    assert heads == sorted(heads, key="АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ".index)
    assert "Қ" in heads and "О" in heads
    latin = read(site / "az" / "kk-Latn.html")
    assert '>qandas</a>' in latin  # stored
    assert 'lang="kk-Latn">Atajūrt</a> <span class="generated">automatic transliteration</span>' in latin


def test_hostile_text_is_escaped_everywhere(tmp_path):
    hostile = '<script>alert("x")</script>'
    glossary = Glossary(
        concepts=[ConceptRecord(
            id="evil", note={"en": hostile}, definition={"ru": hostile},
            terms=[TermRecord(text=hostile, lang="en", status="preferred", note=hostile),
                   TermRecord(text="зло" + hostile, lang="ru", status="deprecated", replaced_by=hostile)],
            citations=[CitationRecord(source="s", quote=hostile, term=hostile, locator=hostile)])],
        sources=[SourceRecord(id="s", title=hostile, publisher=hostile, url='javascript:alert(1)"><script>')])
    out = tmp_path / "site"
    build_site(glossary, out)
    for path in out.rglob("*"):
        if path.suffix in (".html", ".js", ".json") and path.name != "search.js":
            text = read(path)
            assert "<script>alert" not in text, path
    assert "javascript:" not in read(out / "sources" / "s.html")
    concept = read(out / "concepts" / "evil.html")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in concept
    assert '"\\u003cscript>alert(\\"x\\")\\u003c/script>"' in read(out / "data" / "search-index.js")


def test_source_url_is_linked(tmp_path):
    glossary = Glossary(
        concepts=[ConceptRecord(id="c", terms=[TermRecord(text="term", lang="en", status="preferred")],
                                citations=[CitationRecord(source="s", quote="a term here")])],
        sources=[SourceRecord(id="s", title="Report", url="https://example.org/a?b=1&c=2")])
    build_site(glossary, tmp_path)
    assert ('<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">'
            in read(tmp_path / "sources" / "s.html"))
    assert '<blockquote lang="en" cite="https://example.org/a?b=1&amp;c=2">' in read(tmp_path / "concepts" / "c.html")


def test_user_template_overrides_and_extends_default(loaded_db, tmp_path):
    templates = tmp_path / "branding"
    templates.mkdir()
    (templates / "concept.html").write_text(
        '{% extends "default:concept.html" %}\n'
        '{% block citations %}<p class="house">Quotes are on the intranet.</p>{% endblock %}\n',
        encoding="utf-8")
    (templates / "base.html").write_text(
        read(SITE / "templates" / "base.html").replace("{% block footer %}", "{% block footer %}Daily News · "),
        encoding="utf-8")
    out = tmp_path / "site"
    build(loaded_db, out, template_dir=templates)
    kandas = read(out / "concepts" / "kandas.html")
    assert '<p class="house">Quotes are on the intranet.</p>' in kandas and "<blockquote" not in kandas
    assert "Daily News · " in kandas and "Daily News · " in read(out / "index.html")
    assert '<span class="term-text" lang="kk">қандас</span>' in kandas


def test_broken_user_template_names_file_and_line(loaded_db, tmp_path):
    templates = tmp_path / "branding"
    templates.mkdir()
    (templates / "source.html").write_text('{% extends "default:source.html" %}\n{% block main %}\n'
                                           "{{ no_such_thing }}{% endblock %}\n", encoding="utf-8")
    with pytest.raises(InputError, match="no_such_thing"):
        build(loaded_db, tmp_path / "a", template_dir=templates)
    (templates / "source.html").write_text("{% block main %}\n{% if %}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        build(loaded_db, tmp_path / "b", template_dir=templates)
    assert info.value.line == 2 and info.value.path.endswith("source.html")


def test_rebuild_is_byte_identical_and_removes_stale_pages(loaded_db, tmp_path):
    from kzgloss.reader import open_reader
    from kzgloss.termbase import read_glossary

    first, second = tmp_path / "one", tmp_path / "two"
    build(loaded_db, first)
    build(loaded_db, second)
    build(loaded_db, second)  # over itself
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # The stored keys and the keys computed from records give the same site.
    with open_reader(loaded_db) as reader:
        glossary = read_glossary(reader)
    build_site(glossary, tmp_path / "three")
    for name in files:
        assert (first / name).read_bytes() == (tmp_path / "three" / name).read_bytes(), name
    # A concept that is gone loses its page; files kzgloss did not write stay.
    (second / "notes.txt").write_text("mine", encoding="utf-8")
    glossary.concepts = [c for c in glossary.concepts if c.id != "astana"]
    build_site(glossary, second)
    assert not (second / "concepts" / "astana.html").exists()
    assert (second / "concepts" / "kandas.html").exists() and (second / "notes.txt").exists()
    # A manifest edited to name files outside the folder removes nothing there.
    (tmp_path / "outside.txt").write_text("keep", encoding="utf-8")
    with open(second / ".kzgloss-site", "a", encoding="utf-8") as manifest:
        manifest.write("../outside.txt\n")
    build_site(glossary, second)
    assert (tmp_path / "outside.txt").exists()


@pytest.mark.parametrize("ident,name", [
    ("kandas", "kandas"),
    ("ata-jurt-2", "ata-jurt-2"),
    ("../../etc/passwd", "_2e__2e__2f__2e__2e__2f_etc_2f_passwd"),
    ("Kandas", "_4b_andas"),
    ("a_b", "a_5f_b"),
    ("a/b", "a_2f_b"),
    ("", "_"),
    ("NUL", "_4e__55__4c_"),
    ("nul", "nul_"),
    ("қандас", "_49b__430__43d__434__430__441_"),
])
def test_safe_name(ident, name):
    assert safe_name(ident) == name


def test_safe_names_are_distinct_and_short():
    ids = ["a_b", "a-b", "a/b", "A-b", "a.b", "x" * 500, "x" * 499 + "y"]
    names = [safe_name(i) for i in ids]
    assert len(set(names)) == len(names)
    assert all(len(n) <= 120 and re.fullmatch(r"[a-z0-9_-]+", n) for n in names)


def test_nothing_is_written_outside_the_folder(tmp_path):
    glossary = Glossary(concepts=[
        ConceptRecord(id=ident, terms=[TermRecord(text=f"t{n}", lang="en", status="preferred")])
        for n, ident in enumerate(["../../escape", "/abs/path", "..", "con"])])
    out = tmp_path / "deep" / "site"
    build_site(glossary, out)
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(out)]
    assert outside == []
    assert len(list((out / "concepts").iterdir())) == 4


def test_bad_output_and_language(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError, match="is a file; give a folder for the site"):
        build_site(Glossary(), tmp_path / "file")
    with pytest.raises(UsageError, match='unknown interface language "de"'):
        build_site(Glossary(), tmp_path / "x", ui_lang="de")
    assert not (tmp_path / "x").exists()


def test_cli_site(runner, loaded_db, tmp_path):
    from kzgloss.cli import cli

    out = tmp_path / "site"
    result = runner.invoke(cli, ["site", "-o", str(out), "--ui-lang", "kk", "--db", loaded_db])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote 11 pages for 3 concepts; open ")
    assert '<html lang="kk">' in read(out / "index.html")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["site", "-o", str(tmp_path / "file"), "--db", loaded_db])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '-o' / '--output': Directory '{tmp_path / 'file'}' is a file.")


# --- the interface in three languages -------------------------------------------------------------

@pytest.mark.parametrize("ui_lang,search,status,az", [
    ("en", "Search", "preferred", "Kazakh А–Я (Cyrillic)"),
    ("kk", "Іздеу", "ұсынылатын", "Қазақша А–Я (кирилл жазуы)"),
    ("ru", "Поиск", "предпочтительный", "Казахский А–Я (кириллица)"),
])
def test_interface_language(loaded_db, tmp_path, ui_lang, search, status, az):
    out = tmp_path / ui_lang
    build(loaded_db, out, ui_lang=ui_lang)
    index = read(out / "index.html")
    assert f'<html lang="{ui_lang}">' in index and f'<button type="submit">{search}</button>' in index
    assert f">{az}</a>" in index
    kandas = read(out / "concepts" / "kandas.html")
    assert f'<span class="badge badge-preferred">{status}</span>' in kandas
    labels = json.loads(re.search(r'<script type="application/json" id="search-labels">(.+?)</script>',
                                  index).group(1))
    assert labels["status"]["preferred"] == status and "{query}" in labels["results"]


def _extracted_ids() -> set:
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(SITE / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    return {message for _, _, message, _, _ in
            extract_from_dir(str(SITE), method_map, options_map,
                             keywords={"_": None, "gettext": None, "ngettext": (1, 2)})}


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_catalog_is_current_and_complete(lang):
    from babel.messages import checkers
    from babel.messages.pofile import read_po

    from kzgloss.site.render import catalog_path

    with open(catalog_path(lang), "rb") as f:
        catalog = read_po(f, locale=lang)
    ids = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}
    assert ids == _extracted_ids(), "run the pybabel commands in src/kzgloss/site/babel.cfg"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        if lang != "en":
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings), f"{lang}: untranslated {message.id!r}"
            for check in (checkers.python_format, checkers.num_plurals):
                check(catalog, message)
            if isinstance(message.id, str) and "{query}" in message.id:
                assert "{query}" in message.string


# --- the stylesheet ------------------------------------------------------------------------------

def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_colours_meet_wcag_aa():
    css = read(SITE / "static" / "style.css")
    pairs = re.findall(r"contrast: (#[0-9a-f]{6}) on (#[0-9a-f]{6})", css)
    for rule in re.findall(r"\{([^{}]*)\}", css):
        fg = re.search(r"(?:^|;)\s*color: (#[0-9a-f]{6})", rule)
        bg = re.search(r"background: (#[0-9a-f]{6})", rule)
        if fg and bg:
            pairs.append((fg.group(1), bg.group(1)))
    assert len(pairs) >= 12
    for fg, bg in pairs:
        assert contrast(fg, bg) >= 4.5, (fg, bg, round(contrast(fg, bg), 2))


def test_print_stylesheet_hides_navigation():
    css = read(SITE / "static" / "style.css")
    printed = css.split("@media print", 1)[1]
    for selector in (".site-nav", ".quick-search", ".search", ".skip-link"):
        assert selector in printed.split("display: none")[0]


# --- the search script, run in node ------------------------------------------------------------

FOLD_INPUTS = [
    "қандас", "Қандас", "кандас", "qandas", "kandas", "Kandas", "QANDAS", "oralman", "Оралман",
    "ОРАЛМАН", "Ata-Jurt", "Atajurt", "Атажұрт", "Şyñjañ", "Shynzhang", "Шыңжаң", "Uighur", "Uyghur",
    "Ұйғыр", "re-education camp", "Nur-Sultan", "Нұр-Сұлтан", "ёлка", "Ёлка", "йод", "ЙОД", "Йоҳан",
    "İle", "ILE", "ıle", "Straße", "ΣΟΦΟΣ", "naïve café", "Émigré", "Zhanaozen", "Жаңаөзен",
    "Щукин", "Юлия", "Xinjiang", "Shchukin", "قانداس", "ورالمان", "  many   spaces ", "a_b-c.d",
    "Ǆemal", "ﬁnal", "1990-е", "Ақ жол", "Ak Zhol", "Qazaqstan", "Казахстан", "Қазақстан",
    "Täuelsizdik", "Тәуелсіздік", "ȘȚ", "Ǧ", "e\u0301", "и\u0306", "Й", "й\u0301",
]


def run_node(script: str, payload) -> object:
    done = subprocess.run([NODE, "-e", script, str(SEARCH_JS)], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_js_folding_agrees_with_python():
    from kzgloss.text import folded_key, loose_key, skeleton_key

    script = """
        const api = require(process.argv[1]);
        const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const f = api.makeFolder(input.tables);
        console.log(JSON.stringify(input.words.map(w => [f.foldedKey(w), f.looseKey(w), f.skeletonKey(w)])));
    """
    got = run_node(script, {"tables": fold_tables(), "words": FOLD_INPUTS})
    want = [[folded_key(w), loose_key(w), skeleton_key(w)] for w in FOLD_INPUTS]
    mismatches = [(w, g, e) for w, g, e in zip(FOLD_INPUTS, got, want) if g != e]
    assert mismatches == []


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_js_search_finds_kandas_from_any_script(shipped_db, tmp_path):
    out = tmp_path / "site"
    build(shipped_db, out)
    index = json.loads(read(out / "data" / "search-index.json"))
    queries = ["кандас", "қандас", "qandas", "oralman", "Оралман", "kandas", "ҚАНДАС", "қандастар",
               "кандасов", "qandastar", "قانداس", "kandases", "oral"]
    script = """
        const api = require(process.argv[1]);
        const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const f = api.makeFolder(input.index.fold);
        console.log(JSON.stringify(input.queries.map(q => api.search(input.index, f, q, 5)
            .map(r => input.index.concepts[r.concept][0]))));
    """
    results = run_node(script, {"index": index, "queries": queries})
    for query, hrefs in zip(queries, results):
        assert "concepts/kandas.html" in hrefs[:2], (query, hrefs)
    for query, hrefs in zip(queries[:-1], results):
        assert hrefs[0] == "concepts/kandas.html", (query, hrefs)


# --- HTML5 validity, when the Nu validator is at hand ------------------------------------------

def _vnu() -> list[str] | None:
    import os

    jar = os.environ.get("KZGLOSS_VNU_JAR")
    java = shutil.which("java")
    if jar and java and Path(jar).is_file():
        return [java, "-jar", jar]
    return [shutil.which("vnu")] if shutil.which("vnu") else None


@pytest.mark.skipif(_vnu() is None, reason="no Nu HTML checker (set KZGLOSS_VNU_JAR to vnu.jar)")
def test_pages_are_valid_html5(shipped_db, tmp_path):
    out = tmp_path / "site"
    build(shipped_db, out, ui_lang="kk")
    done = subprocess.run([*_vnu(), "--errors-only", "--skip-non-html", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[:3000]
