// Package testauthn is a pure-Go stand-in for a TPM-backed WebAuthn
// authenticator: it builds "tpm" attestations from test keys, a test CA and
// tpm2wire's own encoders, and lets a test change any one part of them. Only
// tests and fuzz targets import it.
package testauthn

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	_ "embed"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Alg is an attestation algorithm: COSE identifier, hash and scheme.
type Alg struct {
	Name   string
	COSE   int64
	Hash   crypto.Hash
	PSS    bool
	Curve  elliptic.Curve // ECDSA: the AIK's curve
	TPMAlg algid.ID       // the hash as a TPM_ALG_ID
}

// Algs are the attestation algorithms the TPM format supports.
var Algs = []Alg{
	{"RS1", -65535, crypto.SHA1, false, nil, algid.SHA1},
	{"RS256", -257, crypto.SHA256, false, nil, algid.SHA256},
	{"RS384", -258, crypto.SHA384, false, nil, algid.SHA384},
	{"RS512", -259, crypto.SHA512, false, nil, algid.SHA512},
	{"PS256", -37, crypto.SHA256, true, nil, algid.SHA256},
	{"PS384", -38, crypto.SHA384, true, nil, algid.SHA384},
	{"PS512", -39, crypto.SHA512, true, nil, algid.SHA512},
	{"ES256", -7, crypto.SHA256, false, elliptic.P256(), algid.SHA256},
	{"ES384", -35, crypto.SHA384, false, elliptic.P384(), algid.SHA384},
	{"ES512", -36, crypto.SHA512, false, elliptic.P521(), algid.SHA512},
}

// AlgByName returns the algorithm named name (RS1, ES256, ...).
func AlgByName(name string) Alg {
	for _, a := range Algs {
		if a.Name == name {
			return a
		}
	}
	panic("testauthn: no algorithm " + name)
}

// Credential key kinds.
const (
	RSA2048 = "RSA-2048"
	P256    = "P-256"
	P384    = "P-384"
	P521    = "P-521"
)

// CredentialKinds are the credential key kinds a TPM can hold and COSE name.
var CredentialKinds = []string{RSA2048, P256, P384, P521}

// testKeys are fixed test keys (PKCS#8 PEM blocks with a Name header),
// made once with crypto/rand for this package: fixed keys make the
// attestations Build returns the same in every process (fuzz seeds stay
// valid) and spare the tests RSA key generation. They protect nothing.
//
//go:embed testkeys.pem
var testKeys []byte

var (
	keyMu sync.Mutex
	keys  = map[string]crypto.Signer{}
)

func init() {
	rest := testKeys
	for {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		if err != nil {
			panic(err)
		}
		keys[b.Headers["Name"]] = k.(crypto.Signer)
	}
}

// Key returns the test key named name ("cred RSA-2048", "aik P-256", ...):
// one of the fixed keys, or for another name a key generated on first use.
func Key(name string) crypto.Signer {
	keyMu.Lock()
	defer keyMu.Unlock()
	if k, ok := keys[name]; ok {
		return k
	}
	var k crypto.Signer
	var err error
	switch {
	case hasSuffix(name, RSA2048):
		k, err = rsa.GenerateKey(rand.Reader, 2048)
	case hasSuffix(name, "RSA-1024"):
		k, err = rsa.GenerateKey(rand.Reader, 1024)
	case hasSuffix(name, P256):
		k, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case hasSuffix(name, P384):
		k, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case hasSuffix(name, P521):
		k, err = ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	default:
		panic("testauthn: unknown key kind in " + name)
	}
	if err != nil {
		panic(err)
	}
	keys[name] = k
	return k
}

func hasSuffix(s, suf string) bool { return len(s) >= len(suf) && s[len(s)-len(suf):] == suf }

