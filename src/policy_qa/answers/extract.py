"""The short extractive answer: up to three sentences from the best passages, best first, each cited."""
from __future__ import annotations

from ..records import Answer, Hit, Sentence
from ..search.query import prepare_question
from ..search.retriever import Filters, Retriever
from .select import candidates, choose

NO_ANSWER = "De documenten lijken hier geen antwoord op te geven."


def pick_sentences(query: str, hits: tuple[Hit, ...], retriever: Retriever | None = None) -> list[Sentence]:
    """The answer sentences for `query` among `hits`; with a retriever its sentence vectors and the corpus's
    compound parts score them too."""
    if retriever is None:
        return choose(candidates(query, hits))
    return choose(candidates(query, hits, lambda hit: retriever.sentence_cosines(query, hit.passage),
                             retriever.framing, parts=retriever.passage_counts.parts))


def build_answer(question: str, query: str, hits: tuple[Hit, ...], confidence: float, low: float,
                 notices: tuple[str, ...] = (), retriever: Retriever | None = None) -> Answer:
    """The Answer record: hits, confidence, the extract, and a plain notice when the documents seem not to answer."""
    answerable = bool(hits) and confidence >= low
    if not answerable:
        notices = notices + (NO_ANSWER + " Hieronder de passages die er het dichtst bij komen.",)
    return Answer(question, confidence, hits, tuple(pick_sentences(query, hits, retriever)), answerable, notices)


def ask(retriever: Retriever, question: str, top_k: int | None = None, filters: Filters | None = None) -> Answer:
    """The full answer: cited passages, confidence, and a short extract from the best passages."""
    question, notices = prepare_question(question, retriever.settings.max_question_chars)
    result = retriever.search(question, top_k, filters)
    return build_answer(question, result.ranking.query, result.hits, result.confidence,
                        retriever.settings.low_confidence, notices + result.notices, retriever)
