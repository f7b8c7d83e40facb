"""Imported by Python at start-up in the bot's process: its PYTHONPATH begins with this folder.

It installs the loopback guard before any of the bot's code runs, so nothing the bot (or a
library it uses) does can reach beyond 127.0.0.1 during an end-to-end test.
"""

from tests.e2e.loopback import refuse_non_loopback

refuse_non_loopback()
LOOPBACK_ONLY = True
