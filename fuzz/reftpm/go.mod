module github.com/tpm2wire/tpm2wire/fuzz/reftpm

go 1.26.0

require (
	github.com/google/go-tpm v0.9.8
	github.com/google/go-tpm-tools v0.4.11
	github.com/tpm2wire/tpm2wire v0.0.0
	golang.org/x/crypto v0.59.0
)

require golang.org/x/sys v0.50.0 // indirect

replace github.com/tpm2wire/tpm2wire => ../..
