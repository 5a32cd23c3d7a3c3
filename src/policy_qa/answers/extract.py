"""The short extractive answer: the one to three sentences from the best passages that match the question."""
from __future__ import annotations

from ..index.analysis import tokenize
from ..records import Answer, Hit, Sentence
from ..search.query import prepare_question
from ..search.retriever import Filters, Retriever
from ..text import sentences

NO_ANSWER = "De documenten lijken hier geen antwoord op te geven."


def pick_sentences(query: str, hits: tuple[Hit, ...], max_sentences: int = 3, passages: int = 3) -> list[Sentence]:
    """Sentences that share the most query terms, best passages first; the top passage's lead if none do."""
    terms = set(tokenize(query))
    scored = []
    for hit in hits[:passages]:
        for pos, s in enumerate(sentences(hit.passage.text)):
            overlap = len(terms & set(tokenize(s)))
            score = overlap / (len(terms) or 1) - 0.05 * (hit.rank - 1) - 0.01 * pos
            scored.append((score, overlap, hit.rank, pos, s))
    matching = sorted((x for x in scored if x[1] > 0), key=lambda x: -x[0])[:max_sentences]
    if not matching and hits:
        matching = [x for x in scored if x[2] == hits[0].rank][:1]
    matching.sort(key=lambda x: (x[2], x[3]))
    return [Sentence(s, rank) for _, _, rank, _, s in matching]


def build_answer(question: str, query: str, hits: tuple[Hit, ...], confidence: float, low: float,
                 notices: tuple[str, ...] = ()) -> Answer:
    """The Answer record: hits, confidence, the extract, and a plain notice when the documents seem not to answer."""
    answerable = bool(hits) and confidence >= low
    if not answerable:
        notices = notices + (NO_ANSWER + " Hieronder de passages die er het dichtst bij komen.",)
    return Answer(question, confidence, hits, tuple(pick_sentences(query, hits)), answerable, notices)


def ask(retriever: Retriever, question: str, top_k: int | None = None, filters: Filters | None = None) -> Answer:
    """The full answer: cited passages, confidence, and a short extract from the best passages."""
    question, notices = prepare_question(question, retriever.settings.max_question_chars)
    result = retriever.search(question, top_k, filters)
    return build_answer(question, result.ranking.query, result.hits, result.confidence,
                        retriever.settings.low_confidence, notices + result.notices)
