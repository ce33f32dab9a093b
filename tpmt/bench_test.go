package tpmt_test

import (
	"testing"

	"github.com/tpm2wire/tpm2wire/internal/wiretest"
	"github.com/tpm2wire/tpm2wire/tpm2b"
	"github.com/tpm2wire/tpm2wire/tpmt"
	"golang.org/x/crypto/cryptobyte"
)

// handPublicRSA is the baseline for ParsePublic's speed: a hand-written
// cryptobyte reader of an RSA TPMT_PUBLIC with NULL symmetric and scheme,
// without any of the checks ParsePublic makes.
type handPublicRSA struct {
	typ, nameAlg uint16
	attributes   uint32
	authPolicy   []byte
	sym, scheme  uint16
	keyBits      uint16
	exponent     uint32
	modulus      []byte
}

func readHandPublicRSA(b []byte) (p handPublicRSA, ok bool) {
	s := cryptobyte.String(b)
	var policy, n cryptobyte.String
	ok = s.ReadUint16(&p.typ) && s.ReadUint16(&p.nameAlg) && s.ReadUint32(&p.attributes) &&
		s.ReadUint16LengthPrefixed(&policy) && s.ReadUint16(&p.sym) && s.ReadUint16(&p.scheme) &&
		s.ReadUint16(&p.keyBits) && s.ReadUint32(&p.exponent) && s.ReadUint16LengthPrefixed(&n) && s.Empty()
	p.authPolicy, p.modulus = policy, n
	return p, ok
}

func BenchmarkParsePublic(b *testing.B) {
	rsa := wiretest.Vector(b, "webauthn-rs-winhello-rs1-intc", "pubArea")
	ecc := wiretest.Vector(b, "go-webauthn-winhello-ecc-p256", "pubArea")
	for _, c := range []struct {
		name string
		in   []byte
	}{{"rsa2048", rsa}, {"eccp256", ecc}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.in)))
			for b.Loop() {
				if _, err := tpmt.ParsePublic(c.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("rsa2048-handwritten-baseline", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(rsa)))
		for b.Loop() {
			if _, ok := readHandPublicRSA(rsa); !ok {
				b.Fatal("baseline failed")
			}
		}
	})
}

func BenchmarkName(b *testing.B) {
	p, err := tpmt.ParsePublic(wiretest.Vector(b, "webauthn-rs-winhello-rs1-intc", "pubArea"))
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, tpm2b.NameMaxSize)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.AppendName(buf[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSignature(b *testing.B) {
	in := append(h(`0014 0004 0100`), wiretest.Vector(b, "webauthn-rs-winhello-rs1-intc", "sig")...)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := tpmt.ParseSignature(in); err != nil {
			b.Fatal(err)
		}
	}
}
