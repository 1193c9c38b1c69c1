"""The API face: the read-only JSON API under /api/v1/, the feeds, the sitemap and the per-user API tokens."""
