"""Shared basics every extractor reads text with: normalisation, numbers and units, label vocabulary,
and paragraphs rebuilt from converter fragments."""
