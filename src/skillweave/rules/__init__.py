"""The rules of ``skillweave check``: :mod:`skillweave.rules.registry` lists them."""
