"""What other packages get from the knowledge base (docs/design.md, "Contracts between packages")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DecisionKind = Literal["answer", "clarify", "fallback"]


@dataclass(frozen=True)
class SearchHit:
    entry_id: str
    topic: str
    answer_group: str
    score: float


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    hits: list[SearchHit] = field(default_factory=list)
    confidence: float = 0.0
    topic_probability: float = 0.0  # the example classifier's probability of the first hit's topic


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class EntryView:
    entry_id: str
    topic: str
    answer_group: str
    lang: str
    title: str
    answer: str
    links: list[Link]
