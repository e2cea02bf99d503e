"""Where verdicts go out: public pages, ClaimReview markup, feeds and webhooks."""
