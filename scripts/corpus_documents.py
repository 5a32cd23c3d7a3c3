"""The two default documents as the generator lays them out: seeds, titles, page breaks, styles; and their catalogue."""
from __future__ import annotations

from corpus_specs import BLACK, BLUE, BOLD, ORANGE, REGULAR, DocSpec, PageSpec, Style

LETTER_STYLES = {
    "body": Style(REGULAR, 10, 12.3),
    "title": Style(BOLD, 12, 15, BLUE, 3),
    "h1": Style(BOLD, 10.5, 13.5, BLUE, 4),
    "h2": Style(BOLD, 10, 12.3, BLACK, 2),
}

LETTER = DocSpec(
    seed="000_e2ea4547fbf63b64.txt",
    out="metaalunie_brief_formatie_2025.pdf",
    doc_id="brief-2025-formatie",
    title="Zet in op ‘Gemaakt in Europa’ – brief aan informateur Buma",
    subject=(
        "Brief van Koninklijke Metaalunie aan informateur Buma tijdens de kabinetsformatie 2025: "
        "industriebeleid, onderwijs en vakmanschap, verduurzaming en netcongestie"
    ),
    keywords="MKB-maakindustrie, kabinetsformatie, industriebeleid, onderwijs, netcongestie",
    header="Koninklijke Metaalunie · Brief aan de informateur",
    creation_date="D:20251101120000+01'00'",
    page_breaks=(
        "Voorbeelden:",
        "3. Breng de MKB-maakindustrie qua verduurzaming in positie",
        "Voor nadere informatie over het belang van de MKB-maakindustrie",
    ),
    styles=LETTER_STYLES,
    rules={
        "Zet in op ‘Gemaakt in Europa en een belangrijke positie van": ("title",),
        "Nederland binnen Europese ketens’": ("title",),
        "Versterk onze verdienketens/ecosystemen": ("h2",),
        "Oplossingen voor een florerende en duurzame MKB-maakindustrie": ("h2",),
        "1. Omarm de MKB-maakindustrie als motor voor welvaart en": ("h1",),
        "strategische onafhankelijkheid": ("h1",),
        "2. Opleiden voor de toekomst – investeer in (technisch)onderwijs, mensen": ("h1",),
        "en vakmanschap": ("h1",),
        "3. Breng de MKB-maakindustrie qua verduurzaming in positie": ("h1",),
        "Concrete voorstellen:": ("h2",),
        "Voorbeelden:": ("h2",),
        "Tenslotte": ("h2",),
        # bulleted sub-headings (the bullet is drawn in the same bold line)
        "Geef Economische Zaken doorzettingsmacht": ("h2",),
        "Maak arbeidsproductiviteit speerpunt van industriebeleid": ("h2",),
        "Versterk praktijkgericht leren en Leven Lang Ontwikkelen (LLO)": ("h2",),
        "Kies nadrukkelijk voor opleidingen die aansluiten bij maatschappelijke opgaven": ("h2",),
        "en economische groei": ("h2",),
        "Zet vol in op de circulaire (MKB-)maakindustrie": ("h2",),
        "Los netcongestie versneld op: versnel uitbreiding en maak slimmer gebruik van": ("h2",),
        "het net mogelijk": ("h2",),
    },
    pages=(PageSpec(), PageSpec(), PageSpec(), PageSpec()),
    footer_text=lambda i, n: f"Pagina {i + 1} van {n}",
    page_labels=((0, 3, "/D", None, 1),),
    margins=(58, 56, 60, 54),
    blank_gap=0.5,
)

