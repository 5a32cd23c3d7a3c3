"""Text clean-up on the kinds of damage real PDFs show: NUL glyphs, split words, running lines, hyphens, ligatures."""
from __future__ import annotations

from policy_qa.ingest.cleaning import (clean_document, clean_pages, dutch_lexicon, join_split_words, repair_nul_glyphs,
                                strip_running_lines, vocabulary)


def test_nul_glyphs_become_the_plausible_dutch_word():
    text = "De ba\x00erij gee\x00 een signaal. Het alarm blij\x00 klinken. De installa\x00e is \x00jdelijk uit."
    fixed, n = repair_nul_glyphs(text, set())
    assert fixed == "De batterij geeft een signaal. Het alarm blijft klinken. De installatie is tijdelijk uit."
    assert n == 5


def test_nul_repair_prefers_the_documents_own_words_and_splits_compounds():
    fixed, _ = repair_nul_glyphs("koolmonoxidevergi\x00iging en ba\x00erijspanning", set())
    assert fixed == "koolmonoxidevergiftiging en batterijspanning"
    # a word the document itself spells out wins over the general word list
    fixed, _ = repair_nul_glyphs("de a\x00elling", {"aftelling"})
    assert fixed == "de aftelling"


def test_words_split_by_a_space_are_joined_only_when_both_halves_are_unknown():
    lex = dutch_lexicon()
    text = "Wij steunen woningcor poraties en een eerlijke voe tafdruk, in één keer."
    assert join_split_words(text, set(), lex) == "Wij steunen woningcorporaties en een eerlijke voetafdruk, in één keer."


def test_running_header_and_page_numbers_go_body_repeats_stay():
    topics = ["wonen", "zorg", "klimaat", "onderwijs", "werk", "veiligheid"]
    pages = [f"GroenLinks-PvdA verkiezingsprogramma 2023-2028 {n}\nHoofdstuk over {t}\nConcrete voorstellen:\n"
             f"Wij willen meer {t}.\nDaarom investeren we in {t}.\n{n}" for n, t in enumerate(topics, start=1)]
    out, removed = strip_running_lines(pages)
    assert removed == 12
    assert all(p.startswith("Hoofdstuk over") and "verkiezingsprogramma" not in p for p in out)
    assert all("Concrete voorstellen:" in p and not p.rstrip().endswith(str(n)) for n, p in enumerate(out, 1))


def test_clean_pages_joins_hyphenation_expands_ligatures_and_removes_control_characters():
    pages, report = clean_pages(["De ﬁnanciering van tech-\nnisch onderwijs is ef\x02ﬁciënt.\n\ue000 Punt een"])
    text = pages[0]
    assert "financiering" in text and "technisch" in text and "ﬁ" not in text
    assert "\x02" not in text and "\ue000" not in text and "• Punt een" in text
    assert report.control_chars == 1


def test_bold_lines_are_spelled_as_the_clean_page_spells_them():
    """Bold lines come from the raw text; after cleaning they must still be lines of the page, or the heading is lost."""
    raw = ["3.5 Waarschuwing lage ba\x00erijspanning\nAls de ba\x00erij bijna leeg is, piept de melder.\n"
           "Speciﬁca\x00es\n▪ Vervang de ba\x00erij"]
    pages, lines, _ = clean_document(raw, [frozenset({"3.5 Waarschuwing lage ba\x00erijspanning", "Speciﬁca\x00es",
                                                      "▪ Vervang de ba\x00erij"})])
    assert lines[0] == {"3.5 Waarschuwing lage batterijspanning", "Specificaties", "• Vervang de batterij"}
    assert lines[0] <= set(pages[0].split("\n"))


def test_vocabulary_keeps_hyphenated_compounds_and_their_parts():
    assert {"mkb-bedrijven", "mkb", "bedrijven"} <= vocabulary(["MKB-bedrijven groeien"])


def test_million_character_runs_without_a_match_are_cleaned_in_linear_time():
    """A hostile page (one endless 'word', no NUL or hyphen) must not keep the build busy for minutes."""
    import time

    letters = "a" * 1_000_000
    pages = [letters, "x" * 500_000 + "." * 500_000, letters + "-"]
    t0 = time.perf_counter()
    cleaned, report = clean_pages(pages)
    assert time.perf_counter() - t0 < 2.0, "cleaning a 1 M-character run must be linear, not quadratic"
    assert cleaned[0] == letters and report.nul_repairs == 0
    fixed, n = repair_nul_glyphs("b" * 1_000_000 + " ba\x00erij", set())
    assert n == 1 and fixed.endswith(" batterij")
