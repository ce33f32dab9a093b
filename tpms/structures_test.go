package tpms_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/internal/wiretest"
	"github.com/tpm2wire/tpm2wire/tpm2b"
	"github.com/tpm2wire/tpm2wire/tpms"
)

var sha256Name = tpm2b.Name(h(`000b` + "4444444444444444444444444444444444444444444444444444444444444444"))

func pcrs() tpms.PCRSelectionList {
	return tpms.NewPCRSelectionList(
		tpms.PCRSelection{Hash: algid.SHA256, PCRSelect: h(`ff0000`)},
		tpms.PCRSelection{Hash: algid.SHA1, PCRSelect: h(`010000`)},
	)
}

// Every member of TPMU_ATTEST, built with the encoders, parses back strictly.
func TestAttestArms(t *testing.T) {
	arms := map[string]struct {
		u    tpms.Attested
		want tpms.ST
	}{
		"certify":      {tpms.AttestedCertify(tpms.CertifyInfo{Name: sha256Name, QualifiedName: sha256Name}), tpms.ST_ATTEST_CERTIFY},
		"creation":     {tpms.AttestedCreation(tpms.CreationInfo{ObjectName: sha256Name, CreationHash: h(`55`)}), tpms.ST_ATTEST_CREATION},
		"quote":        {tpms.AttestedQuote(tpms.QuoteInfo{PCRSelect: pcrs(), PCRDigest: bytes.Repeat([]byte{6}, 32)}), tpms.ST_ATTEST_QUOTE},
		"commandAudit": {tpms.AttestedCommandAudit(tpms.CommandAuditInfo{AuditCounter: 3, DigestAlg: algid.SHA384, AuditDigest: h(`77`), CommandDigest: h(`88`)}), tpms.ST_ATTEST_COMMAND_AUDIT},
		"sessionAudit": {tpms.AttestedSessionAudit(tpms.SessionAuditInfo{ExclusiveSession: true, SessionDigest: h(`99`)}), tpms.ST_ATTEST_SESSION_AUDIT},
		"time":         {tpms.AttestedTime(tpms.TimeAttestInfo{Time: tpms.TimeInfo{Time: 1, ClockInfo: tpms.ClockInfo{Clock: 2, Safe: false}}, FirmwareVersion: 3}), tpms.ST_ATTEST_TIME},
		"nv":           {tpms.AttestedNV(tpms.NVCertifyInfo{IndexName: sha256Name, Offset: 4, NVContents: h(`abcdef`)}), tpms.ST_ATTEST_NV},
		"nvDigest":     {tpms.AttestedNVDigest(tpms.NVDigestCertifyInfo{IndexName: sha256Name, NVDigest: h(`aa`)}), tpms.ST_ATTEST_NV_DIGEST},
	}
	for name, arm := range arms {
		t.Run(name, func(t *testing.T) {
			a := certify()
			a.Attested = arm.u
			got := wiretest.Strict(t, a.Append(nil), tpms.ParseAttest, enc)
			if got.Type() != arm.want {
				t.Errorf("Type() = %v, want %v", got.Type(), arm.want)
			}
			if d := cmp.Diff(a, got, wiretest.AllExported); d != "" {
				t.Errorf("parsed value differs from the encoded one (-want +got):\n%s", d)
			}
		})
	}
}