MANIFEST_STYLES = {
    "body": Style(REGULAR, 9.5, 12.2),
    "h2": Style(BOLD, 9.5, 12.2, BLACK, 2),
    "h1": Style(BOLD, 12, 15, BLUE, 6),
    "h1big": Style(BOLD, 14, 17, BLUE, 0),
    "slogan": Style(BOLD, 10, 12.5, BLUE, 2),
    "cover": Style(BOLD, 26, 30, BLUE),
    "tagline": Style(REGULAR, 12, 15, BLUE, 10),
    "section": Style(BOLD, 20, 24, BLUE),
    "section2": Style(BOLD, 14, 18, BLUE),
    "quote": Style(REGULAR, 12.5, 16, ORANGE, 4),
}

MANIFEST_TITLE_BLOCKS = {
    3: ("MKB is ruggengraat van Nederland", "‘Blijf investeren in een", "gunstig ondernemersklimaat’"),
    4: ("Innovatie en", "arbeidsproductiviteit", "‘Slimmer produceren moet je stimuleren!’"),
    5: ("Vakmensen", "‘Onmisbaar bij realisatie", "maatschappelijke uitdagingen’"),
    6: ("Klimaat en Energie", "‘MKB-maakbedrijven", "leveren de oplossingen’"),
}

MANIFEST = DocSpec(
    seed="001_bddb302bcec268e3.txt",
    out="metaalunie_manifest_tk2023.pdf",
    doc_id="manifest-tk2023",
    title="Kies voor ‘Gemaakt in Nederland!’ – verkiezingsmanifest Tweede Kamer 2023",
    subject=(
        "Inbreng van Koninklijke Metaalunie voor de Tweede Kamerverkiezingen van 22 november 2023: "
        "ondernemersklimaat, innovatie en arbeidsproductiviteit, vakmensen, klimaat en energie"
    ),
    keywords="MKB-maakindustrie, Tweede Kamerverkiezingen 2023, manifest, vakmensen, energie",
    header="Koninklijke Metaalunie · Verkiezingsmanifest Tweede Kamer 2023",
    creation_date="D:20231002120000+02'00'",
    page_breaks=(
        "Inbreng Tweede Kamerverkiezingen Koninklijke Metaalunie",
        "MKB-ondernemers zorgen voor welvaart",
        "Wat wij vragen van de politiek:",
        "De MKB-maakbedrijven hebben de ko-",
        "Een aardgasvrije samenleving maakt",
        "Einsteinbaan 1",
    ),
    styles=MANIFEST_STYLES,
    rules={
        # page 1: cover title, tagline, sidebar heading, intro heading
        "Kies voor": ("cover", "h1big"),
        "‘Gemaakt in": ("cover",),
        "Nederland!’": ("cover",),
        "Investering in MKB-maakbedrijven in": ("tagline",),
        "de metaalsector is essentieel voor": ("tagline",),
        "blijvende welvaart, banen, innovaties": ("tagline",),
        "en maatschappelijke transities.": ("tagline",),
        "Feiten en cijfers": ("h1",),
        "‘Gemaakt in Nederland!’": ("h1big",),
        "Zet in op ‘Gemaakt in Nederland!’": ("slogan",),
        # page 2
        "Inbreng Tweede Kamerverkiezingen Koninklijke Metaalunie": ("section2",),
        "Wensen MKB-maakbedrijven": ("quote",),
        # pages 3-6: section titles and pull quotes (moved to the top of their page)
        "MKB is ruggengraat van Nederland": ("section",),
        "Innovatie en": ("section",),
        "arbeidsproductiviteit": ("section",),
        "Vakmensen": ("section",),
        "Klimaat en Energie": ("section",),
        "‘Blijf investeren in een": ("quote",),
        "gunstig ondernemersklimaat’": ("quote",),
        "‘Slimmer produceren moet je stimuleren!’": ("quote",),
        "‘Onmisbaar bij realisatie": ("quote",),
        "maatschappelijke uitdagingen’": ("quote",),
        "‘MKB-maakbedrijven": ("quote",),
        "leveren de oplossingen’": ("quote",),
        "Wat wij vragen van de politiek:": ("h2",),
        # page 7 (back cover)
        "De branchevereniging": ("h1",),
        "voor de MKB-maakindustrie": ("h1",),
    },
    pages=(
        PageSpec(layout="columns", col_break_after="Feiten en cijfers", col1_width=277, footer=False),
        PageSpec(layout="columns", title_block=(
            "Inbreng Tweede Kamerverkiezingen Koninklijke Metaalunie", "Wensen MKB-maakbedrijven")),
        PageSpec(layout="columns", title_block=MANIFEST_TITLE_BLOCKS[3]),
        PageSpec(layout="columns", title_block=MANIFEST_TITLE_BLOCKS[4]),
        PageSpec(layout="columns", title_block=MANIFEST_TITLE_BLOCKS[5]),
        PageSpec(layout="columns", title_block=MANIFEST_TITLE_BLOCKS[6]),
        PageSpec(layout="single", footer=False),
    ),
    # the cover and back cover carry no printed number; pages 2-6 are printed 1..5
    footer_text=lambda i, n: f"– {i} –" if 1 <= i <= n - 2 else None,
    page_labels=((0, 0, None, "Omslag", None), (1, 5, "/D", None, 1), (6, 6, None, "Achterzijde", None)),
    margins=(46, 46, 62, 58),
    gutter=22,
)

