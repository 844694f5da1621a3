"""opssl: a terminal app for Openprovider SSL certificate orders."""

__version__ = "0.1.0"
