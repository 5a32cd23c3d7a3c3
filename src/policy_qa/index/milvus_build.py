"""Building the index into Milvus: a new collection generation, then the alias switched to it.

Reading and cutting the PDFs, reuse and encoding are build.py's; unchanged files and passages keep their vectors
(read back from the current generation), so only changed PDFs are encoded; removed PDFs' passages are not carried
over. Until the alias moves, readers keep the previous generation; leftovers of interrupted builds are dropped.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ..config import Settings
from ..records import DocumentInfo, Passage, Problem
from . import build, reuse, swap
from .lexical import corpus_terms
from .encoders import encode_in_batches, get_encoder
from .fingerprint import fingerprint
from .folder import FORMAT_VERSION
from .milvus_store import (ANALYZER, EMPTY_TERMS, MANIFEST_PART, connect, current_collection, manifests_name,
                           read_manifest, rows, sentences_name, _pymilvus)
from .reuse import FileResult, Previous, text_key
from .sentences import build_sentence_vectors, sentence_key
from .staleness import manifest_staleness

BATCH = 1000  # rows per insert call


def milvus_staleness(settings: Settings) -> str | None:
    """Why the Milvus index must be (re)built, or None when it matches the corpus and the settings."""
    client, alias = connect(settings), settings.milvus_collection
    collection = current_collection(client, alias)
    if collection is None:
        return "no index yet"
    manifest = read_manifest(client, alias, collection)
    return "the index manifest is damaged" if manifest is None else manifest_staleness(manifest, settings)


def build_milvus(settings: Settings, progress=None, encoder=None) -> build.BuildReport:
    """Index the corpus into a new Milvus collection and point the alias at it once it is complete."""
    say = progress or (lambda msg: None)
    t0 = time.perf_counter()
    client, alias = connect(settings), settings.milvus_collection
    encoder = encoder or get_encoder(settings.embedder)
    prints = fingerprint(settings)
    with _lock(settings):
        current = current_collection(client, alias)
        _drop_leftovers(client, alias, keep=current)
        old = previous_generation(client, alias, current, prints, encoder.name)
        if not old:  # a first Milvus build borrows what a local index folder already encoded
            old = reuse.previous(settings.index_dir, prints, encoder.name)
        corpus = build._read_corpus(settings, old, say)
        if not corpus.passages:
            raise build.NothingToIndex(f"nothing to index in {settings.corpus_dir}: no readable PDF"
                                       + ("; the previous index is kept" if current else ""))
        vectors, encoded = build._passage_vectors(corpus.passages, encoder, old, say)
        sentences, offsets, _ = build_sentence_vectors(
            corpus.passages, lambda texts: encode_in_batches(encoder, texts), encoder.dim, old.sentences)
        name = f"{alias}_g{time.strftime('%Y%m%d_%H%M%S')}_{time.time_ns() % 1_000_000:06d}"
        manifest = _manifest(settings, corpus, encoder.name, vectors.shape[1], prints, name, t0)
        _write_generation(client, name, corpus.passages, vectors, sentences, offsets, say)
        _write_manifest(client, alias, name, manifest)
        _switch_alias(client, alias, name, current)
        if current:
            _drop_generation(client, alias, current)
    return build.BuildReport(Path(settings.milvus_uri), tuple(corpus.documents), tuple(corpus.problems),
                             len(corpus.passages), encoded, tuple(corpus.reprocessed), time.perf_counter() - t0)


def _lock(settings: Settings):
    """One build at a time for a Milvus Lite file (a file lock beside it); a server is left to its operator."""
    if settings.milvus_uri.endswith(".db"):
        return swap.file_lock(Path(settings.milvus_uri))
    import contextlib

    return contextlib.nullcontext()


def _manifest(settings: Settings, corpus, encoder_name: str, dim: int, prints: dict, name: str, t0: float) -> dict:
    return build.manifest_for(settings, corpus, encoder_name, int(dim), prints, "milvus", t0,
                              store={"kind": "milvus", "uri": settings.milvus_uri, "alias": settings.milvus_collection,
                                     "collection": name}, sentence_vectors=True)


def create_collections(client, name: str, dim: int) -> None:
    """The passage collection (fields for filters, the record, BM25 terms, the vector) and its sentence sibling."""
    pm = _pymilvus()
    dt = pm.DataType
    s = client.create_schema(auto_id=False)
    s.add_field("pos", dt.INT64, is_primary=True)
    for field in ("doc_id", "kind", "year"):
        s.add_field(field, dt.VARCHAR, max_length=512)
    s.add_field("record", dt.VARCHAR, max_length=65_535)
    s.add_field("terms", dt.VARCHAR, max_length=65_535, enable_analyzer=True, analyzer_params=ANALYZER)
    s.add_field("dense", dt.FLOAT_VECTOR, dim=dim)
    s.add_field("sparse", dt.SPARSE_FLOAT_VECTOR)
    s.add_function(pm.Function(name="bm25", function_type=pm.FunctionType.BM25, input_field_names=["terms"],
                               output_field_names=["sparse"]))
    ip = client.prepare_index_params()
    ip.add_index("dense", index_type="AUTOINDEX", metric_type="IP")
    ip.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    client.create_collection(name, schema=s, index_params=ip)
    s = client.create_schema(auto_id=False)
    s.add_field("row", dt.INT64, is_primary=True)
    s.add_field("passage", dt.INT64)
    s.add_field("dense", dt.FLOAT_VECTOR, dim=dim)
    ip = client.prepare_index_params()
    ip.add_index("dense", index_type="AUTOINDEX", metric_type="IP")
    client.create_collection(sentences_name(name), schema=s, index_params=ip)


def passage_row(pos: int, p: Passage, vector: np.ndarray, terms: list[str]) -> dict:
    """One Milvus row: filter fields, the record, our own BM25 terms (the local store's, compounds split), vector."""
    terms = " ".join(terms) or EMPTY_TERMS
    return {"pos": pos, "doc_id": p.doc_id, "kind": p.kind, "year": p.date[:4], "terms": terms,
            "record": json.dumps(p.to_dict(), ensure_ascii=False), "dense": vector.astype(np.float32).tolist()}


def _write_generation(client, name: str, passages, vectors, sentences, offsets, say) -> None:
    create_collections(client, name, vectors.shape[1])
    terms = corpus_terms([p.index_text() for p in passages])
    for start in range(0, len(passages), BATCH):
        client.insert(name, [passage_row(i, passages[i], vectors[i], terms[i])
                             for i in range(start, min(start + BATCH, len(passages)))])
        say(f"inserted {min(start + BATCH, len(passages))}/{len(passages)} passages into {name}")
    owner = np.repeat(np.arange(len(passages)), np.diff(offsets))
    for start in range(0, len(sentences), BATCH):
        client.insert(sentences_name(name), [
            {"row": j, "passage": int(owner[j]), "dense": sentences[j].astype(np.float32).tolist()}
            for j in range(start, min(start + BATCH, len(sentences)))])
    client.flush(name)
    client.flush(sentences_name(name))


def _write_manifest(client, alias: str, name: str, manifest: dict) -> None:
    table = manifests_name(alias)
    if not client.has_collection(table):
        dt = _pymilvus().DataType
        s = client.create_schema(auto_id=False)
        s.add_field("key", dt.VARCHAR, is_primary=True, max_length=256)
        s.add_field("collection", dt.VARCHAR, max_length=256)
        s.add_field("part", dt.INT64)
        s.add_field("text", dt.VARCHAR, max_length=65_535)
        s.add_field("v", dt.FLOAT_VECTOR, dim=2)  # Milvus wants one vector field per collection
        ip = client.prepare_index_params()
        ip.add_index("v", index_type="AUTOINDEX", metric_type="L2")
        client.create_collection(table, schema=s, index_params=ip)
    text = json.dumps(manifest, ensure_ascii=False)
    parts = [text[i:i + MANIFEST_PART] for i in range(0, len(text), MANIFEST_PART)]
    client.insert(table, [{"key": f"{name}:{i}", "collection": name, "part": i, "text": t, "v": [0.0, 0.0]}
                          for i, t in enumerate(parts)])
    client.flush(table)


def _switch_alias(client, alias: str, name: str, current: str | None) -> None:
    if current is None:
        client.create_alias(name, alias)
    else:
        client.alter_alias(name, alias)


def _drop_generation(client, alias: str, name: str) -> None:
    for c in (name, sentences_name(name)):
        if client.has_collection(c):
            client.drop_collection(c)
    if client.has_collection(manifests_name(alias)):
        client.delete(manifests_name(alias), filter=f"collection == {json.dumps(name)}")


def _drop_leftovers(client, alias: str, keep: str | None) -> None:
    """Collections of builds that never switched the alias (interrupted): they answer nothing, so they go."""
    prefix = f"{alias}_g"
    for c in client.list_collections():
        base = c[:-len("_sent")] if c.endswith("_sent") else c
        if c.startswith(prefix) and base != keep:
            _drop_generation(client, alias, base)


def previous_generation(client, alias: str, collection: str | None, prints: dict, encoder_name: str) -> Previous:
    """What the current generation lends a build: vectors by text, sentence vectors, unchanged files' passages."""
    manifest = read_manifest(client, alias, collection) if collection else None
    if not manifest or manifest.get("format_version") != FORMAT_VERSION or manifest["encoder"]["name"] != encoder_name:
        return Previous()
    found = sorted(rows(client, collection, ["pos", "record", "dense"]), key=lambda r: r["pos"])
    passages = [Passage.from_dict(json.loads(r["record"])) for r in found]
    vectors = {text_key(encoder_name, p.index_text()): np.asarray(r["dense"], np.float32)
               for p, r in zip(passages, found)}
    groups: dict[int, list] = {}
    for r in sorted(rows(client, sentences_name(collection), ["row", "passage", "dense"]), key=lambda r: r["row"]):
        groups.setdefault(int(r["passage"]), []).append(r["dense"])
    dim = int(manifest["encoder"]["dim"])
    sentences = {sentence_key(p): np.asarray(groups.get(i, []), np.float16).reshape(-1, dim)
                 for i, p in enumerate(passages)}
    files = {}
    if manifest.get("settings") == prints:
        docs = {d["file"]: DocumentInfo.from_dict(d) for d in manifest.get("documents", [])}
        for f in manifest.get("files", []):
            if f.get("status") == "indexed" and f.get("file") in docs:
                files[(f["file"], f["sha256"])] = FileResult(
                    docs[f["file"]], tuple(p for p in passages if p.file == f["file"]),
                    tuple(Problem(**p) for p in f.get("problems", [])))
    return Previous(encoder_name, vectors, sentences, files)
