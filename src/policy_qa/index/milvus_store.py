"""The index on Milvus (a Milvus Lite file or a server), read with the same attributes as the local LoadedIndex.

Each build writes a new collection (and `<name>_sent` for sentence vectors) and then points the alias
`settings.milvus_collection` at it, so readers always see one complete generation; manifests live in
`<alias>_manifests`. BM25 runs server-side over our own Dutch terms (analysis.tokenize joined by spaces; Milvus's
standard tokenizer splits them back exactly, as they are runs of letters and digits), so it scores the same tokens.
"""
from __future__ import annotations

import functools
import json
import logging
import os
from dataclasses import dataclass

import numpy as np

from ..config import Settings
from ..records import Passage
from .lexical import QueryTerms
from .folder import FORMAT_VERSION, IndexUnavailable, ManifestFacts
from .sentences import SENTENCE_SHARE, SentenceVectors

MAX_TOPK = 16_384  # Milvus's limit on one search's results
MANIFEST_PART = 16_000  # characters per manifest row (VARCHAR holds 65,535 bytes)
ANALYZER = {"tokenizer": "standard"}  # no stemming or stopwords there: the terms arrive analysed
EMPTY_TERMS = "_leeg_"  # for a passage without terms; no query term can be it
_NONE = (np.zeros(0, np.float32), np.zeros(0, np.int64))


def _pymilvus():
    os.environ.setdefault("GRPC_VERBOSITY", "NONE")  # grpc keepalive chatter on stderr is no message for users
    try:
        import pymilvus
    except ImportError:
        raise IndexUnavailable("store=milvus needs the optional extra: pip install -c constraints.txt '.[milvus]'") from None
    for name in ("pymilvus", "milvus_lite"):  # their errors reach users as our messages, without tracebacks
        logging.getLogger(name).setLevel(logging.CRITICAL)
    return pymilvus


_CLIENTS: dict = {}


@functools.lru_cache(maxsize=8)
def _client(uri: str, token: str):
    _CLIENTS[(uri, token)] = _pymilvus().MilvusClient(uri=uri, token=token)
    return _CLIENTS[(uri, token)]


def connect(settings: Settings):
    """One client per address in this process (a Milvus Lite file is owned by the process that opened it)."""
    try:
        return _client(settings.milvus_uri, settings.milvus_token)
    except IndexUnavailable:
        raise
    except Exception as exc:
        lite = " (a Milvus Lite file is used by one process at a time: is the app or another command using it?)"
        raise IndexUnavailable(f"cannot reach Milvus at {settings.milvus_uri} ({type(exc).__name__}: "
                               f"{str(exc)[:160]}){lite if settings.milvus_uri.endswith('.db') else ''}") from None


def disconnect() -> None:
    """Close this process's Milvus clients (a Milvus Lite file is then free for another process)."""
    for (uri, token) in list(_CLIENTS):
        _CLIENTS.pop((uri, token)).close()
        if uri.endswith(".db"):  # the embedded Lite server keeps the file locked until it is released
            from milvus_lite.server_manager import server_manager_instance

            server_manager_instance.release_server(uri)
    _client.cache_clear()


def manifests_name(alias: str) -> str:
    return f"{alias}_manifests"


def sentences_name(collection: str) -> str:
    return f"{collection}_sent"


def current_collection(client, alias: str) -> str | None:
    """The collection the alias points at, or None before the first build."""
    if alias not in client.list_aliases().get("aliases", []):
        return None
    return client.describe_alias(alias)["collection_name"]


def read_manifest(client, alias: str, collection: str) -> dict | None:
    """The manifest stored for `collection`, or None when there is none or it cannot be read."""
    if not client.has_collection(manifests_name(alias)):
        return None
    client.load_collection(manifests_name(alias))  # a new process finds collections released
    rows = client.query(manifests_name(alias), filter=f"collection == {json.dumps(collection)}",
                        output_fields=["part", "text"], limit=MAX_TOPK)
    try:
        manifest = json.loads("".join(r["text"] for r in sorted(rows, key=lambda r: r["part"])))
    except ValueError:
        return None
    return manifest if isinstance(manifest, dict) else None


