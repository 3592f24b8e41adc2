"""What the plugin system remembers during one request, kept on the service context.

``ServiceContext.plugin_state`` is one of these: the per-request activation loader and the
failure of an authentication plugin. The plugin manager itself is ``ServiceContext.plugins``,
given when the context is made. It imports nothing of the core, so the service context (and
everything above it) may hold it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class PluginState:
    """The plugin system's part of one request."""

    loader: Any = None  # DataLoader[str, list[PluginActivation]], made on first use
    auth_failure: Any = None  # PluginFailed of an authentication plugin, if one failed
