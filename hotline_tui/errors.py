"""Errors whose message is one sentence in Chinese, fit to show the user as is."""


class DomainError(Exception):
    """A rule said no. ``str(error)`` is the message for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StoreError(DomainError):
    """The database cannot be opened or used (missing, not a database, locked…)."""


class ConflictError(DomainError):
    """Someone else (often another terminal) changed the same thing first."""