// Config describes one attestation. Zero fields take the defaults of
// Default; the hooks, when set, change one part after it is built and
// before what depends on it is computed, so that a test breaks exactly one
// rule.
type Config struct {
	Alg           Alg
	Credential    string        // a credential key kind
	CredentialKey crypto.Signer // overrides the key Credential names
	NameAlg       algid.ID      // pubArea's nameAlg
	AAGUID        [16]byte
	ClientData    []byte
	Now           time.Time     // the verification time the certificates are valid at
	AIKKey        crypto.Signer // overrides the AIK key chosen from Alg
	Manufacturer  string        // tpmManufacturer, "id:494E5443" by default
	SplitRDNs     bool          // the TCG attributes in three RDNs, not one
	AAGUIDExt     []byte        // the id-fido-gen-ce-aaguid extension value, nil for none

	// Hooks, in the order the attestation is built.
	PubArea   func(*tpmt.Public)                   // before the Name and certInfo
	PubAreaB  func([]byte) []byte                  // the encoded pubArea
	COSEKey   func(map[int]any)                    // the credential COSE_Key
	AuthData  func([]byte) []byte                  // the encoded authenticator data
	AIKCert   func(*x509.Certificate)              // the AIK template, before signing
	AIKDER    func([]byte) []byte                  // the signed AIK certificate
	SAN       func() []byte                        // replaces the SAN GeneralNames DER
	CertInfo  func(a *tpms.Attest, pubArea []byte) // before encoding and signing
	CertInfoB func([]byte) []byte                  // the encoded certInfo, before signing
	Sig       func(sig, certInfo []byte) []byte    // the signature
	Statement func(map[string]any)                 // the attStmt map, before encoding
	Object    func(map[string]any)                 // the attestation object map
}

// Attestation is a built attestation and what verifying it needs.
type Attestation struct {
	Object         []byte // the CBOR attestation object
	AttStmt        map[string]any
	AuthData       []byte
	ClientDataHash []byte
	PubArea        []byte
	CertInfo       []byte
	Sig            []byte
	X5C            [][]byte
	Now            time.Time
	Roots          *x509.CertPool // the test root
	Credential     crypto.Signer
}

// Default returns the configuration of a valid Windows Hello-like
// attestation: RS1, an RSA-2048 credential, SHA-256 Names.
func Default() Config {
	return Config{Alg: AlgByName("RS1"), Credential: RSA2048, NameAlg: algid.SHA256}
}

// The test PKI: a root and an intermediate CA, valid from 2020 to 2040.
var (
	pkiOnce  sync.Once
	root     *x509.Certificate
	rootKey  crypto.Signer
	inter    *x509.Certificate
	interKey crypto.Signer
)

// TestTime is inside every test certificate's validity.
var TestTime = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func pki() {
	pkiOnce.Do(func() {
		rootKey, interKey = Key("root P-256"), Key("intermediate P-256")
		rt := &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "tpm2wire test TPM root"},
			NotBefore: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
		}
		der, err := x509.CreateCertificate(rand.Reader, rt, rt, rootKey.Public(), rootKey)
		if err != nil {
			panic(err)
		}
		root, _ = x509.ParseCertificate(der)
		it := &x509.Certificate{
			SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "tpm2wire test TPM intermediate"},
			NotBefore: rt.NotBefore, NotAfter: rt.NotAfter,
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
		}
		der, err = x509.CreateCertificate(rand.Reader, it, root, interKey.Public(), rootKey)
		if err != nil {
			panic(err)
		}
		inter, _ = x509.ParseCertificate(der)
	})
}

// Roots returns a pool with the test root.
func Roots() *x509.CertPool {
	pki()
	p := x509.NewCertPool()
	p.AddCert(root)
	return p
}

// TCG attribute OIDs.
var (
	oidManufacturer = asn1.ObjectIdentifier{2, 23, 133, 2, 1}
	oidModel        = asn1.ObjectIdentifier{2, 23, 133, 2, 2}
	oidVersion      = asn1.ObjectIdentifier{2, 23, 133, 2, 3}
	// OIDSAN etc. are used by tests that change extensions.
	OIDSAN              = asn1.ObjectIdentifier{2, 5, 29, 17}
	OIDEKU              = asn1.ObjectIdentifier{2, 5, 29, 37}
	OIDBasicConstraints = asn1.ObjectIdentifier{2, 5, 29, 19}
	OIDAIKCertificate   = asn1.ObjectIdentifier{2, 23, 133, 8, 3}
	OIDFIDOAAGUID       = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 45724, 1, 1, 4}
)

