"""Where people review: the workflow's rules, the services that move claims and verdicts through it,
the selectors the review screens read, and the web views."""
