"""Routing: topic owner, then a confident classifier guess, then the fallback group; officers by language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from app.taxonomy import Taxonomy
from handover.routing import Router, TopicGuess, classifier_from_decisions, offered_first_to, rank_officers
from staff.identity import Role
from tests.handover.factories import officer

pytestmark = pytest.mark.unit


def fixed_guess(topic: str, confidence: float):  # type: ignore[no-untyped-def]
    return lambda text: TopicGuess(topic, confidence)


class TestRoute:
    def test_known_topic_goes_to_its_group(self, taxonomy: Taxonomy) -> None:
        assert Router(taxonomy).route(topic="park.boende", text="") == "parkering"

    def test_unknown_topic_uses_a_confident_classifier(self, taxonomy: Taxonomy) -> None:
        router = Router(taxonomy, fixed_guess("avfall.utebliven", 0.8))
        assert router.route(topic=None, text="soporna hämtades inte") == "avfall"

    def test_unsure_classifier_falls_back(self, taxonomy: Taxonomy) -> None:
        router = Router(taxonomy, fixed_guess("avfall.utebliven", 0.2), min_confidence=0.5)
        assert router.route(topic=None, text="något") == "stockholm_direkt"

    def test_classifier_naming_an_unknown_topic_falls_back(self, taxonomy: Taxonomy) -> None:
        router = Router(taxonomy, fixed_guess("no.such.topic", 0.99))
        assert router.route(topic="also.unknown", text="x y z") == "stockholm_direkt"

    def test_no_classifier_falls_back(self, taxonomy: Taxonomy) -> None:
        assert Router(taxonomy).route(topic=None, text="hjälp") == taxonomy.fallback_group.id

    def test_knowledge_base_decision_can_be_the_classifier(self, taxonomy: Taxonomy) -> None:
        router = Router(taxonomy, classifier_from_decisions(lambda text: decision("answer", "skola.skolval")))
        assert router.route(topic=None, text="byta skola") == "skola"

    def test_a_knowledge_base_fallback_routes_to_the_fallback_group(self, taxonomy: Taxonomy) -> None:
        router = Router(taxonomy, classifier_from_decisions(lambda text: decision("fallback", "funk.lss")))
        assert router.route(topic=None, text="kan jag prata med en människa") == taxonomy.fallback_group.id


@dataclass(frozen=True)
class _Hit:
    topic: str


@dataclass(frozen=True)
class _Decision:
    kind: str
    hits: list[_Hit]
    confidence: float


def decision(kind: str, topic: str) -> _Decision:
    return _Decision(kind, [_Hit(topic)], 0.9)


class TestOfficersByLanguage:
    def test_speakers_of_the_case_language_come_first(self) -> None:
        sv_only = officer("forskola", username="a-sv")
        arabic = officer("forskola", languages=("sv", "ar"), username="b-ar")
        other_group = officer("skola", languages=("ar",), username="c-ar")
        editor = officer("forskola", languages=("ar",), roles=(Role.EDITOR,), username="d-ar")
        ranked = rank_officers([sv_only, arabic, other_group, editor], group="forskola", language="ar")
        assert [o.username for o in ranked] == ["b-ar", "a-sv"]

    def test_swedish_cases_are_offered_in_a_stable_order(self) -> None:
        officers = [officer("forskola", username=name) for name in ("c", "a", "b")]
        assert [o.username for o in rank_officers(officers, group="forskola", language="sv")] == ["a", "b", "c"]

    def test_language_offer_is_limited_in_time(self) -> None:
        speaker = officer("forskola", languages=("sv", "so"))
        created = datetime(2026, 11, 24, 9, tzinfo=UTC)
        window = timedelta(minutes=60)
        assert offered_first_to(speaker, language="so", created_at=created, now=created, window=window)
        later = created + timedelta(minutes=61)
        assert not offered_first_to(speaker, language="so", created_at=created, now=later, window=window)
        assert not offered_first_to(speaker, language="sv", created_at=created, now=created, window=window)
