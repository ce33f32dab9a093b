// Package gowebauthn plugs tpm2wire's WebAuthn "tpm" attestation verifier
// (package webauthntpm) into github.com/go-webauthn/webauthn as the handler
// of the "tpm" attestation statement format.
//
//	gowebauthn.Register(gowebauthn.Options{Roots: webauthntpm.MicrosoftTPMRoots()})
//
// After that call every registration ceremony go-webauthn verifies in this
// process (WebAuthn.FinishRegistration, WebAuthn.CreateCredential,
// ParsedCredentialCreationData.Verify, AttestationObject.Verify and
// VerifyAttestation, and "tpm" sub-statements of the "compound" format)
// runs webauthntpm.Verify on the attestation statement, the raw
// authenticator data and the client data hash, and gets back the
// attestation type "attca" and the trust path x5c, as go-webauthn's own
// handler returns them.
//
// go-webauthn keeps its attestation formats in one unexported, process-wide
// map and exposes neither the map nor its stock "tpm" handler: Register
// replaces the stock handler for the whole process, and nothing can put the
// stock one back except restarting the process. Register before serving, not
// concurrently with ceremonies (the map has no lock). To run both side by
// side, register Handler under another format name and set
// AttestationObject.Format to it, as this package's tests do.
//
// Rejections are *protocol.Error values (go-webauthn's error type): their
// Type is go-webauthn's, their Details are "tpm attestation: " followed by the
// webauthntpm error text (which begins with its sentinel's text), and their
// Err is the webauthntpm error, so errors.Is(err, webauthntpm.ErrChain) and
// the like hold on what go-webauthn returns. go-webauthn overwrites DevInfo
// with the (empty) attestation type on the way out, so nothing is put there.
package gowebauthn

import (
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/go-webauthn/webauthn/metadata"
	"github.com/go-webauthn/webauthn/protocol"

	"github.com/tpm2wire/tpm2wire/webauthntpm"
)

// Options are the verifier's policy, the fields of webauthntpm.Options with
// a clock in place of a fixed time. The zero value verifies at time.Now(),
// accepts RS1 (every Windows Hello attestation uses it), admits only TPM
// vendors of the TCG registry and builds no certificate chain.
type Options struct {
	// Roots, if set, are the trust anchors x5c must chain to (for Windows
	// Hello: webauthntpm.MicrosoftTPMRoots()). go-webauthn itself only
	// checks a chain when it is given a metadata provider.
	Roots *x509.CertPool
	// RejectSHA1 refuses alg RS1.
	RejectSHA1 bool
	// AllowTestVendors admits the FIDO conformance tool's TPM vendor
	// FFFFF1D0 (which go-webauthn's stock handler admits by default), the
	// TCG simulator and testing IDs and the W3C test vector's 00000000.
	AllowTestVendors bool
	// RequireTPMBoundKey refuses a credential key that the TPM did not
	// generate as fixedTPM, fixedParent and sensitiveDataOrigin.
	RequireTPMBoundKey bool
	// Clock returns the time at which the AIK certificate (and, with Roots,
	// its chain) must be valid. It is called once per attestation; nil
	// means time.Now.
	Clock func() time.Time
}

// HandlerFunc is the signature of a go-webauthn attestation format handler
// (go-webauthn's unexported attestationFormatValidationHandler type). It is
// an alias of the unnamed function type, so a HandlerFunc can be passed to
// protocol.RegisterAttestationFormat.
type HandlerFunc = func(att protocol.AttestationObject, clientDataHash []byte, mds metadata.Provider, policy protocol.AttestationPolicy, signature protocol.SignaturePolicy) (attestationType string, x5cs []any, err error)

// Register makes Handler(opts) go-webauthn's handler of the "tpm"
// attestation format, replacing the stock handler for the whole process
// (go-webauthn offers no way to restore it). Call it once at start-up,
// before any ceremony runs.
func Register(opts Options) {
	protocol.RegisterAttestationFormat(protocol.AttestationFormatTPM, Handler(opts))
}

