#!/usr/bin/env bash
# Build and install pgvector into the local PostgreSQL server from Debian's source package.
#
# For Debian 12 (bookworm), whose own repositories carry no pgvector for PostgreSQL 15: the
# source comes from Debian 13's (trixie's) source repository, read through a temporary apt
# configuration (the system's sources are not changed), is built with the server's pg_config and
# installed into its extension directory. Newer systems have a binary package (Debian 13:
# apt install postgresql-17-pgvector; PGDG: postgresql-NN-pgvector): prefer that, it gets
# security updates; files installed by this script do not, and must be built again after a
# PostgreSQL major upgrade (run this script again for the new version).
#
# Needs root, apt and access to deb.debian.org. Does nothing when the server already offers the
# extension. Then, in Arena's database: `arena enable-pgvector` (docs/operations.md, "pgvector").
#
#   sudo bash tools/install-pgvector.sh            # the newest installed PostgreSQL server
#   sudo PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config bash tools/install-pgvector.sh
set -euo pipefail

fail() { echo "install-pgvector: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (sudo): it installs packages and writes into PostgreSQL's directories"
command -v apt-get >/dev/null 2>&1 || fail "this script needs apt (Debian or Ubuntu)"

if [ -z "${PG_CONFIG:-}" ]; then
  # The server's version: directories with a postgres binary (a client package also ships pg_config).
  server=$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$server" ] || fail "no PostgreSQL server found under /usr/lib/postgresql; set PG_CONFIG"
  MAJOR=$(basename "$(dirname "$(dirname "$server")")")
  PG_CONFIG=/usr/lib/postgresql/$MAJOR/bin/pg_config
else
  MAJOR=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
fi

export DEBIAN_FRONTEND=noninteractive
# The client package's pg_config knows the server's share directory too: check it before
# installing anything (a binary pgvector package may be there already).
if [ -x "$PG_CONFIG" ]; then
  SHAREDIR=$("$PG_CONFIG" --sharedir)
  if [ -f "$SHAREDIR/extension/vector.control" ]; then
    echo "install-pgvector: pgvector is already installed for PostgreSQL $MAJOR ($SHAREDIR/extension/vector.control)"
    exit 0
  fi
fi
# The client package also ships pg_config and pgxs.mk; the server headers come only with -server-dev.
if [ ! -x "$PG_CONFIG" ] || [ ! -f "$("$PG_CONFIG" --pgxs 2>/dev/null)" ] \
  || [ ! -f "$("$PG_CONFIG" --includedir-server 2>/dev/null)/postgres.h" ]; then
  apt-get update -qq
  apt-get install -y -qq "postgresql-server-dev-$MAJOR" >/dev/null
fi
if ! command -v gcc >/dev/null 2>&1 || ! command -v make >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq gcc make >/dev/null
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/sources.d" "$WORK/lists/partial"
cat > "$WORK/sources.d/pgvector-src.sources" <<'LIST'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
LIST
APT_OPTIONS=(
  -o "Dir::Etc::SourceList=/dev/null"
  -o "Dir::Etc::SourceParts=$WORK/sources.d"
  -o "Dir::State::Lists=$WORK/lists"
  -o "APT::Sandbox::User=root"
)
apt-get "${APT_OPTIONS[@]}" update -qq
cd "$WORK"
apt-get "${APT_OPTIONS[@]}" source -qq --download-only pgvector
tar xzf pgvector_*.orig.tar.gz
cd pgvector-*/
# OPTFLAGS="" leaves out -march=native: the build may run on another CPU than the server.
make -s PG_CONFIG="$PG_CONFIG" OPTFLAGS="" -j"$(nproc)" >/dev/null
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
echo "install-pgvector: installed pgvector $(sed -nE "s/default_version = '(.*)'/\1/p" vector.control) for PostgreSQL $MAJOR"
