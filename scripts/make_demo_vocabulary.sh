#!/bin/sh
# Regenerate ontologies/esco-subset.ttl, the ESCO vocabulary of the demo workspace: the
# occupations "solar energy technician" and "refrigeration, air conditioning and heat pump
# technician" with their skills, written by `skillweave vocab extract` from a store that
# `skillweave vocab import` makes of the ESCO CSV download (in a temporary folder, removed at the
# end). The ESCO CSV folder is found through SKILLWEAVE_SHARED (default: ../shared next to the
# repository); pass --esco DIR to use another one. SKILLWEAVE names the command to run (default:
# skillweave on the PATH).
set -eu
cd "$(dirname "$0")/.."
esco="${SKILLWEAVE_SHARED:-../shared}/esco/v1.2.0-en"
if [ "${1:-}" = "--esco" ]; then
  esco="$2"
  shift 2
fi
if [ "$#" -ne 0 ]; then
  echo "usage: $0 [--esco DIR]" >&2
  exit 2
fi
skillweave="${SKILLWEAVE:-skillweave}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT INT TERM
$skillweave vocab import "$esco" --store "$work/store" --quiet
$skillweave vocab extract --store "$work/store" \
  --occupation http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a \
  --occupation http://data.europa.eu/esco/occupation/8234eee9-1647-460d-8d62-7fe02cb884b0 \
  -o ontologies/esco-subset.ttl --force
