"""A contact form as the widget sends it, with any field replaced."""

from __future__ import annotations


def contact_form(**fields: object) -> dict:
    return {
        "idempotency_key": "contact-form-0001",
        "summary": "Fakturan för förskolan är fel",
        "language": "sv",
        "contact_method": "email",
        "contact_value": "anna@example.se",
        "consent_given": True,
        **fields,
    }
