"""skillweave: a compiler for the joint curricula of Erasmus+ Sector Skills Alliances."""

__version__ = "0.1.0"
