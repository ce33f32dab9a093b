package webauthntpm

import (
	"errors"
	"fmt"
)

// The sentinels: every rejection wraps exactly one of them (errors.Is), and a
// parse failure of certInfo or pubArea also wraps the *tpm2wire.Error that
// says which member broke which rule.
var (
	// ErrAttestationObject: the attestation object is not the CBOR map
	// {fmt, attStmt, authData} within the size caps, or has duplicate
	// keys, unknown keys or trailing bytes.
	ErrAttestationObject = errors.New("webauthntpm: malformed attestation object")
	// ErrFormat: fmt is not "tpm".
	ErrFormat = errors.New(`webauthntpm: attestation format is not "tpm"`)
	// ErrStatement: attStmt does not match the TPM attestation statement
	// syntax (a field missing, of the wrong CBOR type, or unknown).
	ErrStatement = errors.New("webauthntpm: malformed TPM attestation statement")
	// ErrVersion: ver is not "2.0".
	ErrVersion = errors.New(`webauthntpm: ver is not "2.0"`)
	// ErrAlgorithm: alg is not a COSE algorithm the TPM format supports.
	ErrAlgorithm = errors.New("webauthntpm: unsupported attestation algorithm")
	// ErrSHA1: alg is RS1 and Options.RejectSHA1 is set.
	ErrSHA1 = errors.New("webauthntpm: RS1 (SHA-1) attestation refused by policy")
	// ErrECDAA: ecdaaKeyId is present; ECDAA was removed from WebAuthn.
	ErrECDAA = errors.New("webauthntpm: ecdaaKeyId present (ECDAA is not supported)")
	// ErrX5C: x5c is missing, empty, or over the caps.
	ErrX5C = errors.New("webauthntpm: x5c missing or over its caps")
	// ErrAuthData: the authenticator data is malformed, has no attested
	// credential data, or has trailing bytes.
	ErrAuthData = errors.New("webauthntpm: malformed authenticator data")
	// ErrCredentialKey: the credential public key is not a well-formed
	// COSE_Key of a type and curve the TPM format can attest.
	ErrCredentialKey = errors.New("webauthntpm: unsupported or malformed credential public key")
	// ErrPubArea: pubArea is not a strictly valid TPMT_PUBLIC.
	ErrPubArea = errors.New("webauthntpm: malformed pubArea")
	// ErrSigningKey: pubArea does not describe a TPM signing key: sign
	// clear, a symmetric algorithm, a non-signing scheme or a KDF.
	ErrSigningKey = errors.New("webauthntpm: pubArea is not a signing key")
	// ErrKeyMismatch: pubArea's key is not the credential public key.
	ErrKeyMismatch = errors.New("webauthntpm: pubArea does not match the credential public key")
	// ErrAIK: x5c[0] is not a parsable X.509 certificate, or its key does
	// not fit alg.
	ErrAIK = errors.New("webauthntpm: bad AIK certificate")
	// ErrAIKVersion: the AIK certificate is not version 3.
	ErrAIKVersion = errors.New("webauthntpm: AIK certificate is not version 3")
	// ErrAIKSubject: the AIK certificate's subject is not empty.
	ErrAIKSubject = errors.New("webauthntpm: AIK certificate subject is not empty")
	// ErrAIKSAN: the subject alternative name is missing, not critical, or
	// lacks a well-formed tcg-at-tpmManufacturer, tpmModel or tpmVersion.
	ErrAIKSAN = errors.New("webauthntpm: AIK certificate subject alternative name does not name the TPM")
	// ErrManufacturer: the TPM manufacturer is not in the TCG vendor
	// registry (or is a test vendor without Options.AllowTestVendors).
	ErrManufacturer = errors.New("webauthntpm: TPM manufacturer not in the TCG vendor registry")
	// ErrAIKEKU: the extended key usage does not contain 2.23.133.8.3.
	ErrAIKEKU = errors.New("webauthntpm: AIK certificate lacks the tcg-kp-AIKCertificate key usage")
	// ErrAIKBasicConstraints: basic constraints are absent or say CA.
	ErrAIKBasicConstraints = errors.New("webauthntpm: AIK certificate basic constraints absent or CA")
	// ErrAIKValidity: Options.Now is outside the AIK certificate's validity.
	ErrAIKValidity = errors.New("webauthntpm: AIK certificate not valid at the verification time")
	// ErrAAGUID: the AIK certificate's id-fido-gen-ce-aaguid extension
	// differs from the authenticator data's AAGUID.
	ErrAAGUID = errors.New("webauthntpm: AIK certificate AAGUID extension does not match authenticator data")
	// ErrChain: x5c does not chain to Options.Roots.
	ErrChain = errors.New("webauthntpm: AIK certificate does not chain to a trusted root")
	// ErrSignature: sig does not verify over certInfo.
	ErrSignature = errors.New("webauthntpm: sig does not verify over certInfo")
	// ErrCertInfo: certInfo is not a strictly valid TPMS_ATTEST.
	ErrCertInfo = errors.New("webauthntpm: malformed certInfo")
	// ErrCertInfoType: certInfo is not a TPM_ST_ATTEST_CERTIFY.
	ErrCertInfoType = errors.New("webauthntpm: certInfo is not a certify attestation")
	// ErrExtraData: extraData is not the hash of authData || clientDataHash.
	ErrExtraData = errors.New("webauthntpm: certInfo extraData does not bind authData and clientDataHash")
	// ErrName: certInfo certifies another object than pubArea.
	ErrName = errors.New("webauthntpm: certInfo does not certify pubArea's Name")
	// ErrNotTPMBound: Options.RequireTPMBoundKey is set and pubArea lacks
	// fixedTPM, fixedParent or sensitiveDataOrigin.
	ErrNotTPMBound = errors.New("webauthntpm: credential key is not bound to the TPM")
)

// Sentinels returns every sentinel Verify can return, for callers and tests
// that classify rejections.
func Sentinels() []error {
	return []error{
		ErrAttestationObject, ErrFormat, ErrStatement, ErrVersion, ErrAlgorithm, ErrSHA1, ErrECDAA, ErrX5C,
		ErrAuthData, ErrCredentialKey, ErrPubArea, ErrSigningKey, ErrKeyMismatch, ErrAIK, ErrAIKVersion,
		ErrAIKSubject, ErrAIKSAN, ErrManufacturer, ErrAIKEKU, ErrAIKBasicConstraints, ErrAIKValidity,
		ErrAAGUID, ErrChain, ErrSignature, ErrCertInfo, ErrCertInfoType, ErrExtraData, ErrName, ErrNotTPMBound,
	}
}

// fail wraps sentinel with a detail, and with cause when there is one, so
// that errors.Is sees both.
func fail(sentinel error, cause error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if cause != nil && msg == "" {
		return fmt.Errorf("%w: %w", sentinel, cause)
	}
	if cause != nil {
		return fmt.Errorf("%w: %s: %w", sentinel, msg, cause)
	}
	if msg == "" {
		return sentinel
	}
	return fmt.Errorf("%w: %s", sentinel, msg)
}
