"""Logging set-up: one format for the process, and secrets scrubbed from every record."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

REDACTED = "[redacted]"


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


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S")
    )
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # discord.py warns at start about voice support we never use.
    logging.getLogger("discord.client").setLevel(max(logging.getLevelName(level), logging.ERROR))
