"""OpenITA: Thailand's Integrity and Transparency Assessment (ITA) as data and code."""

__version__ = "0.1.0"
