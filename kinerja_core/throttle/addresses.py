"""The client address a limit counts against.

It is the address of the TCP peer. Behind a reverse proxy every request comes from the proxy,
so the proxy's addresses are listed in the ``trusted_proxies`` setting; then the address is
taken from ``X-Forwarded-For``, read from the right, skipping the trusted proxies: the first
address a trusted proxy saw is the client. Entries further left were written by the client
and could be anything, so they are never used. Without the setting the header is ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """``("10.0.0.5", "10.1.0.0/16")`` as networks; a wrong entry fails the start-up."""
    networks: list[Network] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"trusted_proxies: {entry!r} is not an address or network") from exc
    return tuple(networks)


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: Any, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(scope: dict[str, Any], networks: tuple[Network, ...] = ()) -> str:
    """The client's address for an ASGI HTTP or WebSocket scope ("unknown" without one)."""
    peer = (scope.get("client") or ("unknown", 0))[0] or "unknown"
    if not networks or not _trusted(_parse(peer), networks):
        return peer
    forwarded: list[str] = []
    for name, value in scope.get("headers") or ():
        if name == b"x-forwarded-for":
            forwarded.extend(value.decode("latin-1").split(","))
    client = peer
    for hop in reversed(forwarded):
        address = _parse(hop)
        if address is None:
            break  # a garbled entry: the last good hop is the best we know
        client = str(address)
        if not _trusted(address, networks):
            break
    return client
