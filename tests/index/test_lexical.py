"""Dutch BM25: tokens, stems, language detection, and a saved index that loads back."""
from __future__ import annotations

import numpy as np

from policy_qa.index.analysis import is_english, stem, tokenize, words
from policy_qa.index.compounds import PartOf
from policy_qa.index.lexical import LexicalIndex, PassageCounts


def test_words_drop_stopwords_and_split_hyphenated_compounds():
    assert words("De MKB-maakindustrie en de netcongestie") == ["mkb", "maakindustrie", "netcongestie"]
    assert tokenize("ondernemers") == tokenize("ondernemer")


def test_is_english_tells_the_question_languages_apart():
    assert is_english("How many entrepreneurs does Metaalunie represent?")
    assert is_english("What does the letter say about grid congestion?")
    assert not is_english("Wat vindt Metaalunie van netcongestie?")
    assert not is_english("Subsidieregeling Praktijkleren")


def test_english_keywords_without_function_words_are_english():
    # No function words to count: the word lists decide, and one Dutch-only word keeps a question Dutch.
    assert is_english("grid congestion")
    assert is_english("skilled workers shortage")
    assert not is_english("CO2-heffing industrie")
    assert not is_english("Flex-e subsidie cable pooling")
    assert not is_english("EZ doorzettingsmacht")


def test_index_scores_and_round_trip(tmp_path):
    index = LexicalIndex.build(["Netcongestie remt de industrie.", "Praktijkleren op de werkvloer.", ""])
    scores = index.scores("netcongestie")
    assert int(np.argmax(scores)) == 0 and scores[1] == 0
    assert index.scores("onbekendwoord").sum() == 0
    index.save(tmp_path)
    again = LexicalIndex.load(tmp_path, 3)
    assert np.allclose(again.scores("praktijkleren"), index.scores("praktijkleren"))
    assert again.known_terms("praktijkleren en vliegtuigen") == tokenize("praktijkleren")


def test_passage_counts_count_passages_not_mentions_and_compounds_by_their_rarest_part():
    counts = PassageCounts(["Stikstof stikstof stikstof.", "Het stikstofbeleid en netcongestie.", "Beleid."])
    assert counts.of_word("stikstof") == 2  # once per passage, however often it is named there
    assert counts.of_word("netcongestie") == 1
    assert counts.of_word("stikstofregels") == 0  # 'regels' is in no passage
    assert counts.of_word("onbekend") == 0


def test_document_frequencies_from_the_index_equal_counting_the_passages(tmp_path):
    texts = ["Stikstof stikstof stikstof.", "Het stikstofbeleid en netcongestie.", "Beleid.", ""]
    index = LexicalIndex.build(texts)
    index.save(tmp_path)
    frequencies = LexicalIndex.load(tmp_path, len(texts)).document_frequencies()
    assert frequencies == PassageCounts(texts).counts  # the saved matrix says it: no passage is read again
    assert PassageCounts(counts=frequencies).of_word("stikstofregels") == 0


def test_a_compound_known_by_parts_needs_parts_the_corpus_writes_on_their_own():
    texts = ["Het kernpunt: betaalbare energie.", "Stikstof en beleid.", "Het kernbeleid."]
    index = LexicalIndex.build(texts)
    alone = {stem(w) for t in texts for w in words(t)}.__contains__
    # Without the check, 'kern' (only inside 'kernpunt', 'kernbeleid') and 'energie' vouch for nuclear power.
    assert index.known_terms("kernenergie") == tokenize("kernenergie")
    assert index.known_terms("kernenergie", alone) == []
    assert index.known_terms("stikstofbeleid", alone) == tokenize("stikstofbeleid")
    assert index.known_terms("energie", alone) == tokenize("energie")


def test_a_compound_a_corpus_compound_holds_whole_is_known():
    """'bedrijfsopvolging' is the first part of the corpus's 'Bedrijfsopvolgingsregeling' although 'opvolging' is
    never written alone; 'kernenergie' stays unknown: no corpus word holds it."""
    texts = ["Behoud de huidige Bedrijfsopvolgingsregeling (BOR).", "Het kernpunt: betaalbare energie.",
             "Bedrijven met een zonnepaneel."]
    index = LexicalIndex.build(texts)
    alone = {stem(w) for t in texts for w in words(t)}.__contains__
    within = PartOf({w for t in texts for w in words(t)})
    assert index.known_terms("bedrijfsopvolging", alone) == []
    assert index.known_terms("bedrijfsopvolging", alone, within) == tokenize("bedrijfsopvolging")
    assert index.known_terms("kernenergie", alone, within) == []
    assert within("opvolgingsregeling") and not within("bedrijfsopvolgingsregeling") and not within("kernpuntje")
