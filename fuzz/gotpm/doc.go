// Package gotpm is a differential oracle: its tests parse the same bytes with
// tpm2wire and with github.com/google/go-tpm's tpm2.Unmarshal and explain
// every difference. It lives in its own module so that tpm2wire never
// imports go-tpm.
package gotpm
