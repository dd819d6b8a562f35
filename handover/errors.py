"""The handover domain's errors; app.main's one handler turns them into HTTP responses."""

from __future__ import annotations

from app.errors import Conflict, Forbidden, InvalidInput, NotFound


class CaseNotFound(NotFound):
    def __init__(self, reference: str) -> None:
        super().__init__(f"Case {reference} does not exist.")


class NotYourGroup(Forbidden):
    """Officers see and act only on cases of their own answer groups (personal data)."""

    def __init__(self, reference: str) -> None:
        super().__init__(f"Case {reference} belongs to an answer group you do not serve.")


class NotAnOfficer(Forbidden):
    def __init__(self) -> None:
        super().__init__("Only officers may use the officer API.")


class IllegalTransition(Conflict):
    def __init__(self, status: str, action: str) -> None:
        super().__init__(f"A case that is {status} cannot be {action}.")
        self.status = status
        self.action = action


class CaseChangedMeanwhile(Conflict):
    """Someone else changed the case between read and write (optimistic locking)."""

    def __init__(self, reference: str) -> None:
        super().__init__(f"Case {reference} was changed by someone else; reload it and try again.")


class UnknownAnswerGroup(InvalidInput):
    def __init__(self, group_id: str) -> None:
        super().__init__(f"There is no answer group {group_id!r}.")


class ConsentMissing(InvalidInput):
    def __init__(self) -> None:
        super().__init__("Ärendet kan inte sparas utan samtycke. / The case cannot be kept without consent.")


class InvalidContact(InvalidInput, ValueError):
    """A phone number or e-mail address that cannot be used; also a ValueError for form validators."""


class ReasonRequired(InvalidInput):
    def __init__(self, what: str) -> None:
        super().__init__(f"A reason is required to {what}.")
