"""Per-request GraphQL context: the service context, the language, the DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kinerja_core.auth.viewer import Viewer
from kinerja_core.graphql.loaders import Loaders
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.reader import Reader, reader_for
from kinerja_core.settings import Settings


@dataclass
class GraphQLContext:
    service: ServiceContext
    lang: str = "id"
    token: str | None = None
    request: Any = None
    loaders: Loaders = field(default_factory=Loaders)
    uploads: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # the service context's reader is this one, with these loaders: what a service
        # reads through it (plugin_reads.read_rows) is at hand for the resolvers
        reader_for(self.service, self.loaders)

    @property
    def viewer(self) -> Viewer | None:
        return self.service.viewer

    @property
    def settings(self) -> Settings:
        return self.service.settings

    @property
    def reader(self) -> Reader:
        """What the viewer may read: every type's edges load through it."""
        return reader_for(self.service, self.loaders)

    def require_viewer(self) -> Viewer:
        return self.service.require_viewer()
