"""Identifier (PHI) scanner for ECHO case notes: HIPAA Safe Harbor on Canadian and US text.

Plain Python, standard library only, no Django import::

    >>> import phi
    >>> [(f.kind, f.text) for f in phi.scan("OHIP 4532-281-740-KT, call 705-555-0134")]
    [('HEALTH_NUMBER', '4532-281-740-KT'), ('PHONE', '705-555-0134')]
"""

from phi.scanner import KINDS, Finding, redact, scan

SCANNER_VERSION = "1.25.0"

__all__ = ["KINDS", "SCANNER_VERSION", "Finding", "redact", "scan"]
