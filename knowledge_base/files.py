"""Content files: one YAML file per entry under content/<answer_group>/<id>.yml.

Reading never stops at the first broken file: it returns every problem with
the file and field named, so an editor fixes them all in one round.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from app.taxonomy import Taxonomy
from knowledge_base.schemas import EntryContent, describe_errors, parse_entry

CONTENT_DIR = Path(__file__).with_name("content")


@dataclass
class ContentSet:
    """The entries read from a content folder, and what is wrong with the folder."""

    entries: list[EntryContent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # stop an import
    gaps: list[str] = field(default_factory=list)  # topics without an entry: fail validation, not an import

    @property
    def ok(self) -> bool:
        return not self.problems and not self.gaps


def content_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*/*.yml"))


def read_file(path: Path, *, taxonomy: Taxonomy, root: Path) -> tuple[EntryContent | None, list[str]]:
    """One entry file: its content, or the problems that stop it loading; also where it lies versus what it says."""
    where = str(path.relative_to(root))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        return None, [f"{where}: not valid YAML: {error}"]
    try:
        content = parse_entry(raw, taxonomy=taxonomy)
    except ValidationError as error:
        return None, describe_errors(error, where=where)
    problems = []
    if path.stem != content.id:
        problems.append(f"{where}: id: {content.id!r} must equal the file name {path.stem!r}")
    if path.parent.name != content.answer_group:
        problems.append(f"{where}: answer_group: {content.answer_group!r} but the file lies in {path.parent.name}/")
    return content, problems


def read_content(directory: Path, *, taxonomy: Taxonomy) -> ContentSet:
    """Every entry file, plus the rules that span files: unique ids and every topic covered.

    A missing topic does not stop an import (content grows entry by entry) but fails validation.
    """
    result = ContentSet()
    for path in content_files(directory):
        content, problems = read_file(path, taxonomy=taxonomy, root=directory)
        result.problems += problems
        if content is not None:
            result.entries.append(content)
    result.problems += _duplicate_ids(result.entries)
    result.gaps = _uncovered_topics(result.entries, taxonomy)
    return result


def _duplicate_ids(entries: list[EntryContent]) -> list[str]:
    counts = Counter(entry.id for entry in entries)
    return [
        f"id {entry_id!r} is used by {count} entries; ids must be unique"
        for entry_id, count in counts.items()
        if count > 1
    ]


def _uncovered_topics(entries: list[EntryContent], taxonomy: Taxonomy) -> list[str]:
    covered = {entry.topic for entry in entries}
    return [
        f"topic {topic!r} has no entry (every topic needs at least one)"
        for topic in taxonomy.topics
        if topic not in covered
    ]


def write_entry(directory: Path, content: EntryContent) -> Path:
    """Write one entry where read_content finds it; reading it back gives equal content."""
    path = directory / content.answer_group / f"{content.id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(content.to_json(), allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")
    return path
