"""The OIT workspace of an agency: evidence links per OIT item, readiness, the public
disclosure page and the website self-check run in the background (docs/oit.md)."""