// Attr is one attribute of a SAN directoryName.
type Attr struct {
	OID   asn1.ObjectIdentifier
	Value string
	Tag   cbasn1.Tag // UTF8String unless set
}

// SAN encodes GeneralNames holding one directoryName whose RDNs are rdns.
func SAN(rdns ...[]Attr) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(4).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, rdn := range rdns {
					b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
						for _, a := range rdn {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								b.AddASN1ObjectIdentifier(a.OID)
								tag := a.Tag
								if tag == 0 {
									tag = cbasn1.UTF8String
								}
								b.AddASN1(tag, func(b *cryptobyte.Builder) { b.AddBytes([]byte(a.Value)) })
							})
						}
					})
				}
			})
		})
	})
	return b.BytesOrPanic()
}

// TPMAttrs returns the three TCG attributes with the given manufacturer.
func TPMAttrs(manufacturer string) []Attr {
	return []Attr{{OID: oidManufacturer, Value: manufacturer}, {OID: oidModel, Value: "tpm2wire test TPM"}, {OID: oidVersion, Value: "id:00070002"}}
}

// Build builds the attestation c describes.
func Build(c Config) *Attestation {
	pki()
	if c.Alg.Name == "" {
		c.Alg = AlgByName("RS1")
	}
	if c.Credential == "" {
		c.Credential = RSA2048
	}
	if c.NameAlg == 0 {
		c.NameAlg = algid.SHA256
	}
	if c.ClientData == nil {
		c.ClientData = []byte(`{"type":"webauthn.create","challenge":"dHBtMndpcmU","origin":"https://tpm2wire.example"}`)
	}
	if c.Now.IsZero() {
		c.Now = TestTime
	}
	if c.Manufacturer == "" {
		c.Manufacturer = "id:494E5443" // INTC
	}
	a := &Attestation{Now: c.Now, Roots: Roots()}

	// The credential key, as a TPMT_PUBLIC and as a COSE_Key.
	cred := c.CredentialKey
	if cred == nil {
		cred = Key("cred " + c.Credential)
	}
	a.Credential = cred
	pub, cose := publicArea(cred, c.NameAlg)
	if c.PubArea != nil {
		c.PubArea(&pub)
	}
	a.PubArea = pub.Append(nil)
	if c.PubAreaB != nil {
		a.PubArea = c.PubAreaB(a.PubArea)
	}
	if c.COSEKey != nil {
		c.COSEKey(cose)
	}
	coseBytes, err := coseMode.Marshal(cose)
	if err != nil {
		panic(err)
	}

	// Authenticator data: rpIdHash, flags UP|AT, signCount, then the
	// attested credential data.
	rp := sha256.Sum256([]byte("tpm2wire.example"))
	ad := append(rp[:], 0x41, 0, 0, 0, 0)
	ad = append(ad, c.AAGUID[:]...)
	credID := []byte("credential-0001")
	ad = append(ad, byte(len(credID)>>8), byte(len(credID)))
	ad = append(append(ad, credID...), coseBytes...)
	if c.AuthData != nil {
		ad = c.AuthData(ad)
	}
	a.AuthData = ad
	cdh := sha256.Sum256(c.ClientData)
	a.ClientDataHash = cdh[:]

	// The AIK and its certificate.
	aikKey := c.AIKKey
	if aikKey == nil {
		if c.Alg.Curve != nil {
			aikKey = Key("aik " + c.Alg.Curve.Params().Name)
		} else {
			aikKey = Key("aik " + RSA2048)
		}
	}
	a.X5C = [][]byte{aikCertificate(c, aikKey), inter.Raw}

	// certInfo: TPM2_Certify of the credential key by the AIK, extraData
	// the alg hash of authData || clientDataHash.
	name, err := pub.AppendName(nil)
	if err != nil {
		panic(err)
	}
	if c.PubAreaB != nil {
		// The Name is over the bytes sent.
		name, _ = tpmtName(c.NameAlg, a.PubArea)
	}
	h := c.Alg.Hash.New()
	h.Write(ad)
	h.Write(a.ClientDataHash)
	ci := tpms.Attest{
		QualifiedSigner: append([]byte{0, 0x0b}, make([]byte, 32)...),
		ExtraData:       h.Sum(nil),
		ClockInfo:       tpms.ClockInfo{Clock: 123456, ResetCount: 7, RestartCount: 3, Safe: true},
		FirmwareVersion: 0x0007000200000000,
		Attested:        tpms.AttestedCertify(tpms.CertifyInfo{Name: name, QualifiedName: append([]byte{0, 0x0b}, make([]byte, 32)...)}),
	}
	if c.CertInfo != nil {
		c.CertInfo(&ci, a.PubArea)
	}
	a.CertInfo = ci.Append(nil)
	if c.CertInfoB != nil {
		a.CertInfo = c.CertInfoB(a.CertInfo)
	}
	a.Sig = Sign(aikKey, c.Alg, a.CertInfo)
	if c.Sig != nil {
		a.Sig = c.Sig(a.Sig, a.CertInfo)
	}

	x5c := make([]any, len(a.X5C))
	for i, d := range a.X5C {
		x5c[i] = d
	}
	a.AttStmt = map[string]any{
		"ver": "2.0", "alg": c.Alg.COSE, "x5c": x5c,
		"sig": a.Sig, "certInfo": a.CertInfo, "pubArea": a.PubArea,
	}
	if c.Statement != nil {
		c.Statement(a.AttStmt)
	}
	obj := map[string]any{"fmt": "tpm", "attStmt": a.AttStmt, "authData": a.AuthData}
	if c.Object != nil {
		c.Object(obj)
	}
	if a.Object, err = coseMode.Marshal(obj); err != nil {
		panic(err)
	}
	return a
}

