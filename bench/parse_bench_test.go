package bench

import (
	"bytes"
	"runtime"
	"testing"

	legacy "github.com/google/go-tpm/legacy/tpm2"
	"github.com/google/go-tpm/tpm2"

	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// tpmNameMax is the longest Name (SHA-512 nameAlg): 2 + 64 bytes.
const tpmNameMax = 2 + 64

// benchParse times parse(in). It first requires that parse accepts in, so
// that no implementation is timed on an early rejection.
//
// The result is not stored: inside "for b.Loop()" the compiler keeps the
// results of every call alive (runtime.KeepAlive), which is what stops it from
// eliminating the call. Copying the result into a sink variable would cost
// tpm2wire, whose Parse functions return a struct of a few hundred bytes by
// value, 30 to 40 ns/op (a third of a parse) and the others, which return a
// pointer, nothing: it would time the copy, not the parser.
func benchParse[T any](b *testing.B, in []byte, parse func([]byte) (T, error)) {
	if _, err := parse(in); err != nil {
		b.Fatalf("refuses the blob: %v", err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	cpu := startCPU()
	for b.Loop() {
		if _, err := parse(in); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
}

func BenchmarkParse(b *testing.B) {
	for _, bl := range blobs(b) {
		b.Run(bl.name, func(b *testing.B) {
			in := bl.b
			switch bl.kind {
			case "attest":
				b.Run("impl=tpm2wire", func(b *testing.B) { benchParse(b, in, tpms.ParseAttest) })
				b.Run("impl=gotpm", func(b *testing.B) { benchParse(b, in, tpm2.Unmarshal[tpm2.TPMSAttest]) })
				b.Run("impl=legacy", func(b *testing.B) { benchParse(b, in, legacy.DecodeAttestationData) })
			case "public":
				b.Run("impl=tpm2wire", func(b *testing.B) { benchParse(b, in, tpmt.ParsePublic) })
				b.Run("impl=gotpm", func(b *testing.B) { benchParse(b, in, tpm2.Unmarshal[tpm2.TPMTPublic]) })
				b.Run("impl=legacy", func(b *testing.B) { benchParse(b, in, legacy.DecodePublic) })
			case "signature":
				b.Run("impl=tpm2wire", func(b *testing.B) { benchParse(b, in, tpmt.ParseSignature) })
				b.Run("impl=gotpm", func(b *testing.B) { benchParse(b, in, tpm2.Unmarshal[tpm2.TPMTSignature]) })
				b.Run("impl=legacy", func(b *testing.B) {
					benchParse(b, in, func(in []byte) (*legacy.Signature, error) {
						return legacy.DecodeSignature(bytes.NewBuffer(in))
					})
				})
			default:
				b.Fatalf("unknown kind %q", bl.kind)
			}
		})
	}
}

// BenchmarkName times computing the Name of an already parsed pubArea. All
// implementations are first required to produce the same bytes.
func BenchmarkName(b *testing.B) {
	for _, v := range []struct{ name, vector string }{
		{"public-rsa2048", winhelloRSA},
		{"public-eccp256", winhelloECC},
	} {
		b.Run(v.name, func(b *testing.B) {
			pubArea := structure(b, v.vector, "pubArea")
			var want []byte
			for impl, name := range computeNames(b, pubArea) {
				if want == nil {
					want = name
				} else if !bytes.Equal(name, want) {
					b.Fatalf("%s computes Name %x, another %x", impl, name, want)
				}
			}
			w, err := tpmt.ParsePublic(pubArea)
			if err != nil {
				b.Fatal(err)
			}
			g, err := tpm2.Unmarshal[tpm2.TPMTPublic](pubArea)
			if err != nil {
				b.Fatal(err)
			}
			l, err := legacy.DecodePublic(pubArea)
			if err != nil {
				b.Fatal(err)
			}
			b.Run("impl=tpm2wire", func(b *testing.B) {
				b.ReportAllocs()
				var sink []byte
				cpu := startCPU()
				for b.Loop() {
					n, err := w.Name()
					if err != nil {
						b.Fatal(err)
					}
					sink = n
				}
				cpu.report(b)
				runtime.KeepAlive(sink)
			})
			b.Run("impl=tpm2wire-append", func(b *testing.B) {
				b.ReportAllocs()
				buf := make([]byte, 0, tpmNameMax)
				cpu := startCPU()
				for b.Loop() {
					n, err := w.AppendName(buf[:0])
					if err != nil {
						b.Fatal(err)
					}
					buf = n
				}
				cpu.report(b)
				runtime.KeepAlive(buf)
			})
			b.Run("impl=gotpm", func(b *testing.B) {
				b.ReportAllocs()
				var sink *tpm2.TPM2BName
				cpu := startCPU()
				for b.Loop() {
					n, err := tpm2.ObjectName(g)
					if err != nil {
						b.Fatal(err)
					}
					sink = n
				}
				cpu.report(b)
				runtime.KeepAlive(sink)
			})
			b.Run("impl=legacy", func(b *testing.B) {
				b.ReportAllocs()
				var sink legacy.Name
				cpu := startCPU()
				for b.Loop() {
					n, err := l.Name()
					if err != nil {
						b.Fatal(err)
					}
					sink = n
				}
				cpu.report(b)
				runtime.KeepAlive(sink)
			})
		})
	}
}
