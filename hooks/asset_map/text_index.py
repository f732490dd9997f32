"""BM25 over the words of every current asset, scored for many needs at once.

bm25s (PyPI, NumPy only) computes the BM25 weight of every key in every asset: the asset's
name, summary, kind, focus areas and partners, as keys from words.py. A need's text score
for an asset is the sum of the weights of the need's keys in that asset (each key once).
`reference` puts it on a scale that does not depend on how many assets there are: what a
need scores when it shares two words with one asset and no other asset uses them.

Weights are kept in thousandths as whole numbers, so every sum is exact whatever order it is
added in: the same data gives the same scores on any machine, with any BLAS. Needs are scored
a chunk at a time: keys found in many assets as one dense matrix product, rare keys by
adding their few weights directly.
"""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np

K1 = 1.2
B = 0.75
UNITS = 1000
"""Weights are whole thousandths of a BM25 point."""
DENSE_SHARE = 64
"""A key found in at least 1/DENSE_SHARE of the assets is scored as a dense row."""
DENSE_CELLS = 24_000_000
"""At most this many cells (keys x assets) of dense rows (96 MB as float32)."""
EXACT_FLOAT32 = 2**24
REFERENCE_WORDS = 2


class TextIndex:
    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        self.size = len(docs)
        names = sorted({key for doc in docs for key in doc})
        self.vocabulary = {key: number for number, key in enumerate(names)}
        self.names = names
        if names:
            retriever = bm25s.BM25(k1=K1, b=B, method="lucene", backend="numpy", csc_backend="numpy")
            retriever.index(
                ([[self.vocabulary[k] for k in doc] for doc in docs], dict(self.vocabulary)), show_progress=False
            )
            scores = retriever.scores
            self.weights = np.rint(scores["data"].astype(np.float64) * UNITS)
            self.docs = scores["indices"].astype(np.int64)
            self.starts = scores["indptr"][: len(names) + 1].astype(np.int64)
        else:
            self.weights, self.docs, self.starts = np.zeros(0), np.zeros(0, np.int64), np.zeros(1, np.int64)
        frequency = np.diff(self.starts)
        self.frequencies = dict(zip(names, frequency.tolist(), strict=True))
        """How many assets use each key."""
        self.reference = REFERENCE_WORDS * float(np.rint(np.log1p((self.size - 0.5) / 1.5) * UNITS))
        """What a need scores when it shares REFERENCE_WORDS words with one asset that no other
        asset uses: a strong match by words, whatever the number of assets."""
        self._dense(frequency)
        # Which keys each asset uses, asset by asset (CSR), for counties like yours (alike.py).
        keys = np.repeat(np.arange(len(names), dtype=np.int64), frequency)
        order = np.argsort(self.docs, kind="stable")
        self.doc_keys = keys[order]
        self.doc_starts = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.docs, minlength=self.size), out=self.doc_starts[1:])

    def _dense(self, frequency: np.ndarray) -> None:
        room = DENSE_CELLS // max(self.size, 1)
        by_frequency = np.argsort(-frequency, kind="stable")[:room]
        chosen = by_frequency[frequency[by_frequency] * DENSE_SHARE >= max(self.size, 1)]
        self.dense_row = np.full(len(self.names), -1, dtype=np.int64)
        self.dense_row[chosen] = np.arange(len(chosen))
        self.dense = np.zeros((len(chosen), self.size), dtype=np.float32)
        for row, key in enumerate(chosen):
            start, end = self.starts[key], self.starts[key + 1]
            self.dense[row, self.docs[start:end]] = self.weights[start:end]
        self.key_max = np.zeros(len(self.names))
        """The largest weight of each key in any asset: what it can add to a sum at most."""
        if len(self.weights):
            np.maximum.at(self.key_max, np.repeat(np.arange(len(self.names)), frequency), self.weights)

    def query(self, keys: list[str]) -> np.ndarray:
        """A need's keys that some asset uses, as sorted ids, each once."""
        return np.array(sorted({self.vocabulary[k] for k in keys if k in self.vocabulary}), dtype=np.int64)

    def scores(self, queries: list[np.ndarray], columns: np.ndarray, dense: np.ndarray) -> np.ndarray:
        """Each query's BM25 score (rows) for the assets numbered in `columns`, whose dense
        rows are `dense` (`dense_columns(columns)`), in exact thousandths: float32 when no sum
        can reach 2**24 (float32 holds every whole number below it), else float64."""
        bound = max((float(self.key_max[ids].sum()) for ids in queries), default=0.0)
        kind = np.float32 if bound < EXACT_FLOAT32 else np.float64
        result = np.zeros((len(queries), len(columns)), dtype=kind)
        if not len(columns):
            return result
        if len(dense):
            chosen = np.zeros((len(queries), len(dense)), dtype=kind)
            for row, ids in enumerate(queries):
                rows = self.dense_row[ids]
                chosen[row, rows[rows >= 0]] = 1
            np.matmul(chosen, dense.astype(kind, copy=False), out=result)
        column_of = None
        places, weights = [], []
        for row, ids in enumerate(queries):
            for key in ids[self.dense_row[ids] < 0]:
                if column_of is None:
                    column_of = np.full(self.size, -1, dtype=np.int64)
                    column_of[columns] = np.arange(len(columns))
                start, end = self.starts[key], self.starts[key + 1]
                found = column_of[self.docs[start:end]]
                places.append(found[found >= 0] + row * len(columns))
                weights.append(self.weights[start:end][found >= 0])
        if places:
            where, inverse = np.unique(np.concatenate(places), return_inverse=True)
            result.reshape(-1)[where] += np.bincount(inverse, np.concatenate(weights)).astype(kind)
        return result

    def dense_columns(self, columns: np.ndarray) -> np.ndarray:
        return self.dense[:, columns]
