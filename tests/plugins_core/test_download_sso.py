"""Downloads sign in like /graphql: through the plugins' ``kinerja_authenticate`` hook.

A user signed in through an SSO plugin (the sample plugin reads ``X-Sample-Sso``) downloads the
evidence and the documents of the plans they may read, with the same access rules as a bearer
token; a failing authentication hook fails only downloads nobody else identified.
"""

from __future__ import annotations

import pytest

from kinerja_core.services.plans import _identity_snapshot
from tests.plugins_core import broken
from tests.test_evidence import PDF, realisasi, upload  # noqa: F401 (fixture)


@pytest.fixture
def plugins():
    return {"sample": "tests.plugins_core.sample", "failing_sso": broken.FailingSso()}


def sso(employee, **extra) -> dict[str, str]:
    return {"X-Sample-Sso": employee.nip, "Accept-Language": "en", **extra}


async def test_an_sso_viewer_downloads_evidence(client, world, realisasi):  # noqa: F811
    evidence = await upload(
        client, world.staff.token, realisasi["id"], "laporan.pdf", PDF, "application/pdf"
    )
    url = evidence["downloadUrl"]

    rater = await client.get(url, headers=sso(world.kasubag.employee))
    assert rater.status_code == 200, rater.text
    assert rater.content == PDF and "attachment" in rater.headers["content-disposition"]
    head = await client.head(url, headers=sso(world.staff.employee))
    assert head.status_code == 200 and head.headers["content-length"] == str(len(PDF))

    # the same rules as a bearer token: a peer gets "not found", nobody at all 401
    peer = await client.get(url, headers=sso(world.staff2.employee))
    assert peer.status_code == 404 and peer.json()["error"]["code"] == "not_found"
    unknown = await client.get(url, headers={"X-Sample-Sso": "199001012020011999"})
    assert unknown.status_code == 401
    # two plugins naming different people: anonymous, as on /graphql
    both = await client.get(
        url, headers=sso(world.kasubag.employee, Authorization=f"Bearer {world.staff2.token}")
    )
    assert both.status_code == 401


async def test_an_sso_viewer_downloads_the_printable_skp(client, world, realisasi):  # noqa: F811
    plan = realisasi["plan"]
    plan.snapshot = await _identity_snapshot(plan)  # frozen at approval, as the service does
    await plan.save(update_fields=["snapshot"])
    url = f"/documents/skp/{plan.id}.pdf"
    response = await client.get(url, headers=sso(world.kasubag.employee))
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"%PDF")
    refused = await client.get(url, headers=sso(world.staff2.employee))
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "access.denied"


async def test_a_failing_sso_fails_only_unidentified_downloads(client, world, realisasi):  # noqa: F811
    evidence = await upload(
        client, world.staff.token, realisasi["id"], "laporan.pdf", PDF, "application/pdf"
    )
    url = evidence["downloadUrl"]
    failed = await client.get(
        url, headers={"X-Flaky-Sso": "1", "X-Request-Id": "req-dl-1", "Accept-Language": "en"}
    )
    assert failed.status_code == 503
    assert failed.json()["error"]["code"] == "plugin.failed"
    assert "sso server down" not in failed.text  # the plugin's internals stay in the log
    signed_in = await client.get(
        url, headers={"X-Flaky-Sso": "1", "Authorization": f"Bearer {world.kasubag.token}"}
    )
    assert signed_in.status_code == 200 and signed_in.content == PDF
