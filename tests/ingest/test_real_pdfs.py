"""Real Dutch policy PDFs (../shared/pdfs) read cleanly: no broken characters, no running headers, repaired words."""
from __future__ import annotations

import functools
import re

import pytest

from conftest import SHARED_PDFS
from policy_qa.ingest import ocr
from policy_qa.config import Settings
from policy_qa.ingest.document import ingest_file
from policy_qa.ingest.pdf import read_pdf

pytestmark = pytest.mark.skipif(not SHARED_PDFS.is_dir(), reason=f"real test PDFs not found at {SHARED_PDFS}")

MANIFESTO = "vkp_tk2023_gl-pvda.pdf"
VVD = "vkp_gr2026_amsterdam_vvd.pdf"
CO_MANUAL = "handleiding_co-melder_woo-testbestand.pdf"
SCAN = "nota_lnv_gescand_gelakt_blg-1007826.pdf"
TEXT_PDFS = [MANIFESTO, VVD, CO_MANUAL, "kamerbrief_2011_draagmoederschap.pdf", "motie_kst-32545-143.pdf"]
BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ue000-\uf8ff\ufb00-\ufb06\ufffd]")


@functools.lru_cache(maxsize=None)
def ingested(name: str, use_ocr: bool = False):
    """One real PDF through the whole pipeline (OCR off unless asked: photo pages take seconds each)."""
    settings = Settings.from_env(environ={}, corpus_dir=SHARED_PDFS, ocr=use_ocr)
    return ingest_file(SHARED_PDFS / name, name, None, settings)


def passages_text(name: str) -> str:
    return "\n".join(p.text for p in ingested(name).passages)


@pytest.mark.parametrize("name", TEXT_PDFS)
def test_passages_hold_no_nul_private_use_ligature_or_control_characters(name):
    doc = ingested(name)
    assert doc.passages, f"{name} gave no passages"
    bad = sorted({hex(ord(c)) for p in doc.passages for c in BAD_CHARS.findall(p.text)})
    assert bad == []


def test_manifesto_header_and_page_numbers_are_gone():
    raw = read_pdf(SHARED_PDFS / MANIFESTO)
    header = "GroenLinks-PvdA verkiezingsprogramma 2023-2028"
    assert sum(header in p.text for p in raw.pages) > 90  # the header really is in the PDF
    doc = ingested(MANIFESTO)
    assert len(doc.pages) == 104
    assert not [p.passage_id for p in doc.passages if header.lower() in p.text.lower()]
    assert not [p.number for p in doc.pages if re.search(r"(?m)^\s*\d{1,3}\s*$", p.text)]


def test_manifesto_hyphenation_is_joined_and_split_words_rejoined():
    text = passages_text(MANIFESTO)
    assert not re.search(r"[a-z]-\n[a-z]", text)
    assert "woningcorporaties" in text and "woningcor poraties" not in text
    assert "klimaat- en biodiversiteitscrisis" in text  # a real hyphen stays


def test_vvd_ligatures_are_expanded_and_photo_pages_reported():
    raw = read_pdf(SHARED_PDFS / VVD)
    assert sum(p.text.count("\ufb01") for p in raw.pages) > 10  # 'ﬁ' glyphs in the PDF
    text = passages_text(VVD)
    assert "\ufb01" not in text and re.search(r"\bfi\w+", text)
    assert any("11 of 40 pages not searchable" in p.reason for p in ingested(VVD).problems)


# The broken-font CO manual: every word that pypdf returns with a NUL, and what it must read (checked by eye
# against the rendered page; 'a#elling' is the countdown on the display, so 'aftelling').
CO_WORDS = """ba#erij batterij|concentra#e concentratie|gee# geeft|blij# blijft|ba#erijen batterijen|ba#erijspanning
batterijspanning|ac#e actie|hee# heeft|s#lte stilte|func#e functie|koolmonoxidevergi#iging koolmonoxidevergiftiging|
#jdelijke tijdelijke|#jdens tijdens|instruc#es instructies|installa#e installatie|concentra#es concentraties|
geac#veerd geactiveerd|geven#leerd geventileerd|ven#la#e ventilatie|loca#e locatie|specifica#e specificatie|
schroe#oppen schroefdoppen|produc#e productie|pa#ënten patiënten|erns#ge ernstige|insufficiën#e insufficiëntie|
aangee# aangeeft|akoes#sche akoestische|al#jd altijd|#jd tijd|detec#efunc#e detectiefunctie|s#lle stille|
toekoms#g toekomstig|posi#e positie|plas#c plastic|sugges#es suggesties|ven#lator ventilator|ve#ge vettige|
voch#ge vochtige|bu#on button|func#oneert functioneert|a#elling aftelling|a#ellen aftellen|automa#sch automatisch|
verlich#ng verlichting|rese#en resetten|geïden#ficeerd geïdentificeerd|na#onale nationale|voorschri#en voorschriften|
tussen#jd tussentijd|borstelbeves#ging borstelbevestiging|garan#e garantie|con#nue continue|opera#oneel operationeel|
vers#kkingsmiddel verstikkingsmiddel|zuursto#oevoer zuurstoftoevoer|absorp#e absorptie|halfslach#ge halfslachtige|
a#ankelijk afhankelijk|ini#ële initiële|belas#ng belasting|instor#ng instorting|#jds#p tijdstip|
zuursto#ransportcapaciteit zuurstoftransportcapaciteit|zuursto#ehoe#e zuurstofbehoefte|ma#ge matige|guns#g gunstig|
sigare#enrokers sigarettenrokers|groo#e grootte|ne#o netto"""