// Handler returns a go-webauthn attestation format handler that verifies a
// "tpm" attestation statement with webauthntpm.Verify under opts. The
// metadata provider, attestation policy and signature policy go-webauthn
// passes are not used: go-webauthn checks the metadata itself after the
// handler returns, and webauthntpm accepts only DER ECDSA signatures (the
// conforming encoding, go-webauthn's default), whatever the signature policy.
// The returned handler is safe for concurrent use.
func Handler(opts Options) HandlerFunc {
	return func(att protocol.AttestationObject, clientDataHash []byte, _ metadata.Provider, _ protocol.AttestationPolicy, _ protocol.SignaturePolicy) (string, []any, error) {
		stmt, err := Statement(att.AttStatement)
		if err != nil {
			return "", nil, protocolError(err)
		}
		now := time.Now()
		if opts.Clock != nil {
			now = opts.Clock()
		}
		res, err := webauthntpm.Verify(stmt, att.RawAuthData, clientDataHash, &webauthntpm.Options{
			Now:                now,
			Roots:              opts.Roots,
			RejectSHA1:         opts.RejectSHA1,
			AllowTestVendors:   opts.AllowTestVendors,
			RequireTPMBoundKey: opts.RequireTPMBoundKey,
		})
		if err != nil {
			return "", nil, protocolError(err)
		}
		if res.Type != "AttCA" {
			// webauthntpm documents AttCA as its only attestation type.
			return "", nil, protocol.ErrInvalidAttestation.WithDetails(fmt.Sprintf("tpm attestation: unexpected attestation type %q", res.Type))
		}
		x5c := make([]any, len(res.TrustPath))
		for i, c := range res.TrustPath {
			x5c[i] = c
		}
		return string(metadata.AttCA), x5c, nil
	}
}

// The attStmt members of the TPM attestation statement format (WebAuthn
// §8.3), as go-webauthn's CBOR decoder leaves them in
// AttestationObject.AttStatement.
const (
	keyVer        = "ver"
	keyAlg        = "alg"
	keyX5C        = "x5c"
	keySig        = "sig"
	keyCertInfo   = "certInfo"
	keyPubArea    = "pubArea"
	keyECDAAKeyID = "ecdaaKeyId"
)

// Statement converts go-webauthn's decoded attStmt (CBOR decoded into
// map[string]any) into a webauthntpm.Statement, as strictly as webauthntpm
// decodes attStmt itself: a member of the wrong CBOR type (including null)
// or a member the format does not define is an error wrapping
// webauthntpm.ErrStatement. A missing member is left empty for
// webauthntpm.Verify to reject with its own sentinel (ErrVersion for ver,
// ErrAlgorithm for alg, ErrX5C for x5c, ErrStatement for sig, certInfo and
// pubArea), so that an attestation gets the same classification through
// go-webauthn as through webauthntpm.VerifyAttestationObject.
//
// go-webauthn's decoder gives a CBOR negative integer as int64 and an
// unsigned one as uint64; alg is accepted as either while it fits an int64.
// Byte strings arrive as []byte, text strings as string and arrays as []any.
// The returned statement aliases the map's byte slices.
func Statement(attStmt map[string]any) (*webauthntpm.Statement, error) {
	var unknown []string
	for k := range attStmt {
		switch k {
		case keyVer, keyAlg, keyX5C, keySig, keyCertInfo, keyPubArea, keyECDAAKeyID:
		default:
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return nil, fmt.Errorf("%w: unknown attStmt member %q", webauthntpm.ErrStatement, unknown[0])
	}
	st := &webauthntpm.Statement{}
	var err error
	// In the order of the format's syntax, so that the error is the same
	// whatever the map's iteration order.
	if v, ok := attStmt[keyVer]; ok {
		s, isString := v.(string)
		if !isString {
			return nil, typeError(keyVer, "a text string", v)
		}
		st.Ver = s
	}
	if v, ok := attStmt[keyAlg]; ok {
		if st.Alg, err = coseAlg(v); err != nil {
			return nil, err
		}
	}
	if v, ok := attStmt[keyX5C]; ok {
		if st.X5C, err = certificates(v); err != nil {
			return nil, err
		}
	}
	for _, m := range []struct {
		key string
		dst *[]byte
	}{{keySig, &st.Sig}, {keyCertInfo, &st.CertInfo}, {keyPubArea, &st.PubArea}, {keyECDAAKeyID, &st.ECDAAKeyID}} {
		if v, ok := attStmt[m.key]; ok {
			if *m.dst, err = byteString(m.key, v); err != nil {
				return nil, err
			}
		}
	}
	return st, nil
}

func typeError(key, want string, v any) error {
	if v == nil {
		return fmt.Errorf("%w: %s is null, not %s", webauthntpm.ErrStatement, key, want)
	}
	return fmt.Errorf("%w: %s is %T, not %s", webauthntpm.ErrStatement, key, v, want)
}

func byteString(key string, v any) ([]byte, error) {
	b, ok := v.([]byte)
	if !ok {
		return nil, typeError(key, "a byte string", v)
	}
	return b, nil
}

func coseAlg(v any) (int64, error) {
	switch a := v.(type) {
	case int64:
		return a, nil
	case uint64:
		if a > math.MaxInt64 {
			return 0, fmt.Errorf("%w: alg %d does not fit a COSEAlgorithmIdentifier", webauthntpm.ErrStatement, a)
		}
		return int64(a), nil
	}
	return 0, typeError(keyAlg, "an integer", v)
}

func certificates(v any) ([][]byte, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, typeError(keyX5C, "an array", v)
	}
	out := make([][]byte, len(arr))
	for i, c := range arr {
		b, ok := c.([]byte)
		if !ok {
			return nil, typeError(fmt.Sprintf("x5c[%d]", i), "a byte string", c)
		}
		out[i] = b
	}
	return out, nil
}

