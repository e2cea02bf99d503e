"""Where lookups run: evidence providers searched in the background, the evidence they find,
snapshots of evidence pages, and the periodic link check.

Pipeline: ``services.lookups_schedule`` records pending ``Lookup`` rows and dispatches them on
commit; ``tasks.lookup_run_task`` claims one row, asks its provider (``providers/``) and records
``Evidence`` through ``services.evidence_record``; ``snapshots`` keeps what each evidence page
said; ``linkcheck`` notices pages that died or changed; ``services.lookups_sweep`` (Celery beat)
sends whatever never reached the broker or was lost with a worker.
"""
