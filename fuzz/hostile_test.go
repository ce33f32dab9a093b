package fuzz

import (
	"bytes"
	"math/bits"
	"slices"
	"testing"

	"github.com/tpm2wire/tpm2wire/internal/wiretest"
	"github.com/tpm2wire/tpm2wire/tpm2b"
)

// mutations calls yield with systematic corruptions of a valid encoding b:
//   - every strict prefix;
//   - each of the first 16 bytes (where the top-level selectors and
//     attributes live) replaced by each of its 255 other values, each of
//     the first 64 bytes with every single bit flipped, and every byte by
//     the boundary values 0, 1, 0x7f, 0x80, 0xfe, 0xff and its neighbours;
//   - every byte deleted, and a zero byte inserted at every position;
//   - every 16-bit window (where sizes, counts and selectors live) set to
//     0, 1, the remaining length and one more, every TPM2B bound and one
//     more, 0x7fff, 0x8000 and 0xffff.
//
// The buffer passed to yield is reused.
func mutations(b []byte, yield func([]byte)) {
	buf := make([]byte, 0, len(b)+1)
	for n := range len(b) {
		yield(b[:n])
	}
	for i := range b {
		buf = append(buf[:0], b...)
		for v := range 256 {
			if byte(v) != b[i] && (i < 16 || i < 64 && bits.OnesCount8(byte(v)^b[i]) == 1 || boundary(byte(v), b[i])) {
				buf[i] = byte(v)
				yield(buf)
			}
		}
		yield(append(append(buf[:0], b[:i]...), b[i+1:]...))
		yield(append(append(append(buf[:0], b[:i]...), 0), b[i:]...))
	}
	for i := 0; i+2 <= len(b); i++ {
		rest := len(b) - i - 2
		for _, v := range append([]int{0, 1, rest, rest + 1, 0x7fff, 0x8000, 0xffff}, sizeBounds...) {
			buf = append(buf[:0], b...)
			buf[i], buf[i+1] = byte(v>>8), byte(v)
			if !bytes.Equal(buf, b) {
				yield(buf)
			}
		}
	}
}

// sizeBounds are the TPM2B bounds of Part 2 (Table "Definition of Types
// for Buffers" and the sized structures) and one more than each.
var sizeBounds = []int{
	tpm2b.DigestMaxSize, tpm2b.DigestMaxSize + 1,
	tpm2b.DataMaxSize, tpm2b.DataMaxSize + 1,
	tpm2b.NameMaxSize, tpm2b.NameMaxSize + 1,
	tpm2b.ECCParameterMaxSize, tpm2b.ECCParameterMaxSize + 1,
	tpm2b.PublicKeyRSAMaxSize, tpm2b.PublicKeyRSAMaxSize + 1,
	tpm2b.MaxNVBufferMaxSize, tpm2b.MaxNVBufferMaxSize + 1,
	2287, 2288, // TPM2B_ATTEST: sizeof(TPMS_ATTEST)
}

func boundary(v, orig byte) bool {
	switch v {
	case 0, 1, 0x7f, 0x80, 0xfe, 0xff, orig + 1, orig - 1, orig ^ 1, orig ^ 0x80:
		return true
	}
	return false
}

// TestHostileInputs runs every fuzz target's properties on the systematic
// corruptions of every seed, so that each `go test` exercises what a short
// fuzzing campaign would: nothing panics, every rejection is a typed error
// with the zero value, every acceptance round-trips exactly. With -short it
// takes the first seed of each target only.
func TestHostileInputs(t *testing.T) {
	for _, tg := range targets {
		tg := &tg
		t.Run(tg.name, func(t *testing.T) {
			// The samples cover every union member; a few corpus entries
			// add what a real TPM writes. Mutating all of them would add
			// minutes and little coverage: the fuzz targets take them all.
			seeds := tg.seeds()
			if c := corpusSeeds(tg.corpus...); len(c) > 0 {
				seeds = append(seeds, c[:min(len(c), 3)]...)
			}
			if testing.Short() {
				seeds = seeds[:1]
			}
			var total, accepted int
			for _, seed := range seeds {
				if !tg.accept(seed) {
					t.Fatalf("seed %x is not valid", seed)
				}
				mutations(seed, func(b []byte) {
					total++
					if tg.accept(b) {
						accepted++
					}
					tg.prop(t, b)
				})
			}
			t.Logf("%d seeds, %d corrupted inputs: %d rejected, %d accepted (each re-encodes exactly)", len(seeds), total, total-accepted, accepted)
		})
	}
}

// TestSeedsAllocateNothing checks the zero-allocation promise on every seed
// of every parser target, the whole reference-TPM corpus included (the root
// package's test covers one input per Parse function).
func TestSeedsAllocateNothing(t *testing.T) {
	if wiretest.RaceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, tg := range targets {
		for _, seed := range slices.Concat(tg.seeds(), corpusSeeds(tg.corpus...)) {
			for i, parse := range tg.parsers {
				if parse(seed) != nil {
					continue
				}
				if n := testing.AllocsPerRun(20, func() { _ = parse(seed) }); n != 0 {
					t.Errorf("%s: Parse function %d allocates %v times on %x", tg.name, i, n, seed)
				}
			}
		}
	}
}
