package webauthntpm_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/internal/testauthn"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
	"github.com/tpm2wire/tpm2wire/webauthntpm"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

func verify(a *testauthn.Attestation, o webauthntpm.Options) (*webauthntpm.Result, error) {
	if o.Now.IsZero() {
		o.Now = a.Now
	}
	return webauthntpm.VerifyAttestationObject(a.Object, a.ClientDataHash, &o)
}

// Every supported alg, with every credential key kind and every common
// nameAlg, gives a valid attestation.
func TestValidMatrix(t *testing.T) {
	for _, alg := range testauthn.Algs {
		for _, cred := range testauthn.CredentialKinds {
			for _, nameAlg := range []algid.ID{algid.SHA1, algid.SHA256, algid.SHA384, algid.SHA512} {
				name := fmt.Sprintf("%s/%s/%v", alg.Name, cred, nameAlg)
				t.Run(name, func(t *testing.T) {
					a := testauthn.Build(testauthn.Config{Alg: alg, Credential: cred, NameAlg: nameAlg})
					res, err := verify(a, webauthntpm.Options{Roots: a.Roots})
					if err != nil {
						t.Fatal(err)
					}
					if res.AlgName != alg.Name || res.SHA1 != (alg.Name == "RS1") || res.SignatureForm != "raw" {
						t.Errorf("reported alg %s sha1 %v form %s", res.AlgName, res.SHA1, res.SignatureForm)
					}
					if !publicKeyEqual(res.CredentialPublicKey, a.Credential.Public()) {
						t.Errorf("reported credential key differs")
					}
					if res.Manufacturer.Code != "INTC" || res.Manufacturer.Company != "Intel" || res.Model != "tpm2wire test TPM" ||
						res.FirmwareVersion != "id:00070002" || res.FirmwareVersionValue != 0x00070002 || !res.TPMBoundKey || len(res.Chains) != 1 {
						t.Errorf("result %+v", res)
					}
					if len(res.Checks) < 15 {
						t.Errorf("only %d checks reported", len(res.Checks))
					}
				})
			}
		}
	}
}

func publicKeyEqual(a, b any) bool {
	switch k := a.(type) {
	case *rsa.PublicKey:
		return k.Equal(b)
	case *ecdsa.PublicKey:
		return k.Equal(b)
	}
	return false
}

// mutation is one attestation that breaks exactly one rule.
type mutation struct {
	name string
	cfg  func(*testauthn.Config)
	opts webauthntpm.Options
	want error
	also error // a second error errors.Is must see (the parser's sentinel)
}

func patchAuthData(off int, b ...byte) func(*testauthn.Config) {
	return func(c *testauthn.Config) {
		c.AuthData = func(ad []byte) []byte { ad = bytes.Clone(ad); copy(ad[off:], b); return ad }
	}
}

func withAIK(edit func(*x509.Certificate)) func(*testauthn.Config) {
	return func(c *testauthn.Config) { c.AIKCert = edit }
}

func withoutExtension(oid asn1.ObjectIdentifier) func(*testauthn.Config) {
	return withAIK(func(tmpl *x509.Certificate) {
		var keep []pkix.Extension
		for _, e := range tmpl.ExtraExtensions {
			if !e.Id.Equal(oid) {
				keep = append(keep, e)
			}
		}
		tmpl.ExtraExtensions = keep
	})
}

func withSAN(rdns ...[]testauthn.Attr) func(*testauthn.Config) {
	return func(c *testauthn.Config) { c.SAN = func() []byte { return testauthn.SAN(rdns...) } }
}

var (
	oidManufacturer = asn1.ObjectIdentifier{2, 23, 133, 2, 1}
	oidModel        = asn1.ObjectIdentifier{2, 23, 133, 2, 2}
	oidVersion      = asn1.ObjectIdentifier{2, 23, 133, 2, 3}
)

