module github.com/tpm2wire/tpm2wire

go 1.26.0

require golang.org/x/crypto v0.59.0

require github.com/google/go-cmp v0.7.0
