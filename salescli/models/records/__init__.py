"""What services return: frozen dataclasses (``@record``, models/frozen.py) built from
database rows.

Field names are the stable keys of ``--json`` output and of CSV exports.

Every record is imported from here (``from salescli.models.records import Lead``); each
lives in its domain's module below and is loaded on first use: a command pays for the
records its services use (~0.3 ms a class with ``@record``; 1.0-1.7 ms with
``@dataclass(frozen=True)``), not for all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # at run time, __getattr__ below imports each on first use
    from salescli.models.records.activities import Activity as Activity
    from salescli.models.records.book import Backup as Backup
    from salescli.models.records.book import ImportResult as ImportResult
    from salescli.models.records.book import ImportRun as ImportRun
    from salescli.models.records.book import ImportUndo as ImportUndo
    from salescli.models.records.book import IntegrityReport as IntegrityReport
    from salescli.models.records.cleanup import Deleted as Deleted
    from salescli.models.records.cleanup import Merged as Merged
    from salescli.models.records.cleanup import Undone as Undone
    from salescli.models.records.contracts import Aging as Aging
    from salescli.models.records.contracts import AgingRow as AgingRow
    from salescli.models.records.contracts import CollectionForecast as CollectionForecast
    from salescli.models.records.contracts import CollectionMonth as CollectionMonth
    from salescli.models.records.contracts import Contract as Contract
    from salescli.models.records.contracts import ContractChange as ContractChange
    from salescli.models.records.contracts import ContractDetail as ContractDetail
    from salescli.models.records.contracts import ContractHistory as ContractHistory
    from salescli.models.records.contracts import ContractLine as ContractLine
    from salescli.models.records.contracts import ContractStep as ContractStep
    from salescli.models.records.contracts import ContractVersion as ContractVersion
    from salescli.models.records.contracts import Credit as Credit
    from salescli.models.records.contracts import CreditAssessment as CreditAssessment
    from salescli.models.records.contracts import Installment as Installment
    from salescli.models.records.contracts import Receipt as Receipt
    from salescli.models.records.contracts import ReceiptPart as ReceiptPart
    from salescli.models.records.contracts import RepCollections as RepCollections
    from salescli.models.records.contracts import Schedule as Schedule
    from salescli.models.records.customers import Account as Account
    from salescli.models.records.customers import Contact as Contact
    from salescli.models.records.customers import Fact as Fact
    from salescli.models.records.leads import Conversion as Conversion
    from salescli.models.records.leads import Lead as Lead
    from salescli.models.records.leads import LeadDetail as LeadDetail
    from salescli.models.records.leads import LeadTouch as LeadTouch
    from salescli.models.records.leads import Qualification as Qualification
    from salescli.models.records.marketing import Campaign as Campaign
    from salescli.models.records.marketing import CampaignCost as CampaignCost
    from salescli.models.records.marketing import CampaignDeal as CampaignDeal
    from salescli.models.records.marketing import CampaignDetail as CampaignDetail
    from salescli.models.records.marketing import CampaignFigures as CampaignFigures
    from salescli.models.records.marketing import CampaignLead as CampaignLead
    from salescli.models.records.marketing import CampaignReport as CampaignReport
    from salescli.models.records.marketing import Expense as Expense
    from salescli.models.records.marketing import ExpenseBatch as ExpenseBatch
    from salescli.models.records.marketing import ExpenseFigures as ExpenseFigures
    from salescli.models.records.marketing import ExpenseReport as ExpenseReport
    from salescli.models.records.marketing import LeadFigures as LeadFigures
    from salescli.models.records.marketing import LeadReport as LeadReport
    from salescli.models.records.orders import Party as Party
    from salescli.models.records.orders import Product as Product
    from salescli.models.records.orders import ProductDetail as ProductDetail
    from salescli.models.records.orders import ProductPrice as ProductPrice
    from salescli.models.records.orders import Quote as Quote
    from salescli.models.records.orders import QuoteAcceptance as QuoteAcceptance
    from salescli.models.records.orders import QuoteContract as QuoteContract
    from salescli.models.records.orders import QuoteDetail as QuoteDetail
    from salescli.models.records.orders import QuoteDocument as QuoteDocument
    from salescli.models.records.orders import QuotedPrice as QuotedPrice
    from salescli.models.records.orders import QuoteLine as QuoteLine
    from salescli.models.records.orders import TaxAmount as TaxAmount
    from salescli.models.records.overview import AccountDetail as AccountDetail
    from salescli.models.records.pipeline import Opportunity as Opportunity
    from salescli.models.records.pipeline import OpportunityDetail as OpportunityDetail
    from salescli.models.records.pipeline import Share as Share
    from salescli.models.records.pipeline import Stage as Stage
    from salescli.models.records.pipeline import StageStep as StageStep
    from salescli.models.records.reps import Rep as Rep
    from salescli.models.records.search import SearchGroup as SearchGroup
    from salescli.models.records.search import SearchHit as SearchHit
    from salescli.models.records.search import SearchResult as SearchResult
    from salescli.models.records.value import AccountValue as AccountValue
    from salescli.models.records.value import Classification as Classification
    from salescli.models.records.value import ClassRow as ClassRow
    from salescli.models.records.value import ClassTotal as ClassTotal
    from salescli.models.records.value import Concentration as Concentration
    from salescli.models.records.value import CustomersReport as CustomersReport
    from salescli.models.records.value import Defector as Defector
    from salescli.models.records.value import Lifecycle as Lifecycle
    from salescli.models.records.value import LifetimeValue as LifetimeValue
    from salescli.models.records.value import ParetoRow as ParetoRow
    from salescli.models.records.value import Profile as Profile
    from salescli.models.records.value import ProfileItem as ProfileItem
    from salescli.models.records.value import ReasonCount as ReasonCount
    from salescli.models.records.value import RetentionReport as RetentionReport
    from salescli.models.records.value import Revenue as Revenue
    from salescli.models.records.value import ValuedAccount as ValuedAccount

# Each record's module.
HOMES: dict[str, str] = {
    "Rep": "reps",
    "Account": "customers",
    "Fact": "customers",
    "Contact": "customers",
    "AccountDetail": "overview",
    "Lead": "leads",
    "LeadTouch": "leads",
    "LeadDetail": "leads",
    "Qualification": "leads",
    "Conversion": "leads",
    "Stage": "pipeline",
    "Opportunity": "pipeline",
    "StageStep": "pipeline",
    "Share": "pipeline",
    "OpportunityDetail": "pipeline",
    "Activity": "activities",
    "ImportResult": "book",
    "Deleted": "cleanup",
    "Merged": "cleanup",
    "Undone": "cleanup",
    "ImportRun": "book",
    "ImportUndo": "book",
    "IntegrityReport": "book",
    "Backup": "book",
    "Party": "orders",
    "Product": "orders",
    "ProductDetail": "orders",
    "ProductPrice": "orders",
    "QuotedPrice": "orders",
    "Quote": "orders",
    "QuoteAcceptance": "orders",
    "QuoteContract": "orders",
    "QuoteDetail": "orders",
    "QuoteDocument": "orders",
    "QuoteLine": "orders",
    "TaxAmount": "orders",
    "SearchHit": "search",
    "SearchGroup": "search",
    "SearchResult": "search",
    "Aging": "contracts",
    "AgingRow": "contracts",
    "CollectionForecast": "contracts",
    "CollectionMonth": "contracts",
    "Contract": "contracts",
    "ContractChange": "contracts",
    "ContractDetail": "contracts",
    "ContractHistory": "contracts",
    "ContractLine": "contracts",
    "ContractStep": "contracts",
    "ContractVersion": "contracts",
    "Credit": "contracts",
    "CreditAssessment": "contracts",
    "Installment": "contracts",
    "Receipt": "contracts",
    "ReceiptPart": "contracts",
    "Schedule": "contracts",
    "RepCollections": "contracts",
    "Revenue": "value",
    "Lifecycle": "value",
    "LifetimeValue": "value",
    "ValuedAccount": "value",
    "AccountValue": "value",
    "ClassRow": "value",
    "Classification": "value",
    "ParetoRow": "value",
    "ClassTotal": "value",
    "Concentration": "value",
    "CustomersReport": "value",
    "Defector": "value",
    "ReasonCount": "value",
    "RetentionReport": "value",
    "ProfileItem": "value",
    "Profile": "value",
    "Campaign": "marketing",
    "CampaignCost": "marketing",
    "CampaignLead": "marketing",
    "CampaignDeal": "marketing",
    "CampaignDetail": "marketing",
    "CampaignFigures": "marketing",
    "CampaignReport": "marketing",
    "LeadFigures": "marketing",
    "LeadReport": "marketing",
    "Expense": "marketing",
    "ExpenseBatch": "marketing",
    "ExpenseFigures": "marketing",
    "ExpenseReport": "marketing",
}

__all__ = sorted(HOMES)

if not TYPE_CHECKING:  # hidden from mypy, which then still refuses a misspelt name

    def __getattr__(name: str) -> type:
        """A record, its module imported on first use (PEP 562)."""
        home = HOMES.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        # __import__ rather than importlib.import_module: -X importtime shows it.
        record = getattr(__import__(f"{__name__}.{home}", fromlist=[name]), name)
        globals()[name] = record  # found directly from now on
        return record