func TestPCRSelectionList(t *testing.T) {
	l := pcrs()
	b := l.Append(nil)
	if want := h(`00000002 000b 03 ff0000 0004 03 010000`); !bytes.Equal(b, want) {
		t.Fatalf("Append = %x, want %x", b, want)
	}
	got := wiretest.Strict(t, b, tpms.ParsePCRSelectionList, func(l tpms.PCRSelectionList) []byte { return l.Append(nil) })
	want := []tpms.PCRSelection{{Hash: algid.SHA256, PCRSelect: h(`ff0000`)}, {Hash: algid.SHA1, PCRSelect: h(`010000`)}}
	if d := cmp.Diff(want, slices.Collect(got.All())); d != "" {
		t.Errorf("All (-want +got):\n%s", d)
	}
	if got.Len() != 2 {
		t.Errorf("Len = %d, want 2", got.Len())
	}
	// Iterating allocates nothing either.
	if !wiretest.RaceEnabled {
		if n := testing.AllocsPerRun(100, func() {
			for e := range got.All() {
				_ = e
			}
		}); n != 0 {
			t.Errorf("All allocates %v times", n)
		}
	}
	// An empty list is allowed ("a value of zero is allowed").
	wiretest.Strict(t, h(`00000000`), tpms.ParsePCRSelectionList, func(l tpms.PCRSelectionList) []byte { return l.Append(nil) })

	for _, tc := range []struct {
		name       string
		b          []byte
		err        error
		typ, field string
		off        int
	}{
		{"count over HASH_COUNT", h(`00000011`), tpm2wire.ErrSize, "TPML_PCR_SELECTION", "count", 0},
		{"count of 2^32-1", h(`ffffffff`), tpm2wire.ErrSize, "TPML_PCR_SELECTION", "count", 0},
		{"hash NULL", h(`00000001 0010 03 ffffff`), tpm2wire.ErrHash, "TPMS_PCR_SELECTION", "hash", 4},
		{"hash unknown", h(`00000001 0099 03 ffffff`), tpm2wire.ErrHash, "TPMS_PCR_SELECTION", "hash", 4},
		{"sizeofSelect over PCR_SELECT_MAX", h(`00000001 000b 05 ffffffffff`), tpm2wire.ErrValue, "TPMS_PCR_SELECTION", "sizeofSelect", 6},
		{"count says more than there is", h(`00000002 000b 03 ffffff`), tpm2wire.ErrTruncated, "TPMS_PCR_SELECTION", "hash", 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tpms.ParsePCRSelectionList(tc.b)
			wiretest.WantError(t, err, tc.err, tc.typ, tc.field, tc.off)
		})
	}
}

func TestDigestList(t *testing.T) {
	l := tpms.NewDigestList(h(`01`), h(`0202`))
	b := l.Append(nil)
	if want := h(`00000002 0001 01 0002 0202`); !bytes.Equal(b, want) {
		t.Fatalf("Append = %x, want %x", b, want)
	}
	got := wiretest.Strict(t, b, tpms.ParseDigestList, func(l tpms.DigestList) []byte { return l.Append(nil) })
	if d := cmp.Diff([]tpm2b.Digest{h(`01`), h(`0202`)}, slices.Collect(got.All())); d != "" {
		t.Errorf("All (-want +got):\n%s", d)
	}
	// Part 2: count {2:} with at most 8 digests (TPM2_PolicyOR).
	for _, tc := range []struct {
		name string
		b    []byte
		off  int
	}{
		{"one digest", h(`00000001 0001 01`), 0},
		{"nine digests", h(`00000009`), 0},
	} {
		_, err := tpms.ParseDigestList(tc.b)
		wiretest.WantError(t, err, tpm2wire.ErrSize, "TPML_DIGEST", "count", tc.off)
	}
	// A digest over 64 bytes.
	_, err := tpms.ParseDigestList(append(h(`00000002 0041`), make([]byte, 0x41+3)...))
	wiretest.WantError(t, err, tpm2wire.ErrSize, "TPML_DIGEST", "digests", 4)
}

func TestECCPoint(t *testing.T) {
	p := tpms.ECCPoint{X: h(`0102`), Y: h(`030405`)}
	b := p.Append(nil)
	if want := h(`0002 0102 0003 030405`); !bytes.Equal(b, want) {
		t.Fatalf("Append = %x, want %x", b, want)
	}
	wiretest.Strict(t, b, tpms.ParseECCPoint, func(p tpms.ECCPoint) []byte { return p.Append(nil) })
	b2 := p.Append2B(nil)
	if want := h(`0009 0002 0102 0003 030405`); !bytes.Equal(b2, want) {
		t.Fatalf("Append2B = %x, want %x", b2, want)
	}
	wiretest.Strict(t, b2, tpms.Parse2BECCPoint, func(p tpms.ECCPoint) []byte { return p.Append2B(nil) })
	// MAX_ECC_KEY_BYTES is 80 (BN P638).
	_, err := tpms.ParseECCPoint(append(h(`0051`), make([]byte, 0x51+2)...))
	wiretest.WantError(t, err, tpm2wire.ErrSize, "TPMS_ECC_POINT", "x", 0)
	// TPM2B_ECC_POINT is a sized structure: size 0 and a size that
	// differs from the point's are errors.
	_, err = tpms.Parse2BECCPoint(h(`0000`))
	wiretest.WantError(t, err, tpm2wire.ErrSize, "TPM2B_ECC_POINT", "size", 0)
	_, err = tpms.Parse2BECCPoint(h(`000a 0002 0102 0003 030405 00`))
	wiretest.WantError(t, err, tpm2wire.ErrSize, "TPM2B_ECC_POINT", "size", 0)
}

