"""Cliffhanger: the application (see README "Layout")."""

import time

# When this process started, or a moment after: the request budget (bot/budget.py) assumes
# the process before it may have spent a whole second's budget just before this.
STARTED = time.monotonic()
