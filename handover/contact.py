"""Contact details a citizen gives: validated and normalised before a case keeps them.

Phone numbers are parsed with `phonenumbers` (libphonenumber's metadata), with
Sweden as the default region so "070-123 45 67" works and "+358 40 ..." too,
and stored in E.164 so an officer can dial and an SMS gateway can send.
E-mail addresses get a syntax check only: whether a mailbox exists shows when
the reply is delivered, and the outbox reports that to the officer.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from handover.errors import InvalidContact
from handover.models import ContactMethod

DEFAULT_REGION = "SE"
EMAIL_MAX_LENGTH = 254
EMAIL_PATTERN = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
SMS_CAPABLE = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}

INVALID_PHONE = (
    "Telefonnumret gick inte att känna igen. Skriv det till exempel som 070-123 45 67 eller +46 70 123 45 67. / "
    "The phone number was not recognised. Write it for example as 070-123 45 67 or +46 70 123 45 67."
)
NOT_MOBILE = (
    "Numret ser ut att vara ett fast nummer och kan inte ta emot sms. Ange ett mobilnummer eller välj telefonsamtal. / "
    "The number looks like a landline and cannot receive text messages. Give a mobile number or choose a phone call."
)
INVALID_EMAIL = (
    "E-postadressen är inte giltig. Skriv den till exempel som namn@exempel.se. / "
    "The e-mail address is not valid. Write it for example as name@example.com."
)
UNKNOWN_METHOD = "Välj telefonsamtal, sms eller e-post. / Choose a phone call, a text message or e-mail."


def parse_method(method: str) -> ContactMethod:
    try:
        return ContactMethod(method.strip().lower())
    except ValueError as error:
        raise InvalidContact(UNKNOWN_METHOD) from error


def normalise_contact(method: str, value: str) -> str:
    """The contact value in its stored form (E.164 or lower-cased domain); InvalidContact when unusable."""
    contact_method = parse_method(method)
    if contact_method is ContactMethod.EMAIL:
        return normalise_email(value)
    return normalise_phone(value, sms=contact_method is ContactMethod.SMS)


def normalise_phone(value: str, *, sms: bool = False) -> str:
    """E.164 ("+46701234567"); a landline is refused for SMS because the text would never arrive."""
    try:
        number = phonenumbers.parse(value.strip(), DEFAULT_REGION)
    except NumberParseException as error:
        raise InvalidContact(INVALID_PHONE) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidContact(INVALID_PHONE)
    if sms and phonenumbers.number_type(number) not in SMS_CAPABLE:
        raise InvalidContact(NOT_MOBILE)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def normalise_email(value: str) -> str:
    """Trimmed, domain lower-cased (domains are case-insensitive; local parts may not be)."""
    address = value.strip()
    if len(address) > EMAIL_MAX_LENGTH or not EMAIL_PATTERN.match(address):
        raise InvalidContact(INVALID_EMAIL)
    local, domain = address.rsplit("@", 1)
    return f"{local}@{domain.lower()}"
