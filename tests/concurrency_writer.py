"""One client process of tests/test_concurrency.py: sends its writes as a frontend would.

A realisasi write that answers ``Conflict`` (someone else changed the row since this client
read its version, or created it a moment ago) is retried after reading the current version,
as a person would after "reload and try again". Imports only httpx, so it starts quickly.
"""

from __future__ import annotations

import time
from typing import Any

RECORD = """mutation($input: RecordRealizationInput!) { recordRealization(input: $input) {
  __typename ... on Realization { id version narrative } ... on UserError { code message }
} }"""
FEEDBACK = """mutation($input: GiveFeedbackInput!) { giveFeedback(input: $input) {
  __typename ... on Feedback { id text } ... on UserError { code message }
} }"""
CURRENT = """query($plan: ID!, $period: ID!) { realizations(planId: $plan, periodId: $period) {
  id version indicator { id }
} }"""
MAX_ATTEMPTS = 200  # a bound, not an expectation: a write is retried only after a conflict


def _post(http: Any, token: str, query: str, variables: dict) -> dict:
    response = http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
    )
    response.raise_for_status()
    body = response.json()
    if body.get("errors"):
        raise AssertionError(body["errors"])
    return body["data"]


def _current_version(http: Any, job: dict) -> int | None:
    rows = _post(http, job["token"], CURRENT, {"plan": job["plan"], "period": job["period"]})
    found = [r for r in rows["realizations"] if r["indicator"]["id"] == job["indicator"]]
    return found[0]["version"] if found else None


def _realization(http: Any, job: dict, known: dict, stats: dict) -> dict:
    key = (job["indicator"], job["period"])
    for _ in range(MAX_ATTEMPTS):
        data = {
            "indicatorId": job["indicator"],
            "periodId": job["period"],
            "value": job["value"],
            "narrative": job["marker"],
        }
        if known.get(key) is not None:
            data["version"] = known[key]
        stats["requests"] += 1
        answer = _post(http, job["token"], RECORD, {"input": data})["recordRealization"]
        if answer["__typename"] == "Realization":
            known[key] = answer["version"]
            return answer
        if answer["__typename"] != "Conflict":
            raise AssertionError(f"{job['marker']}: {answer}")
        stats["conflicts"] += 1
        stats["codes"][answer["code"]] = stats["codes"].get(answer["code"], 0) + 1
        known[key] = _current_version(http, job)  # reload, then try again
    raise AssertionError(f"{job['marker']}: still conflicting after {MAX_ATTEMPTS} attempts")


def _feedback(http: Any, job: dict, stats: dict) -> dict:
    data = {
        "planId": job["plan"],
        "target": "WORK_RESULT",
        "workResultId": job["work_result"],
        "text": job["marker"],
    }
    for _ in range(MAX_ATTEMPTS):
        stats["requests"] += 1
        answer = _post(http, job["token"], FEEDBACK, {"input": data})["giveFeedback"]
        if answer["__typename"] == "Feedback":
            return answer
        if answer["__typename"] != "Conflict":
            raise AssertionError(f"{job['marker']}: {answer}")
        stats["conflicts"] += 1
        stats["codes"][answer["code"]] = stats["codes"].get(answer["code"], 0) + 1
    raise AssertionError(f"{job['marker']}: still conflicting after {MAX_ATTEMPTS} attempts")


def run_writer(url: str, jobs: list[dict], known: dict, ready: Any, start: Any, out: Any) -> None:
    """Signal ready, wait for the start, send every job; put the outcome on ``out``."""
    import httpx

    stats: dict[str, Any] = {"requests": 0, "conflicts": 0, "codes": {}, "done": {}, "error": ""}
    signalled = False
    try:
        with httpx.Client(base_url=url, timeout=60) as http:
            ready.put(True)
            signalled = True
            if not start.wait(120):
                raise AssertionError("the start signal never came")
            began = time.monotonic()
            for job in jobs:
                if job["kind"] == "feedback":
                    answer = _feedback(http, job, stats)
                else:
                    answer = _realization(http, job, known, stats)
                stats["done"][job["marker"]] = answer["id"]
            stats["seconds"] = time.monotonic() - began
    except BaseException as exc:  # reported to the test, which fails with it
        stats["error"] = f"{type(exc).__name__}: {exc}"
        if not signalled:
            ready.put(False)
    out.put(stats)
