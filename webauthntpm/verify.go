package webauthntpm

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"encoding/asn1"
	"math/big"
	"slices"
	"time"

	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpm2b"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// Options are the verifier's policy. The zero value verifies at the current
// time, accepts RS1, admits only vendors of the TCG registry, and builds no
// certificate chain.
type Options struct {
	// Now is the time at which the AIK certificate (and, with Roots, its
	// chain) must be valid. Zero means time.Now().
	Now time.Time
	// Roots, if set, are the trust anchors x5c must chain to (for Windows
	// Hello: MicrosoftTPMRoots()). If nil, no chain is built, so nothing
	// checks the AIK certificate's own signature: the result is AttCA with
	// trust path x5c, for the caller's own trust decision.
	Roots *x509.CertPool
	// RejectSHA1 refuses alg RS1. It is off by default because every
	// Windows Hello attestation signs certInfo with RS1.
	RejectSHA1 bool
	// AllowTestVendors admits the FIDO conformance tool's vendor FFFFF1D0,
	// the registry's simulator and testing IDs (SIM0-SIM7, TST0-TST7) and
	// the all-zero ID of the W3C specification's own vector.
	AllowTestVendors bool
	// RequireTPMBoundKey refuses a credential key whose pubArea does not
	// set fixedTPM, fixedParent and sensitiveDataOrigin: a key the TPM
	// generated and that can never leave it. Result.TPMBoundKey reports
	// the same whether or not this is set.
	RequireTPMBoundKey bool
}

// Result describes a verified attestation.
type Result struct {
	// Type is the attestation type, always "AttCA" (WebAuthn §6.5.3).
	Type string
	// TrustPath is x5c, the AIK certificate first, as received.
	TrustPath [][]byte
	// AIK is the parsed AIK certificate, x5c[0].
	AIK *x509.Certificate
	// Chains are the verified chains from the AIK to Options.Roots; nil
	// when Roots is nil.
	Chains [][]*x509.Certificate
	// AAGUID is the authenticator's AAGUID from the authenticator data.
	AAGUID [16]byte
	// CredentialID is the credential ID from the authenticator data.
	CredentialID []byte
	// CredentialPublicKey is the credential key: *rsa.PublicKey or
	// *ecdsa.PublicKey; CredentialAlg its COSE algorithm.
	CredentialPublicKey crypto.PublicKey
	CredentialAlg       int64
	// Alg is the attestation statement's COSE algorithm and AlgName its
	// name (such as "RS1"); SHA1 reports whether it uses SHA-1.
	Alg     int64
	AlgName string
	SHA1    bool
	// SignatureForm is "raw" when sig is the bare PKCS#1, PSS or DER
	// signature real devices send, or "TPMT_SIGNATURE" when sig is the
	// TPM structure the specification text describes.
	SignatureForm string
	// CertInfo and PubArea are the parsed TPM structures; they alias the
	// statement's bytes.
	CertInfo tpms.Attest
	PubArea  tpmt.Public
	// Manufacturer is the TPM vendor the AIK certificate names.
	Manufacturer Vendor
	// Model and FirmwareVersion are the tcg-at-tpmModel and
	// tcg-at-tpmVersion attributes as written ("id:..." for the version);
	// FirmwareVersionValue is the version's value.
	Model                string
	FirmwareVersion      string
	FirmwareVersionValue uint32
	// TPMBoundKey reports whether pubArea sets fixedTPM, fixedParent and
	// sensitiveDataOrigin.
	TPMBoundKey bool
	// Warnings lists what the specification discourages but does not
	// forbid, such as a HardwareModuleName in the AIK certificate's SAN.
	Warnings []string
	// Checks lists, in order, every check that passed.
	Checks []string
}

func (r *Result) check(s string) { r.Checks = append(r.Checks, s) }

// Vendor is a TPM manufacturer of the TCG TPM Vendor ID Registry.
type Vendor struct {
	// ID is the vendor ID (TPM_PT_MANUFACTURER).
	ID uint32
	// Code is the registry's code, such as "INTC" ("" for the non-TCG
	// test IDs), and Company the company's name.
	Code    string
	Company string
	// Test is set for IDs only Options.AllowTestVendors admits.
	Test bool
}

