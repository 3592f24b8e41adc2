"""The kesehatan panel of the agency dashboard: immunisation coverage per puskesmas.

A bar per puskesmas from ``kesehatanCoverage`` for the whole year (January to December:
cumulative counts against the annual target, the PWS measure), drawn by the web app.
"""

from __future__ import annotations

from kinerja_core.api import Panel, PanelColumn, PanelKind, register_messages

register_messages(
    {
        "kesehatan.panel.coverage": (
            "Cakupan imunisasi per puskesmas",
            "Immunisation coverage per puskesmas",
        ),
        "kesehatan.panel.coverage_about": (
            "Kumulatif Januari sampai Desember terhadap sasaran bayi setahun (PWS): IDL, "
            "drop out DPT-HB-Hib dan MR (persen).",
            "Cumulative January to December against the year's target infants (PWS): IDL, "
            "DPT-HB-Hib and MR drop-out (percent).",
        ),
        "kesehatan.panel.puskesmas": ("Puskesmas", "Puskesmas"),
        "kesehatan.panel.idl": ("Cakupan IDL (%)", "IDL coverage (%)"),
        "kesehatan.panel.dropout_dpt": ("Drop out DPT-HB-Hib (%)", "DPT-HB-Hib drop-out (%)"),
        "kesehatan.panel.dropout_mr": ("Drop out MR (%)", "MR drop-out (%)"),
    }
)

PANELS = [
    Panel(
        key="coverage-by-puskesmas",
        title="kesehatan.panel.coverage",
        description="kesehatan.panel.coverage_about",
        kind=PanelKind.BAR,
        operation="""query KesehatanCoveragePanel($agencyId: ID!, $year: Int!) {
  kesehatanCoverage(agencyId: $agencyId, year: $year, month: 12, level: PUSKESMAS) {
    areaCode areaName idlCoverage dropoutDpt dropoutMr
  }
}""",
        rows_path="kesehatanCoverage",
        columns=(
            PanelColumn("areaName", "kesehatan.panel.puskesmas"),
            PanelColumn("idlCoverage", "kesehatan.panel.idl"),
            PanelColumn("dropoutDpt", "kesehatan.panel.dropout_dpt"),
            PanelColumn("dropoutMr", "kesehatan.panel.dropout_mr"),
        ),
    )
]
