"""Schema fuzzing: queries and mutations generated from the served schema by hypothesis-graphql.

Used by ``tests/test_fuzz.py`` (a bounded, deterministic run in CI) and ``bench/fuzz.py`` (a long
run with counts). Every generated request goes through the real app (httpx ASGI); an answer
fails the run when it is a 5xx or carries an ``internal`` error.

The generated documents use inline literals, so the ids they send are chosen here: the served
SDL is given to hypothesis-graphql with ``ID`` renamed to a custom scalar whose strategy sends
mostly small ids (rows that exist in the test world) and sometimes ids that cannot be one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import threading
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import graphql
import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes

from kinerja_core.models import Account, Session

# Ids that must be refused on their field, never reach SQL as they are.
BAD_IDS = ["0", "-1", "x", "1.5", "", " 1", "2147483648", "99999999999999999999", "1e3"]
# Text that broke storage on one database or the other.
NASTY_TEXT = ["\x00", "a\x00b", "\x07", "\ud800", "%", "_%_", "'; --", "\u202e", "a" * 6000]


def _text() -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=40), st.sampled_from(NASTY_TEXT))


def custom_scalars() -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Value strategies for the schema's own scalars (and the renamed ID)."""
    decimal_text = st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.sampled_from(["1e-7", "0.00001", "1e20", "12", "0", "-3", "NaN", "1,5", ""]),
        _text(),
    )
    return {
        "FuzzID": st.one_of(
            st.integers(1, 40).map(str), st.sampled_from(BAD_IDS), st.integers()
        ).map(nodes.String),
        "Date": st.one_of(
            st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
            st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat),
            _text(),
        ).map(nodes.String),
        "DateTime": st.one_of(st.datetimes().map(dt.datetime.isoformat), _text()).map(
            nodes.String
        ),
        "Decimal": decimal_text.map(nodes.String),
        "JSON": st.one_of(
            _text().map(nodes.String),
            st.integers().map(nodes.Int),
            st.builds(lambda: nodes.Object([])),
            st.dictionaries(
                st.sampled_from(["kelurahan", "puskesmas", "level", "x", ""]),
                _text().map(nodes.String),
                max_size=3,
            ).map(
                lambda d: nodes.Object(
                    [
                        graphql.ObjectFieldNode(name=graphql.NameNode(value=k or "k"), value=v)
                        for k, v in d.items()
                    ]
                )
            ),
        ),
        # multipart files cannot be inline literals: a string stands in and must be refused
        "Upload": _text().map(nodes.String),
    }


def fuzz_sdl(sdl: str) -> str:
    """The served SDL with ``ID`` renamed, so the fuzzer picks the ids (see module doc)."""
    return re.sub(r"\bID\b", "FuzzID", sdl) + "\nscalar FuzzID\n"


def request_body(document: str) -> bytes:
    """The JSON body of a generated document; ASCII escapes carry any character (even a lone
    surrogate, which is no UTF-8) to the server as a client's JSON may."""
    return json.dumps({"query": document}).encode()


def served_sdl(app: Any) -> str:
    """The SDL of the schema the app serves (core + the plugins it loaded)."""
    return graphql.print_schema(app.state.schema._schema)


def documents(sdl: str) -> st.SearchStrategy[str]:
    """Queries and mutations over every root field of the served schema."""
    return from_schema(fuzz_sdl(sdl), custom_scalars=custom_scalars(), allow_x00=True, codec=None)


@dataclass
class Tally:
    """What the generated requests got back."""

    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    # called after every request (bench/fuzz.py prints progress with it)
    progress: Callable[[Tally], None] | None = None

    def add(self, role: str, document: str, response: httpx.Response) -> None:
        self.requests += 1
        self.statuses[response.status_code] += 1
        problem = ""
        if response.status_code >= 500:
            problem = f"HTTP {response.status_code}"
        try:
            body = response.json()
        except ValueError:
            body = {}
            problem = problem or f"not JSON (HTTP {response.status_code})"
        codes = error_codes(body)
        for code in codes or ["ok"]:
            self.outcomes[code] += 1
        if "internal" in codes:
            problem = problem or "internal error"
        if problem:
            self.failures.append((role, problem, document))
        if self.progress is not None:
            self.progress(self)


def error_codes(body: Any) -> list[str]:
    """Codes of the request's errors and of every typed error (``code``) inside its data."""
    codes = []
    for error in (body.get("errors") or []) if isinstance(body, dict) else []:
        codes.append(str((error.get("extensions") or {}).get("code", "graphql.validation")))
    stack = [body.get("data")] if isinstance(body, dict) else []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("code") == "internal":
                codes.append("internal")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return codes


async def restore_sessions(account_ids: list[int]) -> None:
    """Undo what a generated mutation may do to the fuzzing viewers themselves (``logout``,
    ``resetPassword`` of their own account): each example starts signed in alike."""
    await Session.filter(account_id__in=account_ids).update(
        revoked_at=None, expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    )
    await Account.filter(id__in=account_ids).update(is_active=True, must_change_password=False)


def run_fuzz(
    loop: asyncio.AbstractEventLoop,
    send: Callable[[str, str], Coroutine[Any, Any, httpx.Response]],
    roles: list[str],
    sdl: str,
    *,
    examples: int,
    reset: Callable[[], Coroutine[Any, Any, None]],
    tally: Tally,
    seed: int = 0,
) -> None:
    """Run ``examples`` generated documents, each sent once per role (so ``examples`` x
    ``len(roles)`` requests); call from a thread, not from ``loop``.

    ``send(role, document)`` posts one request on ``loop`` (where the database connections
    live); hypothesis drives the examples synchronously in this thread. ``seed`` 0 is
    hypothesis' ``derandomize`` (the same documents on every run, as CI needs); another seed
    draws other documents, again the same for the same seed. No example database either way.
    Sending each document as every role halves the generation cost per request and shows
    the same document answered for each viewer.
    """
    if threading.current_thread() is threading.main_thread() and loop.is_running():
        raise RuntimeError("run_fuzz blocks: run it in a worker thread")

    def on_loop(coro: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout=120)

    def send_as(role: str, document: str) -> None:
        try:
            response = on_loop(send(role, document))
        except Exception as exc:  # raised out of the ASGI app: a 500 from a real server
            tally.requests += 1
            tally.statuses["exception"] += 1
            tally.failures.append((role, f"exception {exc!r}"[:300], document))
            return
        tally.add(role, document, response)
        if document.lstrip().startswith("mutation"):
            try:
                on_loop(reset())  # only a mutation can sign the viewer out
            except Exception as exc:  # e.g. the database still locked by that request
                tally.statuses["stuck"] += 1
                tally.failures.append((role, f"database stuck after it: {exc!r}"[:300], document))

    @settings(
        max_examples=examples,
        derandomize=seed == 0,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],  # counted, never shrunk: no 5-minute stalls
        print_blob=False,
    )
    @given(document=documents(sdl))
    def one(document: str) -> None:
        for role in roles:
            send_as(role, document)

    (hypothesis_seed(seed)(one) if seed else one)()
