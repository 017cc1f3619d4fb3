"""Clean copies: what identifies a photo's owner removed, the picture untouched, each copy proven.

``clean_paths(CleanOptions(...)) -> CleanReport`` is the entry point; ``exposure clean`` is the
command on top of it. docs/cleaning.md explains what is kept, removed and checked, and why.
"""

from audit.clean.engine import CleanOptions, clean_paths, exit_code
from audit.clean.model import CleanReport, Receipt, Verdict

__all__ = ["CleanOptions", "CleanReport", "Receipt", "Verdict", "clean_paths", "exit_code"]
