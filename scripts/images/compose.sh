#!/usr/bin/env bash
# Builds the images docker-compose.yml runs, the README's way ("Self-host with Docker Compose"):
# with deploy/compose.local.yml when the official postgres and nats images can be neither found
# here nor pulled, and trusting this machine's own CAs (/usr/local/share/ca-certificates) in case a
# proxy re-signs TLS. The last line it prints is the COMPOSE_FILE to use with the images it built.
# Usage: bash scripts/images/compose.sh [extra `build` arguments, e.g. --no-cache]
set -euo pipefail
cd "$(dirname "$0")/../.."

if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi

# The images docker-compose.yml names; server/test/compose.e2e.test.ts builds through this script.
official=(postgres:15 nats:2.10-alpine)
files=docker-compose.yml
for image in "${official[@]}"; do
  docker image inspect "$image" >/dev/null 2>&1 && continue
  timeout 60 docker pull -q "$image" >/dev/null 2>&1 && continue
  echo "compose: $image can't be pulled here: building PostgreSQL and NATS from Debian's packages (deploy/compose.local.yml)" >&2
  files=docker-compose.yml:deploy/compose.local.yml
  break
done

shopt -s nullglob
for ca in /usr/local/share/ca-certificates/*.crt; do cp "$ca" deploy/certs/; done

start=$(date +%s)
COMPOSE_FILE="$files" "${compose[@]}" build "$@" >&2
echo "compose: built in $(($(date +%s) - start)) s" >&2
echo "COMPOSE_FILE=$files"
