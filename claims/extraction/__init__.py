"""Where claims are found: sentences, check-worthiness, types, claimants, quantities and dates.

``pipeline.extract`` is the entry point; ``services.claims_extract_for_article`` stores its output.
"""
