# Shared by the CLI test scripts (POSIX sh, sourced): a temporary directory
# $T removed at exit, and pass/fail counting. Set NAME before sourcing.
T=$(mktemp -d "${TMPDIR:-/tmp}/gj_cli.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
# check DESCRIPTION COMMAND...: the command must succeed
check() { d=$1; shift; if "$@"; then ok; else no "$d"; fi; }
# contains FILE TEXT
contains() { grep -F -q -- "$2" "$1"; }
# Prints the counts; the script's exit status says whether all passed.
finish() { echo "$NAME: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