var coseMode = func() cbor.EncMode {
	m, err := cbor.CoreDetEncOptions().EncMode()
	if err != nil {
		panic(err)
	}
	return m
}()

func tpmtName(nameAlg algid.ID, pub []byte) ([]byte, error) {
	d, err := nameAlg.AppendDigest([]byte{byte(nameAlg >> 8), byte(nameAlg)}, pub)
	return d, err
}

// Sign signs message with key as alg does: the bare form real devices send.
func Sign(key crypto.Signer, alg Alg, message []byte) []byte {
	h := alg.Hash.New()
	h.Write(message)
	digest := h.Sum(nil)
	var opts crypto.SignerOpts = alg.Hash
	if alg.PSS {
		opts = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: alg.Hash}
	}
	sig, err := key.Sign(rand.Reader, digest, opts)
	if err != nil {
		panic(err)
	}
	return sig
}

// publicArea returns the TPMT_PUBLIC and the COSE_Key of a credential key, as
// a Windows Hello TPM creates it: exponent 0, NULL symmetric and scheme.
func publicArea(key crypto.Signer, nameAlg algid.ID) (tpmt.Public, map[int]any) {
	attrs := tpmt.FixedTPM | tpmt.FixedParent | tpmt.SensitiveDataOrigin | tpmt.UserWithAuth | tpmt.NoDA | tpmt.Sign
	nullSym := tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsNull(), Mode: tpmt.SymModeNull()}
	switch k := key.Public().(type) {
	case *rsa.PublicKey:
		p := tpmt.Public{
			NameAlg: nameAlg, ObjectAttributes: attrs,
			Parameters: tpmt.PublicParmsRSADetail(tpmt.RSAParms{
				Symmetric: nullSym, Scheme: tpmt.RSAScheme{Details: tpmt.AsymSchemeDetailsNull()},
				KeyBits: uint16(k.N.BitLen()), Exponent: 0,
			}),
			Unique: tpmt.PublicIDRSA(k.N.Bytes()),
		}
		e := big.NewInt(int64(k.E)).Bytes()
		return p, map[int]any{1: 3, 3: -257, -1: k.N.Bytes(), -2: e}
	case *ecdsa.PublicKey:
		enc, err := k.Bytes()
		if err != nil {
			panic(err)
		}
		size := (len(enc) - 1) / 2
		x, y := enc[1:1+size], enc[1+size:]
		curve := map[string]struct {
			tpm  algid.Curve
			cose int
			alg  int
		}{"P-256": {algid.ECC_NIST_P256, 1, -7}, "P-384": {algid.ECC_NIST_P384, 2, -35}, "P-521": {algid.ECC_NIST_P521, 3, -36}}[k.Curve.Params().Name]
		p := tpmt.Public{
			NameAlg: nameAlg, ObjectAttributes: attrs,
			Parameters: tpmt.PublicParmsECCDetail(tpmt.ECCParms{
				Symmetric: nullSym, Scheme: tpmt.ECCScheme{Details: tpmt.AsymSchemeDetailsNull()},
				CurveID: curve.tpm, KDF: tpmt.KDFScheme{Details: tpmt.KDFSchemeDetailsNull()},
			}),
			Unique: tpmt.PublicIDECC(tpms.ECCPoint{X: x, Y: y}),
		}
		return p, map[int]any{1: 2, 3: curve.alg, -1: curve.cose, -2: x, -3: y}
	}
	panic(fmt.Sprintf("testauthn: key %T", key))
}