def test_co_manual_broken_glyphs_are_repaired_to_the_right_words():
    raw = "\n".join(p.text for p in read_pdf(SHARED_PDFS / CO_MANUAL).pages)
    assert raw.count("\x00") > 150
    text = passages_text(CO_MANUAL).lower()
    pairs = [item.split() for item in CO_WORDS.replace("\n", " ").split("|")]
    wrong = [(broken, right) for broken, right in pairs if not re.search(rf"\b{right}\b", text)]
    assert wrong == [], f"{len(wrong)} of {len(pairs)} words not repaired right"
    assert not re.search(r"\bba(ti|ft)erij|\bgeeti\b|\bheeti\b", text)
    assert any("broken glyphs (NUL characters) repaired" in p.reason for p in ingested(CO_MANUAL).problems)


def test_co_manual_headings_with_broken_glyphs_still_start_their_sections():
    """A bold heading whose ligature was lost ('1.1 Installa\x00e loca\x00e') is cited as its section, repaired."""
    passages = ingested(CO_MANUAL).passages
    mounting = next(p for p in passages if "1,8 meter boven de grond" in p.text)
    assert mounting.section.endswith("1.1 Installatie locatie")
    assert "Inhoudsopgave" not in mounting.text
    sections = {p.section for p in passages}
    assert {"3.4 Waarschuwing stilte CO-alarm", "3.5 Waarschuwing lage batterijspanning",
            "5. Batterij plaatsen / vervangen"} <= sections


def test_vvd_bold_introductions_are_quotable_text_and_sections_are_titles():
    """The VVD programme sets each chapter's title and its introduction in bold: the title is the section, the
    introduction body text (it used to be one 700-character "section", quoted nowhere)."""
    passages = ingested(VVD).passages
    intro = next(p for p in passages if "Het vuilnis stapelt zich op" in p.text)
    assert intro.section == "Een gemeente die levert." and intro.page == 7
    assert max(len(p.section) for p in passages) <= 200


def test_manifesto_table_of_contents_lines_are_no_sections():
    """"6.3 Sterkere defensie voor een vreedzaam Europa 88" in the table of contents is no heading; the chapter's
    own heading on page 88 is."""
    sections = {p.section for p in ingested(MANIFESTO).passages}
    assert not any(re.search(r"\D \d{1,3} \d", s) for s in sections)  # no "… 88 6.4 …" runs of titles and pages
    assert "6.3 Sterkere defensie voor een vreedzaam Europa" in sections


@pytest.mark.parametrize("name, entry", [(MANIFESTO, "7.1 Financiële uitgangspunten 99"),
                                         (VVD, "Investeringen. ....")])
def test_real_tables_of_contents_are_no_search_results(name, entry):
    """The manifesto's numbered table of contents and the VVD's dotted one used to be passages, and the first came
    up as the top result for "What will GroenLinks-PvdA do with the money …?"."""
    assert not any(entry in p.text for p in ingested(name).passages)


@pytest.mark.skipif(not ocr.available("nld"), reason="tesseract with the Dutch model is not installed")
def test_scanned_memo_is_read_by_ocr_and_flagged():
    doc = ingested(SCAN, use_ocr=True)
    assert doc.info.ocr_pages == (1, 2)
    text = " ".join(p.text for p in doc.passages)
    for phrase in ("Actieprogramma Nitraatrichtlijn", "Tweeminutendebat mestbeleid", "waterkwaliteit"):
        assert phrase in text
    assert all(p.ocr for p in doc.passages)
    assert "\ue000" not in text and "\x00" not in text