func mutations() []mutation {
	intc := testauthn.TPMAttrs("id:494E5443")
	return []mutation{
		// Attestation object and statement syntax.
		{name: "fmt packed", cfg: func(c *testauthn.Config) { c.Object = func(m map[string]any) { m["fmt"] = "packed" } }, want: webauthntpm.ErrFormat},
		{name: "attestation object with an unknown key", cfg: func(c *testauthn.Config) { c.Object = func(m map[string]any) { m["epAtt"] = true } }, want: webauthntpm.ErrAttestationObject},
		{name: "attestation object without authData", cfg: func(c *testauthn.Config) { c.Object = func(m map[string]any) { delete(m, "authData") } }, want: webauthntpm.ErrAttestationObject},
		{name: "ver 1.0", cfg: func(c *testauthn.Config) { c.Statement = func(m map[string]any) { m["ver"] = "1.0" } }, want: webauthntpm.ErrVersion},
		{name: "alg EdDSA", cfg: func(c *testauthn.Config) { c.Statement = func(m map[string]any) { m["alg"] = -8 } }, want: webauthntpm.ErrAlgorithm},
		{name: "alg as text", cfg: func(c *testauthn.Config) { c.Statement = func(m map[string]any) { m["alg"] = "RS1" } }, want: webauthntpm.ErrStatement},
		{name: "RS1 with RejectSHA1", opts: webauthntpm.Options{RejectSHA1: true}, want: webauthntpm.ErrSHA1},
		{name: "ecdaaKeyId present", cfg: func(c *testauthn.Config) { c.Statement = func(m map[string]any) { m["ecdaaKeyId"] = []byte{1} } }, want: webauthntpm.ErrECDAA},
		{name: "sig missing", cfg: func(c *testauthn.Config) { c.Statement = func(m map[string]any) { delete(m, "sig") } }, want: webauthntpm.ErrStatement},
		{name: "unknown statement field", cfg: func(c *testauthn.Config) { c.Statement = func(m map[string]any) { m["extra"] = 1 } }, want: webauthntpm.ErrStatement},
		{name: "x5c missing", cfg: func(c *testauthn.Config) { c.Statement = func(m map[string]any) { delete(m, "x5c") } }, want: webauthntpm.ErrX5C},
		{name: "x5c empty", cfg: func(c *testauthn.Config) { c.Statement = func(m map[string]any) { m["x5c"] = []any{} } }, want: webauthntpm.ErrX5C},
		{name: "x5c over the cap", cfg: func(c *testauthn.Config) {
			c.Statement = func(m map[string]any) {
				x := m["x5c"].([]any)
				for len(x) <= webauthntpm.MaxCertificates {
					x = append(x, x[1])
				}
				m["x5c"] = x
			}
		}, want: webauthntpm.ErrX5C},
		// Authenticator data.
		{name: "AT flag clear", cfg: patchAuthData(32, 0x01), want: webauthntpm.ErrAuthData},
		{name: "authData trailing byte", cfg: func(c *testauthn.Config) { c.AuthData = func(ad []byte) []byte { return append(bytes.Clone(ad), 0) } }, want: webauthntpm.ErrAuthData},
		{name: "authData truncated", cfg: func(c *testauthn.Config) { c.AuthData = func(ad []byte) []byte { return ad[:40] } }, want: webauthntpm.ErrAuthData},
		{name: "credential ID length past the end", cfg: patchAuthData(53, 0xff, 0xff), want: webauthntpm.ErrAuthData},
		{name: "COSE key with an unknown label", cfg: func(c *testauthn.Config) { c.COSEKey = func(m map[int]any) { m[7] = 1 } }, want: webauthntpm.ErrCredentialKey},
		{name: "COSE key of type OKP", cfg: func(c *testauthn.Config) { c.COSEKey = func(m map[int]any) { m[1] = 1 } }, want: webauthntpm.ErrCredentialKey},
		{name: "COSE EC2 x short", cfg: func(c *testauthn.Config) {
			c.Credential = testauthn.P256
			c.COSEKey = func(m map[int]any) { m[-2] = m[-2].([]byte)[1:] }
		}, want: webauthntpm.ErrCredentialKey},
		// pubArea.
		{name: "pubArea trailing byte", cfg: func(c *testauthn.Config) { c.PubAreaB = func(b []byte) []byte { return append(bytes.Clone(b), 0) } }, want: webauthntpm.ErrPubArea, also: tpm2wire.ErrTrailingData},
		{name: "pubArea reserved attribute", cfg: func(c *testauthn.Config) { c.PubArea = func(p *tpmt.Public) { p.ObjectAttributes |= 1 } }, want: webauthntpm.ErrPubArea, also: tpm2wire.ErrReservedBits},
		{name: "pubArea sign clear", cfg: func(c *testauthn.Config) { c.PubArea = func(p *tpmt.Public) { p.ObjectAttributes &^= tpmt.Sign } }, want: webauthntpm.ErrSigningKey},
		{name: "pubArea symmetric AES", cfg: func(c *testauthn.Config) {
			c.PubArea = func(p *tpmt.Public) {
				r, _ := p.Parameters.RSADetail()
				r.Symmetric = tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsAES(128), Mode: tpmt.SymModeAES(algid.CFB)}
				p.Parameters = tpmt.PublicParmsRSADetail(r)
			}
		}, want: webauthntpm.ErrSigningKey},
		{name: "pubArea scheme OAEP", cfg: func(c *testauthn.Config) {
			c.PubArea = func(p *tpmt.Public) {
				r, _ := p.Parameters.RSADetail()
				r.Scheme = tpmt.RSAScheme{Details: tpmt.AsymSchemeDetailsOAEP(tpms.SchemeHash{HashAlg: algid.SHA256})}
				p.Parameters = tpmt.PublicParmsRSADetail(r)
			}
		}, want: webauthntpm.ErrSigningKey},
		{name: "pubArea ECC kdf", cfg: func(c *testauthn.Config) {
			c.Credential = testauthn.P256
			c.PubArea = func(p *tpmt.Public) {
				e, _ := p.Parameters.ECCDetail()
				e.KDF = tpmt.KDFScheme{Details: tpmt.KDFSchemeDetailsKDF2(tpms.SchemeHash{HashAlg: algid.SHA256})}
				p.Parameters = tpmt.PublicParmsECCDetail(e)
			}
		}, want: webauthntpm.ErrSigningKey},
		{name: "pubArea another modulus", cfg: func(c *testauthn.Config) {
			c.PubArea = func(p *tpmt.Public) {
				n, _ := p.Unique.RSA()
				n = bytes.Clone(n)
				n[100] ^= 1
				p.Unique = tpmt.PublicIDRSA(n)
			}
		}, want: webauthntpm.ErrKeyMismatch},
		{name: "pubArea exponent 3", cfg: func(c *testauthn.Config) {
			c.PubArea = func(p *tpmt.Public) {
				r, _ := p.Parameters.RSADetail()
				r.Exponent = 3
				p.Parameters = tpmt.PublicParmsRSADetail(r)
			}
		}, want: webauthntpm.ErrKeyMismatch},
		{name: "pubArea ECC y with a 33rd byte", cfg: func(c *testauthn.Config) {
			c.Credential = testauthn.P256
			c.PubArea = func(p *tpmt.Public) {
				pt, _ := p.Unique.ECC()
				p.Unique = tpmt.PublicIDECC(tpms.ECCPoint{X: pt.X, Y: append([]byte{0}, pt.Y...)})
			}
		}, want: webauthntpm.ErrKeyMismatch},
		{name: "pubArea ECC on P-384 for a P-256 key", cfg: func(c *testauthn.Config) {
			c.Credential = testauthn.P256
			c.PubArea = func(p *tpmt.Public) {
				e, _ := p.Parameters.ECCDetail()
				e.CurveID = algid.ECC_NIST_P384
				p.Parameters = tpmt.PublicParmsECCDetail(e)
			}
		}, want: webauthntpm.ErrKeyMismatch},
		{name: "pubArea RSA for an ECC credential", cfg: func(c *testauthn.Config) {
			c.Credential = testauthn.P256
			rsaPub := testauthn.Build(testauthn.Default()).PubArea
			c.PubAreaB = func([]byte) []byte { return rsaPub }
		}, want: webauthntpm.ErrKeyMismatch},
		// AIK certificate.
		{name: "x5c[0] not a certificate", cfg: func(c *testauthn.Config) {
			c.AIKDER = func([]byte) []byte { return []byte{0x30, 0x03, 0x02, 0x01, 0x01} }
		}, want: webauthntpm.ErrAIK},
		{name: "AIK version 1", cfg: func(c *testauthn.Config) {
			c.AIKCert = func(tmpl *x509.Certificate) {
				tmpl.ExtraExtensions, tmpl.BasicConstraintsValid, tmpl.KeyUsage = nil, false, 0
			}
			c.AIKDER = func(der []byte) []byte { return testauthn.Resign(der, stripVersionAndExtensions) }
		}, want: webauthntpm.ErrAIKVersion},
		{name: "AIK subject not empty", cfg: withAIK(func(tmpl *x509.Certificate) { tmpl.Subject = pkix.Name{CommonName: "aik"} }), want: webauthntpm.ErrAIKSubject},
		{name: "AIK subject empty-but-for-serialNumber", cfg: withAIK(func(tmpl *x509.Certificate) { tmpl.Subject = pkix.Name{SerialNumber: "1"} }), want: webauthntpm.ErrAIKSubject},
		{name: "SAN absent", cfg: withoutExtension(testauthn.OIDSAN), want: webauthntpm.ErrAIKSAN},
		{name: "SAN not critical", cfg: withAIK(func(tmpl *x509.Certificate) { tmpl.ExtraExtensions[0].Critical = false }), want: webauthntpm.ErrAIKSAN},
		{name: "SAN without tpmModel", cfg: withSAN([]testauthn.Attr{intc[0], intc[2]}), want: webauthntpm.ErrAIKSAN},
		{name: "SAN without tpmManufacturer", cfg: withSAN([]testauthn.Attr{intc[1], intc[2]}), want: webauthntpm.ErrAIKSAN},
		{name: "SAN without tpmVersion", cfg: withSAN([]testauthn.Attr{intc[0], intc[1]}), want: webauthntpm.ErrAIKSAN},
		{name: "SAN with tpmModel twice", cfg: withSAN(intc, []testauthn.Attr{{OID: oidModel, Value: "other"}}), want: webauthntpm.ErrAIKSAN},
		{name: "SAN tpmModel as PrintableString", cfg: withSAN([]testauthn.Attr{intc[0], {OID: oidModel, Value: "m", Tag: cbasn1.PrintableString}, intc[2]}), want: webauthntpm.ErrAIKSAN},
		{name: "tpmManufacturer of 7 hex digits", cfg: func(c *testauthn.Config) { c.Manufacturer = "id:494E544" }, want: webauthntpm.ErrAIKSAN},
		{name: "tpmManufacturer without id:", cfg: func(c *testauthn.Config) { c.Manufacturer = "494E5443" }, want: webauthntpm.ErrAIKSAN},
		{name: "tpmVersion not hex", cfg: withSAN([]testauthn.Attr{intc[0], intc[1], {OID: oidVersion, Value: "id:xyz"}}), want: webauthntpm.ErrAIKSAN},
		{name: "manufacturer outside the registry", cfg: func(c *testauthn.Config) { c.Manufacturer = "id:41524D00" }, want: webauthntpm.ErrManufacturer},
		{name: "simulator vendor without AllowTestVendors", cfg: func(c *testauthn.Config) { c.Manufacturer = "id:53494D30" }, want: webauthntpm.ErrManufacturer},
		{name: "FIDO tool vendor without AllowTestVendors", cfg: func(c *testauthn.Config) { c.Manufacturer = "id:FFFFF1D0" }, want: webauthntpm.ErrManufacturer},
		{name: "EKU absent", cfg: withoutExtension(testauthn.OIDEKU), want: webauthntpm.ErrAIKEKU},
		{name: "EKU without tcg-kp-AIKCertificate", cfg: withAIK(func(tmpl *x509.Certificate) {
			v, _ := asn1.Marshal([]asn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 2}})
			tmpl.ExtraExtensions[1].Value = v
		}), want: webauthntpm.ErrAIKEKU},
		{name: "basic constraints absent", cfg: withAIK(func(tmpl *x509.Certificate) { tmpl.BasicConstraintsValid = false }), want: webauthntpm.ErrAIKBasicConstraints},
		{name: "basic constraints CA", cfg: withAIK(func(tmpl *x509.Certificate) { tmpl.IsCA = true; tmpl.KeyUsage |= x509.KeyUsageCertSign }), want: webauthntpm.ErrAIKBasicConstraints},
		{name: "AIK not yet valid", opts: webauthntpm.Options{Now: testauthn.TestTime.Add(-48 * time.Hour)}, want: webauthntpm.ErrAIKValidity},
		{name: "AIK expired", opts: webauthntpm.Options{Now: testauthn.TestTime.AddDate(2, 0, 0)}, want: webauthntpm.ErrAIKValidity},
		{name: "AAGUID extension differs", cfg: func(c *testauthn.Config) { c.AAGUIDExt = bytes.Repeat([]byte{9}, 16) }, want: webauthntpm.ErrAAGUID},
		{name: "AAGUID extension of 15 bytes", cfg: func(c *testauthn.Config) { c.AAGUIDExt = make([]byte, 15) }, want: webauthntpm.ErrAAGUID},
		{name: "chain to another root", opts: webauthntpm.Options{Roots: webauthntpm.MicrosoftTPMRoots()}, want: webauthntpm.ErrChain},
		{name: "chain with an unknown critical extension", cfg: withAIK(func(tmpl *x509.Certificate) {
			tmpl.ExtraExtensions = append(tmpl.ExtraExtensions, pkix.Extension{Id: asn1.ObjectIdentifier{1, 2, 3, 4}, Critical: true, Value: []byte{5, 0}})
		}), opts: webauthntpm.Options{Roots: testauthn.Roots()}, want: webauthntpm.ErrChain},
		// AIK key against alg.
		{name: "ES256 with an RSA AIK", cfg: func(c *testauthn.Config) {
			c.Alg = testauthn.AlgByName("ES256")
			c.AIKKey = testauthn.Key("aik " + testauthn.RSA2048)
			c.Sig = func(_, ci []byte) []byte {
				return testauthn.Sign(testauthn.Key("aik P-256"), testauthn.AlgByName("ES256"), ci)
			}
		}, want: webauthntpm.ErrAIK},
		{name: "ES384 with a P-256 AIK", cfg: func(c *testauthn.Config) {
			c.Alg = testauthn.AlgByName("ES384")
			c.AIKKey = testauthn.Key("aik P-256")
		}, want: webauthntpm.ErrAIK},
		// Signature.
		{name: "sig with a bit flipped", cfg: func(c *testauthn.Config) {
			c.Sig = func(s, _ []byte) []byte { s = bytes.Clone(s); s[10] ^= 1; return s }
		}, want: webauthntpm.ErrSignature},
		{name: "sig over other bytes", cfg: func(c *testauthn.Config) {
			c.Sig = func(_, ci []byte) []byte {
				return testauthn.Sign(testauthn.Key("aik RSA-2048"), testauthn.AlgByName("RS1"), ci[1:])
			}
		}, want: webauthntpm.ErrSignature},
		{name: "sig PKCS#1 v1.5 for PS256", cfg: func(c *testauthn.Config) {
			c.Alg = testauthn.AlgByName("PS256")
			c.Sig = func(_, ci []byte) []byte {
				return testauthn.Sign(testauthn.Key("aik RSA-2048"), testauthn.AlgByName("RS256"), ci)
			}
		}, want: webauthntpm.ErrSignature},
		{name: "sig a TPMT_SIGNATURE with another hash", cfg: func(c *testauthn.Config) {
			c.Sig = func(s, ci []byte) []byte {
				other := testauthn.Sign(testauthn.Key("aik RSA-2048"), testauthn.AlgByName("RS256"), ci)
				return tpmt.Signature{Signature: tpmt.SignatureUnionRSASSA(tpms.SignatureRSA{Hash: algid.SHA256, Sig: other})}.Append(nil)
			}
		}, want: webauthntpm.ErrSignature},
		// certInfo, re-signed after each change so that only its content is wrong.
		{name: "certInfo magic", cfg: func(c *testauthn.Config) {
			c.CertInfoB = func(b []byte) []byte { b = bytes.Clone(b); b[3] ^= 1; return b }
		}, want: webauthntpm.ErrCertInfo, also: tpm2wire.ErrMagic},
		{name: "certInfo trailing byte", cfg: func(c *testauthn.Config) { c.CertInfoB = func(b []byte) []byte { return append(bytes.Clone(b), 0) } }, want: webauthntpm.ErrCertInfo, also: tpm2wire.ErrTrailingData},
		{name: "certInfo a quote", cfg: func(c *testauthn.Config) {
			c.CertInfo = func(a *tpms.Attest, _ []byte) {
				a.Attested = tpms.AttestedQuote(tpms.QuoteInfo{PCRSelect: tpms.NewPCRSelectionList(), PCRDigest: make([]byte, 32)})
			}
		}, want: webauthntpm.ErrCertInfoType},
		{name: "extraData of other data", cfg: func(c *testauthn.Config) {
			c.CertInfo = func(a *tpms.Attest, _ []byte) { a.ExtraData = make([]byte, 20) }
		}, want: webauthntpm.ErrExtraData},
		{name: "extraData of SHA-256's length for RS1", cfg: func(c *testauthn.Config) {
			c.CertInfo = func(a *tpms.Attest, _ []byte) {
				a.ExtraData = append(bytes.Clone(a.ExtraData), make([]byte, 12)...) // a 32-byte value where SHA-1's 20 belong
			}
		}, want: webauthntpm.ErrExtraData},
		{name: "Name of another object", cfg: func(c *testauthn.Config) {
			c.CertInfo = func(a *tpms.Attest, _ []byte) {
				ci, _ := a.Attested.Certify()
				n := bytes.Clone(ci.Name)
				n[5] ^= 1
				ci.Name = n
				a.Attested = tpms.AttestedCertify(ci)
			}
		}, want: webauthntpm.ErrName},
		{name: "Name with certInfo's algorithm, not pubArea's", cfg: func(c *testauthn.Config) {
			c.CertInfo = func(a *tpms.Attest, pubArea []byte) {
				// SHA-1 over the same pubArea, whose nameAlg is SHA-256: what
				// the FIDO tool's test P-3 once expected.
				ci, _ := a.Attested.Certify()
				ci.Name, _ = algid.SHA1.AppendDigest([]byte{0, 4}, pubArea)
				a.Attested = tpms.AttestedCertify(ci)
			}
		}, want: webauthntpm.ErrName},
		// Beyond the specification.
		{name: "not TPM-bound with RequireTPMBoundKey", cfg: func(c *testauthn.Config) {
			c.PubArea = func(p *tpmt.Public) { p.ObjectAttributes &^= tpmt.FixedTPM }
		}, opts: webauthntpm.Options{RequireTPMBoundKey: true}, want: webauthntpm.ErrNotTPMBound},
	}
}

