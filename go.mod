module github.com/tpm2wire/tpm2wire

go 1.26.0

require golang.org/x/crypto v0.59.0
