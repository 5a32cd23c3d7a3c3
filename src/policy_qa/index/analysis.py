"""Dutch text analysis for BM25 and topic words: tokens, stopwords, Snowball stems (PyStemmer), question language."""
from __future__ import annotations

import functools
import unicodedata

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

from ..ingest.cleaning import lexicon
from ..text import WORD

_QUESTION_WORDS = {"wat", "welke", "hoe", "waarom"}
STOPWORDS = frozenset(STOPWORDS_DUTCH) | frozenset(STOPWORDS_EN) | _QUESTION_WORDS

# Function words that mark a question as English (Dutch shares 'in', 'is', 'of', 'was' with English).
_ENGLISH = (frozenset(STOPWORDS_EN) | {"how", "many", "much", "does", "do", "did", "what", "which", "who", "why",
                                      "when", "where", "should", "would", "want", "wants", "about", "its", "their"}) \
    - frozenset(STOPWORDS_DUTCH)
DUTCH_FLOOR = 50  # the Dutch word list's lowest frequency: its rarest (often English or misspelt) entries
_DUTCH = frozenset(STOPWORDS_DUTCH) - frozenset(STOPWORDS_EN) | _QUESTION_WORDS | {"wil", "vindt"}

# Words that frame a question ("Wat vindt … van …?", "standpunt") rather than name its topic, in Dutch and English.
# The catalogue's [assistant] framing_words add to these; the organisation's own name is dropped by the retriever.
FRAMING = frozenset({
    "vindt", "vinden", "vind", "denkt", "denken", "standpunt", "standpunten", "mening", "visie", "positie",
    "opstelling", "houding", "inzet", "zegt", "zeggen", "stelt", "vraagt", "vragen", "eist", "eisen", "wil",
    "willen", "wilt", "wensen", "pleit", "pleiten", "volgens", "brief", "manifest", "document", "documenten",
    "vereniging", "organisatie", "staat", "think", "thinks", "position", "stance", "view",
    "say", "says", "ask", "asks", "want", "wants", "demand", "demands", "according", "letter", "manifesto",
    "propose", "proposes", "opinion",
})


def is_english(text: str) -> bool:
    """True when a text has more English than Dutch function words: BM25 on Dutch passages then says little.

    Keywords without function words ('grid congestion') are English when some are English words and none is Dutch.
    """
    tokens = WORD.findall(unicodedata.normalize("NFKC", text).lower())
    en, nl = sum(t in _ENGLISH for t in tokens), sum(t in _DUTCH for t in tokens)
    return en > nl if en or nl else english_keywords(tokens)


def english_keywords(tokens: list[str]) -> bool:
    """Whether at least half the words are English words the Dutch list lacks (or has at its floor) and none is a
    Dutch word English lacks; words both languages have ('project', 'minimum', 'support') do not vote."""
    en, nl = lexicon("en"), lexicon("nl")
    tokens = [t for t in tokens if len(t) > 1]
    english = sum(en(t) > 0 and nl(t) <= DUTCH_FLOOR for t in tokens)
    dutch = sum(nl(t) > 0 and not en(t) for t in tokens)
    return bool(tokens) and not dutch and 2 * english >= len(tokens)


@functools.lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


def words(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords; hyphenated compounds give their parts ('MKB-maakindustrie')."""
    text = unicodedata.normalize("NFKC", text).lower()
    return [t for t in WORD.findall(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]


# Separable particles: after one of these an inner ge- is a participle's ('opgeleid' → opleid, as 'opleiding').
SEPARABLE = frozenset("""
aan af bij door in mee na om op over samen terug toe uit voor weg
""".split())


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball's Dutch stem, a leading ge- kept: Snowball 3 strips it, which joins participles to their verbs but
    also merges unrelated words (gezin → zin, gevolg → volg as in volgen, gebied → bied as in bieden, gemeente →
    meen as in menen). The classic algorithm kept ge- but left plurals apart (gezinnen/gezin, subsidies/subsidie).
    An inner ge- is kept too unless a separable particle precedes it: Snowball made 'begeleiding' the stem of
    'beleid', 'werkgevers' 'werkver', 'regeldruk' 'reldruk' and 'vergelijking' 'verlijk'; 'opgeleid' → opleid stays."""
    s = _stemmer().stemWord(word)
    if word.startswith("ge") and not s.startswith("ge"):
        return "ge" + s
    return _inner_ge(word, s)


def _inner_ge(word: str, s: str) -> str:
    """The stem with an inner ge- put back where Snowball took it out after something other than a particle."""
    i = word.find("ge", 1)
    while i > 0:
        head = word[:i]
        if s.startswith(head) and not s.startswith(head + "ge") and s[i:i + 2] == word[i + 2:i + 4]:
            return s if head in SEPARABLE else head + "ge" + s[i:]
        i = word.find("ge", i + 1)
    return s


def tokenize(text: str) -> list[str]:
    """The BM25 terms of a text: Dutch-stemmed content words."""
    return [stem(w) for w in words(text)]


def topic_terms(text: str, framing: frozenset[str] = FRAMING) -> list[str]:
    """The stemmed words that name what a question is about: its terms without the framing words."""
    return list(dict.fromkeys(stem(w) for w in words(text) if w not in framing))
