"""The built site in headless Chromium, opened from disk: search → concept page → source.

Needs Playwright (``pip install playwright``) and Debian's ``chromium`` (``/usr/bin/chromium``,
or ``$KZGLOSS_CHROMIUM``); Playwright's own browser downloads are not used. Skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
CONCEPT_TITLE = {"en": "kandas", "kk": "қандас", "ru": "кандас"}
PREFERRED = {"en": "preferred", "kk": "ұсынылатын", "ru": "предпочтительный"}
SUPERSEDED = {"en": "superseded", "kk": "ауыстырылған", "ru": "заменённый"}
COLUMNS = {"en": ["Kazakh", "Russian", "English"], "kk": ["Қазақша", "Орысша", "Ағылшынша"],
           "ru": ["Казахский", "Русский", "Английский"]}
SOURCE_TITLE = "Kazakhstan eases citizenship process for ethnic Kazakhs immigrating from China"


def _chromium() -> str | None:
    for candidate in (os.environ.get("KZGLOSS_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = _chromium()
    if executable is None:
        pytest.skip("no system chromium (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def sites(shipped_db, tmp_path_factory) -> dict[str, Path]:
    from kzgloss.reader import open_reader
    from kzgloss.site import build_site

    out = {}
    with open_reader(shipped_db) as reader:
        for ui_lang in ("en", "kk", "ru"):
            out[ui_lang] = tmp_path_factory.mktemp(f"site-{ui_lang}")
            build_site(reader, out[ui_lang], ui_lang=ui_lang)
    return out


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    yield page
    context.close()


def search(page, query: str):
    page.fill("#q", query)
    # The heading names the query, so this waits for these results, not the previous ones.
    page.locator("#results h2", has_text=query).wait_for()
    return page.locator("#results .result-list li").first


@pytest.mark.parametrize("ui_lang", ["en", "kk", "ru"])
def test_search_to_concept_to_source(page, sites, ui_lang, tmp_path):
    page.goto((sites[ui_lang] / "index.html").as_uri())
    assert page.locator("html").get_attribute("lang") == ui_lang
    assert page.locator("h1").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    for query in ("кандас", "qandas", "oralman", "қандастар"):
        first = search(page, query)
        assert first.locator("a.result-title").get_attribute("href") == "concepts/kandas.html", query
        assert first.locator("a.result-title").inner_text() == CONCEPT_TITLE[ui_lang]
    matched = search(page, "oralman").locator(".matched")
    assert "oralman" in matched.inner_text() and SUPERSEDED[ui_lang] in matched.inner_text()
    search(page, "qandas")
    page.screenshot(path=str(tmp_path / f"search-{ui_lang}.png"), full_page=True)

    page.locator("#results a.result-title").first.click()
    page.wait_for_url("**/concepts/kandas.html")
    assert page.locator("h1").inner_text() == CONCEPT_TITLE[ui_lang]
    assert page.locator(".column > h2").all_inner_texts() == COLUMNS[ui_lang]
    kazakh = page.locator(".column").nth(0)
    qandas = kazakh.locator(".term", has=page.locator(".term-text", has_text="қандас")).first
    assert qandas.locator(".badge").first.inner_text() == PREFERRED[ui_lang]
    assert qandas.locator("table.translits").is_visible()
    assert "qandas" in qandas.locator("table.translits").inner_text()
    assert qandas.locator('td[lang="kk-Arab"][dir="rtl"]').inner_text() == "قانداس"
    russian_oralman = page.locator(".column").nth(1).locator(".term-superseded").first
    assert russian_oralman.locator(".term-text").inner_text() == "оралман"
    assert russian_oralman.locator(".replaced a").inner_text() == "кандас"
    assert russian_oralman.locator(".timeline time").first.get_attribute("datetime") == "2020-05-13"
    quote = page.locator(".citations blockquote").first
    assert "changed the term \"Oralman\" (returnee) to \"kandas\"" in quote.inner_text()
    page.screenshot(path=str(tmp_path / f"kandas-{ui_lang}.png"), full_page=True)

    page.locator(".citations figcaption a").first.click()
    page.wait_for_url("**/sources/caravanserai-2020-kandas.html")
    assert page.locator("h1").inner_text() == SOURCE_TITLE
    back = page.locator(".attestations a", has_text=CONCEPT_TITLE[ui_lang]).first
    assert back.get_attribute("href") == "../concepts/kandas.html#cite-1"
    back.click()
    page.wait_for_url("**/concepts/kandas.html#cite-1")
    assert page.errors == []


def test_header_search_from_any_page(page, sites):
    page.goto((sites["en"] / "concepts" / "astana.html").as_uri())
    page.fill("#quick-q", "Нур-Султан")
    page.press("#quick-q", "Enter")
    page.wait_for_url("**/index.html?q=*")
    first = page.locator("#results .result-list li").first
    first.wait_for()
    assert first.locator("a.result-title").get_attribute("href") == "concepts/astana.html"
    assert page.input_value("#q") == "Нур-Султан"
    assert page.errors == []


def test_nothing_found_is_said(page, sites):
    page.goto((sites["ru"] / "index.html").as_uri())
    page.fill("#q", "zzzzqqqq")
    heading = page.locator("#results h2")
    heading.wait_for()
    assert heading.inner_text().startswith("По запросу «zzzzqqqq» ничего не найдено")


def test_without_javascript_the_indexes_link_everything(browser, sites):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((sites["en"] / "index.html").as_uri())
    assert page.locator(".notice").is_visible()  # the <noscript> note
    page.locator(".browse-list a", has_text="Russian А–Я").click()
    page.wait_for_url("**/az/ru.html")
    page.locator(".az-list a", has_text="кандас").first.click()
    page.wait_for_url("**/concepts/kandas.html#term-*")
    assert page.locator("h1").inner_text() == "kandas"
    context.close()


def test_print_stylesheet(page, sites, tmp_path):
    page.goto((sites["en"] / "concepts" / "kandas.html").as_uri())
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden() and page.locator(".quick-search").is_hidden()
    assert page.locator(".columns").is_visible()
    page.pdf(path=str(tmp_path / "kandas.pdf"))
    assert (tmp_path / "kandas.pdf").stat().st_size > 10_000
