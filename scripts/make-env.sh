#!/usr/bin/env bash
# Create .env with fresh secrets the first time; never overwrite an existing one.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
[ -f .env ] && exit 0
secret=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')
audit=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')
sed -e "s|^GONGKAI_SECRET_KEY=.*|GONGKAI_SECRET_KEY=${secret}|" \
    -e "s|^GONGKAI_AUDIT_KEY=.*|GONGKAI_AUDIT_KEY=${audit}|" .env.example > .env
echo "gongkai: wrote .env with new secrets (see .env.example for every setting)."
