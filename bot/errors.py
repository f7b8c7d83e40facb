"""Errors meant for the user: raise one anywhere, the one handler turns it into a short reply."""

from __future__ import annotations

from discord.ext import commands


class UserFacingError(commands.CommandError):
    """Its message is shown to the user as it is; nothing is logged as a failure."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ShowNotFound(UserFacingError):
    pass


class AmbiguousTitle(UserFacingError):
    pass


class NotAllowed(commands.CheckFailure):
    """A failed permission check whose message is the reply ("Only editors can…")."""
