"""Structure-aware cutting: headings start sections, lead-ins stay with their bullets, sizes stay in range."""
from __future__ import annotations

from policy_qa.ingest.chunking import chunk_pages, page_lines, units
from policy_qa.records import Page

LIST_PAGE = "\n".join([
    "Vakmensen",
    "Technische sectoren hebben een structureel tekort van tienduizenden vakmensen in de regio.",
    "Alleen samenwerking tussen overheid, onderwijs en bedrijfsleven lost dit op.",
    "Wat wij vragen van de politiek:",
    "• Investeer structureel en flink in technisch onderwijs op alle niveaus van het",
    "onderwijs, van po tot hbo.",
    "• Haal drempels voor toegang naar technische opleidingen weg.",
    "Klimaat en Energie",
    "Een aardgasvrije samenleving maakt dat alternatieve energiebronnen nodig zijn.",
])


def test_bold_headings_start_sections_and_lead_in_keeps_its_bullets():
    page = Page(1, None, LIST_PAGE, bold_lines=frozenset({"Vakmensen", "Klimaat en Energie"}))
    chunks = chunk_pages([page], min_chars=100, max_chars=1000)
    assert [c.section for c in chunks] == ["Vakmensen", "Klimaat en Energie"]
    first = chunks[0].text
    assert "Wat wij vragen van de politiek:\n• Investeer structureel" in first
    assert "• Investeer structureel en flink in technisch onderwijs op alle niveaus van het onderwijs, van po tot hbo." in first


BOLD_INTRO = [
    "Een gemeente die levert.",
    "De VVD zet zich in voor een gemeente die er is voor onze inwoners en voor het bedrijfsleven.",
    "Schone straten en rekeningen die op tijd betaald worden, daar gaat het ons om in de stad.",
    "Hoofdlijnen.",
]


def test_a_bold_paragraph_after_a_finished_title_is_body_text():
    lines = BOLD_INTRO + ["• We brengen focus terug in de gemeentelijke organisatie en in de wijken van de stad."]
    page = Page(7, None, "\n".join(lines), bold_lines=frozenset(BOLD_INTRO))
    chunks = chunk_pages([page], min_chars=50, max_chars=1000)
    assert [c.section for c in chunks] == ["Een gemeente die levert.", "Hoofdlijnen."]
    assert chunks[0].text.startswith("De VVD zet zich in") and "Schone straten" in chunks[0].text


def test_table_of_contents_lines_are_no_headings():
    toc = ["1.1 Ambitieus en rechtvaardig klimaatbeleid 20", "1.2 Mobiliteit is brede welvaart 24",
           "1.3 Een innovatieve en duurzame economie 26"]
    lines = page_lines(Page(4, None, "\n".join(toc)))
    assert not any(ln.heading for ln in lines)
    heading = page_lines(Page(20, None, "1.1 Ambitieus en rechtvaardig klimaatbeleid\nWe halveren de uitstoot."))
    assert heading[0].heading  # the chapter's own title, without a page number, still is one
    law = page_lines(Page(3, None, "Hoofdstuk 2\nArtikel 5\nDe minister stelt regels over de subsidie.",
                          bold_lines=frozenset({"Hoofdstuk 2", "Artikel 5"})))
    assert law[0].heading and law[1].heading  # short numbered titles of a law are no table of contents


def test_table_of_contents_makes_no_passage():
    """A table of contents only repeats the sections' titles with page numbers: as a search result it answers
    nothing, so it stands in no passage, numbered or with dot leaders; the text around it still does."""
    numbered = ["Het is de hoogste tijd. Aan de slag.", "1. Meer zeggenschap en vertrouwen 7",
                "2. Een rechtvaardige duurzaamheidstransitie 19", "7. Hoe gaan we dit betalen? 99"]
    leaders = ["Zorg. " + "." * 40 + " 22", "Onderwijs en meedoen in Amsterdam. " + "." * 30 + " 22",
               "Duurzaamheid en energie. " + "." * 35 + " 23"]
    pages = [Page(3, None, "\n".join(numbered)), Page(4, None, "\n".join(leaders)),
             Page(5, None, "Het college betaalt de plannen uit de algemene middelen van de gemeente.")]
    text = "\n".join(c.text for c in chunk_pages(pages, min_chars=10, max_chars=1000))
    assert "hoogste tijd" in text and "algemene middelen" in text
    assert "betalen? 99" not in text and "zeggenschap" not in text and "Zorg." not in text


def test_lead_in_moves_to_the_next_passage_when_a_list_must_be_split():
    bullets = "\n".join(f"• Voorstel nummer {i} met een toelichting die de passage flink langer maakt dan nodig." for i in range(8))
    text = "Inleiding met een paar zinnen over het onderwerp. " * 6 + "\nWat wij vragen van de politiek:\n" + bullets
    chunks = chunk_pages([Page(1, None, text)], min_chars=300, max_chars=500)
    assert len(chunks) >= 2
    assert not any(c.text.rstrip().endswith(":") for c in chunks), "a passage never ends on its lead-in"
    assert all(len(c.text) <= 600 for c in chunks)


