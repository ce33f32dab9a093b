package fuzz

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/internal/samples"
	"github.com/tpm2wire/tpm2wire/internal/wiretest"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// codec is one Parse function and the encoder that inverts it.
type codec[T any] struct {
	parse  func([]byte) (T, error)
	encode func(T) []byte
}

// check runs c.parse on b and checks the parser contract: a rejection
// returns the zero value and a *tpm2wire.Error that wraps exactly one
// sentinel at an offset inside b; an acceptance encodes back to b byte for
// byte, and parsing that encoding gives an equal value.
func check[T any](t *testing.T, c codec[T], b []byte) (T, error) {
	t.Helper()
	v, err := c.parse(b)
	if err != nil {
		wiretest.CheckError(t, err)
		var e *tpm2wire.Error
		errors.As(err, &e)
		if e.Offset > len(b) {
			t.Fatalf("error %q at offset %d of a %d-byte input", err, e.Offset, len(b))
		}
		if !reflect.ValueOf(&v).Elem().IsZero() {
			var zero T
			t.Fatalf("rejected input %x gave a non-zero value:\n%s", b, cmp.Diff(zero, v, wiretest.AllExported))
		}
		return v, err
	}
	enc := c.encode(v)
	if !bytes.Equal(enc, b) {
		t.Fatalf("accepted input does not re-encode to itself:\n  in %x\n out %x", b, enc)
	}
	v2, err := c.parse(enc)
	if err != nil {
		t.Fatalf("re-encoding %x is rejected: %v", enc, err)
	}
	if !reflect.DeepEqual(v, v2) {
		t.Fatalf("re-parse differs (-first +second):\n%s", cmp.Diff(v, v2, wiretest.AllExported))
	}
	return v, nil
}

// framing checks that a bare Parse function and its TPM2B-framed twin agree
// on b: b is accepted bare exactly when its framing is accepted, with an
// equal value. When both reject, the framed error is a size error of the
// frame itself (empty, over the bound, or larger than its payload), or the
// bare error moved past the 2-byte size, a truncation inside the payload
// becoming a size error (Part 2 §"Sized structures").
func framing[T any](t *testing.T, b []byte, bare, framed codec[T]) {
	t.Helper()
	if len(b) == 0 || len(b) > 0xffff {
		return
	}
	fb := samples.Frame(b)
	v, err := check(t, bare, b)
	fv, ferr := check(t, framed, fb)
	switch {
	case err == nil && ferr == nil:
		if !reflect.DeepEqual(v, fv) {
			t.Fatalf("bare and framed parses differ (-bare +framed):\n%s", cmp.Diff(v, fv, wiretest.AllExported))
		}
		return
	case err == nil:
		t.Fatalf("%x is accepted bare but its framing is rejected: %v", b, ferr)
	case ferr == nil:
		t.Fatalf("%x is rejected bare (%v) but accepted framed", b, err)
	}
	var e, fe *tpm2wire.Error
	errors.As(err, &e)
	errors.As(ferr, &fe)
	if fe.Offset == 0 && fe.Err == tpm2wire.ErrSize {
		return
	}
	want := e.Err
	if want == tpm2wire.ErrTruncated {
		want = tpm2wire.ErrSize
	}
	if fe.Err != want || fe.Offset != e.Offset+2 {
		t.Fatalf("bare error %q and framed error %q disagree", err, ferr)
	}
}

// widens checks that a strict Parse function accepts a subset of what its
// NULL-admitting twin accepts, with equal values.
func widens[T any](t *testing.T, b []byte, strict, null codec[T]) {
	t.Helper()
	v, err := check(t, strict, b)
	nv, nerr := check(t, null, b)
	if err == nil && nerr != nil {
		t.Fatalf("%x is accepted strictly but rejected when NULL is allowed: %v", b, nerr)
	}
	if err == nil {
		if !reflect.DeepEqual(v, nv) {
			t.Fatalf("strict and NULL-admitting parses differ:\n%s", cmp.Diff(v, nv, wiretest.AllExported))
		}
	}
}

