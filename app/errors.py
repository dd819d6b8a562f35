"""Domain errors: services raise these, one handler turns them into HTTP responses."""

from __future__ import annotations


class DomainError(Exception):
    """An error a service raises on purpose, with the HTTP status it maps to."""

    status_code: int = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status_code = 404


class Forbidden(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409


class InvalidInput(DomainError):
    status_code = 422


class Unavailable(DomainError):
    """A dependency (the dialogue engine, the database) does not answer."""

    status_code = 503

    def __init__(self, message: str, retry_after_seconds: int = 10) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class RateLimited(DomainError):
    status_code = 429

    def __init__(self, message: str, retry_after_seconds: int = 30) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