def rows(client, collection: str, fields: list[str], batch: int = 4096):
    """Every row of a collection (an iterator, so millions of rows never sit in one response)."""
    client.load_collection(collection)
    it = client.query_iterator(collection, batch_size=batch, output_fields=fields)
    try:
        while chunk := it.next():
            yield from chunk
    finally:
        it.close()


def expression(allowed) -> str:
    """A Milvus filter for `allowed`: a Selection's expression, or passage positions."""
    if allowed is None:
        return ""
    if isinstance(allowed, Selection):
        return allowed.expression
    return f"pos in {[int(i) for i in allowed]}"


def _top(client, collection: str, data, field: str, limit: int, allowed, metric: str) -> tuple[np.ndarray, np.ndarray]:
    """(scores, positions) of one search, best first; BM25 scores as positive numbers (Lite reports them negated)."""
    if limit <= 0 or (allowed is not None and not isinstance(allowed, Selection) and len(allowed) == 0):
        return _NONE
    hits = client.search(collection, data=[data], anns_field=field, limit=min(limit, MAX_TOPK),
                         filter=expression(allowed), output_fields=["pos"], search_params={"metric_type": metric})[0]
    scores = np.array([abs(h["distance"]) if metric == "BM25" else h["distance"] for h in hits], np.float32)
    return scores, np.array([h["entity"]["pos"] for h in hits], np.int64)


@dataclass(frozen=True)
class Selection:
    """Filters as a Milvus filter expression, evaluated server-side (document, kind, year fields)."""

    expression: str


class MilvusLexical:
    """BM25 computed by Milvus over our analysed terms; `top` ranks server-side, with filters applied there."""

    def __init__(self, client, collection: str, vocabulary: frozenset[str], size: int) -> None:
        self._client, self._collection, self._vocab, self.size = client, collection, vocabulary, size
        self._query = QueryTerms(lambda s: s in self._vocab)  # the local store's query analysis, compounds too

    def top(self, query: str, depth: int, allowed=None) -> tuple[np.ndarray, np.ndarray]:
        """(positions, scores) of the `depth` best passages, best first; only passages sharing a term."""
        return self.top_terms(self._query.terms(query), depth, allowed)

    def top_terms(self, terms: list[str], depth: int, allowed=None) -> tuple[np.ndarray, np.ndarray]:
        """Like `top`, for terms already analysed (what BM25 sees, as stored in each row)."""
        if not terms or not self.size:
            return _NONE[1], _NONE[0]
        scores, ids = _top(self._client, self._collection, " ".join(terms), "sparse", depth, allowed, "BM25")
        keep = scores > 0
        return ids[keep], scores[keep]

    def scores(self, query: str) -> np.ndarray:
        out = np.zeros(self.size, dtype=np.float32)
        ids, scores = self.top(query, self.size)
        out[ids] = scores
        return out

    def known_terms(self, query: str, standalone=None, within=None) -> list[str]:
        return self._query.known(query, standalone, within)


class MilvusDense:
    """Inner-product search over passage vectors in Milvus."""

    kind = "milvus"

    def __init__(self, client, collection: str, size: int) -> None:
        self._client, self._collection, self.size = client, collection, size

    def search(self, query: np.ndarray, k: int, allowed=None) -> tuple[np.ndarray, np.ndarray]:
        vec = np.asarray(query, dtype=np.float32).ravel().tolist()
        return _top(self._client, self._collection, vec, "dense", min(k, self.size), allowed, "IP")


