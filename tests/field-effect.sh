#!/bin/sh
# field-effect.sh: every field of the spec schema changes what build emits
# or what check reports (tests/field-effect.py; the table is
# fixtures/effect/fields.json). python3 is a test dependency (scripts/deps.sh).
cd "$(dirname "$0")/.." || exit 2
if ! command -v python3 >/dev/null 2>&1; then
	echo "field-effect: python3 is missing (run 'make deps')"
	echo "0 passed, 1 failed"
	exit 1
fi
exec python3 tests/field-effect.py
