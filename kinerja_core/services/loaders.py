"""Per-request DataLoaders, made generically so no relation needs its own loader class.

``by_id(Model)`` batches look-ups by primary key; ``children(Model, "fk_id")`` batches the
lists of rows that point at a set of parents. Either costs one statement per query depth,
whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.models import Model

NOT_READY: Any = object()  # loaded(): the loader does not hold the value yet


def loaded(loader: DataLoader, key: Hashable) -> Any:
    """What ``await loader.load(key)`` would give, if the loader already holds it (primed by
    a read model or loaded earlier in the request), else :data:`NOT_READY`. Lets a resolver
    answer without a coroutine, a future and a task per object when the data is at hand."""
    if not loader.cache:
        return NOT_READY
    future = loader.cache_map.get(key)
    if future is None or not future.done() or future.cancelled() or future.exception():
        return NOT_READY
    return future.result()


class Loaders:
    def __init__(self) -> None:
        self._loaders: dict[Hashable, DataLoader] = {}

    def _get(self, key: Hashable, make: Callable[[], DataLoader]) -> DataLoader:
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = make()
        return loader

    def by_id(self, model: type[Model]) -> DataLoader[int, Any]:
        known = self._loaders.get(("id", model))
        if known is not None:
            return known

        async def load(ids: Sequence[int]) -> list[Any]:
            rows = {row.id: row for row in await model.filter(id__in=list(ids))}
            return [rows.get(i) for i in ids]

        return self._get(("id", model), lambda: DataLoader(load_fn=load))

    def children(
        self,
        model: type[Model],
        fk: str,
        *,
        order_by: tuple[str, ...] = ("id",),
        **filters: Any,
    ) -> DataLoader[int, list[Any]]:
        """Lists of ``model`` rows whose ``fk`` is each key, with fixed extra ``filters``."""

        async def load(keys: Sequence[int]) -> list[list[Any]]:
            grouped: dict[int, list[Any]] = defaultdict(list)
            query = model.filter(**{f"{fk}__in": list(keys)}, **filters).order_by(*order_by)
            for row in await query:
                grouped[getattr(row, fk)].append(row)
            return [grouped.get(k, []) for k in keys]

        frozen = tuple(
            sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in filters.items())
        )
        key = ("children", model, fk, order_by, frozen)
        return self._get(key, lambda: DataLoader(load_fn=load))

    def custom(self, name: Hashable, load_fn: Callable) -> DataLoader:
        """A loader with its own batch function, cached per request under ``name``."""
        return self._get(("custom", name), lambda: DataLoader(load_fn=load_fn))
