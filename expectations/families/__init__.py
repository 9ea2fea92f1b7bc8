"""Rule families: one module per family, each exporting RULES."""
