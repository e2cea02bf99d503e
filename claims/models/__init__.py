"""Claimdesk's data model, one module per concept, in pipeline order."""

from .articles import Article, ArticleFetch, Outlet
from .audit import AuditEntry
from .claims import Claim, ClaimRelation, ExtractionCorrection
from .lookups import Evidence, EvidenceSnapshot, Lookup
from .matching import FactCheck, MatchSuggestion
from .publishing import WebhookDelivery, WebhookSubscription
from .review import Comment, Verdict

__all__ = [
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
