"""Library code the Dagster definitions call: the file store, DuckDB I/O, parallel extraction, the quality step.

No Dagster here: these are plain functions over paths and connections, tested directly."""
