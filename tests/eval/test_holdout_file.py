"""The held-out and blind evaluation sets stay usable (valid items, known topics and groups, every topic
asked) and stay out of the content.

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
from knowledge_base.config import KnowledgeBaseSettings
from knowledge_base.files import read_content

pytestmark = pytest.mark.unit
HOLDOUT = Path(__file__).with_name("holdout.jsonl")
BLIND = Path(__file__).with_name("blind.jsonl")


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


@pytest.mark.parametrize(
    "evaluation_file", [HOLDOUT, BLIND, PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"], ids=str
)
def test_no_training_text_repeats_an_evaluation_question(evaluation_file: Path, taxonomy: Taxonomy) -> None:
    """An evaluation question copied into the content or the question-kind texts would measure memory."""
    if not evaluation_file.exists():
        pytest.skip(f"{evaluation_file} is not on this machine")
    content = read_content(KnowledgeBaseSettings().content_dir, taxonomy=taxonomy).entries
    kinds = yaml.safe_load(KIND_EXAMPLES.read_text(encoding="utf-8"))
    examples = {words(example) for entry in content for example in entry.example_texts}
    examples |= {words(text) for texts in kinds.values() for text in texts}
    assert [item["id"] for item in load_items(evaluation_file) if words(item["text"]) in examples] == []


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))