def test_a_long_paragraph_is_cut_where_a_sentence_ends_not_mid_sentence():
    """The manifesto's long bullets, set justified, rarely end a line with a sentence: a cut after the line that
    reached the maximum left '… die daarvoor' in one passage and 'geschikt zijn, waaronder scholen …' alone in the
    next. The passage now runs on to the line that ends the sentence."""
    lines = ["• Zonnepanelen voor iedereen. Wij willen dat iedereen van de voordelen van zonnepanelen kan genieten en",
             *[f"we maken extra middelen vrij, stap {i}, om te investeren in daken van huurwoningen. Daarnaast zorgen"
               for i in range(5)],
             "we dat de overheid het goede voorbeeld geeft en zonnepanelen legt op daken van organisaties die daarvoor",
             "geschikt zijn, waaronder scholen, sportverenigingen en buurthuizen.",
             "Ook komt er een fonds voor coöperaties die zelf energie opwekken in hun eigen wijk of dorp."]
    chunks = chunk_pages([Page(21, None, "\n".join(lines))], min_chars=100, max_chars=600)
    assert len(chunks) >= 2
    assert not any(c.text[:1].islower() for c in chunks)  # every passage starts where a sentence starts
    assert any(c.text.rstrip().endswith("buurthuizen.") for c in chunks)
    assert all(len(c.text) <= 1.5 * 600 for c in chunks)


def test_a_colon_the_sentence_runs_on_after_is_no_lead_in():
    """'… als opbouwwerkers:' followed by 'professionals die …' is one sentence, so no passage may start with its
    second half; a lead-in before bullets still starts the list."""
    text = ("Wijkteams geven we de middelen en ruimte om meer te gaan opereren als opbouwwerkers:\n"
            "professionals die actief lokale gemeenschappen vormen en burgers ondersteunen.\n"
            "Wat wij vragen van de politiek:\n• Investeer in de wijk.")
    unit_texts = [u.text for u in units(page_lines(Page(44, None, text)))]
    assert "opbouwwerkers: professionals die" in unit_texts[0]
    assert not any(u.startswith("professionals") for u in unit_texts)
    assert unit_texts[-1] == "• Investeer in de wijk."  # after a lead-in the bullet starts a unit of its own


def test_page_break_starts_a_new_passage_unless_a_sentence_runs_on():
    p1 = Page(1, None, "Eerste pagina met een afgeronde zin over netcongestie en het stroomnet.\nDeze zin loopt door op de")
    p2 = Page(2, None, "volgende pagina en eindigt daar.\nNieuwe alinea op pagina twee over vakmensen en onderwijs.")
    chunks = chunk_pages([p1, p2], min_chars=10, max_chars=1000)
    assert chunks[0].page == 1 and chunks[0].page_end == 2
    assert "loopt door op de volgende pagina" in chunks[0].text
    p2b = Page(2, None, "Nieuwe alinea op pagina twee over vakmensen en onderwijs in Nederland.")
    p1b = Page(1, None, "Eerste pagina met een afgeronde zin over netcongestie en het stroomnet.")
    assert [c.page for c in chunk_pages([p1b, p2b], min_chars=10, max_chars=1000)] == [1, 2]


def test_heading_without_font_evidence_is_recognised_by_shape():
    text = "\n".join([
        "Dit is een gewone alinea met een volledige zin die netjes eindigt met een punt.",
        "Regeldruk",
        "Ondernemers besteden te veel tijd aan formulieren en verantwoording aan de overheid.",
    ])
    lines = page_lines(Page(1, None, text))
    assert [ln.heading for ln in lines] == [False, True, False]


def test_numbered_titles_without_bold_fonts_start_sections():
    text = "\n".join([
        "B. Onze beleidsvoorstellen",
        "1 Een rechtvaardige duurzaamheidstransitie",
        "1.1 Ambitieus en rechtvaardig klimaatbeleid",
        "• Duidelijkere doelen voor een leefbare planeet. We houden ons aan het Parijs Akkoord en beperken de",
        "opwarming van de aarde tot anderhalve graad met concrete doelen die we wettelijk vastleggen.",
        "1.2 Mobiliteit is brede welvaart",
        "• Goed openbaar vervoer voor iedereen, ook in de regio, met betaalbare tarieven voor reizigers.",
    ])
    chunks = chunk_pages([Page(20, None, text)], min_chars=50, max_chars=1000)
    assert [c.section for c in chunks] == [
        "B. Onze beleidsvoorstellen 1 Een rechtvaardige duurzaamheidstransitie 1.1 Ambitieus en rechtvaardig klimaatbeleid",
        "1.2 Mobiliteit is brede welvaart",
    ]
