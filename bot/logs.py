"""Logging set-up: one format for the process, and secrets scrubbed from every record."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

REDACTED = "[redacted]"
# A record's `extra` key naming the news source (and why) a warning says failed.
SOURCE_FAILURE = "source_failure"


def source_failure(source: str, error: object) -> dict[str, object]:
    """The `extra` of a warning that a news source failed, for the console's one line."""
    return {SOURCE_FAILURE: (source, " ".join(str(error).split()))}


class OncePerSource(logging.Filter):
    """The local console is often offline: a source it can't reach is said once, in one line,
    and its later failures stay quiet while the catalogue answers on its own."""

    def __init__(self) -> None:
        super().__init__()
        self._told: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        failure = getattr(record, SOURCE_FAILURE, None)
        if failure is None:
            return True
        source, reason = failure
        if source in self._told:
            return False
        self._told.add(source)
        record.msg = "news source %s can't be reached (%s): answering from the catalogue alone"
        record.args = (source, reason)
        return True


class RedactSecrets(logging.Filter):
    """Replaces each secret with a marker wherever it appears in a formatted record."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        text = message
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        if text != message:
            record.msg, record.args = text, None
        if record.exc_info and record.exc_info[1] is not None:
            # Tracebacks are formatted later from exc_info; format now and scrub the text.
            formatted = logging.Formatter().formatException(record.exc_info)
            for secret in self._secrets:
                formatted = formatted.replace(secret, REDACTED)
            record.exc_info, record.exc_text = None, formatted
        return True


def configure_logging(level: str, secrets: Iterable[str] = (), *, local: bool = False) -> None:
    """`local`: the console or `ask`, where a failing news source is said once."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S")
    )
    handler.addFilter(RedactSecrets(secrets))
    if local:
        handler.addFilter(OncePerSource())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # discord.py warns at start about voice support we never use.
    logging.getLogger("discord.client").setLevel(max(logging.getLevelName(level), logging.ERROR))
