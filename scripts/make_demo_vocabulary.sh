#!/bin/sh
# Regenerate ontologies/esco-subset.ttl, the ESCO vocabulary of the demo workspace: the
# occupations "solar energy technician" and "refrigeration, air conditioning and heat pump
# technician" with their skills. The ESCO CSV folder is found through SKILLWEAVE_SHARED
# (default: ../shared next to the repository); pass --esco DIR to use another one.
set -eu
cd "$(dirname "$0")/.."
exec "${PYTHON:-python3}" scripts/esco_subset.py "$@" \
  --occupation http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a \
  --occupation http://data.europa.eu/esco/occupation/8234eee9-1647-460d-8d62-7fe02cb884b0 \
  -o ontologies/esco-subset.ttl