// aikCertificate issues the AIK certificate: version 3, empty subject,
// critical SAN with the TCG attributes, EKU tcg-kp-AIKCertificate, basic
// constraints CA false, signed by the test intermediate.
func aikCertificate(c Config, aik crypto.Signer) []byte {
	var san []byte
	if c.SAN != nil {
		san = c.SAN()
	} else if c.SplitRDNs {
		at := TPMAttrs(c.Manufacturer)
		san = SAN(at[2:], at[:1], at[1:2])
	} else {
		san = SAN(TPMAttrs(c.Manufacturer))
	}
	eku, _ := asn1.Marshal([]asn1.ObjectIdentifier{OIDAIKCertificate})
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(0x1234),
		NotBefore:             c.Now.Add(-24 * time.Hour),
		NotAfter:              c.Now.Add(365 * 24 * time.Hour),
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtraExtensions: []pkix.Extension{
			{Id: OIDSAN, Critical: true, Value: san},
			{Id: OIDEKU, Value: eku},
		},
	}
	if c.AAGUIDExt != nil {
		v, _ := asn1.Marshal(c.AAGUIDExt)
		tmpl.ExtraExtensions = append(tmpl.ExtraExtensions, pkix.Extension{Id: OIDFIDOAAGUID, Value: v})
	}
	if c.AIKCert != nil {
		c.AIKCert(tmpl)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, inter, aik.Public(), interKey)
	if err != nil {
		panic(err)
	}
	if c.AIKDER != nil {
		der = c.AIKDER(der)
	}
	return der
}

// Resign re-signs a certificate issued by the test intermediate after edit
// changes its TBSCertificate, for changes crypto/x509 cannot make (such as
// an older version).
func Resign(der []byte, edit func(tbs []byte) []byte) []byte {
	pki()
	in := cryptobyte.String(der)
	var cert, tbs, sigAlg cryptobyte.String
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1Element(&tbs, cbasn1.SEQUENCE) || !cert.ReadASN1Element(&sigAlg, cbasn1.SEQUENCE) {
		panic("testauthn: not a certificate")
	}
	newTBS := edit(tbs)
	d := sha256.Sum256(newTBS)
	sig, err := interKey.Sign(rand.Reader, d[:], crypto.SHA256)
	if err != nil {
		panic(err)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(newTBS)
		b.AddBytes(sigAlg)
		b.AddASN1BitString(sig)
	})
	return b.BytesOrPanic()
}

// StripTBS returns a TBSCertificate without its [0] version (making it
// version 1) and/or its [3] extensions.
func StripTBS(tbs []byte, version, extensions bool) []byte {
	in := cryptobyte.String(tbs)
	var body cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) {
		panic("testauthn: bad TBS")
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for !body.Empty() {
			var e cryptobyte.String
			var tag cbasn1.Tag
			if !body.ReadAnyASN1Element(&e, &tag) {
				panic("testauthn: bad TBS element")
			}
			if version && tag == cbasn1.Tag(0).Constructed().ContextSpecific() ||
				extensions && tag == cbasn1.Tag(3).Constructed().ContextSpecific() {
				continue
			}
			b.AddBytes(e)
		}
	})
	return b.BytesOrPanic()
}
