"""Lexical scoring: BM25 over folded words, crude stems or character n-grams, tokenised by spaCy.

It catches what embeddings blur (names like "ÅVC", "LSS", compounds such as
"förskoleplats"), and folding å/ä/ö lets "forskola" match "förskola". spaCy's
blank tokenisers need no model download; Swedish lookup lemmas are not
available without an extra data package (and are poor without a tagger), so
a small suffix stripper stands in for them and the dev set decides.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language

FeatureKind = Literal["words", "stems", "ngrams", "stems+ngrams"]
SWEDISH_SUFFIXES = sorted(
    (
        "arna",
        "erna",
        "orna",
        "heten",
        "ande",
        "ende",
        "aste",
        "are",
        "ast",
        "an",
        "en",
        "ar",
        "er",
        "or",
        "et",
        "na",
        "as",
        "es",
        "a",
        "e",
        "s",
    ),
    key=len,
    reverse=True,
)
MIN_STEM = 3


def fold(text: str) -> str:
    """Lowercase without diacritics: 'Förskola' and 'forskola' become the same word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
    from spacy.lang.sv.stop_words import STOP_WORDS as SWEDISH_STOP_WORDS

    return frozenset(fold(word) for word in SWEDISH_STOP_WORDS | ENGLISH_STOP_WORDS)


@lru_cache(maxsize=1)
def _tokenizer() -> Language:
    """spaCy loads on first use (seconds), so the command line's --help and validate do not wait for it."""
    import spacy

    return spacy.blank("sv")


def words(text: str) -> list[str]:
    """Folded content words: spaCy's Swedish tokeniser, no punctuation, no stop words."""
    stop = _stop_words()
    folded = (fold(token.text) for token in _tokenizer().make_doc(text) if token.is_alpha or token.is_digit)
    return [word for word in folded if word not in stop]


def stem(word: str) -> str:
    """Strip one common Swedish inflection ending, keeping at least three letters."""
    for suffix in SWEDISH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def char_ngrams(word: str, n: int) -> list[str]:
    """Character n-grams of a word padded with spaces, so word starts and ends count."""
    padded = f" {word} "
    if len(padded) <= n:
        return [padded]
    return [padded[i : i + n] for i in range(len(padded) - n + 1)]


@dataclass(frozen=True)
class Analyzer:
    """Turns text into the features BM25 counts."""

    kind: FeatureKind = "ngrams"
    n: int = 4

    def features(self, text: str) -> list[str]:
        tokens = words(text)
        found: list[str] = []
        if self.kind in ("words",):
            found += tokens
        if self.kind in ("stems", "stems+ngrams"):
            found += [stem(token) for token in tokens]
        if self.kind in ("ngrams", "stems+ngrams"):
            found += [gram for token in tokens for gram in char_ngrams(token, self.n)]
        return found


class LexicalScorer:
    """BM25 over one document per entry, scores scaled to about 0..1 so they can be fused and thresholded.

    A score is divided by the most the query's features could earn, each at
    BM25's saturated maximum idf * (k1 + 1), features no entry has included.
    So 1.0 means every feature matched many times, an off-topic question that
    shares one common n-gram with an entry stays low, and scores never pile up
    at a cap where they could no longer tell entries apart.
    """

    def __init__(
        self,
        documents: Mapping[str, Sequence[str]],
        *,
        analyzer: Analyzer | None = None,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.analyzer = analyzer or Analyzer()
        self._k1, self._b = k1, b
        self._entry_ids = list(documents)
        counts = [Counter(self.analyzer.features(" ".join(texts))) for texts in documents.values()]
        lengths = np.array([sum(count.values()) for count in counts], dtype=np.float32)
        self._length_norm = 1 - b + b * lengths / max(float(lengths.mean()) if len(lengths) else 1.0, 1.0)
        self._postings = self._build_postings(counts)
        self._missing_idf = self._idf(0)

    def _idf(self, document_frequency: int) -> float:
        total = len(self._entry_ids)
        return math.log(1 + (total - document_frequency + 0.5) / (document_frequency + 0.5))

    def _build_postings(self, counts: list[Counter[str]]) -> dict[str, tuple[np.ndarray, np.ndarray, float]]:
        rows: dict[str, tuple[list[int], list[int]]] = {}
        for row, count in enumerate(counts):
            for feature, tf in count.items():
                rows.setdefault(feature, ([], []))
                rows[feature][0].append(row)
                rows[feature][1].append(tf)
        return {
            feature: (np.array(docs), np.array(tfs, dtype=np.float32), self._idf(len(docs)))
            for feature, (docs, tfs) in rows.items()
        }

    def score(self, text: str) -> dict[str, float]:
        """Entry id -> scaled BM25 score, for entries sharing at least one feature with the text."""
        query = Counter(self.analyzer.features(text))
        if not query or not self._entry_ids:
            return {}
        totals = np.zeros(len(self._entry_ids), dtype=np.float32)
        ceiling = 0.0
        for feature, query_tf in query.items():
            posting = self._postings.get(feature)
            ceiling += query_tf * (posting[2] if posting else self._missing_idf) * (self._k1 + 1)
            if posting is None:
                continue
            docs, tfs, idf = posting
            norm = self._length_norm[docs]
            totals[docs] += query_tf * idf * tfs * (self._k1 + 1) / (tfs + self._k1 * norm)
        scaled = totals / ceiling
        return {self._entry_ids[row]: float(scaled[row]) for row in np.flatnonzero(totals)}
