"""Every phrase the bot says exists in Swedish, English and Finnish, and emergency texts give 112 first."""

from __future__ import annotations

import pytest

from actions.texts import ANSWER_LANGUAGES, CATALOGUE, answer_language, say

pytestmark = pytest.mark.unit


def test_every_phrase_has_every_answer_language() -> None:
    missing = [(key, lang) for key, variants in CATALOGUE.items() for lang in ANSWER_LANGUAGES if lang not in variants]
    assert missing == []


@pytest.mark.parametrize("key", [key for key in CATALOGUE if key.startswith("emergency_")])
@pytest.mark.parametrize("lang", ANSWER_LANGUAGES)
def test_emergency_guidance_names_112_before_anything_else(key: str, lang: str) -> None:
    text = say(key, lang)
    first_number = min(
        text.find(number) for number in ("112", "1177", "114 14", "90101", "116 111", "020-50") if number in text
    )
    assert text.find("112") == first_number


@pytest.mark.parametrize(
    ("key", "number"),
    [
        ("emergency_suicide", "90101"),
        ("emergency_violence", "020-50 50 50"),
        ("emergency_child_at_risk", "116 111"),
        ("emergency_medical", "1177"),
    ],
)
def test_emergency_guidance_gives_the_exact_national_numbers(key: str, number: str) -> None:
    assert all(number in say(key, lang) for lang in ANSWER_LANGUAGES)


def test_languages_without_a_catalogue_get_swedish() -> None:
    assert answer_language("ar") == "sv" and say("yes", "so") == "Ja"
