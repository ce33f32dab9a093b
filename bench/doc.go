// Package bench compares tpm2wire with github.com/google/go-tpm (its
// reflection-based tpm2.Unmarshal and its legacy hand-written decoders) and
// with github.com/go-webauthn/webauthn's "tpm" attestation handler, on the
// same blobs from ../testdata.
//
// It is a module of its own so that the main module never requires go-tpm or
// go-webauthn. Everything lives in the package's tests: the plain tests assert
// that the implementations read the same values from each blob (so the
// benchmarks compare equal work), and the benchmarks time them. run.sh runs
// the benchmarks and writes ../BENCHMARKS.md with cmd/report.
package bench
