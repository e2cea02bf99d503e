"""Recording the audit trail. Every service that changes something calls `audit_record`."""

from .models import AuditEntry


def audit_record(*, actor, action: str, claim=None, article=None, verdict=None, changes=None) -> AuditEntry:
    if claim is not None and article is None:
        article = claim.article
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        claim=claim,
        article=article,
        verdict=verdict,
        changes=changes or {},
    )
