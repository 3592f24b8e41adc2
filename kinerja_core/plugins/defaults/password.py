"""Bearer tokens of password sign-ins identify the caller (``core.password``)."""

from __future__ import annotations

import datetime as dt

from kinerja_core.plugins.hookspecs import hookimpl

KINERJA_ALWAYS_ON = True  # part of the core: on for every agency, never switched off


def bearer_token(request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


@hookimpl
async def kinerja_authenticate(request):
    token = bearer_token(request)
    if token is None:
        return None
    from kinerja_core.services.accounts import viewer_for_token

    return await viewer_for_token(token, dt.datetime.now(dt.UTC))
