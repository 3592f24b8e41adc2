"""Kompetensi: competency development needs from evaluation results, development plans and
completed learning (JP) against the 20 JP right.

The entry point ``kompetensi`` in pyproject.toml names this module; Kinerja calls the hooks
below. Hooks only: the work is done in the modules they import.
"""

from kinerja_core.api import ConfigField, ConfigType, GraphQL, Models, hookimpl

from kinerja_kompetensi import __version__  # noqa: F401  (shown in the plugin catalog)

KINERJA_CORE_VERSION = ">=0.1,<0.2"


@hookimpl
def kinerja_register_models():
    return Models(models="kinerja_kompetensi.models", migrations="kinerja_kompetensi.migrations")


@hookimpl
def kinerja_register_graphql():
    from kinerja_kompetensi import schema

    return GraphQL(
        query=schema.Query,
        mutation=schema.Mutation,
        types=schema.TYPES,
        extends={"Employee": schema.EmployeeFields},
    )


@hookimpl
def kinerja_config_schema():
    return [
        ConfigField(
            "iki_low_achievement_percent",
            ConfigType.NUMBER,
            50,
            "An IKI whose achievement in the evaluated period is below this percent of its "
            "target gives a proposed technical development need when the evaluation is "
            "finalised.",
        ),
    ]


@hookimpl
async def kinerja_on_event(event, ctx):
    if event.name == "evaluation_finalized":
        from kinerja_kompetensi.services import propose_from_evaluation

        await propose_from_evaluation(ctx, event.payload["evaluation_id"])
    elif event.name == "appeal_decided" and event.payload.get("decision") == "CHANGE":
        from kinerja_kompetensi.services import repropose_after_appeal

        await repropose_after_appeal(ctx, event.payload["evaluation_id"])


@hookimpl
def kinerja_register_downloads():
    from kinerja_kompetensi.reports import DOWNLOADS

    return DOWNLOADS


@hookimpl
def kinerja_panels():
    from kinerja_kompetensi.panels import PANELS

    return PANELS


@hookimpl
async def kinerja_demo_data(ctx, rng):
    from kinerja_kompetensi.demo import load_demo

    await load_demo(ctx, rng)
