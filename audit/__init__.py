"""exposure: audit your own photos and settings for what identifies you.

The library entry point is :func:`audit.engine.run_audit`; the ``exposure`` command in
:mod:`audit.cli` is a thin layer over it.
"""

__version__ = "0.1.0"
