"""Strawberry's schema extension runner, without wrapping each hook anew on every request.

For every request and phase (operation, parse, validation, execution) strawberry's runner
looks up each extension's hook, asks ``inspect`` what kind of function it is and decorates
it with ``contextlib.contextmanager`` (``functools.update_wrapper`` included) before entering
it: about a third of ``Schema.execute``'s own time for a small query. A hook's kind does not
change, so :class:`ExtensionsRunner` decorates each class's generator hooks once and enters
them the way strawberry does (an ``ExitStack`` per phase, in the extensions' order, the phase
never suppressing an exception). A phase with a hook of another kind (a coroutine, an async
generator, a plain function) is left to strawberry's own context manager.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import (
    ExecutingContextManager,
    OperationContextManager,
    ParsingContextManager,
    ValidationContextManager,
)
from strawberry.extensions.runner import SchemaExtensionsRunner

_OTHER = object()  # a hook strawberry's own context manager runs
# (extension class, hook name) -> the context manager factory of its generator hook, None
# when the class does not define the hook, _OTHER for any other kind of hook
_FACTORIES: dict[tuple[type, str], Any] = {}


def _factory(cls: type, name: str) -> Any:
    key = (cls, name)
    if key in _FACTORIES:
        return _FACTORIES[key]
    hook = getattr(cls, name)
    if hook is getattr(SchemaExtension, name):
        found: Any = None
    elif inspect.isgeneratorfunction(hook):
        found = contextlib.contextmanager(hook)  # called with the extension as ``self``
    else:
        found = _OTHER
    _FACTORIES[key] = found
    return found


class _Phase:
    """The generator hooks of one phase, entered in order and left in reverse."""

    __slots__ = ("hooks", "stack")

    def __init__(self, hooks: list[tuple[Callable[[Any], Any], SchemaExtension]]) -> None:
        self.hooks = hooks

    def __enter__(self) -> None:
        self.stack = contextlib.ExitStack()
        for factory, extension in self.hooks:
            self.stack.enter_context(factory(extension))

    def __exit__(self, *exc: Any) -> None:
        self.stack.__exit__(*exc)  # like strawberry's: the phase itself suppresses nothing

    async def __aenter__(self) -> None:
        self.__enter__()

    async def __aexit__(self, *exc: Any) -> None:
        self.stack.__exit__(*exc)


class ExtensionsRunner(SchemaExtensionsRunner):
    """:class:`SchemaExtensionsRunner` with each class's generator hooks decorated once."""

    def _phase(self, name: str, fallback: Callable[[list[SchemaExtension]], Any]) -> Any:
        hooks = []
        for extension in self.extensions:
            factory = _factory(type(extension), name)
            if factory is None:
                continue
            if factory is _OTHER:
                return fallback(self.extensions)
            hooks.append((factory, extension))
        return _Phase(hooks)

    def operation(self) -> Any:
        return self._phase("on_operation", OperationContextManager)

    def validation(self) -> Any:
        return self._phase("on_validate", ValidationContextManager)

    def parsing(self) -> Any:
        return self._phase("on_parse", ParsingContextManager)

    def executing(self) -> Any:
        return self._phase("on_execute", ExecutingContextManager)
