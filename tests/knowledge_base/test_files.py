"""Content files: every problem is reported with the file and the field, and the rules across files hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.taxonomy import Taxonomy
from knowledge_base.files import read_content, write_entry
from tests.knowledge_base.factories import entry_content, entry_raw, write_file

pytestmark = pytest.mark.unit


def problems_for(tmp_path: Path, taxonomy: Taxonomy, **overrides: object) -> list[str]:
    raw = entry_raw(taxonomy=taxonomy) | overrides
    write_file(tmp_path, raw, name="forskola-ansoka", folder="forskola")
    return read_content(tmp_path, taxonomy=taxonomy).problems


class TestEntryRules:
    def test_valid_file_loads(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        write_file(tmp_path, entry_raw(taxonomy=taxonomy))
        found = read_content(tmp_path, taxonomy=taxonomy)
        assert [entry.id for entry in found.entries] == ["forskola-ansoka"]

    def test_missing_english_answer_names_file_and_field(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        problems = problems_for(tmp_path, taxonomy, answer={"sv": "Svar."})
        assert any(p.startswith("forskola/forskola-ansoka.yml: answer:") and "en" in p for p in problems)

    def test_fewer_than_five_examples_is_refused(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        problems = problems_for(tmp_path, taxonomy, examples={"sv": ["en", "två"]})
        assert any("examples" in p and "at least 5" in p for p in problems)

    def test_entry_needs_a_link(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        assert any(": links:" in p for p in problems_for(tmp_path, taxonomy, links=[]))

    def test_unknown_topic_is_refused(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        assert any(
            "'forskola.nope' is not in taxonomy.yml" in p
            for p in problems_for(tmp_path, taxonomy, topic="forskola.nope")
        )

    def test_group_must_own_the_topic(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        write_file(tmp_path, entry_raw(taxonomy=taxonomy, answer_group="avfall"), folder="avfall")
        problems = read_content(tmp_path, taxonomy=taxonomy).problems
        assert any("does not own topic 'forskola.ansoka'" in p for p in problems)

    def test_id_pattern_is_enforced(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        problems = problems_for(tmp_path, taxonomy, id="Förskola_Ansöka")
        assert any(": id:" in p for p in problems)

    def test_file_name_must_equal_id(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        write_file(tmp_path, entry_raw(taxonomy=taxonomy), name="other-name")
        problems = read_content(tmp_path, taxonomy=taxonomy).problems
        assert any("must equal the file name 'other-name'" in p for p in problems)

    def test_broken_yaml_is_reported_not_raised(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        (tmp_path / "forskola").mkdir()
        (tmp_path / "forskola" / "broken.yml").write_text("id: [unclosed", encoding="utf-8")
        assert any("broken.yml: not valid YAML" in p for p in read_content(tmp_path, taxonomy=taxonomy).problems)


class TestFolderRules:
    def test_duplicate_ids_are_refused(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        write_file(tmp_path, entry_raw(taxonomy=taxonomy))
        write_file(tmp_path, entry_raw(taxonomy=taxonomy), name="forskola-ansoka-copy")
        problems = read_content(tmp_path, taxonomy=taxonomy).problems
        assert "id 'forskola-ansoka' is used by 2 entries; ids must be unique" in problems

    def test_every_topic_must_be_covered(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        write_file(tmp_path, entry_raw(taxonomy=taxonomy))
        found = read_content(tmp_path, taxonomy=taxonomy)
        assert "topic 'avfall.grovavfall' has no entry (every topic needs at least one)" in found.gaps
        assert not any("'forskola.ansoka' has no entry" in gap for gap in found.gaps)
        assert not found.ok and not found.problems

    def test_written_file_reads_back_equal(self, tmp_path: Path, taxonomy: Taxonomy) -> None:
        content = entry_content(taxonomy=taxonomy)
        write_entry(tmp_path, content)
        assert read_content(tmp_path, taxonomy=taxonomy).entries == [content]
