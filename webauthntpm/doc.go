// Package webauthntpm verifies WebAuthn "tpm" attestation statements
// (WebAuthn Level 3 §8.3): the format Windows Hello and other platform
// authenticators use to prove that a credential key lives in a TPM.
//
// It runs the specification's verification procedure in its current order,
// with every AIK certificate requirement of §8.3.1, on top of the strict
// tpm2wire parsers: pubArea and certInfo must be exactly valid TPM
// structures, the Name is computed over the exact pubArea bytes received,
// and each rejection wraps its own sentinel error.
//
//	res, err := webauthntpm.VerifyAttestationObject(attestationObject, clientDataHash, &webauthntpm.Options{
//		Roots: webauthntpm.MicrosoftTPMRoots(), // optional: build the chain
//	})
//	if errors.Is(err, webauthntpm.ErrManufacturer) { ... }
//	fmt.Println(res.Manufacturer.Company, res.Model, res.FirmwareVersion)
//
// Policy: RS1 (RSA PKCS#1 v1.5 with SHA-1) is accepted by default because
// every Windows Hello attestation uses it; Options.RejectSHA1 refuses it.
// The TPM manufacturer must be in the TCG vendor registry; the conformance
// tool's and simulators' vendors need Options.AllowTestVendors.
package webauthntpm
