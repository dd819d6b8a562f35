"""The reply language follows what the citizen wrote, and the page hint settles what text cannot."""

from __future__ import annotations

import pytest

from chat.language import detect_language

pytestmark = pytest.mark.unit


class TestShortTexts:
    @pytest.mark.parametrize("text", ["ok", "OK!", "okej"])
    def test_ambiguous_word_follows_the_page_hint(self, text):
        assert detect_language(text, "en") == "en"
        assert detect_language(text, "sv") == "sv"

    @pytest.mark.parametrize(("text", "lang"), [("hej", "sv"), ("tack!", "sv"), ("hi there", "en"), ("kiitos", "fi")])
    def test_known_greeting_or_thanks_decides_over_the_hint(self, text, lang):
        assert detect_language(text, "en" if lang != "en" else "sv") == lang

    def test_swedish_letters_in_a_short_text_mean_swedish_on_an_english_page(self):
        assert detect_language("förnya pass", "en") == "sv"

    def test_without_hint_an_unknown_short_text_is_swedish(self):
        assert detect_language("xyz", None) == "sv"


class TestSentences:
    @pytest.mark.parametrize(
        ("text", "lang"),
        [
            ("hur ansoker man om plats pa forskolan for mitt barn", "sv"),
            ("How do I apply for a place at förskola for my son?", "en"),
            ("what is daglig verksamhet and who can get it", "en"),
            ("Miten voin hakea kotipalvelua äidilleni?", "fi"),
            ("كيف يمكنني التقديم على روضة أطفال؟", "ar"),
            ("چطور می توانم برای مهدکودک ثبت نام کنم؟", "fa"),
            ("Sidee baan u codsan karaa xanaanada carruurta?", "so"),
            ("Çocuğum için anaokuluna nasıl başvurabilirim?", "tr"),
            ("Jak mogę złożyć wniosek o miejsce w przedszkolu?", "pl"),
            ("¿Cómo solicito una plaza en la guardería?", "es"),
            ("ከመይ ገይረ ንቖልዓይ ቦታ መዋእለ ህጻናት ክሓትት እኽእል?", "ti"),
        ],
    )
    def test_language_of_a_question(self, text, lang):
        assert detect_language(text, "sv") == lang

    def test_detection_is_not_fooled_by_a_hint_for_a_clear_sentence(self):
        assert detect_language("Hur söker jag hemtjänst till min pappa?", "en") == "sv"
