"""Evidence providers, one small class each behind ``base.Provider``.

Which run is configured by ``CLAIMDESK_LOOKUP_PROVIDERS`` (a comma-separated list of names).
"""

from __future__ import annotations

from django.conf import settings

from .archive import ArchiveProvider
from .base import Finding, Provider, ProviderError
from .factcheck_tools import FactCheckToolsProvider
from .json_endpoint import JsonEndpointProvider
from .mediawiki import MediaWikiProvider
from .verdicts import EarlierVerdictsProvider

PROVIDERS: dict[str, type[Provider]] = {
    cls.name: cls
    for cls in (
        ArchiveProvider,
        EarlierVerdictsProvider,
        FactCheckToolsProvider,
        MediaWikiProvider,
        JsonEndpointProvider,
    )
}


def providers_enabled() -> list[str]:
    """The names of the providers a new claim is looked up with, in the configured order."""
    return [
        name for name in getattr(settings, "CLAIMDESK_LOOKUP_PROVIDERS", []) if name in PROVIDERS
    ]


def provider_get(name: str) -> Provider | None:
    cls = PROVIDERS.get(name)
    return cls() if cls else None


def provider_label(name: str) -> str:
    provider = provider_get(name)
    return provider.label if provider else name


__all__ = [
    "Finding",
    "PROVIDERS",
    "Provider",
    "ProviderError",
    "provider_get",
    "provider_label",
    "providers_enabled",
]
