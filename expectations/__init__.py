"""Data-quality rules (Great Expectations 1.x) and the code that runs them. No Dagster here."""
