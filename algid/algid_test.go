package algid_test

import (
	"crypto"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/internal/wiretest"
)

func TestString(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{algid.SHA256.String(), "TPM_ALG_SHA256"},
		{algid.NULL.String(), "TPM_ALG_NULL"},
		{algid.KDF1_SP800_56A.String(), "TPM_ALG_KDF1_SP800_56A"},
		{algid.ID(0x0099).String(), "TPM_ALG_ID(0x0099)"},
		{algid.ECC_NIST_P256.String(), "TPM_ECC_NIST_P256"},
		{algid.Curve(0x7777).String(), "TPM_ECC_CURVE(0x7777)"},
		{(algid.Hash | algid.Signing).String(), "hash|signing"},
		{algid.Attributes(0x10).String(), "0x00000010"},
	} {
		if tc.got != tc.want {
			t.Errorf("String() = %q, want %q", tc.got, tc.want)
		}
	}
}

func TestAttributesAndDigestSize(t *testing.T) {
	for _, tc := range []struct {
		id    algid.ID
		attrs algid.Attributes
		size  int
	}{
		{algid.RSA, algid.Asymmetric | algid.Object, 0},
		{algid.SHA1, algid.Hash, 20},
		{algid.SHA256, algid.Hash, 32},
		{algid.SHA384, algid.Hash, 48},
		{algid.SHA512, algid.Hash, 64},
		{algid.SM3_256, algid.Hash, 32},
		{algid.SHA3_256, algid.Hash, 32},
		{algid.SHA256_192, algid.Hash, 24},
		{algid.SHAKE256_512, algid.Hash, 64},
		{algid.SHAKE128, algid.Hash, 0}, // an XOF: no digest size
		{algid.KEYEDHASH, algid.Hash | algid.Encrypting | algid.Signing | algid.Object, 0},
		{algid.RSASSA, algid.Asymmetric | algid.Signing, 0},
		{algid.CFB, algid.Symmetric | algid.Encrypting, 0},
		{algid.NULL, 0, 0},
		{algid.ERROR, 0, 0},
		{algid.ID(0x0099), 0, 0},
	} {
		if got := tc.id.Attributes(); got != tc.attrs {
			t.Errorf("%v.Attributes() = %v, want %v", tc.id, got, tc.attrs)
		}
		if got := tc.id.DigestSize(); got != tc.size {
			t.Errorf("%v.DigestSize() = %d, want %d", tc.id, got, tc.size)
		}
	}
}

func TestHashAndDigest(t *testing.T) {
	data := []byte("abc")
	for _, tc := range []struct {
		id   algid.ID
		hash crypto.Hash
		want string // the digest of "abc"
	}{
		{algid.SHA1, crypto.SHA1, "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{algid.SHA256, crypto.SHA256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{algid.SHA384, crypto.SHA384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
		{algid.SHA3_256, crypto.SHA3_256, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"},
		// SHA-256/192: SHA-256 cut to its first 192 bits (NIST SP 800-208).
		{algid.SHA256_192, 0, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9c"},
	} {
		h, ok := tc.id.Hash()
		if ok != (tc.hash != 0) || h != tc.hash {
			t.Errorf("%v.Hash() = %v, %v", tc.id, h, ok)
		}
		d, err := tc.id.AppendDigest([]byte{0xee}, data)
		if err != nil {
			t.Fatalf("%v: %v", tc.id, err)
		}
		if got := hex.EncodeToString(d); got != "ee"+tc.want {
			t.Errorf("%v.AppendDigest = %s, want ee%s", tc.id, got, tc.want)
		}
	}
	if _, err := algid.SM3_256.AppendDigest(nil, data); !errors.Is(err, tpm2wire.ErrUnsupported) {
		t.Errorf("SM3: err = %v, want ErrUnsupported", err)
	}
	if _, ok := algid.SM3_256.Hash(); ok {
		t.Errorf("SM3 has a crypto.Hash")
	}
	buf := make([]byte, 0, 64)
	if wiretest.RaceEnabled {
		return
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = algid.SHA256.AppendDigest(buf[:0], data) }); n != 0 {
		t.Errorf("AppendDigest allocates %v times", n)
	}
}
