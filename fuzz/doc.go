// Package fuzz holds tpm2wire's native fuzz targets and the systematic
// hostile-input tests that run with the ordinary tests.
//
// There is one target per top-level structure, each driving the structure's
// bare, TPM2B-framed and NULL-admitting Parse functions, and one for the
// WebAuthn verifier. Every target checks properties, not only the absence of
// panics: a rejection returns the zero value and an error wrapping exactly
// one sentinel; an acceptance re-encodes to the input byte for byte and
// re-parses to an equal value; the verifier never accepts an input that
// differs from a valid seed in anything the procedure checks.
//
// Run one target, or all, with fuzz/run.sh:
//
//	fuzz/run.sh FuzzAttest 10m
//	fuzz/run.sh all 30s
//
// Failing inputs are minimized by the fuzzer and land in
// fuzz/testdata/fuzz/FuzzX/, where they are committed as regression seeds
// that every `go test ./...` replays.
//
// Differential oracles that need other modules live in nested modules:
// fuzz/gotpm compares with google/go-tpm and fuzz/reftpm with the TCG
// reference TPM's own unmarshallers.
package fuzz
