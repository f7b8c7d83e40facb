"""The words of the domain, each defined once with what users read for it."""

from __future__ import annotations

STATUSES = ("in_development", "airing", "renewed", "awaiting", "cancelled", "ended", "unknown")


CONFIDENCES = ("confirmed", "reported", "speculation")


NEWS_KINDS = (
    "renewed",
    "cancelled",
    "ended",
    "status",
    "season_announced",
    "release_date",
    "season_out",
    "note",
)


PRECISIONS = ("day", "month", "year", "early", "mid", "late")


YEAR_PARTS = ("early", "mid", "late")


# What a subscription can filter on, and which news kinds each one covers.
ALERT_KINDS = ("renewed", "ended", "release_date", "season_out", "status")


ALERT_KIND_OF_NEWS = {
    "renewed": "renewed",
    "season_announced": "renewed",
    "cancelled": "ended",
    "ended": "ended",
    "release_date": "release_date",
    "season_out": "season_out",
    "status": "status",
}


CONFIDENCE_WORDS = {
    "confirmed": "Confirmed",
    "reported": "Reported, not officially confirmed",
    "speculation": "Speculation",
}


STATUS_WORDS = {
    "in_development": "in development",
    "airing": "airing",
    "renewed": "renewed",
    "awaiting": "awaiting a renewal decision",
    "cancelled": "cancelled",
    "ended": "ended",
    "unknown": "unknown",
}
