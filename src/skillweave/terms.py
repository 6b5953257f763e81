"""Names the workspace format fixes, in a module that imports nothing, so that the command line
can offer them (choices, help texts) without loading the model."""

from __future__ import annotations

#: the kinds of partner of an alliance (``type`` in alliance.yaml)
PARTNER_TYPES = ("vet-provider", "employer", "social-partner", "sectoral-body", "public-authority", "other")

#: the JSON Schemas of ``skillweave schema``: (name, the files it describes)
SCHEMA_FILES = (
    ("alliance", ("curricula/alliance.yaml",)),
    ("programme", ("curricula/programmes/*.yaml",)),
    ("unit", ("curricula/units/*.yaml", "curricula/national/*/units/*.yaml")),
    ("national-qualification", ("curricula/national/*/qualification.yaml",)),
    ("providers", ("quality/providers.yaml",)),
)