func nvPublic() tpms.NVPublic {
	return tpms.NVPublic{
		NVIndex:    0x01c00002,
		NameAlg:    algid.SHA256,
		Attributes: tpms.NV_AUTHREAD | tpms.NV_AUTHWRITE | tpms.NV_WRITTEN | tpms.NVAttributes(tpms.NT_COUNTER)<<tpms.NV_TPM_NT_SHIFT,
		AuthPolicy: h(`aabb`),
		DataSize:   8,
	}
}

func TestNVPublic(t *testing.T) {
	p := nvPublic()
	b := p.Append(nil)
	if want := h(`01c00002 000b 20040014 0002 aabb 0008`); !bytes.Equal(b, want) {
		t.Fatalf("Append = %x, want %x", b, want)
	}
	got := wiretest.Strict(t, b, tpms.ParseNVPublic, func(p tpms.NVPublic) []byte { return p.Append(nil) })
	if !bytes.Equal(got.Raw, b) {
		t.Errorf("Raw = %x, want the input %x", got.Raw, b)
	}
	if s := got.Attributes.String(); s != "TPMA_NV_AUTHWRITE|TPM_NT=0x1|TPMA_NV_AUTHREAD|TPMA_NV_WRITTEN" {
		t.Errorf("Attributes.String() = %q", s)
	}
	wiretest.Strict(t, p.Append2B(nil), tpms.Parse2BNVPublic, func(p tpms.NVPublic) []byte { return p.Append2B(nil) })

	for _, tc := range []struct {
		name  string
		b     []byte
		err   error
		field string
		off   int
	}{
		{"nvIndex not an NV Index", wiretest.Patch(b, 0, 0x81), tpm2wire.ErrValue, "nvIndex", 0},
		{"nameAlg NULL", wiretest.Patch(b, 4, 0x00, 0x10), tpm2wire.ErrHash, "nameAlg", 4},
		{"reserved attribute bit 8", wiretest.Patch(b, 6, 0x20, 0x04, 0x01, 0x14), tpm2wire.ErrReservedBits, "attributes", 6},
		{"reserved attribute bit 20", wiretest.Patch(b, 6, 0x20, 0x14, 0x00, 0x14), tpm2wire.ErrReservedBits, "attributes", 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tpms.ParseNVPublic(tc.b)
			wiretest.WantError(t, err, tc.err, "TPMS_NV_PUBLIC", tc.field, tc.off)
		})
	}
}

func TestNVPublicName(t *testing.T) {
	p := nvPublic()
	b := p.Append(nil)
	got, err := tpms.ParseNVPublic(b)
	if err != nil {
		t.Fatal(err)
	}
	name, err := got.AppendName(nil)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := algid.SHA256.AppendDigest(nil, b)
	if want := append(h(`000b`), d...); !bytes.Equal(name, want) {
		t.Errorf("AppendName = %x, want %x", name, want)
	}
}

func TestCreationData(t *testing.T) {
	c := tpms.CreationData{
		PCRSelect:           pcrs(),
		PCRDigest:           h(`01`),
		Locality:            tpms.LOC_ZERO | tpms.LOC_THREE,
		ParentNameAlg:       algid.SHA256,
		ParentName:          sha256Name,
		ParentQualifiedName: h(`40000001`),
		OutsideInfo:         h(`0203`),
	}
	b := c.Append(nil)
	got := wiretest.Strict(t, b, tpms.ParseCreationData, func(c tpms.CreationData) []byte { return c.Append(nil) })
	if d := cmp.Diff(c, got, wiretest.AllExported); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	wiretest.Strict(t, c.Append2B(nil), tpms.Parse2BCreationData, func(c tpms.CreationData) []byte { return c.Append2B(nil) })
}