// LookupVendor returns the registry entry of a TPM vendor ID.
func LookupVendor(id uint32) (Vendor, bool) {
	code, company, test, ok := registeredVendor(id)
	return Vendor{ID: id, Code: code, Company: company, Test: test}, ok
}

// vendor resolves the tcg-at-tpmManufacturer value "id:XXXXXXXX" (eight hex
// digits, either case) against the registry.
func vendor(manufacturer string, allowTest bool) (Vendor, error) {
	id, ok := parseHexID(manufacturer, 8)
	if !ok || len(manufacturer) != len("id:")+8 {
		return Vendor{}, fail(ErrAIKSAN, nil, "tpmManufacturer %q is not id: and 8 hex digits", manufacturer)
	}
	v, ok := LookupVendor(id)
	switch {
	case !ok && (id == 0xFFFFF1D0 || id == 0):
		// Not TCG-assigned: the FIDO conformance tool's vendor, and the
		// all-zero ID of the W3C specification's test vector.
		v = Vendor{ID: id, Company: map[uint32]string{0xFFFFF1D0: "FIDO Alliance conformance tool", 0: "test vector"}[id], Test: true}
	case !ok:
		return Vendor{}, fail(ErrManufacturer, nil, "%s", manufacturer)
	}
	if v.Test && !allowTest {
		return Vendor{}, fail(ErrManufacturer, nil, "%s (%s) is a test vendor; Options.AllowTestVendors admits it", manufacturer, v.Company)
	}
	return v, nil
}

// coseAlgorithm is an attestation signature algorithm (WebAuthn §8.3: "alg:
// A COSEAlgorithmIdentifier containing the identifier of the algorithm used
// to generate the attestation signature").
type coseAlgorithm struct {
	name   string
	hash   algid.ID
	scheme algid.ID       // the TPM signature scheme: RSASSA, RSAPSS or ECDSA
	curve  elliptic.Curve // for ECDSA: the curve the AIK key must be on
}

var coseAlgorithms = map[int64]coseAlgorithm{
	-65535: {"RS1", algid.SHA1, algid.RSASSA, nil},
	-257:   {"RS256", algid.SHA256, algid.RSASSA, nil},
	-258:   {"RS384", algid.SHA384, algid.RSASSA, nil},
	-259:   {"RS512", algid.SHA512, algid.RSASSA, nil},
	-37:    {"PS256", algid.SHA256, algid.RSAPSS, nil},
	-38:    {"PS384", algid.SHA384, algid.RSAPSS, nil},
	-39:    {"PS512", algid.SHA512, algid.RSAPSS, nil},
	-7:     {"ES256", algid.SHA256, algid.ECDSA, elliptic.P256()},
	-35:    {"ES384", algid.SHA384, algid.ECDSA, elliptic.P384()},
	-36:    {"ES512", algid.SHA512, algid.ECDSA, elliptic.P521()},
}

// VerifyAttestationObject decodes a "tpm" attestation object (strict CBOR,
// within the size caps) and verifies it with Verify.
func VerifyAttestationObject(attestationObject, clientDataHash []byte, opts *Options) (*Result, error) {
	st, ad, err := ParseAttestationObject(attestationObject)
	if err != nil {
		return nil, err
	}
	return Verify(st, ad, clientDataHash, opts)
}

