#!/bin/sh
# Run tpm2wire's fuzz targets with native go test -fuzz.
#
#   fuzz/run.sh                 every target, 30s each
#   fuzz/run.sh FuzzPublic 10m  one target
#   fuzz/run.sh all 10m         every target, one after another
#
# Each target runs with one worker (-parallel=1) so that runs on a shared
# machine are comparable; set PARALLEL to change it. Inputs that fail are
# written to fuzz/testdata/fuzz/<Target>/ and replayed by every go test:
# commit them with the fix. The script lists any new ones at the end
# (FuzzVerify's seed-* files are seeds, not failures; see verify_test.go).
set -eu
cd "$(dirname "$0")"
target=${1:-all}
duration=${2:-30s}
parallel=${PARALLEL:-1}
if [ "$target" = all ]; then
	targets=$(go test -list 'Fuzz.*' . | grep '^Fuzz')
else
	targets=$target
fi
before=$(find testdata/fuzz -type f 2>/dev/null | sort)
status=0
for t in $targets; do
	echo "== $t ($duration)"
	go test -run "^$t\$" -fuzz "^$t\$" -fuzztime "$duration" -parallel "$parallel" . || status=1
done
after=$(find testdata/fuzz -type f 2>/dev/null | sort)
new=$(printf '%s\n' "$after" | grep -vxF -e "$before" | grep -v '/seed-' || true)
if [ -n "$new" ]; then
	echo "new failing inputs:"
	printf '  fuzz/%s\n' $new
fi
exit $status
