"""Generic NLP and clustering over (id, text) pairs. Knows nothing of personas."""
