"""Entry content at the edge: what a content file or an editor may hand in, checked against the taxonomy.

One model serves files, the database's JSON column and the editor API, so a
rule written here holds everywhere an entry comes from.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from app.taxonomy import Taxonomy

ENTRY_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
REQUIRED_LANGUAGES = ("sv", "en")
MIN_EXAMPLES = 5


def _require_languages(value: dict[str, str]) -> dict[str, str]:
    missing = [lang for lang in REQUIRED_LANGUAGES if not (value.get(lang) or "").strip()]
    if missing:
        raise ValueError(f"text missing in {', '.join(missing)} (sv and en are required)")
    return {lang: text.strip() for lang, text in value.items()}


class LinkContent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(min_length=1)
    title: dict[str, str]

    @field_validator("title")
    @classmethod
    def _title_has_swedish(cls, value: dict[str, str]) -> dict[str, str]:
        if not (value.get("sv") or "").strip():
            raise ValueError("a link needs at least a Swedish title (sv)")
        return value

    def title_in(self, lang: str) -> str:
        """The link title in lang, Swedish when that language is missing."""
        return self.title.get(lang) or self.title["sv"]


class EntryContent(BaseModel):
    """One entry's content, as in a file under content/ and in a version's JSON."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ENTRY_ID_PATTERN, max_length=100)
    topic: str
    answer_group: str
    last_checked: date
    sample: bool = False
    title: dict[str, str]
    answer: dict[str, str]
    links: list[LinkContent] = Field(min_length=1)
    examples: dict[str, list[str]]

    @field_validator("title", "answer")
    @classmethod
    def _swedish_and_english(cls, value: dict[str, str]) -> dict[str, str]:
        return _require_languages(value)

    @field_validator("examples")
    @classmethod
    def _enough_examples(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        cleaned = {lang: [text.strip() for text in texts if text and text.strip()] for lang, texts in value.items()}
        found = sum(len(texts) for texts in cleaned.values())
        if found < MIN_EXAMPLES:
            raise ValueError(f"at least {MIN_EXAMPLES} example questions needed, found {found}")
        return cleaned

    @model_validator(mode="after")
    def _fits_taxonomy(self, info: ValidationInfo) -> EntryContent:
        taxonomy: Taxonomy | None = (info.context or {}).get("taxonomy")
        if taxonomy is None:
            raise ValueError("entry content must be checked against the taxonomy (context={'taxonomy': ...})")
        topic = taxonomy.topics.get(self.topic)
        if topic is None:
            raise ValueError(f"topic {self.topic!r} is not in taxonomy.yml")
        if topic.group != self.answer_group:
            raise ValueError(
                f"answer_group {self.answer_group!r} does not own topic {self.topic!r} ({topic.group!r} does)"
            )
        return self

    @property
    def example_texts(self) -> list[str]:
        """Every example question, all languages."""
        return [example for examples in self.examples.values() for example in examples]

    def text_in(self, field: str, lang: str) -> str:
        """A title or answer in lang, Swedish when that language is missing (the citizen still gets an answer)."""
        texts: dict[str, str] = getattr(self, field)
        return texts.get(lang) or texts["sv"]

    def to_json(self) -> dict[str, Any]:
        """The JSON stored in a version; equal content gives equal JSON, so imports can tell 'unchanged'."""
        return self.model_dump(mode="json")


def parse_entry(raw: Any, *, taxonomy: Taxonomy) -> EntryContent:
    """Validate raw content (a file's YAML, stored JSON, an editor's form) against the rules and the taxonomy."""
    return EntryContent.model_validate(raw, context={"taxonomy": taxonomy})


def describe_errors(error: ValidationError, *, where: str) -> list[str]:
    """One line per problem, naming the file (or entry) and the field, for editors to fix."""
    lines = []
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"]) or "(entry)"
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {field}: {message}")
    return lines


class EntrySummary(BaseModel):
    """What an editor's list shows for one entry."""

    id: str
    topic: str
    answer_group: str
    title_sv: str
    published_version: int | None
    latest_version: int
    has_draft: bool
    last_checked: date
