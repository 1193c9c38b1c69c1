from tests.disclosures.conftest import appointment, catalog, clock, draft, quarterly  # noqa: F401  (shared fixtures)
