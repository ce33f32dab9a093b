module github.com/tpm2wire/tpm2wire/tools/corpusgen

go 1.26.0

require (
	github.com/fxamacker/cbor/v2 v2.10.0
	github.com/google/go-tpm v0.9.8
	github.com/google/go-tpm-tools v0.4.11
	github.com/tpm2wire/tpm2wire v0.0.0-00010101000000-000000000000
)

require (
	github.com/x448/float16 v0.8.4 // indirect
	golang.org/x/crypto v0.59.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
)

replace github.com/tpm2wire/tpm2wire => ../..
