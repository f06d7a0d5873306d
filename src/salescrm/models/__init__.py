"""Every ORM table, re-exported so relationships and Alembic see them all."""

from salescrm.models.activity import Activity, Notification, Task
from salescrm.models.analytics import (
    Dashboard,
    ExchangeRate,
    ForecastStageRate,
    SalesTarget,
    SavedReport,
)
from salescrm.models.approval import Approval, ApprovalFlow, ApprovalTask
from salescrm.models.audit import AuditEntry
from salescrm.models.auth import AuthToken, LoginAttempt, PasswordReset, PasswordResetRequest
from salescrm.models.automation import AutomationRule, AutomationRun
from salescrm.models.campaign import Campaign
from salescrm.models.collaboration import (
    Comment,
    FollowerNotice,
    RecordFollower,
    RecordTeamMember,
)
from salescrm.models.customer import Account, Contact
from salescrm.models.customization import PageLayout, ValidationRule
from salescrm.models.dedupe import DuplicateRule
from salescrm.models.imports import (
    ExternalId,
    ImportFileChunk,
    ImportMapping,
    ImportRowError,
    ImportRun,
)
from salescrm.models.job import Job, JobSchedule
from salescrm.models.lead import Lead, LeadAssignmentRule, PoolSetting
from salescrm.models.list_view import ListView, ListViewDefault
from salescrm.models.metadata import CustomField, CustomObject, CustomRecord
from salescrm.models.opportunity import Opportunity, OpportunityStageHistory, Pipeline
from salescrm.models.order import (
    Contract,
    Invoice,
    NumberSequence,
    Order,
    OrderLine,
    Payment,
    PaymentPlan,
)
from salescrm.models.org import Department, Role, User, UserRole
from salescrm.models.product import PriceBook, PriceBookEntry, Product
from salescrm.models.quote import Quote
from salescrm.models.search import SearchTerm
from salescrm.models.tenant import Tenant
from salescrm.models.webhook import Webhook, WebhookDelivery

__all__ = [
    "Account",
    "Activity",
    "Approval",
    "ApprovalFlow",
    "ApprovalTask",
    "AuditEntry",
    "AuthToken",
    "AutomationRule",
    "AutomationRun",
    "Campaign",
    "Comment",
    "Contact",
    "Contract",
    "CustomField",
    "CustomObject",
    "CustomRecord",
    "Dashboard",
    "Department",
    "DuplicateRule",
    "ExchangeRate",
    "ExternalId",
    "FollowerNotice",
    "ForecastStageRate",
    "ImportFileChunk",
    "ImportMapping",
    "ImportRowError",
    "ImportRun",
    "Invoice",
    "Job",
    "JobSchedule",
    "Lead",
    "LeadAssignmentRule",
    "ListView",
    "ListViewDefault",
    "LoginAttempt",
    "Notification",
    "NumberSequence",
    "Opportunity",
    "OpportunityStageHistory",
    "Order",
    "OrderLine",
    "PageLayout",
    "PasswordReset",
    "PasswordResetRequest",
    "Payment",
    "PaymentPlan",
    "Pipeline",
    "PoolSetting",
    "PriceBook",
    "PriceBookEntry",
    "Product",
    "Quote",
    "RecordFollower",
    "RecordTeamMember",
    "Role",
    "SalesTarget",
    "SavedReport",
    "SearchTerm",
    "Task",
    "Tenant",
    "User",
    "UserRole",
    "ValidationRule",
    "Webhook",
    "WebhookDelivery",
]