var (
	attest       = codec[tpms.Attest]{tpms.ParseAttest, func(v tpms.Attest) []byte { return v.Append(nil) }}
	attest2B     = codec[tpms.Attest]{tpms.Parse2BAttest, func(v tpms.Attest) []byte { return v.Append2B(nil) }}
	public       = codec[tpmt.Public]{tpmt.ParsePublic, func(v tpmt.Public) []byte { return v.Append(nil) }}
	publicNull   = codec[tpmt.Public]{tpmt.ParsePublicAllowNull, public.encode}
	public2B     = codec[tpmt.Public]{tpmt.Parse2BPublic, func(v tpmt.Public) []byte { return v.Append2B(nil) }}
	public2BNull = codec[tpmt.Public]{tpmt.Parse2BPublicAllowNull, public2B.encode}
	signature    = codec[tpmt.Signature]{tpmt.ParseSignature, func(v tpmt.Signature) []byte { return v.Append(nil) }}
	sigNull      = codec[tpmt.Signature]{tpmt.ParseSignatureAllowNull, signature.encode}
	ha           = codec[tpmt.HA]{tpmt.ParseHA, func(v tpmt.HA) []byte { return v.Append(nil) }}
	haNull       = codec[tpmt.HA]{tpmt.ParseHAAllowNull, ha.encode}
	pcrList      = codec[tpms.PCRSelectionList]{tpms.ParsePCRSelectionList, func(v tpms.PCRSelectionList) []byte { return v.Append(nil) }}
	digestList   = codec[tpms.DigestList]{tpms.ParseDigestList, func(v tpms.DigestList) []byte { return v.Append(nil) }}
	digestValues = codec[tpmt.DigestValues]{tpmt.ParseDigestValues, func(v tpmt.DigestValues) []byte { return v.Append(nil) }}
	creation     = codec[tpms.CreationData]{tpms.ParseCreationData, func(v tpms.CreationData) []byte { return v.Append(nil) }}
	creation2B   = codec[tpms.CreationData]{tpms.Parse2BCreationData, func(v tpms.CreationData) []byte { return v.Append2B(nil) }}
	nvPublic     = codec[tpms.NVPublic]{tpms.ParseNVPublic, func(v tpms.NVPublic) []byte { return v.Append(nil) }}
	nvPublic2B   = codec[tpms.NVPublic]{tpms.Parse2BNVPublic, func(v tpms.NVPublic) []byte { return v.Append2B(nil) }}
	eccPoint     = codec[tpms.ECCPoint]{tpms.ParseECCPoint, func(v tpms.ECCPoint) []byte { return v.Append(nil) }}
	eccPoint2B   = codec[tpms.ECCPoint]{tpms.Parse2BECCPoint, func(v tpms.ECCPoint) []byte { return v.Append2B(nil) }}
	tkCreation   = codec[tpmt.TKCreation]{tpmt.ParseTKCreation, func(v tpmt.TKCreation) []byte { return v.Append(nil) }}
	tkVerified   = codec[tpmt.TKVerified]{tpmt.ParseTKVerified, func(v tpmt.TKVerified) []byte { return v.Append(nil) }}
	tkAuth       = codec[tpmt.TKAuth]{tpmt.ParseTKAuth, func(v tpmt.TKAuth) []byte { return v.Append(nil) }}
	tkHashcheck  = codec[tpmt.TKHashcheck]{tpmt.ParseTKHashcheck, func(v tpmt.TKHashcheck) []byte { return v.Append(nil) }}
)

// target is one fuzz target: its own seeds (samples covering every union
// member), the Part 2 types it takes from the reference-TPM corpus, the
// properties every input must have, and its Parse functions, which the
// hostile-input tests count acceptances of and hold to zero allocation.
type target struct {
	name    string
	seeds   func() [][]byte
	corpus  []string
	prop    func(t *testing.T, b []byte)
	parsers []func([]byte) error
}

// accept reports whether any of the target's Parse functions accepts b.
func (tg *target) accept(b []byte) bool {
	for _, p := range tg.parsers {
		if p(b) == nil {
			return true
		}
	}
	return false
}

func parser[T any](c codec[T]) func([]byte) error {
	return func(b []byte) error { _, err := c.parse(b); return err }
}

func parsers(ps ...func([]byte) error) []func([]byte) error { return ps }