// stripVersionAndExtensions turns a TBSCertificate into a version 1 one: no
// [0] version and no [3] extensions (crypto/x509 refuses extensions in a
// version 1 certificate).
func stripVersionAndExtensions(tbs []byte) []byte {
	return testauthn.StripTBS(tbs, true, true)
}

// Each check rejects, with its own sentinel, an attestation that breaks only
// that check.
func TestMutations(t *testing.T) {
	seen := map[error]bool{}
	for _, m := range mutations() {
		t.Run(m.name, func(t *testing.T) {
			cfg := testauthn.Default()
			if m.cfg != nil {
				m.cfg(&cfg)
			}
			a := testauthn.Build(cfg)
			res, err := verify(a, m.opts)
			if res != nil || !errors.Is(err, m.want) {
				t.Fatalf("err = %v, want %v", err, m.want)
			}
			if m.also != nil && !errors.Is(err, m.also) {
				t.Errorf("err = %v does not wrap %v", err, m.also)
			}
			n := 0
			for _, s := range sentinels {
				if errors.Is(err, s) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("err = %v matches %d sentinels", err, n)
			}
			seen[m.want] = true
		})
	}
	// Every sentinel is produced by some mutation (ErrAttestationObject
	// cases that need raw bytes are in TestAttestationObjectCBOR).
	for name, s := range sentinels {
		if !seen[s] {
			t.Errorf("no mutation produces %s", name)
		}
	}
}