// ErrorFor returns the go-webauthn error that a webauthntpm sentinel is
// reported as (before WithDetails and WithError): a malformed statement or
// TPM structure is protocol.ErrAttestationFormat, an AIK certificate that
// fails its requirements, its vendor check or its chain is
// protocol.ErrAttestationCertificate, a signature or binding that does not
// hold is protocol.ErrInvalidAttestation, and a refusal by policy
// (RejectSHA1, RequireTPMBoundKey) is protocol.ErrPolicyRestriction. It
// returns nil for an error that is not a webauthntpm sentinel.
func ErrorFor(sentinel error) *protocol.Error {
	switch sentinel {
	case webauthntpm.ErrAttestationObject, webauthntpm.ErrFormat, webauthntpm.ErrStatement, webauthntpm.ErrVersion,
		webauthntpm.ErrAlgorithm, webauthntpm.ErrECDAA, webauthntpm.ErrX5C, webauthntpm.ErrAuthData,
		webauthntpm.ErrCredentialKey, webauthntpm.ErrPubArea, webauthntpm.ErrSigningKey, webauthntpm.ErrCertInfo,
		webauthntpm.ErrCertInfoType:
		return protocol.ErrAttestationFormat
	case webauthntpm.ErrAIK, webauthntpm.ErrAIKVersion, webauthntpm.ErrAIKSubject, webauthntpm.ErrAIKSAN,
		webauthntpm.ErrManufacturer, webauthntpm.ErrAIKEKU, webauthntpm.ErrAIKBasicConstraints,
		webauthntpm.ErrAIKValidity, webauthntpm.ErrAAGUID, webauthntpm.ErrChain:
		return protocol.ErrAttestationCertificate
	case webauthntpm.ErrKeyMismatch, webauthntpm.ErrSignature, webauthntpm.ErrExtraData, webauthntpm.ErrName:
		return protocol.ErrInvalidAttestation
	case webauthntpm.ErrSHA1, webauthntpm.ErrNotTPMBound:
		return protocol.ErrPolicyRestriction
	}
	return nil
}

// protocolError wraps a webauthntpm error in the go-webauthn error of its
// sentinel, keeping it reachable with errors.Is and errors.As.
func protocolError(err error) *protocol.Error {
	base := protocol.ErrInvalidAttestation
	for _, s := range webauthntpm.Sentinels() {
		if errors.Is(err, s) {
			base = ErrorFor(s)
			break
		}
	}
	return base.WithDetails("tpm attestation: " + err.Error()).WithError(err)
}
