"""Demo data of the pendidikan plugin for the demo city's Dinas Pendidikan (code DISDIK).

Schools across Pontianak's six kecamatan, the programmes literasi and numerasi of the demo
year with their evaluations, enrolment and population figures of this year and the last, and
the plugin switched on for the agency (audited). Everything follows from ``rng``: the same
seed gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from kinerja_core.api import Agency, Period, ServiceContext, audit, set_plugin_enabled

from kinerja_pendidikan.models import (
    Enrolment,
    Population,
    Programme,
    ProgrammeEvaluation,
    School,
)
from kinerja_pendidikan.rules import PONTIANAK_KECAMATAN, Level, SchoolStatus

AGENCY_CODE = "DISDIK"
PLUGIN = "pendidikan"
# schools per kecamatan and level in the demo (the real city has more)
SCHOOLS = {Level.PAUD: 2, Level.SD: 4, Level.SMP: 2}
PROGRAMMES = (
    ("LITERASI", "Gerakan Literasi Sekolah", Decimal("70")),
    ("NUMERASI", "Penguatan Numerasi", Decimal("65")),
)
# children of each level's official age per kecamatan (roughly), and the share enrolled
POPULATION = {Level.PAUD: 3600, Level.SD: 10500, Level.SMP: 5400}
APK = {Level.PAUD: (0.62, 0.80), Level.SD: (1.00, 1.10), Level.SMP: (0.90, 1.02)}
APM = {Level.PAUD: (0.80, 0.90), Level.SD: (0.90, 0.97), Level.SMP: (0.78, 0.88)}
SCHOOL_NAMES = {
    Level.PAUD: "TK Pembina {n} {kecamatan}",
    Level.SD: "SD Negeri {n:02d} {kecamatan}",
    Level.SMP: "SMP Negeri {n} {kecamatan}",
}


def _score(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 2))).quantize(Decimal("0.01"))


async def load_demo(ctx: ServiceContext, rng: random.Random) -> dict[str, int]:
    """Write the demo rows; nothing when there is no DISDIK or it already has schools."""
    agency = await Agency.get_or_none(code=AGENCY_CODE)
    if agency is None or await School.exists(agency_id=agency.id):
        return {}
    # the demo's year: that of the agency's monitoring periods (today's when there are none)
    period = await Period.filter(agency_id=agency.id).order_by("-year").first()
    year = period.year if period else ctx.today().year
    evaluated_on = max(dt.date(year, 1, 1), min(ctx.today(), dt.date(year, 6, 20)))
    async with ctx.transaction():
        await set_plugin_enabled(ctx, PLUGIN, agency.id, True, operator=True)
        schools = []
        number = 0
        for kecamatan in PONTIANAK_KECAMATAN:
            for level, count in SCHOOLS.items():
                for n in range(1, count + 1):
                    number += 1
                    schools.append(
                        School(
                            agency_id=agency.id,
                            npsn=f"{30100000 + number:08d}",
                            name=SCHOOL_NAMES[level].format(n=n, kecamatan=kecamatan),
                            level=level,
                            kecamatan=kecamatan,
                            status=SchoolStatus.SWASTA
                            if level == Level.PAUD and n % 2 == 0
                            else SchoolStatus.NEGERI,
                        )
                    )
        await School.bulk_create(schools)
        schools = await School.filter(agency_id=agency.id).order_by("npsn")
        evaluations = 0
        for code, name, goal in PROGRAMMES:
            programme = await Programme.create(
                agency_id=agency.id, code=code, name=name, year=year, goal=goal
            )
            rows = []
            for school in schools:
                if school.level == Level.PAUD or rng.random() < 0.2:
                    continue  # the programmes run in SD and SMP, not in every school
                participants = rng.randint(25, 120)
                baseline = _score(rng, 40, 68)
                in_progress = rng.random() < 0.15
                rows.append(
                    ProgrammeEvaluation(
                        programme_id=programme.id,
                        school_id=school.id,
                        participants=participants,
                        completed=0
                        if in_progress
                        else rng.randint(participants * 3 // 4, participants),
                        baseline_score=baseline,
                        end_score=None
                        if in_progress
                        else min(Decimal(100), baseline + _score(rng, -2, 22)),
                        evaluated_on=evaluated_on,
                    )
                )
            await ProgrammeEvaluation.bulk_create(rows)
            evaluations += len(rows)
        figures = 0
        for figure_year in (year - 1, year):
            enrolments, populations = [], []
            for kecamatan in PONTIANAK_KECAMATAN:
                for level, base in POPULATION.items():
                    people = int(base * rng.uniform(0.7, 1.3))
                    total = int(people * rng.uniform(*APK[level]))
                    official = int(total * rng.uniform(*APM[level]))
                    key = {
                        "agency_id": agency.id,
                        "year": figure_year,
                        "level": level,
                        "kecamatan": kecamatan,
                    }
                    populations.append(Population(**key, population=people))
                    enrolments.append(
                        Enrolment(**key, pupils_total=total, pupils_official_age=official)
                    )
            await Enrolment.bulk_create(enrolments)
            await Population.bulk_create(populations)
            figures += len(enrolments) + len(populations)
        counts = {
            "schools": len(schools),
            "programmes": len(PROGRAMMES),
            "evaluations": evaluations,
            "figures": figures,
        }
        await audit.record(ctx, "pendidikan.demo", "Agency", agency.id, after=counts)
    return counts