DOCS = (LETTER, MANIFEST)

CATALOGUE_HEADER = """\
# Catalogue of the documents in this folder (corpus/).
#
# One [[document]] table per PDF:
#   file          the PDF's file name, relative to this folder
#   id            short stable slug; used in citations and in the index
#   title         the document's title as users should see it (Dutch)
#   kind          sort of document, e.g. "brief", "manifest", "position paper"
#   date          when it was written or published: "YYYY", "YYYY-MM" or "YYYY-MM-DD"
#   organisation  who published it
#   description   one line (Dutch) saying what the document is about
#
# Staff may edit this file by hand: add an entry when a PDF is added, fix a title or date.
# A PDF in this folder without an entry here is still indexed; it is then titled from its
# PDF metadata (/Title) or, failing that, from its first heading.
#
# The optional [assistant] table says whom the documents speak for (its name is left out of searches, since
# every document is its own), the example questions the app offers, and extra words that frame a question
# rather than name its topic (beside the built-in Dutch and English ones such as "standpunt", "vindt").
#
# The entries below, and their PDFs, are generated by scripts/make_corpus.py.

[assistant]
organisation = "Koninklijke Metaalunie"
short_name = "Metaalunie"
examples = [
  "Wat vindt Metaalunie van netcongestie?",
  "Wat wil Metaalunie voor het technisch onderwijs?",
  "Hoeveel leden heeft Metaalunie?",
  "What does Metaalunie ask the new cabinet about industrial policy?",
]
framing_words = []
"""

CATALOGUE_ENTRIES = (
    {
        "file": LETTER.out,
        "id": LETTER.doc_id,
        "title": LETTER.title,
        "kind": "brief",
        "date": "2025-11",
        "organisation": "Koninklijke Metaalunie",
        "description": (
            "Brief van voorzitter Mark Helder aan informateur Buma tijdens de kabinetsformatie: "
            "zet in op ‘Gemaakt in Europa’ met industriebeleid en doorzettingsmacht voor EZ, "
            "investeren in (technisch) onderwijs en vakmanschap, en verduurzaming en netcongestie."
        ),
    },
    {
        "file": MANIFEST.out,
        "id": MANIFEST.doc_id,
        "title": MANIFEST.title,
        "kind": "manifest",
        "date": "2023-10",
        "organisation": "Koninklijke Metaalunie",
        "description": (
            "Inbreng voor de Tweede Kamerverkiezingen van 22 november 2023: feiten en cijfers over de "
            "MKB-maakindustrie en wensen voor ondernemersklimaat, innovatie en arbeidsproductiviteit, "
            "vakmensen en klimaat en energie."
        ),
    },
)
