"""The end-to-end tests' promise: nothing leaves 127.0.0.1.

The bot under test is real and would happily talk to discord.com if told to, so the promise
is kept twice: every URL it is configured with is checked to be loopback, and in both the
test process and the bot process a guard refuses, at the socket level, any connection or name
lookup beyond loopback. A refused attempt fails loudly (the guard writes GUARD_MARKER to
stderr), so a test can tell "the bot tried to leave" apart from an ordinary network error.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

GUARD_MARKER = "e2e loopback guard refused"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback_host(host: str | bytes | None) -> bool:
    """Whether a host (an IP literal or a name) can only mean this machine."""
    if host is None:
        return True  # getaddrinfo(None, port): the local wildcard or loopback, never remote
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = host.strip("[]").split("%", 1)[0]
    if host.casefold() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def assert_loopback_url(url: str) -> None:
    host = urlsplit(url).hostname
    assert host is not None, f"{url} is not a loopback URL"
    assert is_loopback_host(host), f"{url} is not a loopback URL"


def _is_loopback_address(address: Any) -> bool:
    if isinstance(address, str | bytes):
        return True  # a Unix socket path: local by definition
    if isinstance(address, tuple) and address:
        return is_loopback_host(address[0])
    return False


def _refuse(what: str) -> PermissionError:
    message = f"{GUARD_MARKER} {what}: only 127.0.0.1 is reachable in end-to-end tests"
    print(message, file=sys.stderr, flush=True)
    return PermissionError(errno.EACCES, message)


def refuse_non_loopback() -> Callable[[], None]:
    """Patch the socket module so only loopback can be reached; returns the undo."""
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_sendto = socket.socket.sendto
    original_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if not _is_loopback_address(address):
            raise _refuse(f"a connection to {address!r}")
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not _is_loopback_address(address):
            raise _refuse(f"a connection to {address!r}")
        return original_connect_ex(self, address)

    def sendto(self: socket.socket, data: Any, *arguments: Any) -> int:
        # sendto(data, address) or sendto(data, flags, address): the address comes last.
        if arguments and not _is_loopback_address(arguments[-1]):
            raise _refuse(f"a datagram to {arguments[-1]!r}")
        return original_sendto(self, data, *arguments)

    def getaddrinfo(host: Any, *arguments: Any, **keywords: Any) -> Any:
        # A name lookup is itself network traffic (DNS), so it is refused before it happens.
        if not is_loopback_host(host):
            raise _refuse(f"a name lookup of {host!r}")
        return original_getaddrinfo(host, *arguments, **keywords)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = sendto  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = getaddrinfo

    def undo() -> None:
        socket.socket.connect = original_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = original_connect_ex  # type: ignore[method-assign]
        socket.socket.sendto = original_sendto  # type: ignore[method-assign]
        socket.getaddrinfo = original_getaddrinfo

    return undo


def guard_installed() -> bool:
    """Whether this process's sockets are guarded (checked before a test tries to leave)."""
    return socket.socket.connect.__qualname__.startswith(refuse_non_loopback.__name__)
