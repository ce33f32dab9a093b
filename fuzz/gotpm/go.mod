module github.com/tpm2wire/tpm2wire/fuzz/gotpm

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/google/go-tpm v0.9.8
	github.com/tpm2wire/tpm2wire v0.0.0
)

require (
	golang.org/x/crypto v0.59.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
)

replace github.com/tpm2wire/tpm2wire => ../..
