"""The funding app's models: work funds (funds.py); H2 adds allowance.py and insurance.py."""

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

__all__ = [
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
