"""loket: an encrypted case tracker for the desk workers of the overheidsbrede loketten."""

__version__ = "0.1.0"