class MilvusSentences:
    """Sentence vectors of the candidates, fetched per query, mixed in exactly as the local SentenceVectors do."""

    def __init__(self, client, collection: str) -> None:
        self._client, self._collection = client, collection

    def rows(self, pid: int) -> np.ndarray:
        """One passage's sentence vectors, in sentence order (what the answer box scores)."""
        found = self._client.query(self._collection, filter=f"passage == {int(pid)}",
                                   output_fields=["row", "dense"], limit=MAX_TOPK)
        return np.asarray([r["dense"] for r in sorted(found, key=lambda r: r["row"])], dtype=np.float32)

    def rescore(self, query: np.ndarray, ids: np.ndarray, scores: np.ndarray,
                share: float = SENTENCE_SHARE) -> tuple[np.ndarray, np.ndarray]:
        ids = np.asarray(ids, dtype=np.int64)
        if len(ids) == 0:
            return scores, ids
        found = self._client.query(self._collection, filter=f"passage in {ids.tolist()}",
                                   output_fields=["passage", "row", "dense"], limit=MAX_TOPK)
        groups: dict[int, list] = {}
        for r in sorted(found, key=lambda r: r["row"]):
            groups.setdefault(int(r["passage"]), []).append(r["dense"])
        counts = [len(groups.get(int(i), [])) for i in ids]
        flat = [v for i in ids for v in groups.get(int(i), [])]
        vectors = np.asarray(flat, dtype=np.float32).reshape(len(flat), len(query))
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        mixed, local = SentenceVectors(vectors, offsets).rescore(query, np.arange(len(ids)), scores, share)
        return mixed, ids[local]


@dataclass(frozen=True)
class MilvusIndex(ManifestFacts):
    """Everything search needs, served by one Milvus collection generation (passages are kept in memory)."""

    uri: str
    collection: str
    manifest: dict
    passages: tuple[Passage, ...]
    lexical: MilvusLexical
    dense: MilvusDense
    sentences: MilvusSentences | None = None


    def select(self, filters) -> Selection:
        """Document, kind and year filters as one Milvus expression (search/retriever.py Filters)."""
        parts = [f"{field} in {json.dumps(sorted(values), ensure_ascii=False)}"
                 for field, values in (("doc_id", filters.doc_ids), ("kind", filters.kinds), ("year", filters.years))
                 if values]
        return Selection(" and ".join(parts))


def load_milvus(settings: Settings) -> MilvusIndex:
    """The generation the alias points at; IndexUnavailable (a message) when there is none or it is incomplete."""
    client, alias = connect(settings), settings.milvus_collection
    how = "build it with: POLICY_QA_STORE=milvus policy-qa index"
    try:
        collection = current_collection(client, alias)
        if collection is None:
            raise IndexUnavailable(f"no index in Milvus at {settings.milvus_uri} (alias {alias}); {how}")
        manifest = read_manifest(client, alias, collection)
        if not manifest or manifest.get("format_version") != FORMAT_VERSION:
            raise IndexUnavailable(f"the Milvus collection {collection} has no usable manifest; {how}")
        client.load_collection(collection)
        found = sorted(rows(client, collection, ["pos", "record", "terms"]), key=lambda r: r["pos"])
    except IndexUnavailable:
        raise
    except Exception as exc:
        raise IndexUnavailable(f"cannot read the index in Milvus at {settings.milvus_uri} "
                               f"({type(exc).__name__}: {str(exc)[:160]}); {how}") from None
    if len(found) != manifest["passages"] or any(r["pos"] != i for i, r in enumerate(found)):
        raise IndexUnavailable(f"the Milvus collection {collection} does not match its manifest; {how}")
    passages = tuple(Passage.from_dict(json.loads(r["record"])) for r in found)
    vocabulary = frozenset(t for r in found for t in r["terms"].split())
    sentences = None
    if manifest.get("sentence_vectors"):
        client.load_collection(sentences_name(collection))
        sentences = MilvusSentences(client, sentences_name(collection))
    return MilvusIndex(settings.milvus_uri, collection, manifest, passages,
                       MilvusLexical(client, collection, vocabulary, len(passages)),
                       MilvusDense(client, collection, len(passages)), sentences)
