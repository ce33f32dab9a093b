module github.com/tpm2wire/tpm2wire

go 1.26.0

require golang.org/x/crypto v0.59.0

require (
	github.com/fxamacker/cbor/v2 v2.10.0
	github.com/google/go-cmp v0.7.0
)

require github.com/x448/float16 v0.8.4 // indirect
