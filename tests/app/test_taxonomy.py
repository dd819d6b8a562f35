"""The taxonomy is read faithfully and refuses to break its own rules."""

from __future__ import annotations

from datetime import time

import pytest
import yaml

from app.settings import PROJECT_ROOT
from app.taxonomy import Taxonomy, TaxonomyError, parse_taxonomy

pytestmark = pytest.mark.unit


def raw_taxonomy() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "taxonomy.yml").read_text(encoding="utf-8"))


def test_bundled_taxonomy_has_every_group_topic_and_action(taxonomy: Taxonomy) -> None:
    assert len(taxonomy.groups) == 12 and len(taxonomy.topics) == 55
    assert set(taxonomy.actions) == {
        "answer",
        "clarify",
        "handover",
        "case_status",
        "emergency",
        "out_of_scope",
        "chitchat",
        "fallback",
    }


def test_elderly_care_is_open_on_saturdays(taxonomy: Taxonomy) -> None:
    assert taxonomy.groups["aldre"].hours[5].opens == time(10, 0)


def test_fallback_group_is_the_general_group(taxonomy: Taxonomy) -> None:
    assert taxonomy.fallback_group.id == "stockholm_direkt"


def test_bundled_copy_matches_the_shared_contract_when_it_is_beside_the_repo() -> None:
    shared = PROJECT_ROOT.parent / "shared" / "taxonomy.yml"
    if not shared.exists():
        pytest.skip("no shared/ folder beside this checkout")
    assert yaml.safe_load(shared.read_text(encoding="utf-8")) == raw_taxonomy()


def test_topic_of_an_unknown_group_is_refused() -> None:
    raw = raw_taxonomy()
    raw["topics"]["x.y"] = {"group": "nowhere"}
    with pytest.raises(TaxonomyError, match="unknown answer group"):
        parse_taxonomy(raw)


def test_opening_hours_that_close_before_they_open_are_refused() -> None:
    raw = raw_taxonomy()
    raw["answer_groups"]["aldre"]["hours"]["mon"] = "16:00-08:00"
    with pytest.raises(TaxonomyError, match="closes before it opens"):
        parse_taxonomy(raw)


def test_two_fallback_groups_are_refused() -> None:
    raw = raw_taxonomy()
    raw["answer_groups"]["aldre"]["fallback"] = True
    with pytest.raises(TaxonomyError, match="exactly one"):
        parse_taxonomy(raw)
