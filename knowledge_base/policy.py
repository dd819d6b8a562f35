"""The decision policy: answer, ask which of 2-3 topics is meant, or fall back.

Thresholds are fitted by scripts/fit_policy.py with cross-validation and
kept in policy.json beside this file, so they change with a reviewed commit,
not with a code edit.

Questions in Swedish and English meet the entries' own words, so the lexical
side lifts their fused score; a question in Arabic or Somali is found by the
multilingual embedding alone and scores lower even when the match is right.
So languages other than Swedish and English have thresholds of their own.

Besides a clear lead of the fused score, the policy answers when the example
classifier (knowledge_base/classifier.py) gives one of the retriever's top
topics a high probability and that topic's fused score is still good: two
different readings of the question agree, which is rarer for a wrong topic
than either alone. When the fused scores are close, the classifier, which
weighs all of an entry's examples, picks among them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from knowledge_base.contract import Decision, SearchHit
from knowledge_base.retrieval import ScoredEntry

POLICY_PATH = Path(__file__).with_name("policy.json")
MAX_CANDIDATES = 3
LEXICAL_LANGUAGES = frozenset({"sv", "en"})  # the languages the entries are written in


@dataclass(frozen=True)
class PolicyThresholds:
    answer_min: float  # the top entry's fused score needed to answer
    margin_min: float  # how far the top entry must lead the best entry of another topic
    clarify_min: float  # the score a candidate needs to be offered in a clarify question
    clarify_window: float  # candidates lie within this distance of the top score
    # Answer also the top-3 topic the classifier gives this probability (>= 0.5, so it is the classifier's
    # own first choice too) when that topic's fused score reaches agreement_min; 1.01 turns it off.
    classifier_min: float = 1.01
    agreement_min: float = 1.01


@dataclass(frozen=True)
class Policy:
    """Thresholds for Swedish and English, and for every other language."""

    default: PolicyThresholds
    other_languages: PolicyThresholds

    def for_language(self, lang: str) -> PolicyThresholds:
        return self.default if lang in LEXICAL_LANGUAGES else self.other_languages

    @classmethod
    def uniform(cls, thresholds: PolicyThresholds) -> Policy:
        return cls(thresholds, thresholds)

    @classmethod
    def load(cls, path: Path = POLICY_PATH) -> Policy:
        raw = json.loads(path.read_text(encoding="utf-8"))
        default = PolicyThresholds(**raw["thresholds"])
        return cls(default, PolicyThresholds(**raw.get("other_languages", raw["thresholds"])))

    def save(self, path: Path, *, fitted_on: dict[str, object]) -> None:
        """Thresholds plus a note of what they were fitted on, for the reviewer of the commit."""
        body = {"thresholds": asdict(self.default), "other_languages": asdict(self.other_languages)}
        body["fitted_on"] = fitted_on
        path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def hit(scored: ScoredEntry) -> SearchHit:
    return SearchHit(scored.entry_id, scored.topic, scored.answer_group, round(scored.fused, 4))


def best_per_topic(ranked: list[ScoredEntry]) -> list[ScoredEntry]:
    """The best entry of each topic, in rank order: two entries of one topic are one choice for a citizen."""
    seen: set[str] = set()
    best = []
    for scored in ranked:
        if scored.topic not in seen:
            seen.add(scored.topic)
            best.append(scored)
    return best


def decide(ranked: list[ScoredEntry], thresholds: PolicyThresholds) -> Decision:
    """Answer when the top entry is good and clearly ahead, or when the example classifier is sure of one of
    the top topics that is still good; clarify between close good topics; else fall back."""
    topics = best_per_topic(ranked)
    if not topics:
        return Decision("fallback", [], 0.0)
    top = topics[0]
    runner_up = topics[1].fused if len(topics) > 1 else 0.0
    hits = [hit(scored) for scored in topics[:MAX_CANDIDATES]]
    if top.fused >= thresholds.answer_min and top.fused - runner_up >= thresholds.margin_min:
        return Decision("answer", hits, _confidence(top.fused), top.topic_probability)
    chosen = max(topics[:MAX_CANDIDATES], key=lambda scored: scored.topic_probability)
    if chosen.topic_probability >= thresholds.classifier_min and chosen.fused >= thresholds.agreement_min:
        first = [hit(chosen)] + [found for found in hits if found.topic != chosen.topic]
        return Decision("answer", first, _confidence(chosen.fused), chosen.topic_probability)
    candidates = [
        scored
        for scored in topics[:MAX_CANDIDATES]
        if scored.fused >= thresholds.clarify_min and top.fused - scored.fused <= thresholds.clarify_window
    ]
    if len(candidates) >= 2:
        return Decision(
            "clarify", [hit(scored) for scored in candidates], _confidence(top.fused), top.topic_probability
        )
    return Decision("fallback", hits, _confidence(top.fused), top.topic_probability)


def _confidence(score: float) -> float:
    return round(min(max(score, 0.0), 1.0), 4)