// Forms the verifier accepts that a careless one would not.
func TestAcceptedVariants(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cfg   func(*testauthn.Config)
		opts  webauthntpm.Options
		check func(*testing.T, *webauthntpm.Result)
	}{
		{"SAN in three RDNs", func(c *testauthn.Config) { c.SplitRDNs = true }, webauthntpm.Options{}, nil},
		{"SAN attributes in another order", withSAN([]testauthn.Attr{
			{OID: oidVersion, Value: "id:13"}, {OID: oidModel, Value: "m"}, {OID: oidManufacturer, Value: "id:4e544300"},
		}), webauthntpm.Options{}, func(t *testing.T, r *webauthntpm.Result) {
			if r.Manufacturer.Code != "NTC" || r.FirmwareVersionValue != 0x13 {
				t.Errorf("manufacturer %+v, version %#x", r.Manufacturer, r.FirmwareVersionValue)
			}
		}},
		{"space-padded vendor STM", func(c *testauthn.Config) { c.Manufacturer = "id:53544D20" }, webauthntpm.Options{}, func(t *testing.T, r *webauthntpm.Result) {
			if r.Manufacturer.Code != "STM" {
				t.Errorf("manufacturer %+v", r.Manufacturer)
			}
		}},
		{"test vendor with AllowTestVendors", func(c *testauthn.Config) { c.Manufacturer = "id:54535437" }, webauthntpm.Options{AllowTestVendors: true}, func(t *testing.T, r *webauthntpm.Result) {
			if !r.Manufacturer.Test || r.Manufacturer.Code != "TST7" {
				t.Errorf("manufacturer %+v", r.Manufacturer)
			}
		}},
		{"matching AAGUID extension", func(c *testauthn.Config) {
			c.AAGUID = [16]byte{1, 2, 3}
			c.AAGUIDExt = []byte{1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
		}, webauthntpm.Options{}, nil},
		{"HardwareModuleName warned about", func(c *testauthn.Config) {
			c.SAN = func() []byte { return sanWithHardwareModuleName(testauthn.TPMAttrs("id:494E5443")) }
		}, webauthntpm.Options{}, func(t *testing.T, r *webauthntpm.Result) {
			if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "HardwareModuleName") {
				t.Errorf("warnings %q", r.Warnings)
			}
		}},
		{"explicit exponent 65537", func(c *testauthn.Config) {
			c.PubArea = func(p *tpmt.Public) {
				r, _ := p.Parameters.RSADetail()
				r.Exponent = 65537
				p.Parameters = tpmt.PublicParmsRSADetail(r)
			}
		}, webauthntpm.Options{}, nil},
		{"sig as a TPMT_SIGNATURE", func(c *testauthn.Config) {
			c.Sig = func(s, _ []byte) []byte {
				return tpmt.Signature{Signature: tpmt.SignatureUnionRSASSA(tpms.SignatureRSA{Hash: algid.SHA1, Sig: s})}.Append(nil)
			}
		}, webauthntpm.Options{}, func(t *testing.T, r *webauthntpm.Result) {
			if r.SignatureForm != "TPMT_SIGNATURE" {
				t.Errorf("form %s", r.SignatureForm)
			}
		}},
		{"ECDSA sig as a TPMT_SIGNATURE", func(c *testauthn.Config) {
			c.Alg = testauthn.AlgByName("ES384")
			c.Sig = func(s, _ []byte) []byte { return tpmSignatureFromDER(s, algid.SHA384) }
		}, webauthntpm.Options{}, func(t *testing.T, r *webauthntpm.Result) {
			if r.SignatureForm != "TPMT_SIGNATURE" {
				t.Errorf("form %s", r.SignatureForm)
			}
		}},
		{"not TPM-bound without the option", func(c *testauthn.Config) {
			c.PubArea = func(p *tpmt.Public) { p.ObjectAttributes &^= tpmt.SensitiveDataOrigin }
		}, webauthntpm.Options{}, func(t *testing.T, r *webauthntpm.Result) {
			if r.TPMBoundKey {
				t.Errorf("TPMBoundKey reported")
			}
		}},
		{"RS1 accepted by default", nil, webauthntpm.Options{}, func(t *testing.T, r *webauthntpm.Result) {
			if !r.SHA1 || r.AlgName != "RS1" {
				t.Errorf("alg %s sha1 %v", r.AlgName, r.SHA1)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testauthn.Default()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			res, err := verify(testauthn.Build(cfg), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if tc.check != nil {
				tc.check(t, res)
			}
		})
	}
}

// A TPM may drop a coordinate's leading zero bytes: such a pubArea still
// matches the fixed-width COSE key.
func TestShortECCCoordinate(t *testing.T) {
	for range 10000 {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		enc, _ := key.PublicKey.Bytes()
		if enc[1] != 0 {
			continue
		}
		cfg := testauthn.Default()
		cfg.CredentialKey = key
		cfg.PubArea = func(p *tpmt.Public) {
			pt, _ := p.Unique.ECC()
			p.Unique = tpmt.PublicIDECC(tpms.ECCPoint{X: pt.X[1:], Y: pt.Y})
		}
		a := testauthn.Build(cfg)
		if _, err := verify(a, webauthntpm.Options{}); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatal("no P-256 key with a leading zero x found")
}

// sanWithHardwareModuleName is GeneralNames with an otherName holding a
// HardwareModuleName (RFC 4108) before the TPM's directoryName.
func sanWithHardwareModuleName(attrs []testauthn.Attr) []byte {
	dn := cryptobyte.String(testauthn.SAN(attrs))
	var names cryptobyte.String
	dn.ReadASN1(&names, cbasn1.SEQUENCE)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 8, 4})
			b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{2, 23, 133, 1, 2})
					b.AddASN1OctetString([]byte("serial"))
				})
			})
		})
		b.AddBytes(names)
	})
	return b.BytesOrPanic()
}

// tpmSignatureFromDER frames a DER ECDSA signature as a TPMT_SIGNATURE.
func tpmSignatureFromDER(der []byte, hash algid.ID) []byte {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	r, s := new(big.Int), new(big.Int)
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Integer(r) || !seq.ReadASN1Integer(s) {
		panic("not DER ECDSA")
	}
	body := tpms.SignatureECC{Hash: hash, SignatureR: r.Bytes(), SignatureS: s.Bytes()}
	return tpmt.Signature{Signature: tpmt.SignatureUnionECDSA(body)}.Append(nil)
}
