package webauthntpm

import (
	"crypto/x509"
	_ "embed"
)

// microsoftTPMRoot is the public "Microsoft TPM Root Certificate Authority
// 2014" certificate, the root of every Windows Hello AIK chain (SHA-256
// 870C7A35CEAB3D59979F2C6A524042D404CB71518004350925FB2CED79A999DA).
//
//go:embed roots/microsoft-tpm-root-ca-2014.pem
var microsoftTPMRoot []byte

// MicrosoftTPMRoots returns a new pool holding the Microsoft TPM Root
// Certificate Authority 2014, for Options.Roots when verifying Windows Hello
// attestations.
func MicrosoftTPMRoots() *x509.CertPool {
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(microsoftTPMRoot) {
		panic("webauthntpm: the embedded Microsoft TPM root does not parse")
	}
	return p
}
