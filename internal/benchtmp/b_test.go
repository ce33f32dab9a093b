package benchtmp

import (
	"os"
	"testing"
	"unsafe"

	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
	"golang.org/x/crypto/cryptobyte"
)

var ci, _ = os.ReadFile("/work/main/testdata/structures/webauthn-rs-winhello-rs1-intc/certInfo")
var pa, _ = os.ReadFile("/work/main/testdata/structures/webauthn-rs-winhello-rs1-intc/pubArea")

func TestSize(t *testing.T) {
	t.Log(unsafe.Sizeof(tpms.Attest{}), unsafe.Sizeof(tpmt.Public{}))
}

type attest struct {
	magic           uint32
	typ             uint16
	signer, extra   []byte
	clock           uint64
	reset, restart  uint32
	safe            uint8
	fw              uint64
	name, qualified []byte
}

func handAttest(b []byte) (attest, bool) {
	s := cryptobyte.String(b)
	var a attest
	var signer, extra, name, qn cryptobyte.String
	ok := s.ReadUint32(&a.magic) && s.ReadUint16(&a.typ) &&
		s.ReadUint16LengthPrefixed(&signer) && s.ReadUint16LengthPrefixed(&extra) &&
		s.ReadUint64(&a.clock) && s.ReadUint32(&a.reset) && s.ReadUint32(&a.restart) && s.ReadUint8(&a.safe) &&
		s.ReadUint64(&a.fw) && s.ReadUint16LengthPrefixed(&name) && s.ReadUint16LengthPrefixed(&qn) && s.Empty()
	a.signer, a.extra, a.name, a.qualified = signer, extra, name, qn
	return a, ok
}

func BenchmarkHand(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := handAttest(ci); !ok {
			b.Fatal()
		}
	}
}

func BenchmarkAttest(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tpms.ParseAttest(ci); err != nil {
			b.Fatal(err)
		}
	}
}
