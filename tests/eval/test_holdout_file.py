"""The held-out, blind and safety evaluation sets stay usable (valid items, known topics and groups, every topic
asked, every kind of emergency) and stay out of the training texts.

holdout.jsonl helps fit the policy's thresholds (scripts/fit_policy.py);
blind.jsonl is only ever measured on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from app.evaluation import load_items
from app.settings import PROJECT_ROOT
from app.taxonomy import Taxonomy
from chat.question_kinds import EXAMPLES_PATH as KIND_EXAMPLES
from chat.safety import load_training_set
from knowledge_base.config import KnowledgeBaseSettings
from knowledge_base.files import read_content

pytestmark = pytest.mark.unit
HOLDOUT = Path(__file__).with_name("holdout.jsonl")
BLIND = Path(__file__).with_name("blind.jsonl")
SAFETY = Path(__file__).with_name("safety.jsonl")
EMERGENCY_KINDS = {"fire", "medical", "violence", "child_at_risk", "suicide", "threat_to_official"}
FORM_SLOTS = {"contact_method", "contact_value", "contact_name", "contact_language", "summary_addition", "confirmed"}


@pytest.mark.parametrize("evaluation_file", [HOLDOUT, BLIND], ids=lambda path: path.name)
def test_every_item_names_a_known_topic_or_group_and_ids_are_unique(evaluation_file: Path, taxonomy: Taxonomy) -> None:
    items = load_items(evaluation_file)
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        expect = item["expect"]
        assert expect["action"] in ("answer", "handover", "emergency", "out_of_scope", "chitchat"), item["id"]
        if expect["action"] == "answer":
            assert expect["topic"] in taxonomy.topics, item["id"]
        if expect["action"] == "handover":
            assert expect["group"] in taxonomy.groups, item["id"]


@pytest.mark.parametrize(("evaluation_file", "times"), [(HOLDOUT, 2), (BLIND, 1)], ids=["holdout", "blind"])
def test_every_topic_is_asked(evaluation_file: Path, times: int, taxonomy: Taxonomy) -> None:
    asked = [item["expect"].get("topic") for item in load_items(evaluation_file)]
    assert {topic for topic in taxonomy.topics if asked.count(topic) < times} == set()


def test_the_safety_file_is_hard_and_wide_enough() -> None:
    """At least 300 emergencies of every kind and 600 ordinary messages, in ten or more languages."""
    items = load_items(SAFETY)
    assert len({item["id"] for item in items}) == len(items)
    emergencies = [item for item in items if item["expect"]["action"] == "emergency"]
    ordinary = [item for item in items if item["expect"]["action"] == "not_emergency"]
    assert len(emergencies) >= 300 and len(ordinary) >= 600 and len(emergencies) + len(ordinary) == len(items)
    assert {item["expect"]["kind"] for item in emergencies} == EMERGENCY_KINDS
    assert len({item["lang"] for item in emergencies}) >= 10
    assert {item["form_slot"] for item in ordinary if "form_slot" in item} <= FORM_SLOTS


@pytest.mark.parametrize(
    "evaluation_file", [HOLDOUT, BLIND, SAFETY, PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"], ids=str
)
def test_no_training_text_repeats_an_evaluation_question(evaluation_file: Path, taxonomy: Taxonomy) -> None:
    """An evaluation question copied into the content, the question-kind or the emergency texts would measure
    memory (scripts/eval_independence.py measures how close the rest come)."""
    if not evaluation_file.exists():
        pytest.skip(f"{evaluation_file} is not on this machine")
    content = read_content(KnowledgeBaseSettings().content_dir, taxonomy=taxonomy).entries
    kinds = yaml.safe_load(KIND_EXAMPLES.read_text(encoding="utf-8"))
    examples = {words(example) for entry in content for example in entry.example_texts}
    examples |= {words(text) for texts in kinds.values() for text in texts}
    emergency_texts = load_training_set(nlu_dir=None)
    authored = [text for text, _ in emergency_texts.by_kind] + emergency_texts.other_emergencies
    examples |= {words(text) for text in [*authored, *emergency_texts.ordinary]}
    assert [item["id"] for item in load_items(evaluation_file) if words(item["text"]) in examples] == []


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))
