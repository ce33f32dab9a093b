package bench

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncbor"

	"github.com/tpm2wire/tpm2wire/webauthntpm"
)

// goWebAuthnExpired is the only error go-webauthn gives for the Intel vector:
// its TPM handler checks the AIK's validity against time.Now(), which cannot
// be replaced through the exported API, and that AIK expired on 2025-03-21.
const goWebAuthnExpired = "AIK certificate is either no longer valid or not yet valid"

// verifyCase is one attestation object and what each verifier is given.
type verifyCase struct {
	name           string
	obj, cdh       []byte
	opts, noRoots  *webauthntpm.Options
	goWebAuthnWant string // "" if go-webauthn must accept; else the error detail it must give
}

func verifyCases(tb testing.TB) []verifyCase {
	tb.Helper()
	var cases []verifyCase
	for _, v := range []struct {
		name, vector string
		at           time.Time
	}{
		{"winhello-rs1-intc", winhelloRSA, verifyAtRSA},
		{"winhello-ecc-p256", winhelloECC, verifyAtECC},
	} {
		c := verifyCase{
			name:    v.name,
			obj:     vector(tb, v.vector, "attestationObject"),
			cdh:     vector(tb, v.vector, "clientDataHash"),
			opts:    &webauthntpm.Options{Now: v.at, Roots: webauthntpm.MicrosoftTPMRoots()},
			noRoots: &webauthntpm.Options{Now: v.at},
		}
		if now := time.Now(); !aikValidAt(tb, v.vector, now) {
			c.goWebAuthnWant = goWebAuthnExpired
		}
		cases = append(cases, c)
	}
	return cases
}

func aikValidAt(tb testing.TB, vector string, t time.Time) bool {
	tb.Helper()
	aik, err := x509.ParseCertificate(structure(tb, vector, "aikCert"))
	if err != nil {
		tb.Fatal(err)
	}
	return !t.Before(aik.NotBefore) && !t.After(aik.NotAfter)
}

// goWebAuthnVerify is go-webauthn's registration path for an attestation
// object, through its exported API and its stock "tpm" handler: CBOR-decode
// the object, decode the authenticator data, then VerifyAttestation (the
// format's verification procedure; no metadata service). It leaves out what
// tpm2wire does not do either: clientDataJSON, the RP ID hash and the flags.
func goWebAuthnVerify(obj, cdh []byte) (*protocol.AttestationObject, error) {
	var att protocol.AttestationObject
	if err := webauthncbor.Unmarshal(obj, &att); err != nil {
		return nil, err
	}
	if err := att.AuthData.Unmarshal(att.RawAuthData); err != nil {
		return nil, err
	}
	if !att.AuthData.Flags.HasAttestedCredentialData() {
		return nil, errors.New("no attested credential data")
	}
	if err := att.VerifyAttestation(cdh, nil, protocol.AttestationPolicy{}, protocol.SignaturePolicy{}); err != nil {
		return nil, err
	}
	return &att, nil
}

// checkGoWebAuthn runs go-webauthn on c and checks that it gives the outcome
// c expects: acceptance as AttCA, or exactly the expected rejection.
func checkGoWebAuthn(c verifyCase) error {
	att, err := goWebAuthnVerify(c.obj, c.cdh)
	if c.goWebAuthnWant == "" {
		if err != nil {
			return fmt.Errorf("go-webauthn rejects %s: %v", c.name, err)
		}
		if att.Format != "tpm" || att.Type != "attca" {
			return fmt.Errorf("go-webauthn: fmt %q, attestation type %q", att.Format, att.Type)
		}
		return nil
	}
	var e *protocol.Error
	if !errors.As(err, &e) || e.Details != c.goWebAuthnWant {
		return fmt.Errorf("go-webauthn on %s: got %v, want the rejection %q", c.name, err, c.goWebAuthnWant)
	}
	return nil
}

// TestVerifiersAgree checks the full-verification benchmarks' premises:
// tpm2wire accepts both vectors, with and without the chain to the Microsoft
// root, and go-webauthn accepts each vector whose AIK is valid now and
// rejects the other for that reason only.
func TestVerifiersAgree(t *testing.T) {
	for _, c := range verifyCases(t) {
		t.Run(c.name, func(t *testing.T) {
			res, err := webauthntpm.VerifyAttestationObject(c.obj, c.cdh, c.opts)
			if err != nil {
				t.Fatalf("tpm2wire: %v", err)
			}
			if len(res.Chains) == 0 {
				t.Fatal("tpm2wire built no chain")
			}
			if _, err := webauthntpm.VerifyAttestationObject(c.obj, c.cdh, c.noRoots); err != nil {
				t.Fatalf("tpm2wire without roots: %v", err)
			}
			if err := checkGoWebAuthn(c); err != nil {
				t.Fatal(err)
			}
			if c.goWebAuthnWant != "" {
				t.Logf("go-webauthn (wall clock %s) refuses: %s", time.Now().UTC().Format(time.DateOnly), c.goWebAuthnWant)
			}
		})
	}
}

