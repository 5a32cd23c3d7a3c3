"""One settings object, validated once: every bad value is named with what is allowed; good values pass through."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from policy_qa.config import Settings, SettingsError


@pytest.mark.parametrize("name, value, says", [
    ("OCR", "treu", "expected yes or no"),
    ("FUSION", "bm25only", "must be one of: weighted, rrf"),
    ("DENSE_WEIGHT", "5", "must be between 0.0 and 1.0"),
    ("TOP_K", "five", "expected a whole number"),
    ("TOP_K", "0", "must be between 1 and 100"),
    ("LOW_CONFIDENCE", "nan", "must be between 0.0 and 1.0"),
    ("EMBEDDER", "./no/such/folder", "no such model folder"),
])
def test_a_bad_value_is_refused_with_the_variable_the_value_and_what_is_allowed(name, value, says):
    with pytest.raises(SettingsError) as err:
        Settings.from_env(environ={f"POLICY_QA_{name}": value})
    assert f"POLICY_QA_{name}=" in str(err.value) and value in str(err.value) and says in str(err.value)


def test_every_bad_value_gets_its_own_line():
    with pytest.raises(SettingsError) as err:
        Settings.from_env(environ={"POLICY_QA_OCR": "treu", "POLICY_QA_TOP_K": "five"})
    assert len(str(err.value).splitlines()) == 2


def test_good_values_are_typed():
    s = Settings.from_env(environ={"POLICY_QA_OCR": "nee", "POLICY_QA_TOP_K": " 7 ", "POLICY_QA_FUSION": "rrf",
                                   "POLICY_QA_DENSE_WEIGHT": "0.6", "POLICY_QA_EMBEDDER": "use"})
    assert (s.ocr, s.top_k, s.fusion, s.dense_weight, s.embedder) == (False, 7, "rrf", 0.6, "use")


def test_the_cli_and_the_app_refuse_to_start_with_the_same_message(tmp_path):
    env = {"POLICY_QA_FUSION": "bm25only", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    cli = subprocess.run([sys.executable, "-m", "policy_qa", "ask", "netcongestie"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    app = subprocess.run([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    for out in (cli, app):
        assert out.returncode == 2 and "POLICY_QA_FUSION='bm25only': must be one of: weighted, rrf" in out.stderr
        assert "Traceback" not in out.stderr