// Verify runs the WebAuthn "tpm" attestation statement verification
// procedure (WebAuthn Level 3 §8.3) on stmt, with the authenticator data and
// the hash of the client data, in the current order of the specification:
// statement syntax; pubArea against the credential public key; x5c and the
// AIK certificate requirements (§8.3.1), the AAGUID extension and the
// signature over certInfo; then certInfo's contents. It also checks what the
// specification leaves to the caller or that peers check (the TCG vendor
// registry, the AIK's validity, trailing bytes, a signing-key pubArea) and,
// if opts asks, the chain to trusted roots. Verify is safe for concurrent
// use.
func Verify(stmt *Statement, authenticatorData, clientDataHash []byte, opts *Options) (*Result, error) {
	if opts == nil {
		opts = &Options{}
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	r := &Result{Type: "AttCA"}

	// Step 1, syntax: {ver: "2.0", alg, x5c, sig, certInfo, pubArea}.
	if stmt == nil {
		return nil, fail(ErrStatement, nil, "no statement")
	}
	if stmt.Ver != "2.0" {
		return nil, fail(ErrVersion, nil, "ver is %q", stmt.Ver)
	}
	alg, ok := coseAlgorithms[stmt.Alg]
	if !ok {
		return nil, fail(ErrAlgorithm, nil, "alg %d", stmt.Alg)
	}
	if alg.hash == algid.SHA1 && opts.RejectSHA1 {
		return nil, fail(ErrSHA1, nil, "alg %s", alg.name)
	}
	r.Alg, r.AlgName, r.SHA1 = stmt.Alg, alg.name, alg.hash == algid.SHA1
	if stmt.ECDAAKeyID != nil {
		// ECDAA left WebAuthn (w3c/webauthn#1418); only x5c is defined.
		return nil, fail(ErrECDAA, nil, "")
	}
	if stmt.Sig == nil || stmt.CertInfo == nil || stmt.PubArea == nil {
		return nil, fail(ErrStatement, nil, "sig, certInfo and pubArea are required")
	}
	r.check("attestation statement syntax: ver 2.0, alg " + alg.name)
	ad, err := parseAuthData(authenticatorData)
	if err != nil {
		return nil, err
	}
	r.AAGUID, r.CredentialID = ad.aaguid, ad.credentialID
	r.CredentialPublicKey, r.CredentialAlg = ad.key.public, ad.key.alg
	r.check("authenticator data holds attested credential data and nothing after it")

	// Step 2: "Verify that the public key specified by the parameters and
	// unique fields of pubArea is identical to the credentialPublicKey in
	// the attestedCredentialData in authenticatorData."
	pub, err := tpmt.ParsePublic(stmt.PubArea)
	if err != nil {
		return nil, fail(ErrPubArea, err, "")
	}
	r.PubArea = pub
	r.check("pubArea is a valid TPMT_PUBLIC with no trailing bytes")
	if err := checkSigningKey(&pub); err != nil {
		return nil, err
	}
	r.check("pubArea is a signing key: sign set, no symmetric algorithm, scheme NULL or a signing scheme, no KDF")
	if err := matchKey(&pub, &ad.key); err != nil {
		return nil, err
	}
	r.check("pubArea's key is the credential public key")
	const bound = tpmt.FixedTPM | tpmt.FixedParent | tpmt.SensitiveDataOrigin
	r.TPMBoundKey = pub.ObjectAttributes&bound == bound
	if opts.RequireTPMBoundKey && !r.TPMBoundKey {
		return nil, fail(ErrNotTPMBound, nil, "objectAttributes %v", pub.ObjectAttributes)
	}

	// Step 3: "Concatenate authenticatorData and clientDataHash to form
	// attToBeSigned."
	attToBeSigned := make([]byte, 0, len(authenticatorData)+len(clientDataHash))
	attToBeSigned = append(append(attToBeSigned, authenticatorData...), clientDataHash...)

	// Step 4, "Verify integrity of attToBeSigned": first "Verify that x5c
	// is present."
	if len(stmt.X5C) == 0 {
		return nil, fail(ErrX5C, nil, "x5c is missing or empty")
	}
	if len(stmt.X5C) > MaxCertificates {
		return nil, fail(ErrX5C, nil, "%d certificates, over the cap of %d", len(stmt.X5C), MaxCertificates)
	}
	for i, c := range stmt.X5C {
		if len(c) > MaxCertificateSize {
			return nil, fail(ErrX5C, nil, "x5c[%d] is %d bytes, over the cap of %d", i, len(c), MaxCertificateSize)
		}
	}
	r.TrustPath = stmt.X5C
	aik, err := x509.ParseCertificate(stmt.X5C[0])
	if err != nil {
		return nil, fail(ErrAIK, err, "x5c[0]")
	}
	r.AIK = aik
	r.check("x5c is present and x5c[0] is an X.509 certificate")
	// "Verify that aikCert meets the requirements in § 8.3.1."
	san, err := checkAIK(aik, now, r)
	if err != nil {
		return nil, err
	}
	if r.Manufacturer, err = vendor(san.manufacturer, opts.AllowTestVendors); err != nil {
		return nil, err
	}
	r.Model, r.FirmwareVersion = san.model, san.version
	r.FirmwareVersionValue, _ = parseHexID(san.version, 8)
	if san.hardwareModuleName {
		r.Warnings = append(r.Warnings, "the AIK certificate's SAN carries a HardwareModuleName, which WebAuthn §8.3.1 says SHOULD NOT be included")
	}
	r.check("TPM manufacturer " + san.manufacturer + " (" + r.Manufacturer.Company + ") is in the TCG vendor registry")
	// "If aikCert contains an extension with OID 1.3.6.1.4.1.45724.1.1.4
	// (id-fido-gen-ce-aaguid) verify that the value of this extension
	// matches the aaguid in authenticatorData."
	if v, present, ok := aaguidExtension(aik); !ok {
		return nil, fail(ErrAAGUID, nil, "malformed id-fido-gen-ce-aaguid extension")
	} else if present {
		if !bytes.Equal(v, ad.aaguid[:]) {
			return nil, fail(ErrAAGUID, nil, "extension %x, authenticator data %x", v, ad.aaguid)
		}
		r.check("AIK certificate AAGUID extension matches the authenticator data")
	}
	if opts.Roots != nil {
		if r.Chains, err = verifyChain(aik, stmt.X5C[1:], opts.Roots, now); err != nil {
			return nil, err
		}
		r.check("x5c chains to a trusted root")
	}
	// "Verify the sig is a valid signature over certInfo using the
	// attestation public key in aikCert with the algorithm specified in
	// alg."
	if r.SignatureForm, err = verifySignature(aik.PublicKey, alg, stmt.Sig, stmt.CertInfo); err != nil {
		return nil, err
	}
	r.check("sig (" + r.SignatureForm + ") verifies over certInfo with the AIK key and " + alg.name)

	// Step 5, "Validate that certInfo is valid".
	ci, err := tpms.ParseAttest(stmt.CertInfo)
	if err != nil {
		// A wrong magic is reported here: ErrCertInfo wrapping
		// tpm2wire.ErrMagic. "Verify that magic is set to
		// TPM_GENERATED_VALUE."
		return nil, fail(ErrCertInfo, err, "")
	}
	r.CertInfo = ci
	r.check("certInfo is a valid TPMS_ATTEST with magic TPM_GENERATED_VALUE and no trailing bytes")
	// "Verify that type is set to TPM_ST_ATTEST_CERTIFY."
	certify, ok := ci.Attested.Certify()
	if !ok {
		return nil, fail(ErrCertInfoType, nil, "type %v", ci.Type())
	}
	r.check("certInfo type is TPM_ST_ATTEST_CERTIFY")
	// "Verify that extraData is set to the hash of attToBeSigned using the
	// hash algorithm employed in "alg"."
	want, err := alg.hash.AppendDigest(nil, attToBeSigned)
	if err != nil {
		return nil, fail(ErrAlgorithm, err, "")
	}
	if subtle.ConstantTimeCompare(ci.ExtraData, want) != 1 {
		return nil, fail(ErrExtraData, nil, "")
	}
	r.check("certInfo extraData is " + alg.hash.String() + "(authenticatorData || clientDataHash)")
	// "Verify that attested contains a TPMS_CERTIFY_INFO structure ...
	// whose name field contains a valid Name for pubArea, as computed using
	// the procedure specified in [TPMv2-Part1] section 16 using the nameAlg
	// in the pubArea." The Name is over the exact pubArea bytes received.
	var nameBuf [tpm2b.NameMaxSize]byte
	name, err := pub.AppendName(nameBuf[:0])
	if err != nil {
		return nil, fail(ErrName, err, "")
	}
	if subtle.ConstantTimeCompare(certify.Name, name) != 1 {
		return nil, fail(ErrName, nil, "certified %x, pubArea's Name %x", []byte(certify.Name), name)
	}
	r.check("certInfo certifies pubArea's Name (" + pub.NameAlg.String() + " over the exact pubArea bytes)")
	// "If successful, return implementation-specific values representing
	// attestation type AttCA and attestation trust path x5c."
	return r, nil
}

// checkSigningKey requires that pubArea describe what a WebAuthn credential
// is: a key the TPM signs with. Part 2 TPMS_RSA_PARMS/TPMS_ECC_PARMS: a key
// that is not a restricted decryption key has symmetric TPM_ALG_NULL, and
// the reference TPM requires kdf TPM_ALG_NULL; a signing key's scheme is
// NULL or a signing scheme.
func checkSigningKey(p *tpmt.Public) error {
	if p.ObjectAttributes&tpmt.Sign == 0 {
		return fail(ErrSigningKey, nil, "objectAttributes %v lack sign", p.ObjectAttributes)
	}
	var sym algid.ID
	var scheme algid.ID
	switch p.Type() {
	case algid.RSA:
		parms, _ := p.Parameters.RSADetail()
		sym, scheme = parms.Symmetric.Algorithm(), parms.Scheme.Scheme()
		if scheme != algid.NULL && scheme != algid.RSASSA && scheme != algid.RSAPSS {
			return fail(ErrSigningKey, nil, "RSA scheme %v", scheme)
		}
	case algid.ECC:
		parms, _ := p.Parameters.ECCDetail()
		sym, scheme = parms.Symmetric.Algorithm(), parms.Scheme.Scheme()
		if scheme != algid.NULL && scheme != algid.ECDSA {
			return fail(ErrSigningKey, nil, "ECC scheme %v", scheme)
		}
		if k := parms.KDF.Scheme(); k != algid.NULL {
			return fail(ErrSigningKey, nil, "kdf %v", k)
		}
	default:
		return fail(ErrKeyMismatch, nil, "pubArea type %v holds no public key", p.Type())
	}
	if sym != algid.NULL {
		return fail(ErrSigningKey, nil, "symmetric %v", sym)
	}
	return nil
}

// matchKey compares pubArea's parameters and unique with the credential key.
func matchKey(p *tpmt.Public, k *credentialKey) error {
	switch p.Type() {
	case algid.RSA:
		if k.rsa == nil {
			return fail(ErrKeyMismatch, nil, "pubArea is RSA, the credential key is not")
		}
		parms, _ := p.Parameters.RSADetail()
		n, _ := p.Unique.RSA()
		// An exponent of 0 is the default, 2^16+1 (Part 2 TPMS_RSA_PARMS).
		if int(parms.EffectiveExponent()) != k.rsa.E {
			return fail(ErrKeyMismatch, nil, "exponent %d, credential key %d", parms.EffectiveExponent(), k.rsa.E)
		}
		if new(big.Int).SetBytes(n).Cmp(k.rsa.N) != 0 {
			return fail(ErrKeyMismatch, nil, "RSA modulus differs")
		}
		if len(n)*8 != int(parms.KeyBits) {
			return fail(ErrKeyMismatch, nil, "modulus of %d bytes for keyBits %d", len(n), parms.KeyBits)
		}
		return nil
	case algid.ECC:
		if k.x == nil {
			return fail(ErrKeyMismatch, nil, "pubArea is ECC, the credential key is not")
		}
		parms, _ := p.Parameters.ECCDetail()
		if parms.CurveID != k.curve {
			return fail(ErrKeyMismatch, nil, "curve %v, credential key %v", parms.CurveID, k.curve)
		}
		pt, _ := p.Unique.ECC()
		// A TPM may drop a coordinate's leading zero bytes; COSE keeps the
		// full width. The TPM value is left-padded to the curve width
		// before comparing; one longer than the curve is a mismatch.
		if !equalPadded(pt.X, k.x) || !equalPadded(pt.Y, k.y) {
			return fail(ErrKeyMismatch, nil, "ECC point differs (pubArea coordinates of %d and %d bytes)", len(pt.X), len(pt.Y))
		}
		return nil
	}
	return fail(ErrKeyMismatch, nil, "pubArea type %v", p.Type())
}

// equalPadded reports whether tpm, left-padded with zeros to len(cose),
// equals cose.
func equalPadded(tpm, cose []byte) bool {
	if len(tpm) > len(cose) {
		return false
	}
	pad := len(cose) - len(tpm)
	for _, b := range cose[:pad] {
		if b != 0 {
			return false
		}
	}
	return bytes.Equal(tpm, cose[pad:])
}

// verifySignature checks sig over certInfo. Real devices send the bare
// signature (PKCS#1 v1.5, PSS, or DER for ECDSA) although the specification
// text calls sig a TPMT_SIGNATURE: the bare form is tried first, so that a
// bare signature whose first bytes happen to read as an algorithm ID still
// verifies; then, if sig parses strictly as a TPMT_SIGNATURE whose scheme and
// hash agree with alg, its inner signature.
func verifySignature(key any, alg coseAlgorithm, sig, certInfo []byte) (string, error) {
	h, _ := alg.hash.Hash()
	d := h.New()
	d.Write(certInfo)
	digest := d.Sum(nil)
	switch alg.scheme {
	case algid.RSASSA, algid.RSAPSS:
		if _, ok := key.(*rsa.PublicKey); !ok {
			return "", fail(ErrAIK, nil, "%s needs an RSA AIK key, not %T", alg.name, key)
		}
	case algid.ECDSA:
		k, ok := key.(*ecdsa.PublicKey)
		if !ok || k.Curve != alg.curve {
			return "", fail(ErrAIK, nil, "%s needs an ECDSA %s AIK key", alg.name, alg.curve.Params().Name)
		}
	}
	if verifyRaw(key, alg, h, digest, sig) {
		return "raw", nil
	}
	t, err := tpmt.ParseSignature(sig)
	if err == nil {
		if hashAlg, ok := t.HashAlg(); ok && t.SigAlg() == alg.scheme && hashAlg == alg.hash {
			if err := t.Verify(key, certInfo); err == nil {
				return "TPMT_SIGNATURE", nil
			}
		}
	}
	return "", fail(ErrSignature, nil, "%s", alg.name)
}

func verifyRaw(key any, alg coseAlgorithm, h crypto.Hash, digest, sig []byte) bool {
	switch alg.scheme {
	case algid.RSASSA:
		return rsa.VerifyPKCS1v15(key.(*rsa.PublicKey), h, digest, sig) == nil
	case algid.RSAPSS:
		return rsa.VerifyPSS(key.(*rsa.PublicKey), h, digest, sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}) == nil
	case algid.ECDSA:
		return ecdsa.VerifyASN1(key.(*ecdsa.PublicKey), digest, sig)
	}
	return false
}

