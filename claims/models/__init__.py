"""Claimdesk's data model, one module per concept, in pipeline order."""

from .articles import Article, ArticleFetch, Outlet
from .audit import AuditEntry
from .claims import Claim, ClaimRelation, ExtractionCorrection
from .lookups import Evidence, EvidenceSnapshot, Lookup
from .matching import FactCheck, MatchSuggestion
from .publishing import WebhookDelivery, WebhookSubscription
from .review import Comment, Verdict

# The largest id a BigAutoField holds; a larger number names nothing and must not reach the database.
ID_MAX = 2**63 - 1

__all__ = [
    "ID_MAX",
    "Article",
    "ArticleFetch",
    "AuditEntry",
    "Claim",
    "ClaimRelation",
    "Comment",
    "Evidence",
    "EvidenceSnapshot",
    "ExtractionCorrection",
    "FactCheck",
    "Lookup",
    "MatchSuggestion",
    "Outlet",
    "Verdict",
    "WebhookDelivery",
    "WebhookSubscription",
]
