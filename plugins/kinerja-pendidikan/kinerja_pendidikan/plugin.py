"""Pendidikan (Dinas Pendidikan): schools, programme evaluations, enrolment and population,
and the indicator types computed from them (score gain, completion rate, schools meeting the
programme goal, APK, APM).

The entry point ``pendidikan`` in pyproject.toml names this module; Kinerja calls the hooks
below. Hooks only: the work is done in the modules they name.
"""

from kinerja_core.api import GraphQL, Models, hookimpl

from kinerja_pendidikan import __version__  # noqa: F401  (shown in the plugin catalog)

# The core versions this plugin works with; another core reports it as FAILED and skips it.
KINERJA_CORE_VERSION = ">=0.1,<0.2"


@hookimpl
def kinerja_register_indicators():
    from kinerja_pendidikan.indicators import INDICATOR_TYPES

    return INDICATOR_TYPES


@hookimpl
def kinerja_register_models():
    return Models(models="kinerja_pendidikan.models", migrations="kinerja_pendidikan.migrations")


@hookimpl
def kinerja_register_graphql():
    from kinerja_pendidikan import schema

    return GraphQL(
        query=schema.Query,
        mutation=schema.Mutation,
        types=[
            schema.PendidikanSchool,
            schema.PendidikanProgramme,
            schema.PendidikanEvaluation,
            schema.PendidikanProgrammeResults,
            schema.PendidikanEnrolment,
            schema.PendidikanPopulation,
            schema.PendidikanParticipation,
            schema.PendidikanParticipationRow,
        ],
        extends={"Agency": schema.AgencyFields},
    )


@hookimpl
def kinerja_config_schema():
    from kinerja_core.api import ConfigField, ConfigType

    from kinerja_pendidikan.rules import PONTIANAK_KECAMATAN

    return [
        ConfigField(
            "allow_completed_above_participants",
            ConfigType.BOOLEAN,
            False,
            "Accept evaluations with more pupils completing than taking part "
            "(pupils joining late are counted only at the end).",
        ),
        ConfigField(
            "apm_above_apk_check",
            ConfigType.BOOLEAN,
            True,
            "Refuse enrolment figures whose pupils of official age exceed all pupils "
            "(an APM above the APK). Pupils above the population stay allowed: APK may pass 100.",
        ),
        ConfigField(
            "kecamatan",
            ConfigType.STRING,
            ", ".join(PONTIANAK_KECAMATAN),
            "The kecamatan of the agency's area, comma-separated; schools and figures must "
            "name one of them. Empty: any name.",
        ),
    ]


@hookimpl
async def kinerja_demo_data(ctx, rng):
    from kinerja_pendidikan.demo import load_demo

    await load_demo(ctx, rng)


@hookimpl
def kinerja_panels():
    from kinerja_pendidikan.panels import PANELS

    return PANELS
