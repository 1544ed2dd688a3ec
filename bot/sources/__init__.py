"""Where news comes from: the curated feed catalogue and key-less news-search feeds."""
