"""Tortoise models of the app ``core``. Migrations live in ``migrations/`` beside them."""

from kinerja_core.models.accounts import Account, Session
from kinerja_core.models.audit import AuditEntry
from kinerja_core.models.evaluation import Appeal, Evaluation, OrganizationRating
from kinerja_core.models.figures import AgencyFigures, AgencyFiguresState
from kinerja_core.models.imports import ImportJob
from kinerja_core.models.monitoring import ActionPlan, Evidence, Feedback, Period, Realization
from kinerja_core.models.org import Agency, Assignment, Employee, Position, Unit
from kinerja_core.models.plans import BehaviorExpectation, Indicator, PerformancePlan, WorkResult
from kinerja_core.models.plugins import PluginActivation
from kinerja_core.models.storage import BlobChunk
from kinerja_core.models.subtree import KeptSubtree, OrgGeneration
from kinerja_core.models.throttle import ThrottleState

__all__ = [
    "Account",
    "ActionPlan",
    "Agency",
    "AgencyFigures",
    "AgencyFiguresState",
    "Appeal",
    "Assignment",
    "AuditEntry",
    "BehaviorExpectation",
    "BlobChunk",
    "Employee",
    "Evaluation",
    "Evidence",
    "Feedback",
    "ImportJob",
    "Indicator",
    "KeptSubtree",
    "OrgGeneration",
    "OrganizationRating",
    "PerformancePlan",
    "Period",
    "PluginActivation",
    "Position",
    "Realization",
    "Session",
    "ThrottleState",
    "Unit",
    "WorkResult",
]
