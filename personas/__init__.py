"""Real Personas: evidence-backed personas anchored on real, named customers."""

__version__ = "0.1.0"
