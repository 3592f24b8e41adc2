"""The pendidikan panel of the agency dashboard: every programme of the year and its results.

The web app draws it as a table from ``pendidikanProgrammeSummaries`` (one flat row per
programme: the rows of a panel are read by key, see ``kinerja_core.plugins.panels``).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import strawberry
from kinerja_core.api import Panel, PanelColumn, PanelKind, ServiceContext, register_messages

from kinerja_pendidikan import models, services


@strawberry.type(description="A programme's results in one line (the dashboard panel).")
class PendidikanProgrammeSummary:
    programme_id: strawberry.ID = strawberry.field(description="The programme.")
    code: str = strawberry.field(description="The programme's code, e.g. LITERASI.")
    name: str = strawberry.field(description="The programme's name.")
    schools_evaluated: int = strawberry.field(description="Schools with an evaluation.")
    participants: int = strawberry.field(description="Pupils who took part, all schools.")
    completed: int = strawberry.field(description="Pupils who completed, all schools.")
    completion_rate: Decimal | None = strawberry.field(
        description="Completed / participants x 100, all schools."
    )
    average_gain: Decimal | None = strawberry.field(
        description="Score gain averaged over the scored schools, weighted by participants."
    )
    share_meeting_goal: Decimal | None = strawberry.field(
        description="Schools meeting the goal / scored schools x 100."
    )


async def year_results(ctx: ServiceContext, agency_id: Any, year: int) -> list[Any]:
    """Every programme of the agency's year with its evaluations (two statements)."""
    programmes = await services.programmes(ctx, agency_id, year)  # access, then enabled
    grouped: dict[int, list[models.ProgrammeEvaluation]] = defaultdict(list)
    if programmes:
        rows = (
            await models.ProgrammeEvaluation.filter(programme_id__in=[p.id for p in programmes])
            .select_related("school")
            .order_by("school__npsn")
        )
        for row in rows:
            grouped[row.programme_id].append(row)
    return [services.ProgrammeResults(p, grouped[p.id]) for p in programmes]


def summary(results: Any) -> PendidikanProgrammeSummary:
    """One line of a programme's results (``schema.PendidikanProgrammeResults``)."""
    return PendidikanProgrammeSummary(
        programme_id=results.programme.id,
        code=results.programme.code,
        name=results.programme.name,
        schools_evaluated=results.schools_evaluated,
        participants=results.participants,
        completed=results.completed,
        completion_rate=results.completion_rate,
        average_gain=results.average_gain,
        share_meeting_goal=results.share_meeting_goal,
    )


register_messages(
    {
        "pendidikan.panel.results": ("Hasil program pendidikan", "Education programme results"),
        "pendidikan.panel.results_about": (
            "Setiap program tahun ini: sekolah yang dievaluasi, peserta, ketuntasan, kenaikan "
            "nilai rata-rata dan sekolah yang mencapai target.",
            "Each programme of the year: schools evaluated, participants, completion, average "
            "score gain and schools meeting the goal.",
        ),
        "pendidikan.panel.programme": ("Program", "Programme"),
        "pendidikan.panel.schools": ("Sekolah dievaluasi", "Schools evaluated"),
        "pendidikan.panel.participants": ("Peserta", "Participants"),
        "pendidikan.panel.completion": ("Ketuntasan (%)", "Completion (%)"),
        "pendidikan.panel.gain": ("Kenaikan nilai", "Score gain"),
        "pendidikan.panel.goal": ("Sekolah capai target (%)", "Schools meeting goal (%)"),
    }
)

PANELS = [
    Panel(
        key="programme-results",
        title="pendidikan.panel.results",
        description="pendidikan.panel.results_about",
        kind=PanelKind.TABLE,
        operation="""query PendidikanProgrammeResultsPanel($agencyId: ID!, $year: Int!) {
  pendidikanProgrammeSummaries(agencyId: $agencyId, year: $year) {
    programmeId name schoolsEvaluated participants completionRate averageGain
    shareMeetingGoal
  }
}""",
        rows_path="pendidikanProgrammeSummaries",
        columns=(
            PanelColumn("name", "pendidikan.panel.programme"),
            PanelColumn("schoolsEvaluated", "pendidikan.panel.schools"),
            PanelColumn("participants", "pendidikan.panel.participants"),
            PanelColumn("completionRate", "pendidikan.panel.completion"),
            PanelColumn("averageGain", "pendidikan.panel.gain"),
            PanelColumn("shareMeetingGoal", "pendidikan.panel.goal"),
        ),
    )
]
