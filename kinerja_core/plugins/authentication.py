"""Who is asking: every ``kinerja_authenticate`` implementation gets a say, in no order.

The built-in ``core.password`` plugin answers for bearer tokens of password sign-ins; an SSO
plugin may answer for its own header. Answers are collected from all of them, so the order
plugins load in never matters: one identity (or several naming the same account) signs the
request in; different identities leave it anonymous. When nobody identified the request and an
authentication hook failed, the request fails with ``PluginFailed`` (that hook might have been
the one it needed); see :func:`~kinerja_core.plugins.composition.auth_failure`.
"""

from __future__ import annotations

import logging
from typing import Any

from kinerja_core.auth.viewer import Viewer, load_viewer
from kinerja_core.domain.errors import RuleViolation
from kinerja_core.errors import KinerjaError, PluginFailed
from kinerja_core.models import Account
from kinerja_core.plugins.activation import manager_of, request_state
from kinerja_core.plugins.manager import call_impl

log = logging.getLogger("kinerja.plugins")


async def viewer_for_nip(nip: str, service: Any) -> Viewer | None:
    """The viewer of the active account of ``nip`` (an SSO plugin's answer), or None."""
    account = (
        await Account.filter(employee__nip=nip.replace(" ", ""), is_active=True)
        .select_related("employee")
        .first()
    )
    return None if account is None else await load_viewer(account, service.today())


async def authenticate_request(request: Any, service: Any) -> Viewer | None:
    """The viewer of ``request`` according to the plugins of ``service``, or None (anonymous)."""
    manager = manager_of(service)
    found: list[tuple[str, Viewer]] = []
    failures: list[PluginFailed] = []
    for impl in manager.impls("kinerja_authenticate"):
        try:
            answer = await manager.guarded(
                impl.plugin_name,
                lambda impl=impl: call_impl(impl, request=request),
                request_id=service.request_id,
            )
        except PluginFailed as exc:
            failures.append(exc)
            continue
        except (KinerjaError, RuleViolation) as exc:  # the plugin refused its credentials
            log.info("plugin %s refused the credentials: %s", impl.plugin_name, exc)
            continue
        if isinstance(answer, str):
            answer = await viewer_for_nip(answer, service)
        if isinstance(answer, Viewer):
            found.append((impl.plugin_name, answer))
        elif answer is not None:
            log.error("plugin %s returned %r from kinerja_authenticate", impl.plugin_name, answer)
    accounts = {viewer.account_id for _, viewer in found}
    if len(accounts) == 1:
        return found[0][1]
    if len(accounts) > 1:
        log.warning(
            "conflicting identities from %s [request %s]",
            ", ".join(name for name, _ in found),
            service.request_id,
        )
        return None
    if failures:
        request_state(service).auth_failure = failures[0]
    return None
