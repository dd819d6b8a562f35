"""The service taxonomy (taxonomy.yml): answer groups, topics, opening hours, actions.

It is the contract between the knowledge base, handover routing, the SLA
calendar and every evaluation set, so it is read into frozen types once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

import yaml

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class TaxonomyError(ValueError):
    """taxonomy.yml breaks one of its own rules."""


@dataclass(frozen=True)
class OpeningSpan:
    opens: time
    closes: time


WeekHours = dict[int, OpeningSpan]  # weekday (0 = Monday) -> span; missing = closed


@dataclass(frozen=True)
class AnswerGroup:
    id: str
    name_sv: str
    name_en: str
    sla_working_hours: int
    hours: WeekHours
    is_fallback: bool = False

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_en


@dataclass(frozen=True)
class Topic:
    id: str
    group: str
    about: str


@dataclass(frozen=True)
class Taxonomy:
    groups: dict[str, AnswerGroup]
    topics: dict[str, Topic]
    actions: tuple[str, ...]
    default_hours: WeekHours
    summer_hours: WeekHours

    @property
    def fallback_group(self) -> AnswerGroup:
        return next(group for group in self.groups.values() if group.is_fallback)

    def group_of_topic(self, topic_id: str) -> AnswerGroup:
        return self.groups[self.topics[topic_id].group]


def _parse_hours(raw: dict[str, str], where: str) -> WeekHours:
    hours: WeekHours = {}
    for day, span in raw.items():
        if day not in WEEKDAYS:
            raise TaxonomyError(f"{where}: unknown weekday {day!r}")
        try:
            opens, closes = (time.fromisoformat(part.strip()) for part in span.split("-"))
        except ValueError as error:
            raise TaxonomyError(f"{where}.{day}: {span!r} is not HH:MM-HH:MM") from error
        if closes <= opens:
            raise TaxonomyError(f"{where}.{day}: closes before it opens")
        hours[WEEKDAYS.index(day)] = OpeningSpan(opens, closes)
    return hours


def parse_taxonomy(raw: dict[str, Any]) -> Taxonomy:
    groups = {
        group_id: AnswerGroup(
            id=group_id,
            name_sv=spec["name_sv"],
            name_en=spec["name_en"],
            sla_working_hours=int(spec["sla_working_hours"]),
            hours=_parse_hours(spec["hours"], f"answer_groups.{group_id}.hours"),
            is_fallback=bool(spec.get("fallback", False)),
        )
        for group_id, spec in raw["answer_groups"].items()
    }
    topics = {
        topic_id: Topic(topic_id, spec["group"], spec.get("about", "")) for topic_id, spec in raw["topics"].items()
    }
    for topic in topics.values():
        if topic.group not in groups:
            raise TaxonomyError(f"topic {topic.id} names unknown answer group {topic.group!r}")
    if sum(group.is_fallback for group in groups.values()) != 1:
        raise TaxonomyError("exactly one answer group must be marked fallback: true")
    return Taxonomy(
        groups=groups,
        topics=topics,
        actions=tuple(raw["actions"]),
        default_hours=_parse_hours(raw["default_hours"], "default_hours"),
        summer_hours=_parse_hours(raw["summer_hours"], "summer_hours"),
    )


def load_taxonomy(path: Path) -> Taxonomy:
    with path.open(encoding="utf-8") as handle:
        return parse_taxonomy(yaml.safe_load(handle))
