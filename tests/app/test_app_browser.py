"""The app in Debian's Chromium (Playwright): ask, read a passage card with its page, open the cited page."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_app_api import NETCONGESTIE, shared_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]


@pytest.fixture(scope="module")
def app(corpus_index, corpus_settings, tmp_path_factory):
    return shared_app(corpus_settings, tmp_path_factory.mktemp("app-logs"))


@pytest.fixture(scope="module")
def page():
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is missing: apt-get install -y chromium (make test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield pg
        browser.close()


def test_ask_read_cards_and_open_the_cited_page(app, page, tmp_path):
    from playwright.sync_api import expect

    page.goto(app.url)
    page.locator("#pqa-question textarea").fill(NETCONGESTIE)
    page.locator("#pqa-ask").click()
    first = page.locator(".pqa-card").first
    expect(first).to_be_visible(timeout=60_000)
    expect(first.locator(".pqa-meta")).to_contain_text("blz. 3 (PDF-pagina 3)")
    expect(first.locator(".pqa-title")).to_contain_text("brief aan informateur")
    expect(first.locator(".pqa-text mark").first).to_have_text("netcongestie")
    first.locator(".pqa-open").click()
    caption = page.locator("#pqa-page-caption")
    expect(caption).to_contain_text("PDF-pagina 3", timeout=60_000)
    image = page.locator("#pqa-page img").first
    expect(image).to_be_visible(timeout=60_000)
    page.wait_for_function("img => img.complete && img.naturalWidth > 500", arg=image.element_handle())
    link = caption.locator("a", has_text="Open de PDF")
    assert link.get_attribute("href").endswith("#page=3")
    expect(page.locator("#pqa-results .pqa-card.pqa-active")).to_have_count(1)
    shot = tmp_path / "app-cited-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    print(f"\nscreenshot: {shot}")


def test_citation_marker_and_pdf_link_open_the_page(app, page):
    from playwright.sync_api import expect

    page.goto(app.url)
    page.locator("#pqa-question textarea").fill("Aanvalsplan Arbeidsmarktkrapte Techniek actielijnen")
    page.locator("#pqa-question textarea").press("Enter")
    marker = page.locator(".pqa-answer a.pqa-cite").first
    expect(marker).to_be_visible(timeout=60_000)
    marker.click()
    caption = page.locator("#pqa-page-caption")
    expect(caption).to_contain_text("PDF-pagina", timeout=60_000)
    href = caption.locator("a", has_text="Open de PDF").get_attribute("href")
    response = page.request.get(app.url + href.split("#")[0])
    assert response.status == 200 and response.body()[:4] == b"%PDF"


def test_documents_tab_lists_the_corpus(app, page):
    from playwright.sync_api import expect

    page.goto(app.url)
    page.get_by_role("tab", name="Documenten").click()
    table = page.locator("table.pqa-docs")
    expect(table).to_contain_text("verkiezingsmanifest Tweede Kamer 2023", timeout=30_000)
    expect(table).to_contain_text("metaalunie_brief_formatie_2025.pdf")


def test_stance_tab_shows_what_changed_between_the_documents(app, page):
    from playwright.sync_api import expect

    page.goto(app.url)
    page.get_by_role("tab", name="Standpunten").click()
    box = page.locator("#stance-topic input")
    box.fill("netcongestie")
    page.locator("#stance-button").click()
    changes = page.locator("#stance-timeline .stance-changes")
    expect(changes).to_be_visible(timeout=60_000)
    expect(changes.locator("h4")).to_contain_text("van 2023-10 (manifest) naar 2025-11 (brief)")
    expect(changes.locator(".stance-new h5")).to_contain_text("Nieuw")
    expect(changes.locator(".stance-new")).to_contain_text("Los netcongestie versneld op")
    expect(changes.locator(".stance-dropped h5")).to_contain_text("Niet meer genoemd")
    expect(changes.locator(".stance-continued h5")).to_contain_text("Blijft")
    link = changes.locator(".stance-new a.stance-page").first
    assert link.get_attribute("href").endswith("#page=3")
