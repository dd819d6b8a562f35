"""What a citizen typed is read as a person would see it: nothing invisible, nothing that is not text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from app.citizen_text import clean_citizen_text, clean_optional_text
from chat.schemas import MAX_TEXT_LENGTH, ChatRequest

pytestmark = pytest.mark.unit

INVISIBLE = ["\u200b", "\u2060", "\ufeff", "\u202e", "\u2066", "\u00ad", "\x00", "\x07", "\x1b"]


def chat_request(text: str) -> ChatRequest:
    return ChatRequest(session_id="s-1", text=text)


class TestCleaning:
    @pytest.mark.parametrize("invisible", INVISIBLE)
    def test_control_and_invisible_characters_are_removed_from_inside_words(self, invisible: str) -> None:
        assert clean_citizen_text(f"jag vill ta li{invisible}vet av mig") == "jag vill ta livet av mig"

    def test_line_breaks_tabs_and_joiners_stay(self) -> None:
        persian = "می\u200cخواهم"  # "I want": the non-joiner is part of the spelling
        family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
        text = f"rad ett\r\nrad\ttvå {persian} {family}"
        assert clean_citizen_text(text) == f"rad ett\nrad\ttvå {persian} {family}"

    def test_decomposed_letters_are_composed(self) -> None:
        assert clean_citizen_text("fo\u0308rskola") == "förskola"

    @pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "\x00\n\t "])
    def test_text_that_is_empty_after_cleaning_is_refused(self, text: str) -> None:
        with pytest.raises(ValueError, match="empty"):
            clean_citizen_text(text)

    def test_a_lone_surrogate_is_refused_with_its_position(self) -> None:
        with pytest.raises(ValueError, match="U\\+D800 at position 4"):
            clean_citizen_text("hej \ud800 då")

    def test_a_blank_optional_name_is_none_but_a_broken_one_is_refused(self) -> None:
        assert clean_optional_text(" \u200b ") is None
        with pytest.raises(ValueError, match="surrogate"):
            clean_optional_text("Anna\udfff")

    @given(st.text())
    def test_any_text_is_either_refused_or_cleaned_to_encodable_visible_text(self, text: str) -> None:
        try:
            cleaned = clean_citizen_text(text)
        except ValueError:
            return
        cleaned.encode("utf-8")
        assert cleaned == cleaned.strip() and clean_citizen_text(cleaned) == cleaned


class TestChatRequest:
    def test_states_its_length_limits_in_the_schema(self) -> None:
        text_schema = ChatRequest.model_json_schema()["properties"]["text"]
        assert (text_schema["minLength"], text_schema["maxLength"]) == (1, MAX_TEXT_LENGTH)

    def test_a_too_long_text_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="at most 2000"):
            chat_request("x" * (MAX_TEXT_LENGTH + 1))

    def test_the_text_is_cleaned_before_anything_reads_it(self) -> None:
        assert chat_request(" hej\u200b där \x00").text == "hej där"

    def test_an_invisible_only_text_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="empty after removing"):
            chat_request("\u200b\u200c")
