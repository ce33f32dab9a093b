package tpms_test

import (
	"testing"

	"github.com/tpm2wire/tpm2wire/internal/wiretest"
	"github.com/tpm2wire/tpm2wire/tpms"
	"golang.org/x/crypto/cryptobyte"
)

// handAttest is the baseline for ParseAttest's speed: what a hand-written
// cryptobyte reader does for a certify TPMS_ATTEST, with none of the checks
// (no magic, type, bounds, Name form or safe check) and no union.
type handAttest struct {
	magic                    uint32
	typ                      uint16
	signer, extra            []byte
	clock                    uint64
	resetCount, restartCount uint32
	safe                     uint8
	firmware                 uint64
	name, qualifiedName      []byte
}

func readHandAttest(b []byte) (a handAttest, ok bool) {
	s := cryptobyte.String(b)
	var signer, extra, name, qn cryptobyte.String
	ok = s.ReadUint32(&a.magic) && s.ReadUint16(&a.typ) &&
		s.ReadUint16LengthPrefixed(&signer) && s.ReadUint16LengthPrefixed(&extra) &&
		s.ReadUint64(&a.clock) && s.ReadUint32(&a.resetCount) && s.ReadUint32(&a.restartCount) &&
		s.ReadUint8(&a.safe) && s.ReadUint64(&a.firmware) &&
		s.ReadUint16LengthPrefixed(&name) && s.ReadUint16LengthPrefixed(&qn) && s.Empty()
	a.signer, a.extra, a.name, a.qualifiedName = signer, extra, name, qn
	return a, ok
}

func BenchmarkParseAttest(b *testing.B) {
	certInfo := wiretest.Vector(b, "webauthn-rs-winhello-rs1-intc", "certInfo")
	b.Run("certify", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(certInfo)))
		for b.Loop() {
			if _, err := tpms.ParseAttest(certInfo); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("certify-handwritten-baseline", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(certInfo)))
		for b.Loop() {
			if _, ok := readHandAttest(certInfo); !ok {
				b.Fatal("baseline failed")
			}
		}
	})
	a := certify()
	a.Attested = tpms.AttestedQuote(tpms.QuoteInfo{PCRSelect: pcrs(), PCRDigest: make([]byte, 32)})
	quote := a.Append(nil)
	b.Run("quote", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(quote)))
		for b.Loop() {
			if _, err := tpms.ParseAttest(quote); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkParseNVPublic(b *testing.B) {
	p := nvPublic()
	in := p.Append(nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tpms.ParseNVPublic(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseCreationData(b *testing.B) {
	in := tpms.CreationData{PCRSelect: pcrs(), ParentNameAlg: 0x000b, ParentName: sha256Name}.Append(nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tpms.ParseCreationData(in); err != nil {
			b.Fatal(err)
		}
	}
}
