// Package reftpm is a differential oracle for tpm2wire: it feeds candidate
// TPM2B_PUBLIC and TPMT_SIGNATURE bytes to the TCG reference TPM (Microsoft's
// ms-tpm-20-ref, as embedded in github.com/google/go-tpm-tools/simulator) in
// hand-built TPM2_LoadExternal and TPM2_VerifySignature commands, and
// compares the TPM's response code with tpm2wire's verdict and sentinel.
//
// The simulator is not revision 1.83: its TpmTypes.h says SPEC_VERSION 154
// (2019), and its profile implements a subset of the algorithms 1.83
// registers. A disagreement is accepted only when it falls into one of the
// documented classes (see classes.go and README.md); each class is decided
// by a transcription of the simulator's own unmarshallers and post-unmarshal
// checks (model.go, semantic.go) that is itself checked, input by input,
// against the simulator and against tpm2wire.
//
// Everything here needs cgo (the simulator is C): CGO_ENABLED=1 go test ./...
package reftpm
