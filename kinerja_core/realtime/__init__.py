"""Real-time: GraphQL subscriptions over WebSocket, fed by committed domain events.

- :mod:`.hub` -- per-process fan-out of events to open subscriptions.
- :mod:`.relay` -- how events reach every process's hub (in-process on SQLite, PostgreSQL
  LISTEN/NOTIFY across worker processes).
- :mod:`.visibility` -- which viewer receives which core event (the query access rules).
- :mod:`.connection`, :mod:`.websocket` -- the graphql-transport-ws endpoint and its sign-in.
- :func:`events` -- the helper subscription resolvers (plugins' too) listen with.

See docs/realtime.md.
"""

from kinerja_core.realtime.hub import Hub, RealtimeEvent
from kinerja_core.realtime.service import Realtime
from kinerja_core.realtime.stream import deliveries, events

__all__ = ["Hub", "Realtime", "RealtimeEvent", "deliveries", "events"]
