"""Personal data never reaches the turn log or the editors' inbox; case references do."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.redaction import (
    EMAIL_TAG,
    PERSONNUMMER_TAG,
    PHONE_TAG,
    find_case_references,
    luhn_valid,
    redact,
)

pytestmark = pytest.mark.unit


# --- factories ---------------------------------------------------------------


def luhn_digit(nine_digits: str) -> str:
    """The check digit that makes YYMMDDNNN + C pass the Luhn test."""
    for candidate in "0123456789":
        if luhn_valid(nine_digits + candidate):
            return candidate
    raise AssertionError("a Luhn digit always exists")


def personnummer(born: date, serial: int, *, coordination: bool = False, style: str = "short-dash") -> str:
    """A valid personnummer (or samordningsnummer) written in one of the styles citizens use."""
    day = born.day + (60 if coordination else 0)
    short = f"{born:%y%m}{day:02d}"
    body = f"{short}{serial:03d}"
    tail = f"{serial:03d}{luhn_digit(body)}"
    century = f"{born.year // 100:02d}"
    return {
        "short-dash": f"{short}-{tail}",
        "short-plus": f"{short}+{tail}",
        "short-none": f"{short}{tail}",
        "long-dash": f"{century}{short}-{tail}",
        "long-none": f"{century}{short}{tail}",
        "short-en-dash": f"{short}\u2013{tail}",
        "long-minus-sign": f"{century}{short} \u2212 {tail}",
        "long-space": f"{century}{short} {tail}",
    }[style]


def case_reference(body: str) -> str:
    return f"KC-{body}"


words = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrsåäö ,.?!"), max_size=40)
birth_dates = st.dates(min_value=date(1910, 1, 1), max_value=date(2025, 12, 31))
styles = st.sampled_from(
    ["short-dash", "short-plus", "short-none", "long-dash", "long-none"]
    + ["short-en-dash", "long-minus-sign", "long-space"]
)
mobile_formats = [
    lambda p, d: f"{p}{d}",
    lambda p, d: f"{p}-{d}",
    lambda p, d: f"{p}-{d[:3]} {d[3:5]} {d[5:]}",
    lambda p, d: f"+46 {p[1:]} {d}",
]
mobile_numbers = st.builds(
    lambda prefix, digits, fmt: fmt(prefix, digits),
    st.sampled_from(["070", "072", "073", "076", "079"]),
    st.from_regex(r"\A\d{7}\Z"),
    st.sampled_from(mobile_formats),
)
landline_formats = [
    lambda d: f"08-{d}",
    lambda d: f"08 {d[:3]} {d[3:6]} {d[6:]}",
    lambda d: f"+46 8 {d}",
    lambda d: f"0046 8 {d}",
]
landline_numbers = st.builds(
    lambda digits, fmt: fmt(digits),
    st.from_regex(r"\A\d{8}\Z"),
    st.sampled_from(landline_formats),
)
international_numbers = st.builds(
    lambda cc, digits: f"+{cc} {digits}",
    st.sampled_from(["1", "44", "358", "90", "252", "963", "48"]),
    st.from_regex(r"\A[1-9]\d{7,9}\Z"),
)
emails = st.builds(
    lambda local, domain, tld: f"{local}@{domain}.{tld}",
    st.from_regex(r"\A[a-z][a-z0-9._+-]{0,15}[a-z0-9]\Z"),
    st.from_regex(r"\A[a-z][a-z0-9-]{0,12}[a-z0-9]\Z"),
    st.sampled_from(["se", "com", "nu", "org", "stockholm.se"]),
)
reference_bodies = st.from_regex(r"\A[A-Z0-9][A-Z0-9-]{4,14}[A-Z0-9]\Z")


def embedded(before: str, item: str, after: str) -> str:
    return f"{before} {item} {after}"


# --- properties ----------------------------------------------------------------


class TestPropertiesOfRedaction:
    @given(words, birth_dates, st.integers(0, 999), st.booleans(), styles, words)
    def test_any_valid_personnummer_in_text_is_replaced(self, before, born, serial, coordination, style, after):
        number = personnummer(born, serial, coordination=coordination, style=style)
        result = redact(embedded(before, number, after))
        assert number not in result
        assert PERSONNUMMER_TAG in result or PHONE_TAG in result

    @given(words, st.one_of(mobile_numbers, landline_numbers, international_numbers), words)
    def test_any_phone_number_in_text_is_replaced(self, before, number, after):
        result = redact(embedded(before, number, after))
        assert number not in result
        digits = "".join(ch for ch in number if ch.isdigit())
        assert digits not in "".join(ch for ch in result if ch.isdigit())

    @given(words, emails, words)
    def test_any_email_address_in_text_is_replaced(self, before, address, after):
        result = redact(embedded(before, address, after))
        assert address not in result
        assert EMAIL_TAG in result

    @given(words, reference_bodies, words)
    def test_case_references_are_never_redacted(self, before, body, after):
        reference = case_reference(body)
        text = embedded(before, reference, after)
        assert reference in redact(text)
        assert find_case_references(text) == [reference]

    @given(st.text(alphabet=st.sampled_from("\ue000\uf8ff0123456789 KC-"), max_size=60), reference_bodies)
    def test_private_use_characters_around_digits_neither_crash_nor_touch_a_reference(self, noise, body):
        reference = case_reference(body)
        assert reference in redact(f"{noise} {reference} {noise}")

    @given(st.text(max_size=200))
    def test_redaction_is_idempotent(self, text):
        once = redact(text)
        assert redact(once) == once


# --- examples ----------------------------------------------------------------


class TestPersonnummer:
    @pytest.mark.parametrize(
        "text",
        ["mitt personnummer är 19850709-9805", "pnr 850709-9805", "8507099805 gäller", "850709 - 9805"],
    )
    def test_written_forms_are_replaced(self, text):
        assert "9805" not in redact(text)

    def test_samordningsnummer_is_replaced(self):
        number = personnummer(date(1990, 4, 12), 123, coordination=True)
        assert redact(f"samordningsnummer {number}") == f"samordningsnummer {PERSONNUMMER_TAG}"

    def test_ten_digit_run_that_fails_luhn_and_is_no_phone_number_is_kept(self):
        assert redact("fakturanummer 1234567890") == "fakturanummer 1234567890"


class TestPhoneNumbers:
    @pytest.mark.parametrize(
        "number",
        ["070-123 45 67", "0701234567", "08-508 000 00", "+46 70 123 45 67", "0046 8 508 000 00", "+44 20 7946 0958"],
    )
    def test_swedish_and_international_numbers_are_replaced(self, number):
        assert redact(f"ring mig på {number} tack") == f"ring mig på {PHONE_TAG} tack"


class TestOrdinaryNumbersSurvive:
    @pytest.mark.parametrize(
        "text",
        [
            "öppet 08:00-16:30 måndag till torsdag",
            "årsräkningen ska in senast 2026-03-01",
            "avgiften är 1 688 kr per månad",
            "postnummer 123 45 Stockholm",
            "ring 112 eller 114 14",
        ],
    )
    def test_times_dates_amounts_and_short_service_numbers_are_kept(self, text):
        assert redact(text) == text


class TestCaseReferences:
    def test_are_found_in_any_case_and_returned_uppercase_once(self):
        text = "gäller kc-2026-4f7k2q, alltså KC-2026-4F7K2Q"
        assert find_case_references(text) == ["KC-2026-4F7K2Q"]

    def test_reference_with_phone_like_digits_is_not_a_phone_number(self):
        assert redact("ärende KC-2026-0701234567") == "ärende KC-2026-0701234567"

    def test_too_short_reference_is_not_a_reference(self):
        assert find_case_references("KC-12") == []
