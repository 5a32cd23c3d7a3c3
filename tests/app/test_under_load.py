"""The app keeps answering 20 parallel API clients while `policy-qa index` rebuilds its index (bench/load.py)."""
from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def _bench():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (ROOT / "app.py").exists(), reason="app.py is not there yet")
def test_twenty_clients_are_answered_during_a_rebuild(tmp_path, corpus_index):
    result = _bench().run(tmp_path, corpus_index.directory, clients=20, rounds=1)
    print(result)
    assert result["answers"] == 40 and result["answers_with_results"] == 40  # nobody got an error
    assert result["rebuild_exit"] == 0
    assert result["during_rebuild"]["max_s"] < 60
