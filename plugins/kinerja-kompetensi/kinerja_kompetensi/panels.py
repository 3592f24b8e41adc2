"""The kompetensi panels of the agency dashboard: open needs per competency group (a bar per
group) and the people below the 20 JP right so far this year (a table)."""

from __future__ import annotations

from kinerja_core.api import Panel, PanelColumn, PanelKind, register_messages

register_messages(
    {
        "kompetensi.panel.needs": (
            "Kebutuhan pengembangan kompetensi per kelompok",
            "Competency development needs per group",
        ),
        "kompetensi.panel.needs_about": (
            "Kebutuhan yang diusulkan atau dikonfirmasi tahun ini (dari penilaian kinerja "
            "dan usulan pegawai), dan jumlah pegawai yang memilikinya.",
            "Needs proposed or confirmed this year (from evaluations and employees' own), "
            "and how many people have them.",
        ),
        "kompetensi.panel.group": ("Kelompok kompetensi", "Competency group"),
        "kompetensi.panel.people": ("Pegawai", "People"),
        "kompetensi.panel.count": ("Kebutuhan", "Needs"),
        "kompetensi.panel.below": (
            "Pegawai di bawah 20 JP tahun ini",
            "People below 20 JP this year",
        ),
        "kompetensi.panel.below_about": (
            "Hak pengembangan kompetensi paling sedikit 20 JP setahun (PP 11/2017 jo. PP "
            "17/2020); JP dari kegiatan yang sudah selesai.",
            "The right to at least 20 JP of competency development a year (PP 11/2017 as "
            "amended by PP 17/2020); JP of completed activities.",
        ),
        "kompetensi.panel.name": ("Nama", "Name"),
        "kompetensi.panel.nip": ("NIP", "NIP"),
        "kompetensi.panel.jp": ("JP", "JP"),
    }
)

PANELS = [
    Panel(
        key="needs-by-group",
        title="kompetensi.panel.needs",
        description="kompetensi.panel.needs_about",
        kind=PanelKind.BAR,
        operation="""query KompetensiNeedsPanel($agencyId: ID!, $year: Int!) {
  kompetensiNeedsByGroup(agencyId: $agencyId, year: $year) { group people needs }
}""",
        rows_path="kompetensiNeedsByGroup",
        columns=(
            PanelColumn("group", "kompetensi.panel.group"),
            PanelColumn("people", "kompetensi.panel.people"),
            PanelColumn("needs", "kompetensi.panel.count"),
        ),
    ),
    Panel(
        key="below-twenty-jp",
        title="kompetensi.panel.below",
        description="kompetensi.panel.below_about",
        kind=PanelKind.TABLE,
        operation="""query KompetensiBelowPanel($agencyId: ID!, $year: Int!) {
  kompetensiBelowRight(agencyId: $agencyId, year: $year, first: 100) { name nip jp }
}""",
        rows_path="kompetensiBelowRight",
        columns=(
            PanelColumn("name", "kompetensi.panel.name"),
            PanelColumn("nip", "kompetensi.panel.nip"),
            PanelColumn("jp", "kompetensi.panel.jp"),
        ),
    ),
]
