"""Every phrase the bot says exists in Swedish, English and Finnish."""

from __future__ import annotations

import pytest

from actions.texts import ANSWER_LANGUAGES, CATALOGUE, answer_language, say

pytestmark = pytest.mark.unit


def test_every_phrase_has_every_answer_language() -> None:
    missing = [(key, lang) for key, variants in CATALOGUE.items() for lang in ANSWER_LANGUAGES if lang not in variants]
    assert missing == []


def test_languages_without_a_catalogue_get_swedish() -> None:
    assert answer_language("ar") == "sv" and say("yes", "so") == "Ja"
