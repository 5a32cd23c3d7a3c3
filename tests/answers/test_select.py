"""Answer-sentence scoring (pure): a compound the corpus lacks whole is held by its specific part, not its head."""
from __future__ import annotations

from policy_qa.answers.select import MAX_CHARS, Candidate, choose, held, modifiers
from policy_qa.index.analysis import FRAMING, topic_terms
from policy_qa.index.lexical import PassageCounts

CORPUS = ["Ontkoppel energie-investeringen tijdelijk van stikstofregels.", "Beleid is van groot belang.",
          "Ontwikkel innovatiebeleid voor het MKB.", "Stikstof is nauwelijks een issue."]
QUESTION = "Wat vindt Metaalunie van het stikstofbeleid?"


def _held(sentence: str) -> int:
    parts = PassageCounts(CORPUS).parts
    return held(set(topic_terms(QUESTION, FRAMING)), frozenset(topic_terms(sentence, FRAMING)),
                modifiers(QUESTION, FRAMING, parts))


def test_the_modifier_of_a_compound_holds_it_and_the_generic_head_does_not():
    assert _held(CORPUS[0]) == 1  # stikstofregels
    assert _held(CORPUS[3]) == 1  # stikstof on its own
    assert _held(CORPUS[1]) == 0 and _held(CORPUS[2]) == 0  # 'beleid', 'innovatiebeleid'


def test_words_the_corpus_writes_whole_are_matched_by_stem_only():
    parts = PassageCounts(CORPUS).parts
    assert modifiers("Wat vindt Metaalunie van stikstofregels?", FRAMING, parts) == {}
    assert modifiers(QUESTION, FRAMING, lambda word: ()) == {}


def _candidate(chars: int, score_rank: int) -> Candidate:
    return Candidate("w " * (chars // 2), rank=score_rank, pos=0, lexical=0.0, dense=0.0, position=0.0)


def test_the_answer_stays_short_enough_to_read_at_a_glance():
    long, middle, short = _candidate(400, 1), _candidate(300, 2), _candidate(150, 3)  # better ranks score higher
    picked = choose([long, middle, short])
    assert [s.citation for s in picked] == [1, 3]  # the 300-character one would pass MAX_CHARS: skipped
    assert sum(len(s.text) for s in picked) <= MAX_CHARS
    assert [s.citation for s in choose([_candidate(900, 1), short])] == [1]  # the best one always, however long


def test_the_sentence_that_scores_best_leads_even_when_a_weaker_one_takes_a_position():
    # A reader takes in the first sentence: an off-topic demand of the same passage must not push the sentence that
    # matches the question (more topic words, a closer sentence vector) down.
    answer = Candidate("Op termijn afschaffen van het erfpachtstelsel.", rank=1, pos=2, lexical=1.0, dense=0.0,
                       position=0.0)
    demand = Candidate("Er komt een einde aan tijdsverspilling.", rank=1, pos=0, lexical=0.0, dense=-0.05,
                       position=1.0)
    assert answer.score() > demand.score()
    assert [s.text for s in choose([demand, answer])] == [answer.text, demand.text]