// verifyChain builds the AIK's chain to roots through the other x5c
// certificates, which are parsed only here: a conformance-tool intermediate
// has a negative serial number that crypto/x509 refuses. crypto/x509 does
// not understand the AIK's critical directoryName SAN, which checkAIK has
// already validated; only that extension is removed from the copy's list of
// unhandled critical extensions, so any other one still fails the chain.
// The AIK's tcg-kp-AIKCertificate usage is not one crypto/x509 knows, so any
// usage is accepted in the chain: checkAIK requires the AIK usage itself.
func verifyChain(aik *x509.Certificate, rest [][]byte, roots *x509.CertPool, now time.Time) ([][]*x509.Certificate, error) {
	inter := x509.NewCertPool()
	for i, der := range rest {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fail(ErrChain, err, "x5c[%d]", i+1)
		}
		inter.AddCert(c)
	}
	leaf := *aik
	leaf.UnhandledCriticalExtensions = slices.DeleteFunc(slices.Clone(aik.UnhandledCriticalExtensions), func(o asn1.ObjectIdentifier) bool {
		return o.Equal(oidSAN)
	})
	chains, err := leaf.Verify(x509.VerifyOptions{
		Roots:         roots,
		Intermediates: inter,
		CurrentTime:   now,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil {
		return nil, fail(ErrChain, err, "")
	}
	return chains, nil
}
