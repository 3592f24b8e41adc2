"""Everything a Kinerja plugin may import from the core: ``from kinerja_core.api import ...``.

One module, so a plugin author reads one list and the core may move its insides without
breaking plugins. The first-party plugins and the ``kinerja plugin new`` skeleton import
nothing else from ``kinerja_core`` (``tests/plugins_core/test_plugin_imports.py`` checks every
module under ``plugins/`` and the skeleton's templates); a plugin's own tests may also use
:mod:`kinerja_core.plugins.testing`. ``docs/plugins.md`` lists exactly ``__all__``.

Grouped as a plugin uses them:

- hooks and contributions: ``hookimpl``, the indicator types, config fields;
- the service context (``ServiceContext``: viewer, transaction, clock, ``emit``, and
  ``plugin_state`` for the plugin system) and the viewer;
- access: ``require_plugin_data`` (read or write, access before enablement),
  ``require_agency_member``, ``require_manage_agency``, the enablement and config reads;
- writes: ``audit``, ``bump``, ``check_version``, ``get_or_404``, ``refresh_computed``;
- input: ``parse_id``, ``check_year``, ``clean_text``; errors; i18n;
- GraphQL: ``mutate``, ``query``, ``result_union``, pagination, list caps, ``events``;
- cheap reads: ``read_rows`` and ``read_child_rows`` (plain rows in one statement, the
  reader's access rule, put at hand for the request), ``resolve_one`` and
  ``resolve_children`` (a field answered from them at once) under ``@reads_context``
  (the field completed in the core's fast loop); ``fetch_tuples`` for a read model's own
  joined statement (access is then the caller's to check);
- files: ``store_upload`` (bukti dukung's checks, limits and SHA-256, into the evidence store),
  ``register_stored_files``, ``check_person_quota``, ``discard_if_unreferenced``, and
  downloads (``Download``, ``DownloadFile``, ``DownloadRequest``, hook
  ``kinerja_register_downloads``); ``employee_units`` for figures per unit.
"""

from __future__ import annotations

from kinerja_core.auth.access import (
    can_read_employee,
    may_read_agency_data,
    require_agency_member,
    require_manage_agency,
    require_read_employee,
)
from kinerja_core.auth.viewer import Viewer
from kinerja_core.domain.enums import PeriodKind, PeriodStatus
from kinerja_core.domain.numbers import trim
from kinerja_core.domain.periods import MONTH_NAMES_EN, MONTH_NAMES_ID, PeriodSpec, build_period
from kinerja_core.domain.targets import achievement
from kinerja_core.errors import (
    Conflict,
    KinerjaError,
    NotAllowed,
    NotFound,
    PluginDisabled,
    PluginFailed,
    ValidationFailed,
)
from kinerja_core.graphql.errors import mutate, query, result_union
from kinerja_core.graphql.execution import reads_context
from kinerja_core.graphql.list_caps import list_window, max_items
from kinerja_core.graphql.pagination import Connection, paginate_list, paginate_query
from kinerja_core.graphql.types.base import resolve_children, resolve_one
from kinerja_core.i18n import register_messages
from kinerja_core.models import (
    Agency,
    Employee,
    Evaluation,
    Feedback,
    Indicator,
    PerformancePlan,
    Period,
    PluginActivation,
    Realization,
)
from kinerja_core.plugins.activation import (
    is_plugin_enabled,
    plugin_config,
    plugin_state,
    require_plugin_enabled,
)
from kinerja_core.plugins.config import MASK, ConfigField, ConfigType
from kinerja_core.plugins.downloads import Download, DownloadFile, DownloadRequest
from kinerja_core.plugins.hookspecs import hookimpl
from kinerja_core.plugins.indicator import (
    Choice,
    Compute,
    Direction,
    IndicatorType,
    IndicatorValue,
    ParameterKind,
    ParameterSpec,
    Periodicity,
    RecordRef,
    Scope,
    ratio,
)
from kinerja_core.plugins.panels import Panel, PanelColumn, PanelKind
from kinerja_core.plugins.registry import GraphQL, Models
from kinerja_core.realtime import events
from kinerja_core.services import audit
from kinerja_core.services.common import bump, check_version, clean_text, get_or_404
from kinerja_core.services.context import ServiceContext
from kinerja_core.services.evidence import StoredFile, discard_if_unreferenced, store_upload
from kinerja_core.services.inputs import check_year, parse_id
from kinerja_core.services.plugin_data import (
    may_read_plugin_data,
    refresh_computed,
    require_plugin_data,
)
from kinerja_core.services.plugin_reads import read_child_rows, read_rows
from kinerja_core.services.plugins import set_plugin_enabled
from kinerja_core.services.reader import register_agency_data, register_agency_rows
from kinerja_core.services.reading import agency_admin_ids, employee_units
from kinerja_core.services.upload_quotas import check_person_quota
from kinerja_core.sql import fetch_tuples
from kinerja_core.storage.references import register_stored_files

__all__ = [
    # hooks and what they contribute
    "hookimpl",
    "Models",
    "GraphQL",
    "IndicatorType",
    "ParameterSpec",
    "ParameterKind",
    "Choice",
    "Compute",
    "Scope",
    "IndicatorValue",
    "RecordRef",
    "Direction",
    "Periodicity",
    "ratio",
    "ConfigField",
    "ConfigType",
    "MASK",
    "Panel",
    "PanelColumn",
    "PanelKind",
    # the service context and who acts
    "ServiceContext",
    "Viewer",
    # access and plugin state
    "require_plugin_data",
    "may_read_plugin_data",
    "require_agency_member",
    "may_read_agency_data",
    "require_manage_agency",
    "can_read_employee",
    "require_read_employee",
    "require_plugin_enabled",
    "is_plugin_enabled",
    "plugin_config",
    "plugin_state",
    "set_plugin_enabled",
    # writes
    "audit",
    "bump",
    "check_version",
    "get_or_404",
    "refresh_computed",
    "register_agency_data",
    "register_agency_rows",
    # input checks
    "parse_id",
    "check_year",
    "clean_text",
    # typed errors
    "KinerjaError",
    "ValidationFailed",
    "NotAllowed",
    "NotFound",
    "Conflict",
    "PluginDisabled",
    "PluginFailed",
    # i18n
    "register_messages",
    # core rows a plugin reads or links to
    "Agency",
    "Employee",
    "Indicator",
    "Period",
    "PluginActivation",
    "PerformancePlan",
    "Evaluation",
    "Feedback",
    "Realization",
    # periods
    "PeriodSpec",
    "PeriodKind",
    "PeriodStatus",
    "build_period",
    "MONTH_NAMES_ID",
    "MONTH_NAMES_EN",
    # GraphQL
    "mutate",
    "query",
    "result_union",
    "Connection",
    "paginate_list",
    "paginate_query",
    "max_items",
    "list_window",
    "trim",
    "events",
    # cheap reads: plain rows with access checked, fields answered from them in the fast loop
    "read_rows",
    "read_child_rows",
    "reads_context",
    "resolve_one",
    "resolve_children",
    "fetch_tuples",
    # IKI achievement as the core computes it (percent of the target)
    "achievement",
    # files: uploads like bukti dukung, and downloads
    "store_upload",
    "StoredFile",
    "register_stored_files",
    "check_person_quota",
    "discard_if_unreferenced",
    "Download",
    "DownloadFile",
    "DownloadRequest",
    # the unit an employee works in (figures per unit), an agency's admins
    "employee_units",
    "agency_admin_ids",
]
