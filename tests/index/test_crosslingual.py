"""English questions against Dutch text: corpus words as translations, and the English encoder's passage vectors."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from policy_qa.config import Settings, SettingsError
from policy_qa.index.build import build_index
from policy_qa.index.crosslingual import WORDS_FILE, corpus_words
from policy_qa.index.folder import load_index
from policy_qa.index.progress import Step
from policy_qa.search.retriever import Retriever


def test_corpus_words_are_distinct_content_words():
    assert corpus_words(["De innovatie van 2025 in de maakindustrie", "innovatie en de MKB-maakindustrie"]) == \
        ["innovatie", "maakindustrie", "mkb"]


def test_english_words_translate_into_the_corpus_words(retriever):
    got = retriever.translations("innovation subsidies productivity")
    assert {"innovatie", "subsidie", "productiviteit"} <= set(got)
    assert all(w in retriever.crosslingual.words for w in got)
    # 'succession' is close to 'succes' (.92) but below the threshold: no false friend is added
    assert "succes" not in retriever.translations("succession")


def test_index_holds_english_vectors_for_every_passage(corpus_index):
    cl = corpus_index.crosslingual
    assert cl is not None and cl.english_encoder == "use-multilingual-v3"
    assert cl.english_vectors.shape[0] == len(corpus_index.passages)
    assert corpus_index.manifest["english_encoder"]["name"] == "use-multilingual-v3"


def test_english_questions_find_the_dutch_demand_first(retriever):
    hits = retriever.search("Should innovation subsidies require production in the Netherlands?", 3).hits
    assert "innovatiestimuleringsregelingen veel meer te koppelen aan productie" in hits[0].passage.text
    hits = retriever.search("Why does the letter call for investment in European value chains?", 3).hits
    assert "minder afhankelijkheid, strategische autonomie" in hits[0].passage.text


def test_without_the_english_encoder_those_questions_rank_lower(corpus_index, corpus_settings):
    """The same index with the second encoder's share at 0 and no translations: the demand is no longer first."""
    plain = Retriever(dataclasses.replace(corpus_index, crosslingual=None),
                      dataclasses.replace(corpus_settings, english_share=0.0))
    hits = plain.search("Should innovation subsidies require production in the Netherlands?", 3).hits
    assert "innovatiestimuleringsregelingen veel meer te koppelen aan productie" not in hits[0].passage.text


def test_only_english_questions_use_the_english_encoder(corpus_index, corpus_settings):
    fresh = Retriever(corpus_index, corpus_settings)
    assert fresh.search("Wat vindt Metaalunie van netcongestie?", 3).hits
    assert fresh._english_vec.cache_info().currsize == 0  # Dutch questions pay nothing for it
    assert fresh.search("What does Metaalunie think about grid congestion?", 3).hits
    assert fresh._english_vec.cache_info().currsize == 1


def test_rebuild_reuses_word_and_english_vectors(corpus_settings, corpus_index, tmp_path):
    settings = dataclasses.replace(corpus_settings, index_dir=tmp_path / "index")
    build_index(settings)
    steps: list[Step] = []
    build_index(settings, progress=lambda e: steps.append(e) if isinstance(e, Step) else None)
    assert not [s for s in steps if s.stage in ("words", "english") and s.total]


def test_damaged_vocabulary_leaves_a_working_index(corpus_settings, tmp_path):
    settings = dataclasses.replace(corpus_settings, index_dir=tmp_path / "index")
    build_index(settings)
    (settings.index_dir / WORDS_FILE).write_text("{not json", encoding="utf-8")
    index = load_index(settings.index_dir)
    assert index.crosslingual is None
    hits = Retriever(index, settings).search("grid congestion", 3).hits
    assert hits  # English questions still get an answer, without translations


def test_english_encoder_setting_can_be_switched_off_or_is_validated():
    assert Settings.from_env(environ={"POLICY_QA_ENGLISH_ENCODER": "none"}).english_encoder_name == ""
    with pytest.raises(SettingsError, match="POLICY_QA_ENGLISH_ENCODER"):
        Settings.from_env(environ={"POLICY_QA_ENGLISH_ENCODER": "./no-such-model"})


def test_switched_off_builds_no_english_vectors(corpus_settings, tmp_path):
    settings = dataclasses.replace(corpus_settings, index_dir=tmp_path / "index", english_encoder="none")
    build_index(settings)
    index = load_index(settings.index_dir)
    assert index.crosslingual is not None and index.crosslingual.english_vectors is None
    assert np.asarray(index.crosslingual.word_vectors).shape[0] == len(index.crosslingual.words)
    assert Retriever(index, settings).search("grid congestion", 3).hits


def test_corpus_words_are_encoded_by_the_english_encoder_and_by_e5_without_one(corpus_settings, corpus_index,
                                                                                tmp_path):
    """USE (trained on translation pairs, ~10x faster than e5) encodes the corpus words; switched off, e5 does,
    each with its own threshold, and both translate an English word into the corpus's Dutch one."""
    assert corpus_index.manifest["word_encoder"]["name"] == "use-multilingual-v3"
    assert corpus_index.crosslingual.word_encoder == "use-multilingual-v3"
    assert "innovatie" in Retriever(corpus_index, corpus_settings).translations("innovation")
    settings = dataclasses.replace(corpus_settings, index_dir=tmp_path / "index", english_encoder="none")
    build_index(settings)
    plain = load_index(settings.index_dir)
    assert plain.crosslingual.word_encoder == "e5-small-int8"
    assert np.asarray(plain.crosslingual.word_vectors).shape[1] == 384
    assert "innovatie" in Retriever(plain, settings).translations("innovation")


def test_a_rebuild_with_another_word_encoder_encodes_the_words_again(corpus_settings, tmp_path):
    """Vectors of one encoder are never lent to another: switching the English encoder on re-encodes the words."""
    off = dataclasses.replace(corpus_settings, index_dir=tmp_path / "index", english_encoder="none")
    build_index(off)
    steps: list[Step] = []
    on = dataclasses.replace(off, english_encoder="use-multilingual-v3")
    build_index(on, progress=lambda e: steps.append(e) if isinstance(e, Step) else None)
    assert [s for s in steps if s.stage == "words" and s.total]
    index = load_index(on.index_dir)
    assert np.asarray(index.crosslingual.word_vectors).shape[1] == 512
    assert "innovatie" in Retriever(index, on).translations("innovation")
