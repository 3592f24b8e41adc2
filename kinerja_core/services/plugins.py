"""Plugins: the catalog, per-agency enablement and settings, linked indicator values.

- Central administrators (BKPSDM) switch a plugin on or off for one agency or as the global
  default, and change its settings; the CLI does the same as the server's operator. Every
  change is written to the audit log (secrets masked) and announced as an event.
- Any signed-in user reads the catalog and the indicator types; the state of a plugin for an
  agency is read by everyone, its settings only by those who see the agency.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from tortoise.exceptions import IntegrityError

from kinerja_core.auth import access
from kinerja_core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from kinerja_core.i18n import register_messages
from kinerja_core.models import Agency, Indicator, PerformancePlan, Period, PluginActivation
from kinerja_core.models.plugins import GLOBAL_SCOPE
from kinerja_core.plugins.activation import (
    ActivationState,
    forget_activations,
    manager_of,
    plugin_state,
    plugin_states,
)
from kinerja_core.plugins.config import apply_patch, mask
from kinerja_core.plugins.indicator import IndicatorType
from kinerja_core.plugins.linking import ComputedRealization, compute_realization
from kinerja_core.plugins.manager import PluginManager, PluginRecord
from kinerja_core.services import audit
from kinerja_core.services.common import get_or_404
from kinerja_core.services.context import ServiceContext


def catalog(ctx: ServiceContext) -> list[PluginRecord]:
    """Every installed plugin with its status: any signed-in user."""
    ctx.require_viewer()
    return manager_of(ctx).catalog()


async def indicator_types(ctx: ServiceContext, agency_id: Any = None) -> list[IndicatorType]:
    """The indicator types an IKI may name; with an agency, only those enabled for it.

    Which plugins an agency has on is the agency's business: its employees, head and admins,
    central admins (others get ``NotAllowed``, the same as for a missing agency's data).
    """
    viewer = ctx.require_viewer()
    kinds = manager_of(ctx).indicators()
    if agency_id is None:
        return kinds
    agency = await get_or_404(Agency, agency_id, "agencyId")
    if not access.may_read_agency_data(viewer, agency.id):
        raise NotAllowed("access.denied")
    states = await plugin_states(ctx, sorted({k.plugin for k in kinds}), agency.id)
    enabled = {s.plugin for s in states if s.enabled}
    return [k for k in kinds if k.plugin in enabled]


async def agency_plugins(
    ctx: ServiceContext, agency_id: int, *, with_config: bool
) -> list[ActivationState]:
    """Each switchable plugin's state for an agency; settings masked, or left out.

    Empty for a viewer who may not read the agency's data (whether a plugin is on is theirs).
    """
    viewer = ctx.require_viewer()
    if not access.may_read_agency_data(viewer, agency_id):
        return []
    manager = manager_of(ctx)
    states = await plugin_states(ctx, manager.gated_plugins(), agency_id)
    return [
        _public(manager, s) if with_config else dataclasses.replace(s, config={}) for s in states
    ]


def sees_config(ctx: ServiceContext, agency_id: int | None) -> bool:
    """Settings are shown to central admins, and to the agency's head and admins."""
    viewer = ctx.viewer
    if viewer is None:
        return False
    return viewer.is_central_admin if agency_id is None else viewer.sees_agency(agency_id)


async def set_plugin_enabled(
    ctx: ServiceContext, name: str, agency_id: Any, enabled: bool, *, operator: bool = False
) -> ActivationState:
    """Switch plugin ``name`` on or off for an agency, or as the default (``agency_id`` None).

    Central admins only; ``operator=True`` is the CLI, run by whoever runs the server.
    Data of a plugin switched off stays and shows again when it is switched back on.
    """
    manager = manager_of(ctx)
    _authorise(ctx, operator)
    record = switchable_plugin(manager, name)
    async with ctx.transaction():
        agency = await _agency(agency_id)
        row, before = await _row(manager, record.name, agency)
        if row is not None and row.enabled is enabled:
            return _public(manager, await _state(ctx, record.name, agency))
        if row is None:
            row = await _create(ctx, record.name, agency, enabled=enabled)
        else:
            row.enabled = enabled
            await _save(ctx, row, "enabled")
        action = "plugin.enable" if enabled else "plugin.disable"
        await audit.record(ctx, action, "PluginActivation", row.id, before, _snapshot(manager, row))
        ctx.emit(
            "plugin_enabled" if enabled else "plugin_disabled",
            plugin=record.name,
            agency_id=agency.id if agency else None,
        )
    return _public(manager, await _state(ctx, record.name, agency))


async def configure_plugin(
    ctx: ServiceContext, name: str, agency_id: Any, config: Any, *, operator: bool = False
) -> ActivationState:
    """Change plugin settings for an agency or the default: a patch checked against its schema.

    A key set to null falls back to the default below it; a secret sent back masked keeps its
    stored value. Central admins only (``operator=True``: the CLI).
    """
    manager = manager_of(ctx)
    _authorise(ctx, operator)
    record = switchable_plugin(manager, name)
    if record.contributions is None:
        raise ValidationFailed(
            "plugin.not_loaded", field="name", plugin=name, status=str(record.status)
        )
    if not isinstance(config, dict):
        raise ValidationFailed("plugin.config_object", field="config")
    schema = manager.config_schema(record.name)
    async with ctx.transaction():
        agency = await _agency(agency_id)
        row, before = await _row(manager, record.name, agency)
        new = apply_patch(schema, row.config if row else {}, config)
        if row is not None and new == row.config:
            return _public(manager, await _state(ctx, record.name, agency))
        if row is None:
            row = await _create(ctx, record.name, agency, enabled=None, config=new)
        else:
            row.config = new
            await _save(ctx, row, "config")
        await audit.record(
            ctx, "plugin.configure", "PluginActivation", row.id, before, _snapshot(manager, row)
        )
        ctx.emit("plugin_configured", plugin=record.name, agency_id=agency.id if agency else None)
    return _public(manager, await _state(ctx, record.name, agency))


async def computed_realization(
    ctx: ServiceContext, indicator_id: Any, period_id: Any
) -> ComputedRealization:
    """The realisasi of an IKI for a period as its indicator type computes it, with provenance
    and achievement: whoever may read the plan (the employee, the rater, the head...)."""
    viewer = ctx.require_viewer()
    indicator = await get_or_404(Indicator, indicator_id, "indicatorId")
    plan = await PerformancePlan.get(work_results__id=indicator.work_result_id)
    await access.require_read_plan(viewer, plan)
    period = await get_or_404(Period, period_id, "periodId")
    if period.agency_id != plan.agency_id or period.year != plan.year:
        raise ValidationFailed("plugin.period_of_plan", field="periodId")
    return await compute_realization(ctx, indicator, period, plan=plan)


# -- helpers --------------------------------------------------------------------------------


def _authorise(ctx: ServiceContext, operator: bool) -> None:
    if not operator:
        access.require_central_admin(ctx.require_viewer())


def switchable_plugin(manager: PluginManager, name: str) -> PluginRecord:
    """The installed plugin called ``name`` that an administrator may switch (NotFound /
    ValidationFailed for one always on; the message says "built-in" for the core's own)."""
    record = manager.record((name or "").strip())
    if record is None:
        raise NotFound("plugin.unknown", field="name", plugin=name)
    if record.always_on:
        code = "plugin.builtin" if record.builtin else "plugin.always_on"  # the wording only
        raise ValidationFailed(code, field="name", plugin=name)
    return record


async def _agency(agency_id: Any) -> Agency | None:
    return None if agency_id is None else await get_or_404(Agency, agency_id, "agencyId")


def _scope(agency: Agency | None) -> str:
    return GLOBAL_SCOPE if agency is None else str(agency.id)


async def _row(
    manager: PluginManager, plugin: str, agency: Agency | None
) -> tuple[PluginActivation | None, dict[str, Any] | None]:
    row = await PluginActivation.filter(plugin=plugin, scope=_scope(agency)).first()
    return row, (_snapshot(manager, row) if row else None)


async def _create(
    ctx: ServiceContext,
    plugin: str,
    agency: Agency | None,
    *,
    enabled: bool | None,
    config: dict[str, Any] | None = None,
) -> PluginActivation:
    try:
        return await PluginActivation.create(
            plugin=plugin,
            agency=agency,
            scope=_scope(agency),
            enabled=enabled,
            config=config or {},
            updated_by_id=ctx.viewer.employee_id if ctx.viewer else None,
        )
    except IntegrityError:  # the same switch created by a concurrent request
        raise Conflict("conflict.exists", field="name", entity="PluginActivation") from None


async def _save(ctx: ServiceContext, row: PluginActivation, field: str) -> None:
    row.updated_by_id = ctx.viewer.employee_id if ctx.viewer else None
    row.updated_at = ctx.now()
    row.version += 1
    await row.save(update_fields=[field, "updated_by_id", "updated_at", "version"])


async def _state(ctx: ServiceContext, plugin: str, agency: Agency | None) -> ActivationState:
    forget_activations(ctx)  # this request changed the table
    return await plugin_state(ctx, plugin, agency.id if agency else None)


def _public(manager: PluginManager, state: ActivationState) -> ActivationState:
    return state.masked(manager.config_schema(state.plugin))


def _snapshot(manager: PluginManager, row: PluginActivation) -> dict[str, Any] | None:
    """The audit snapshot, secrets masked (a failed plugin's schema is unknown: mask all)."""
    data = audit.snapshot(row) or {}
    schema = manager.config_schema(row.plugin)
    config = row.config or {}
    data["config"] = mask(schema, config) if schema else {k: "********" for k in config}
    return data


MESSAGES = {
    "plugin.disabled": (
        "Plugin {plugin} belum diaktifkan untuk OPD ini.",
        "The plugin {plugin} is not enabled for this agency.",
    ),
    "plugin.failed": (
        "Plugin {plugin} gagal memproses permintaan ini (kode permintaan {request_id}).",
        "The plugin {plugin} failed while serving this request (request id {request_id}).",
    ),
    "plugin.timeout": (
        "Plugin {plugin} tidak menjawab dalam {seconds} detik (kode permintaan {request_id}).",
        "The plugin {plugin} did not answer within {seconds} seconds (request id {request_id}).",
    ),
    "plugin.bad_result": (
        "Plugin {plugin} mengembalikan hasil yang tidak valid (kode permintaan {request_id}).",
        "The plugin {plugin} returned an invalid result (request id {request_id}).",
    ),
    "plugin.unknown": (
        "Plugin {plugin} tidak terpasang.",
        "The plugin {plugin} is not installed.",
    ),
    "plugin.builtin": (
        "Plugin bawaan {plugin} selalu aktif dan tidak dapat diubah.",
        "The built-in plugin {plugin} is always on and cannot be changed.",
    ),
    "plugin.always_on": (
        "Plugin {plugin} selalu aktif untuk semua perangkat daerah dan tidak dapat diubah.",
        "The plugin {plugin} is always on for every agency and cannot be changed.",
    ),
    "plugin.not_loaded": (
        "Plugin {plugin} tidak dimuat (status {status}); pengaturannya belum dapat diubah.",
        "The plugin {plugin} is not loaded (status {status}); its settings cannot be changed.",
    ),
    "plugin.config_object": (
        "Pengaturan plugin harus berupa objek JSON.",
        "Plugin settings must be a JSON object.",
    ),
    "plugin.config_unknown": (
        "Pengaturan '{key}' tidak dikenal; yang tersedia: {known}.",
        "There is no setting '{key}'; the settings are: {known}.",
    ),
    "plugin.config_type": (
        "Pengaturan '{key}' harus bernilai {expected}.",
        "The setting '{key}' must be {expected}.",
    ),
    "plugin.period_of_plan": (
        "Periode ini bukan periode OPD dan tahun SKP tersebut.",
        "This period does not belong to the plan's agency and year.",
    ),
    "indicator_type.unknown": (
        "Jenis indikator {indicator_type} tidak dikenal.",
        "There is no indicator type {indicator_type}.",
    ),
    "indicator_type.qualitative": (
        "SKP kualitatif tidak dapat memakai indikator terhitung ({indicator_type}).",
        "A qualitative plan cannot use a computed indicator ({indicator_type}).",
    ),
    "indicator_type.parameters_object": (
        "Parameter indikator harus berupa objek JSON.",
        "Indicator parameters must be a JSON object.",
    ),
    "indicator_type.parameter_unknown": (
        "Parameter '{name}' tidak dikenal untuk indikator {indicator_type}.",
        "The indicator {indicator_type} has no parameter '{name}'.",
    ),
    "indicator_type.parameter_required": (
        "Parameter '{name}' wajib diisi.",
        "The parameter '{name}' is required.",
    ),
    "indicator_type.parameter_invalid": (
        "Nilai '{value}' tidak valid untuk parameter '{name}'.",
        "'{value}' is not a valid value for the parameter '{name}'.",
    ),
    "indicator_type.parameter_choice": (
        "'{value}' bukan pilihan yang tersedia untuk parameter '{name}'.",
        "'{value}' is not one of the choices of the parameter '{name}'.",
    ),
}
register_messages(MESSAGES)
