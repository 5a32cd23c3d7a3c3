"""Fusion of rankings and the sentence-vector rescoring of dense candidates."""
from __future__ import annotations

import numpy as np

from policy_qa.search import fusion
from policy_qa.index.sentences import SentenceVectors


def test_rrf_rewards_agreement_and_respects_weights():
    fused = fusion.rrf([np.array([1, 2, 3]), np.array([2, 1, 4])], [1.0, 1.0], k=60)
    assert max(fused, key=fused.get) in (1, 2) and fused[1] == fused[2] > fused[3] > 0
    dense_only = fusion.rrf([np.array([1]), np.array([2])], [0.0, 2.0])
    assert dense_only[2] > dense_only[1] == 0


def test_weighted_scales_each_list_and_adds_zero_for_absent_ids():
    fused = fusion.weighted([(np.array([7, 8]), np.array([10.0, 5.0])), (np.array([8, 9]), np.array([0.9, 0.1]))],
                            [0.4, 0.6])
    assert fused == {7: 0.4, 8: 0.6, 9: 0.0}
    assert fusion.minmax(np.array([3.0, 3.0])).tolist() == [1.0, 1.0]
    assert fusion.minmax(np.array([])).size == 0


def test_best_sentence_lifts_a_passage_whose_one_line_matches():
    q = np.array([1.0, 0.0], dtype=np.float32)
    # passage 0: one sentence exactly on topic among others; passage 1: vaguely on topic throughout
    vectors = np.array([[1, 0], [0, 1], [0.6, 0.8]], dtype=np.float16)
    sv = SentenceVectors(vectors, np.array([0, 2, 3, 3]))
    scores, ids = sv.rescore(q, np.array([1, 0, 2]), np.array([0.7, 0.5, 0.4], dtype=np.float32))
    assert ids.tolist() == [0, 1, 2]  # passage 2 has no sentence vectors: keeps its passage score
    assert scores[-1] == np.float32(0.4)


def test_best_sentence_is_each_passages_own_best_in_any_order_from_the_memory_mapped_file(tmp_path):
    """The candidates' rows are gathered at once: every passage still gets its own best sentence (NaN without any),
    in the order asked, read from the memory-mapped file an index keeps."""
    rng = np.random.default_rng(7)
    counts = rng.integers(0, 5, 200)
    offsets = np.zeros(201, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    np.save(tmp_path / "v.npy", rng.standard_normal((int(offsets[-1]), 8)).astype(np.float16))
    vectors = np.load(tmp_path / "v.npy", mmap_mode="r")
    q = rng.standard_normal(8).astype(np.float32)
    ids = np.concatenate([rng.permutation(200)[:60], [int(np.argmin(counts))] * 2])  # a repeat, one without rows
    got = SentenceVectors(vectors, offsets).best(q, ids)
    for j, pid in enumerate(ids):
        rows = np.asarray(vectors[offsets[pid]:offsets[pid + 1]], dtype=np.float32)
        assert (np.isnan(got[j]) if not len(rows) else abs(got[j] - np.max(rows @ q)) < 1e-5)
    assert SentenceVectors(vectors, offsets).best(q, np.array([], dtype=np.int64)).shape == (0,)
