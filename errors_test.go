package tpm2wire_test

import (
	"errors"
	"testing"

	"github.com/tpm2wire/tpm2wire"
)

func TestErrorMessageAndUnwrap(t *testing.T) {
	err := error(&tpm2wire.Error{Type: "TPMT_PUBLIC", Field: "nameAlg", Offset: 2, Err: tpm2wire.ErrHash, Detail: "value 0x0099"})
	want := "tpm2wire: TPMT_PUBLIC.nameAlg at offset 2: hash algorithm not allowed (TPM_RC_HASH): value 0x0099"
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	if !errors.Is(err, tpm2wire.ErrHash) || errors.Is(err, tpm2wire.ErrValue) {
		t.Errorf("errors.Is does not see exactly ErrHash through *Error")
	}
	trailing := &tpm2wire.Error{Type: "TPMS_ATTEST", Offset: 161, Err: tpm2wire.ErrTrailingData}
	if got := trailing.Error(); got != "tpm2wire: TPMS_ATTEST at offset 161: bytes follow the end of the structure" {
		t.Errorf("Error() without field = %q", got)
	}
}

func TestSentinelsAreDistinct(t *testing.T) {
	s := tpm2wire.Sentinels()
	if len(s) != 15 {
		t.Fatalf("%d sentinels, want 15", len(s))
	}
	for i := range s {
		for j := range s {
			if (i == j) != errors.Is(s[i], s[j]) {
				t.Errorf("errors.Is(%v, %v) = %v", s[i], s[j], i != j)
			}
		}
	}
}
