# CLI basics: help, version, unknown commands, --help on every command.
. tests/cli/lib.sh

expect_ok "ser --help" "$SER" --help
expect_grep "help lists commands" "extract" "$OUT"
expect_ok "ser --version" "$SER" --version
expect_grep "version format" "^ser [0-9]+\.[0-9]+\.[0-9]+$" "$OUT"
expect_fail "unknown command" 2 "not a ser command" "$SER" frobnicate
expect_fail "no command" 2 "Usage" "$SER"
for c in extract cv train predict plot import info synth-dataset; do
	expect_ok "ser $c --help" "$SER" "$c" --help
	expect_grep "ser $c --help prints usage" "^Usage: ser $c" "$OUT"
done
