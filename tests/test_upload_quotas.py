"""Upload quotas per realisasi (files, bytes) and per person (bytes): typed errors naming the
limit, nothing stored when refused (issue 8.9)."""

from __future__ import annotations

import pytest

from kinerja_core.models import Evidence
from tests.test_evidence import PDF, realisasi, stored_files, upload  # noqa: F401 (fixture)
from tests.test_monitoring import make_plan, open_period, record, setup_periods


@pytest.fixture
def settings(settings):
    return settings.replace(
        upload_max_files_per_realization=2,
        upload_max_bytes_per_realization=int(len(PDF) * 2.5),
        upload_max_bytes_per_person=len(PDF) * 3 + 100,
    )


def pdf(n: int) -> bytes:
    return PDF + f"% copy {n}\n".encode()  # distinct content, about the same size


async def test_a_realisasi_takes_at_most_the_configured_number_of_files(
    client, world, realisasi
):
    for n in range(2):
        answer = await upload(client, world.staff.token, realisasi["id"], f"l{n}.pdf", pdf(n),
                              "application/pdf")
        assert answer["__typename"] == "Evidence"
    files_before = len(stored_files(client.app.state.settings))
    refused = await upload(client, world.staff.token, realisasi["id"], "l3.pdf", pdf(3),
                           "application/pdf")
    assert refused["__typename"] == "ValidationError"
    assert refused["code"] == "evidence.quota_files" and refused["field"] == "file"
    assert "already has 2 evidence files" in refused["message"]
    assert await Evidence.filter(realization_id=int(realisasi["id"])).count() == 2
    assert len(stored_files(client.app.state.settings)) == files_before


async def test_the_bytes_of_one_realisasi_are_capped(client, world, realisasi, settings):
    first = await upload(client, world.staff.token, realisasi["id"], "a.pdf", pdf(1),
                         "application/pdf")
    assert first["__typename"] == "Evidence"
    big = pdf(2) + b"%" * len(PDF)  # twice the size: 3 copies' worth in all > 2.5
    refused = await upload(client, world.staff.token, realisasi["id"], "b.pdf", big,
                           "application/pdf")
    assert refused["code"] == "evidence.quota_realization_bytes"
    assert refused["field"] == "file"
    assert "may total at most 6.3 KB" in refused["message"]
    assert await Evidence.filter(realization_id=int(realisasi["id"])).count() == 1
    names = {p.name for p in stored_files(settings)}
    assert len(names) == 1  # the refused file was removed again


@pytest.fixture
async def two_realisasi(client, world) -> list[str]:
    """Two realisasi of staff (two IKI of one approved SKP) in an open January."""
    _, _, indicators = await make_plan(world, indicators=2)
    period_id = (await setup_periods(client, world))[0]["id"]
    await open_period(client, world, period_id)
    return [
        (await record(client, world.staff.token, indicator, period_id, value="1"))["id"]
        for indicator in indicators
    ]


async def test_the_bytes_one_person_uploads_are_capped(client, world, two_realisasi):
    first, second = two_realisasi
    for n, realization in enumerate((first, first, second)):  # 3 files: the person's quota
        answer = await upload(client, world.staff.token, realization, f"{n}.pdf", pdf(n),
                              "application/pdf")
        assert answer["__typename"] == "Evidence", answer
    refused = await upload(client, world.staff.token, second, "4.pdf", pdf(4),
                           "application/pdf")
    assert refused["__typename"] == "ValidationError"
    assert refused["code"] == "evidence.quota_person_bytes" and refused["field"] == "file"
    assert "The files you upload may total at most" in refused["message"]
    assert await Evidence.filter(uploaded_by_id=world.staff.employee.id).count() == 3
