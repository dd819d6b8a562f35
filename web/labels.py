"""Swedish and English names of the codes the consoles show (statuses, outcomes, event kinds ...)."""

from __future__ import annotations

STATUSES = {
    "new": ("Ny", "New"),
    "assigned": ("Tilldelad", "Assigned"),
    "answered": ("Besvarad", "Answered"),
    "closed": ("Avslutad", "Closed"),
}
OUTCOMES = {
    "resolved": ("Löst", "Resolved"),
    "referred_elsewhere": ("Hänvisad till annan", "Referred elsewhere"),
    "no_contact": ("Fick inte kontakt", "No contact"),
    "duplicate": ("Dubblett", "Duplicate"),
}
EVENT_KINDS = {
    "created": ("Skapat", "Created"),
    "claimed": ("Taget", "Claimed"),
    "replied": ("Besvarat", "Replied"),
    "transferred": ("Flyttat", "Transferred"),
    "closed": ("Avslutat", "Closed"),
    "reopened": ("Öppnat igen", "Reopened"),
    "note": ("Anteckning", "Note"),
    "flagged_to_lead": ("Flaggat till gruppledare", "Flagged to team lead"),
    "sla_breached": ("Utlovad tid passerad", "Promised time passed"),
    "delivery_failed": ("Leverans misslyckades", "Delivery failed"),
    "task_done": ("Uppgift klar", "Task done"),
}
CONTACT_METHODS = {
    "phone": ("Telefonsamtal", "Phone call"),
    "sms": ("SMS", "Text message"),
    "email": ("E-post", "E-mail"),
}
TASK_KINDS = {"call_citizen": ("Ring invånaren", "Call the citizen"), "send_sms": ("Skicka SMS", "Send a text")}
DELIVERY = {
    "pending": ("Väntar på att skickas", "Waiting"),
    "sent": ("Skickat", "Sent"),
    "failed": ("Misslyckades", "Failed"),
}
LANGUAGES = {
    "sv": "svenska", "en": "engelska", "fi": "finska", "ar": "arabiska", "so": "somaliska", "fa": "persiska",
    "es": "spanska", "de": "tyska", "fr": "franska", "pl": "polska", "ti": "tigrinja", "ru": "ryska",
    "uk": "ukrainska", "tr": "turkiska", "fit": "meänkieli", "se": "nordsamiska", "smj": "lulesamiska",
    "sma": "sydsamiska", "rom": "romani chib", "yi": "jiddisch",
}  # fmt: skip
WHO = {"citizen": "Invånaren", "system": "Systemet", "bot": "Chattbotten", "officer": "Handläggare"}


def officer_done_messages() -> dict[str, str]:
    return {
        "claimed": "Du har tagit ärendet. / You claimed the case.",
        "replied": "Svaret ligger i utkorgen och skickas strax. / The reply is in the outbox and goes out shortly.",
        "noted": "Anteckningen är sparad. / Note saved.",
        "closed": "Ärendet är avslutat. / Case closed.",
        "reopened": "Ärendet är öppnat igen. / Case reopened.",
        "task": "Uppgiften är markerad som klar. / Task marked done.",
    }