// BenchmarkVerify times full verification of a WebAuthn "tpm" attestation
// object, from its bytes to the verdict.
//
//   - impl=tpm2wire: VerifyAttestationObject with Roots (the chain to the
//     Microsoft TPM root is built and verified).
//   - impl=tpm2wire-noroots: without Roots, the same work as go-webauthn's
//     handler, which builds no chain (that is left to a metadata service).
//   - impl=gowebauthn: go-webauthn accepting the object.
//   - impl=gowebauthn-expired: go-webauthn rejecting it because the AIK has
//     expired by the wall clock. The rejection comes after its CBOR, pubArea,
//     certInfo and certificate decoding and the signature check, but before
//     the SAN, EKU and basic-constraints checks and the Name: a lower bound
//     of what it spends accepting.
func BenchmarkVerify(b *testing.B) {
	for _, c := range verifyCases(b) {
		b.Run(c.name, func(b *testing.B) {
			b.Run("impl=tpm2wire", func(b *testing.B) { benchTPM2Wire(b, c.obj, c.cdh, c.opts) })
			b.Run("impl=tpm2wire-noroots", func(b *testing.B) { benchTPM2Wire(b, c.obj, c.cdh, c.noRoots) })
			impl := "impl=gowebauthn"
			if c.goWebAuthnWant != "" {
				impl = "impl=gowebauthn-expired"
			}
			b.Run(impl, func(b *testing.B) {
				if err := checkGoWebAuthn(c); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				var sink *protocol.AttestationObject
				cpu := startCPU()
				for b.Loop() {
					att, err := goWebAuthnVerify(c.obj, c.cdh)
					if (err == nil) != (c.goWebAuthnWant == "") {
						b.Fatal(err)
					}
					sink = att
				}
				cpu.report(b)
				runtime.KeepAlive(sink)
			})
		})
	}
}

func benchTPM2Wire(b *testing.B, obj, cdh []byte, opts *webauthntpm.Options) {
	if _, err := webauthntpm.VerifyAttestationObject(obj, cdh, opts); err != nil {
		b.Fatalf("tpm2wire rejects: %v", err)
	}
	b.ReportAllocs()
	var sink *webauthntpm.Result
	cpu := startCPU()
	for b.Loop() {
		res, err := webauthntpm.VerifyAttestationObject(obj, cdh, opts)
		if err != nil {
			b.Fatal(err)
		}
		sink = res
	}
	cpu.report(b)
	runtime.KeepAlive(sink)
}

// BenchmarkVerifyFloor times the cryptography and X.509 work that any
// verifier of the Intel vector must do, to show how much of a full
// verification is irreducible: the RS1 signature over certInfo and parsing
// the AIK certificate (every verifier), then, with a chain, parsing the
// intermediate and checking the two certificate signatures (the intermediate
// and the Microsoft root have RSA-4096 keys).
func BenchmarkVerifyFloor(b *testing.B) {
	res, err := webauthntpm.VerifyAttestationObject(
		vector(b, winhelloRSA, "attestationObject"), vector(b, winhelloRSA, "clientDataHash"),
		&webauthntpm.Options{Now: verifyAtRSA, Roots: webauthntpm.MicrosoftTPMRoots()})
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Chains) != 1 || len(res.Chains[0]) != 3 {
		b.Fatalf("want one chain AIK <- intermediate <- root, got %d", len(res.Chains))
	}
	aik, intermediate, root := res.Chains[0][0], res.Chains[0][1], res.Chains[0][2]
	certInfo, sig := structure(b, winhelloRSA, "certInfo"), structure(b, winhelloRSA, "sig")
	aikKey, ok := aik.PublicKey.(*rsa.PublicKey)
	if !ok {
		b.Fatalf("AIK key is a %T", aik.PublicKey)
	}
	verifyRS1 := func() error {
		h := sha1.Sum(certInfo)
		return rsa.VerifyPKCS1v15(aikKey, crypto.SHA1, h[:], sig)
	}
	for _, f := range []struct {
		name string
		run  func() error
	}{
		{"op=rsa2048-pkcs1v15-sha1-verify", verifyRS1},
		{"op=x509-parse-aik", func() error { _, err := x509.ParseCertificate(aik.Raw); return err }},
		{"op=x509-parse-intermediate", func() error { _, err := x509.ParseCertificate(intermediate.Raw); return err }},
		{"op=rsa4096-checksig-aik-by-intermediate", func() error { return aik.CheckSignatureFrom(intermediate) }},
		{"op=rsa4096-checksig-intermediate-by-root", func() error { return intermediate.CheckSignatureFrom(root) }},
	} {
		b.Run("winhello-rs1-intc/"+f.name, func(b *testing.B) {
			if err := f.run(); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			cpu := startCPU()
			for b.Loop() {
				if err := f.run(); err != nil {
					b.Fatal(err)
				}
			}
			cpu.report(b)
		})
	}
}

// BenchmarkVerifyParallel runs full verifications on every P (GOMAXPROCS
// goroutines): VerifyAttestationObject is safe for concurrent use, and its
// throughput should grow with the cores.
func BenchmarkVerifyParallel(b *testing.B) {
	for _, c := range verifyCases(b) {
		b.Run(c.name, func(b *testing.B) {
			b.Run("impl=tpm2wire", func(b *testing.B) {
				if _, err := webauthntpm.VerifyAttestationObject(c.obj, c.cdh, c.opts); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := webauthntpm.VerifyAttestationObject(c.obj, c.cdh, c.opts); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
			if c.goWebAuthnWant != "" {
				return // go-webauthn cannot accept this one now
			}
			b.Run("impl=gowebauthn", func(b *testing.B) {
				if err := checkGoWebAuthn(c); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, err := goWebAuthnVerify(c.obj, c.cdh); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		})
	}
}
