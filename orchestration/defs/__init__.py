"""The Dagster definitions, by domain: ingestion (documents and the inbox sensor), transform (dbt), quality
(rules, report, publishing), and the resources they share."""
