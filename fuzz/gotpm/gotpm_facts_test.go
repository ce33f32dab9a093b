package gotpm

import (
	"strings"
	"testing"

	"github.com/google/go-tpm/tpm2"
)

// TestGoTPMNonDisagreements pins go-tpm behaviours that look like
// disagreements but are not, so that they have no class: the harness sees
// the same verdict from both parsers.
func TestGoTPMNonDisagreements(t *testing.T) {
	// A TPM2B_PUBLIC of size 0 (or with no size at all) passes go-tpm's
	// Unmarshal, which only copies the buffer, but its Contents() fails,
	// and the TPM2B_PUBLIC target calls Contents(): both reject.
	for _, in := range [][]byte{{0, 0}, {0, 0, 0xde, 0xad}, {}, {0}} {
		x, err := tpm2.Unmarshal[tpm2.TPM2BPublic](in)
		if err != nil {
			t.Errorf("go-tpm Unmarshal[TPM2BPublic](%x) = %v, want it accepted", in, err)
			continue
		}
		if _, err := x.Contents(); err == nil {
			t.Errorf("go-tpm TPM2BPublic(%x).Contents() accepted", in)
		}
		if r := target2BPublic.run(in); !r.agree() || r.ourErr == nil {
			t.Errorf("TPM2B_PUBLIC %x: want both to reject:\n%v", in, r)
		}
	}

	// A TPMS_ATTEST whose type is not a TPM_ST_ATTEST_* value (other than
	// 0x0010, class null-selector): go-tpm has no union member for it.
	// So is a TDES symmetric definition: go-tpm's TPMU_SYM_DETAILS has no
	// TDES member, and TDES is no TPMI_ALG_SYM_OBJECT in r1.83.
	in := put16(builtAttests()[0].Append(nil), 4, 0x8099)
	tdes := put16(builtPublics()[0].Append(nil), 10, 0x0003)
	for _, c := range []struct {
		tg *target
		in []byte
	}{{targetAttest, in}, {targetPublic, tdes}} {
		r := c.tg.run(c.in)
		if !r.agree() || r.ourErr == nil || !strings.Contains(r.theirErr.Error(), "no union member") {
			t.Errorf("%s %x: want both to reject, go-tpm with no union member:\n%v", c.tg.name, c.in, r)
		}
	}
}
