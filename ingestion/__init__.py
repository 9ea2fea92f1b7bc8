"""Pure-Python reading and extraction of fiscal disclosures (no Dagster here).

Bump PARSER_VERSION whenever a change alters what is extracted from a document:
every fact records it, and `gongkai reprocess` compares against it.
"""

PARSER_VERSION = "0.6.19"
