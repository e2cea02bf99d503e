"""Claimdesk's app: articles come in (ingest), claims are found (extraction), evidence is gathered
(lookups), people review (review), verdicts go out (publishing) and other systems read them (api)."""
