#!/usr/bin/env bash
# Build and install pgvector into the local PostgreSQL server from Debian's source package.
#
# For Debian 12 (bookworm), whose own repositories carry no pgvector for PostgreSQL 15: the
# source comes from Debian 13's (trixie's) source repository, is built with the server's
# pg_config and installed into its extension directory. Newer systems have a binary package
# (Debian 13: apt install postgresql-17-pgvector; PGDG: postgresql-NN-pgvector) — use that.
# Needs root, apt and network access to deb.debian.org. Idempotent: does nothing when the
# server already offers the extension. Then, in Arena's database: `arena migrate` (a superuser
# role) or CREATE EXTENSION vector; as a superuser and `arena enable-pgvector`.
set -euo pipefail

PG_CONFIG=${PG_CONFIG:-$(ls -d /usr/lib/postgresql/*/bin/pg_config 2>/dev/null | sort -V | tail -1)}
if [ -z "$PG_CONFIG" ] || [ ! -x "$PG_CONFIG" ]; then
  echo "install-pgvector: no PostgreSQL server headers (pg_config); install postgresql-server-dev-NN" >&2
  exit 1
fi
SHAREDIR=$("$PG_CONFIG" --sharedir)
if [ -f "$SHAREDIR/extension/vector.control" ]; then
  echo "install-pgvector: pgvector is already installed ($SHAREDIR/extension/vector.control)"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
MAJOR=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
apt-get install -y -qq "postgresql-server-dev-$MAJOR" dpkg-dev >/dev/null
SOURCES=/etc/apt/sources.list.d/arena-pgvector-src.sources
if ! apt-cache showsrc pgvector >/dev/null 2>&1 || [ -z "$(apt-cache showsrc pgvector 2>/dev/null)" ]; then
  cat > "$SOURCES" <<'LIST'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
LIST
  apt-get update -qq
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
apt-get source -qq --download-only pgvector 2>/dev/null
tar xzf pgvector_*.orig.tar.gz
cd pgvector-*/
# OPTFLAGS="" leaves out -march=native: the build may run on another CPU than the server.
make -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" -j"$(nproc)" >/dev/null
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
echo "install-pgvector: installed pgvector $(sed -nE "s/default_version = '(.*)'/\1/p" vector.control) for PostgreSQL $MAJOR"