var targets = []target{
	{"Attest", samples.Attests, []string{"TPMS_ATTEST"}, propAttest, parsers(parser(attest), parser(attest2B))},
	{"Public", samples.Publics, []string{"TPMT_PUBLIC"}, propPublic, parsers(parser(public), parser(publicNull), parser(public2B), parser(public2BNull))},
	{"Signature", func() [][]byte { return append(samples.Signatures(), samples.NullSignature()) }, []string{"TPMT_SIGNATURE"}, propSignature, parsers(parser(signature), parser(sigNull))},
	{"HA", func() [][]byte { return append(samples.HAs(), []byte{0, 0x10}) }, nil, func(t *testing.T, b []byte) { widens(t, b, ha, haNull) }, parsers(parser(ha), parser(haNull))},
	{"PCRSelectionList", samples.PCRSelectionLists, nil, func(t *testing.T, b []byte) {
		if l, err := check(t, pcrList, b); err == nil {
			countList(t, l.Len(), l.All())
		}
	}, parsers(parser(pcrList))},
	{"DigestList", samples.DigestLists, nil, func(t *testing.T, b []byte) {
		if l, err := check(t, digestList, b); err == nil {
			countList(t, l.Len(), l.All())
		}
	}, parsers(parser(digestList))},
	{"DigestValues", samples.DigestValues, nil, func(t *testing.T, b []byte) {
		if l, err := check(t, digestValues, b); err == nil {
			countList(t, l.Len(), l.All())
		}
	}, parsers(parser(digestValues))},
	{"CreationData", samples.CreationDatas, []string{"TPMS_CREATION_DATA"}, func(t *testing.T, b []byte) {
		framing(t, b, creation, creation2B)
		check(t, creation2B, b)
	}, parsers(parser(creation), parser(creation2B))},
	{"NVPublic", samples.NVPublics, []string{"TPMS_NV_PUBLIC"}, func(t *testing.T, b []byte) {
		framing(t, b, nvPublic, nvPublic2B)
		check(t, nvPublic2B, b)
		if p, err := nvPublic.parse(b); err == nil {
			checkName(t, p.NameAlg, b, p.Name)
		}
	}, parsers(parser(nvPublic), parser(nvPublic2B))},
	{"ECCPoint", samples.ECCPoints, nil, func(t *testing.T, b []byte) {
		framing(t, b, eccPoint, eccPoint2B)
		check(t, eccPoint2B, b)
	}, parsers(parser(eccPoint), parser(eccPoint2B))},
	// The four TPMT_TK_* parsers share a target: they differ only in the tag
	// each requires.
	{"Ticket", func() [][]byte {
		var out [][]byte
		for _, name := range sortedKeys(samples.Tickets()) {
			out = append(out, samples.Tickets()[name]...)
		}
		return out
	}, []string{"TPMT_TK_CREATION", "TPMT_TK_VERIFIED", "TPMT_TK_AUTH", "TPMT_TK_HASHCHECK"}, func(t *testing.T, b []byte) {
		check(t, tkCreation, b)
		check(t, tkVerified, b)
		check(t, tkAuth, b)
		check(t, tkHashcheck, b)
	}, parsers(parser(tkCreation), parser(tkVerified), parser(tkAuth), parser(tkHashcheck))},
}

func propAttest(t *testing.T, b []byte) {
	framing(t, b, attest, attest2B)
	check(t, attest2B, b)
	if a, err := attest.parse(b); err == nil {
		if q, ok := a.Attested.Quote(); ok {
			countList(t, q.PCRSelect.Len(), q.PCRSelect.All())
		}
	}
}

func propPublic(t *testing.T, b []byte) {
	widens(t, b, public, publicNull)
	widens(t, b, public2B, public2BNull)
	framing(t, b, public, public2B)
	framing(t, b, publicNull, public2BNull)
	if p, err := publicNull.parse(b); err == nil {
		checkName(t, p.NameAlg, b, p.Name)
		checkKey(t, &p)
	}
	if len(b) >= 2 {
		if p, err := public2BNull.parse(b); err == nil {
			checkName(t, p.NameAlg, b[2:], p.Name)
		}
	}
}

func propSignature(t *testing.T, b []byte) {
	widens(t, b, signature, sigNull)
	if s, err := sigNull.parse(b); err == nil {
		// Verify must refuse, not panic, whatever the signature holds.
		for _, key := range []any{nil, testRSAKey, testECKey} {
			if err := s.Verify(key, b); !errors.Is(err, tpm2wire.ErrSignature) {
				t.Fatalf("Verify(%T) of a fuzzed signature = %v, want ErrSignature", key, err)
			}
		}
	}
}

func fuzzTarget(f *testing.F, name string) {
	i := slices.IndexFunc(targets, func(t target) bool { return t.name == name })
	for _, b := range slices.Concat(targets[i].seeds(), corpusSeeds(targets[i].corpus...)) {
		f.Add(b)
	}
	f.Fuzz(targets[i].prop)
}

func FuzzAttest(f *testing.F)           { fuzzTarget(f, "Attest") }
func FuzzPublic(f *testing.F)           { fuzzTarget(f, "Public") }
func FuzzSignature(f *testing.F)        { fuzzTarget(f, "Signature") }
func FuzzHA(f *testing.F)               { fuzzTarget(f, "HA") }
func FuzzPCRSelectionList(f *testing.F) { fuzzTarget(f, "PCRSelectionList") }
func FuzzDigestList(f *testing.F)       { fuzzTarget(f, "DigestList") }
func FuzzDigestValues(f *testing.F)     { fuzzTarget(f, "DigestValues") }
func FuzzCreationData(f *testing.F)     { fuzzTarget(f, "CreationData") }
func FuzzNVPublic(f *testing.F)         { fuzzTarget(f, "NVPublic") }
func FuzzECCPoint(f *testing.F)         { fuzzTarget(f, "ECCPoint") }
func FuzzTicket(f *testing.F)           { fuzzTarget(f, "Ticket") }
