"""Contact details: phone numbers normalised with phonenumbers, e-mail syntax checked, bilingual errors."""

from __future__ import annotations

import pytest

from handover.contact import normalise_contact
from handover.errors import InvalidContact

pytestmark = pytest.mark.unit


class TestPhone:
    @pytest.mark.parametrize(
        "typed",
        ["070-123 45 67", "0701234567", "+46 70 123 45 67", "0046701234567", " 070 123 45 67 "],
    )
    def test_swedish_mobiles_in_any_writing_become_e164(self, typed: str) -> None:
        assert normalise_contact("phone", typed) == "+46701234567"

    def test_stockholm_landline(self) -> None:
        assert normalise_contact("phone", "08-508 000 00") == "+46850800000"

    def test_international_numbers_are_accepted(self) -> None:
        assert normalise_contact("sms", "+358 40 1234567") == "+358401234567"

    @pytest.mark.parametrize("typed", ["12", "hej", "070-12", "+46 70 123 45 67 89 00"])
    def test_nonsense_is_refused_in_swedish_and_english(self, typed: str) -> None:
        with pytest.raises(InvalidContact) as raised:
            normalise_contact("phone", typed)
        assert "Telefonnumret" in raised.value.message and "phone number" in raised.value.message

    def test_sms_to_a_landline_is_refused(self) -> None:
        with pytest.raises(InvalidContact, match="landline"):
            normalise_contact("sms", "08-508 000 00")

    def test_errors_are_value_errors_for_form_validators(self) -> None:
        with pytest.raises(ValueError):
            normalise_contact("phone", "abc")


class TestEmail:
    def test_domain_is_lowercased_local_part_kept(self) -> None:
        assert normalise_contact("email", " Anna.Andersson@Example.SE ") == "Anna.Andersson@example.se"

    @pytest.mark.parametrize("typed", ["anna", "anna@", "@example.se", "anna@example", "an na@example.se", "a@b..se"])
    def test_bad_addresses_are_refused(self, typed: str) -> None:
        with pytest.raises(InvalidContact, match="E-postadressen"):
            normalise_contact("email", typed)


def test_unknown_method_is_refused() -> None:
    with pytest.raises(InvalidContact, match="Choose"):
        normalise_contact("fax", "08-123")
