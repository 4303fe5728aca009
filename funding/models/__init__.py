"""The funding app's models: work funds (funds.py); H2 adds allowance.py and insurance.py."""

from .allowance import AllowancePayment, AllowancePaymentQuerySet
from .funds import (
    Expenditure,
    ExpenditureCategory,
    ExpenditureQuerySet,
    ExpenditureStatus,
    FundAllocation,
    FundAllocationQuerySet,
    FundSource,
    WorkFund,
    WorkFundQuerySet,
)
from .insurance import CadreInsurance, CadreInsuranceQuerySet, HealthCheck, HealthCheckQuerySet

__all__ = [
    "AllowancePayment",
    "AllowancePaymentQuerySet",
    "CadreInsurance",
    "CadreInsuranceQuerySet",
    "HealthCheck",
    "HealthCheckQuerySet",
    "Expenditure",
    "ExpenditureCategory",
    "ExpenditureQuerySet",
    "ExpenditureStatus",
    "FundAllocation",
    "FundAllocationQuerySet",
    "FundSource",
    "WorkFund",
    "WorkFundQuerySet",
]
