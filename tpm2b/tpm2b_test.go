package tpm2b_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/internal/wiretest"
	"github.com/tpm2wire/tpm2wire/tpm2b"
	"golang.org/x/crypto/cryptobyte"
)

var h = wiretest.Hex

func TestDigestDecode(t *testing.T) {
	s := cryptobyte.String(h(`0002 abcd ee`))
	var d tpm2b.Digest
	if err := d.Decode(&s); err != nil || !bytes.Equal(d, h(`abcd`)) || !bytes.Equal(s, h(`ee`)) {
		t.Fatalf("Decode = %x, %v, rest %x", d, err, []byte(s))
	}
	// The result is capped: appending to it cannot overwrite the input.
	if cap(d) != 2 {
		t.Errorf("cap = %d, want 2", cap(d))
	}
	if got := d.Append(nil); !bytes.Equal(got, h(`0002 abcd`)) {
		t.Errorf("Append = %x", got)
	}
	// Size 0 reads as nil; the bound is sizeof(TPMU_HA) = 64.
	s = cryptobyte.String(h(`0000`))
	if err := d.Decode(&s); err != nil || d != nil {
		t.Errorf("empty: %x, %v", d, err)
	}
	s = cryptobyte.String(append(h(`0041`), make([]byte, 0x41)...))
	err := d.Decode(&s)
	wiretest.WantError(t, err, tpm2wire.ErrSize, "TPM2B_DIGEST", "size", 0)
	if d != nil {
		t.Errorf("failed Decode left %x", d)
	}
	s = cryptobyte.String(h(`0003 abcd`))
	wiretest.WantError(t, d.Decode(&s), tpm2wire.ErrTruncated, "TPM2B_DIGEST", "buffer", 2)
	if tpm2b.DigestMaxSize != 64 || tpm2b.DataMaxSize != 66 || tpm2b.NameMaxSize != 66 || tpm2b.PublicKeyRSAMaxSize != 2048 || tpm2b.ECCParameterMaxSize != 80 {
		t.Errorf("bounds %d %d %d %d %d", tpm2b.DigestMaxSize, tpm2b.DataMaxSize, tpm2b.NameMaxSize, tpm2b.PublicKeyRSAMaxSize, tpm2b.ECCParameterMaxSize)
	}
}

func TestNameForms(t *testing.T) {
	sha1 := append(h(`0004`), make([]byte, 20)...)
	for _, tc := range []struct {
		name string
		in   []byte
		err  error
	}{
		{"empty", nil, nil},
		{"handle", h(`40000007`), nil},
		{"SHA-1 digest", sha1, nil},
		{"one byte", h(`00`), tpm2wire.ErrSize},
		{"SHA-1 digest one byte short", sha1[:21], tpm2wire.ErrSize},
		{"unknown nameAlg", h(`0099 0000 00`), tpm2wire.ErrHash},
		{"NULL nameAlg", h(`0010 0000 00`), tpm2wire.ErrHash},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := cryptobyte.String(tpm2b.Name(tc.in).Append(nil))
			var n tpm2b.Name
			err := n.Decode(&s)
			if tc.err == nil {
				if err != nil || !bytes.Equal(n, tc.in) {
					t.Fatalf("Decode = %x, %v", n, err)
				}
				return
			}
			wiretest.CheckError(t, err)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
		})
	}
	n := tpm2b.Name(sha1)
	if alg, d, ok := n.Digest(); !ok || alg != algid.SHA1 || len(d) != 20 {
		t.Errorf("Digest() = %v, %x, %v", alg, d, ok)
	}
	if _, ok := n.Handle(); ok {
		t.Errorf("a digest Name is a handle")
	}
	if _, _, ok := tpm2b.Name(h(`40000001`)).Digest(); ok {
		t.Errorf("a handle is a digest Name")
	}
}

func TestAppendName(t *testing.T) {
	got, err := tpm2b.AppendName(nil, algid.SHA256, []byte("abc"))
	want := h(`000b ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad`)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("AppendName = %x, %v", got, err)
	}
	if got, err := tpm2b.AppendName(nil, algid.NULL, []byte("abc")); err != nil || len(got) != 0 {
		t.Errorf("NULL nameAlg: %x, %v", got, err)
	}
}
