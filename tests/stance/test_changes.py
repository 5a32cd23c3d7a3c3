"""What changed between consecutive documents on a topic, and free-text topics bridged to listed terms."""
from __future__ import annotations

import numpy as np
import pytest

from policy_qa.stance.changes import align, content_stems, overlap
from policy_qa.stance.explorer import explore, topic_for
from policy_qa.stance.topics import load_topics

from conftest import CORPUS

LETTER, MANIFEST = "brief-2025-formatie", "manifest-tk2023"


@pytest.fixture(scope="module")
def topics():
    return load_topics(CORPUS)


def test_align_splits_positions_into_new_dropped_and_continued():
    before, after = ["a", "b"], ["x", "y", "z"]
    sim = np.array([[0.95, 0.10, 0.20],   # a continues as x
                    [0.30, 0.20, 0.40]])  # b has no match: no longer mentioned
    ch = align(before, after, sim, threshold=0.9)
    assert [(c.before, c.after) for c in ch.continued] == [("a", "x")]
    assert ch.new == ("y", "z") and ch.dropped == ("b",)
    empty = align([], ["x"], np.zeros((0, 1)), threshold=0.9)
    assert empty.new == ("x",) and empty.dropped == () and empty.continued == ()


def test_shared_content_words_ignore_framing_and_inflection():
    a = content_stems("Investeer in de energie-infrastructuur")
    b = content_stems("Versneld investeren in de infrastructuur")
    assert overlap(a, b) > 0.5 and overlap(a, content_stems("Verlaag de regeldruk")) == 0.0


def test_netcongestie_change_from_manifest_to_letter(retriever, topics):
    st = explore(retriever, "netcongestie", topics)
    assert len(st.changes) == 1
    ch = st.changes[0]
    assert (ch.before, ch.after) == (MANIFEST, LETTER)  # oldest first
    assert any(p.text.startswith("Los netcongestie versneld op") for p in ch.new)
    old = "Investeer in de energie-infrastructuur"
    assert any(p.text.startswith(old) for p in ch.dropped) or any(c.before.text.startswith(old) for c in ch.continued)
    listed = {p.text for d in st.documents for p in d.positions}
    shown = [p.text for p in ch.new + ch.dropped] + [c.after.text for c in ch.continued]
    assert set(shown) <= listed  # every change line is one of the listed positions
    as_json = st.to_dict()["changes"][0]
    assert as_json["from"] == MANIFEST and {"new", "dropped", "continued"} <= set(as_json)


def test_a_topic_only_one_document_covers_is_all_new(retriever, topics):
    st = explore(retriever, "defensie", topics)
    ch = st.changes[0]
    assert ch.dropped == () and ch.continued == () and len(ch.new) == len(st.documents[1].positions) > 0


@pytest.mark.parametrize("typed, word", [("tax", "fiscale"), ("defence", "defensie"), ("innovation", "innovatie")])
def test_english_topics_find_the_dutch_positions(retriever, topics, typed, word):
    st = explore(retriever, typed, topics)
    texts = " ".join(p.text.lower() for d in st.documents for p in d.positions)
    assert word in texts


@pytest.mark.parametrize("typed", ["kinderopvang", "waterstof", "housing", "PFAS"])
def test_topics_the_documents_do_not_cover_stay_silent(retriever, topics, typed):
    assert topic_for(retriever, typed, topics).terms == (typed,)  # nothing bridged
    assert all(not d.positions for d in explore(retriever, typed, topics).documents)
