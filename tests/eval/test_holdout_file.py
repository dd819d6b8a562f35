"""The held-out evaluation set stays usable: valid items, known topics and groups, every topic asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.evaluation import load_items
from app.taxonomy import Taxonomy

pytestmark = pytest.mark.unit
HOLDOUT = Path(__file__).with_name("holdout.jsonl")


def test_every_item_names_a_known_topic_or_group_and_ids_are_unique(taxonomy: Taxonomy) -> None:
    items = load_items(HOLDOUT)
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        expect = item["expect"]
        assert expect["action"] in ("answer", "handover", "emergency", "out_of_scope", "chitchat"), item["id"]
        if expect["action"] == "answer":
            assert expect["topic"] in taxonomy.topics, item["id"]
        if expect["action"] == "handover":
            assert expect["group"] in taxonomy.groups, item["id"]


def test_every_topic_is_asked_at_least_twice(taxonomy: Taxonomy) -> None:
    asked = [item["expect"].get("topic") for item in load_items(HOLDOUT)]
    assert {topic for topic in taxonomy.topics if asked.count(topic) < 2} == set()
