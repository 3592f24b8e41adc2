"""Kesehatan: puskesmas, their kelurahan, monthly immunisation reports and coverage indicators.

The entry point ``kesehatan`` in pyproject.toml names this module; Kinerja calls the hooks below.
Hooks only: the work is done in the modules they import.
"""

from kinerja_core.api import ConfigField, ConfigType, GraphQL, Models, hookimpl

from kinerja_kesehatan import __version__  # noqa: F401  (shown in the plugin catalog)

# The core versions this plugin works with; another core reports it as FAILED and skips it.
KINERJA_CORE_VERSION = ">=0.1,<0.2"


@hookimpl
def kinerja_register_indicators():
    from kinerja_kesehatan.indicators import INDICATOR_TYPES

    return INDICATOR_TYPES


@hookimpl
def kinerja_register_models():
    return Models(models="kinerja_kesehatan.models", migrations="kinerja_kesehatan.migrations")


@hookimpl
def kinerja_register_graphql():
    from kinerja_kesehatan import schema

    return GraphQL(
        query=schema.Query,
        mutation=schema.Mutation,
        subscription=schema.Subscription,
        types=schema.TYPES,
        extends={"Agency": schema.AgencyFields},
    )


@hookimpl
def kinerja_config_schema():
    return [
        ConfigField(
            "allow_numerator_above_denominator",
            ConfigType.BOOLEAN,
            False,
            "Accept a report line whose numerator is above its denominator (IDL above the "
            "target infants, DPT-HB-Hib3 or MR1 above DPT-HB-Hib1, BCG above newborns), "
            "e.g. for catch-up immunisation of infants counted elsewhere.",
        ),
        ConfigField(
            "idl_target_percent",
            ConfigType.NUMBER,
            100,
            "Annual IDL coverage target in percent (100 in 2023); coverage shows it year to "
            "date (x month / 12).",
        ),
        ConfigField(
            "report_deadline_day",
            ConfigType.INTEGER,
            10,
            "Day of the next month by which a monthly report is due (reports entered later "
            "are marked late).",
        ),
    ]


@hookimpl
async def kinerja_demo_data(ctx, rng):
    from kinerja_kesehatan.demo import load_demo

    await load_demo(ctx, rng)


@hookimpl
def kinerja_panels():
    from kinerja_kesehatan.panels import PANELS

    return PANELS
