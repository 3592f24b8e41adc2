"""The per-request DataLoaders live with the reader in the service layer; re-exported here."""

from kinerja_core.services.loaders import Loaders

__all__ = ["Loaders"]
