"""crmkg: a knowledge graph of critical raw materials built from policy documents."""

__version__ = "0.1.0"
