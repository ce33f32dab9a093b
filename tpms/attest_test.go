package tpms_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/internal/wiretest"
	"github.com/tpm2wire/tpm2wire/tpm2b"
	"github.com/tpm2wire/tpm2wire/tpms"
)

var (
	h   = wiretest.Hex
	enc = func(a tpms.Attest) []byte { return a.Append(nil) }
)

// The certInfo of a real Windows Hello attestation (Intel PTT, RS1), from
// kanidm/webauthn-rs; every value below was read off the hex dump of
// testdata/structures/webauthn-rs-winhello-rs1-intc/certInfo.
func TestParseAttestWindowsHelloIntel(t *testing.T) {
	b := wiretest.Vector(t, "webauthn-rs-winhello-rs1-intc", "certInfo")
	got := wiretest.Strict(t, b, tpms.ParseAttest, enc)
	want := tpms.Attest{
		QualifiedSigner: h(`000bae4a984601 57bf9c604ab1dd2584060865237cd855ad55c37389c2f7913d5228`),
		ExtraData:       h(`ea62903192 27632f2c5273304028 98e0e32a3f85`),
		ClockInfo: tpms.ClockInfo{
			Clock:        0x00000002dbd78926,
			ResetCount:   0xbb6ab708,
			RestartCount: 0x64916ac8,
			Safe:         true,
		},
		FirmwareVersion: 0x5605dc5176ea838d,
		Attested: tpms.AttestedCertify(tpms.CertifyInfo{
			Name:          h(`000bef3570fffd0cbda810fd0a956c071fd48f15990707996349cd615a6eb67804fa`),
			QualifiedName: h(`000bf948e054106093c5a7c36eb54dcf931022408bb978bec4d1d51d01884cebdff7`),
		}),
	}
	if d := cmp.Diff(want, got, wiretest.AllExported); d != "" {
		t.Errorf("ParseAttest (-want +got):\n%s", d)
	}
	if got.Type() != tpms.ST_ATTEST_CERTIFY {
		t.Errorf("Type() = %v, want TPM_ST_ATTEST_CERTIFY", got.Type())
	}
	if _, ok := got.Attested.Quote(); ok {
		t.Errorf("Quote() reports a quote in a certify attestation")
	}
}

// The certInfo of a real Windows Hello attestation on a Nuvoton TPM with an
// ECC credential, from go-webauthn.
func TestParseAttestWindowsHelloNuvoton(t *testing.T) {
	b := wiretest.Vector(t, "go-webauthn-winhello-ecc-p256", "certInfo")
	got := wiretest.Strict(t, b, tpms.ParseAttest, enc)
	c, ok := got.Attested.Certify()
	if !ok {
		t.Fatalf("not a certify attestation: %v", got.Type())
	}
	want := tpms.CertifyInfo{
		Name:          h(`000b914f4626522738d830d9c0cfdcc5b4ceb6a39ec5270bfc17980d11c8a8aa11f0`),
		QualifiedName: h(`000b2557c6ad706610eca93a9d62beef414509defc1656b94dd1942fe471671ea59d`),
	}
	if d := cmp.Diff(want, c); d != "" {
		t.Errorf("certify info (-want +got):\n%s", d)
	}
	if want := h(`b4c2270f75ad1927561cf5a28ccad6fd37d8a3e8`); !cmp.Equal(tpm2b.Data(want), got.ExtraData) {
		t.Errorf("extraData = %x, want %x", got.ExtraData, want)
	}
}

// Every shared vector's certInfo either parses strictly or is rejected for
// the reason its provenance gives.
func TestParseAttestVectors(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		at   string
		off  int
	}{
		{name: "go-webauthn-fidotool-rsa-sha1"},
		{name: "go-webauthn-fidotool-rsa-sha256"},
		{name: "go-webauthn-winhello-ecc-p256"},
		{name: "py_webauthn-surface-pro-4-intc"},
		{name: "simplewebauthn-NEG-aaguid-ext-mismatch"},
		{name: "simplewebauthn-aaguid-ext-match"},
		{name: "simplewebauthn-rs256-dontneeda-1"},
		{name: "simplewebauthn-san-spec-compliant"},
		{name: "webauthn-rs-winhello-rs1-intc"},
		// Software-made vectors whose clockInfo.safe is 0x33: TPMI_YES_NO
		// is 0 or 1 (the reference TPM returns TPM_RC_VALUE).
		{name: "w3c-spec-tpm-es256", err: tpm2wire.ErrValue, at: "safe", off: 58},
		{name: "java-synthetic-es256", err: tpm2wire.ErrValue, at: "safe", off: 58},
		{name: "java-synthetic-rs256", err: tpm2wire.ErrValue, at: "safe", off: 58},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := wiretest.Vector(t, tc.name, "certInfo")
			if tc.err == nil {
				wiretest.Strict(t, b, tpms.ParseAttest, enc)
				return
			}
			_, err := tpms.ParseAttest(b)
			wiretest.WantError(t, err, tc.err, "TPMS_CLOCK_INFO", tc.at, tc.off)
		})
	}
}

// certify builds a certify attestation in Go, with the encoders.
func certify() tpms.Attest {
	return tpms.Attest{
		QualifiedSigner: h(`000b` + "11111111111111111111111111111111" + "11111111111111111111111111111111"),
		ExtraData:       h(`2222`),
		ClockInfo:       tpms.ClockInfo{Clock: 7, ResetCount: 1, RestartCount: 2, Safe: true},
		FirmwareVersion: 9,
		Attested: tpms.AttestedCertify(tpms.CertifyInfo{
			Name:          h(`0004` + "3333333333333333333333333333333333333333"),
			QualifiedName: h(`40000007`),
		}),
	}
}

func TestParseAttestRejects(t *testing.T) {
	good := certify()
	b := good.Append(nil)
	wiretest.Strict(t, b, tpms.ParseAttest, enc)
	// Offsets: magic 0, type 4, qualifiedSigner 6 (2+34), extraData 42
	// (2+2), clockInfo 46 (17: safe at 62), firmwareVersion 63, certify.name
	// 71 (2+22), certify.qualifiedName 95 (2+4).
	for _, tc := range []struct {
		name       string
		b          []byte
		err        error
		typ, field string
		off        int
	}{
		{"bad magic", wiretest.Patch(b, 0, 0xff, 0x54, 0x43, 0x48), tpm2wire.ErrMagic, "TPMS_ATTEST", "magic", 0},
		{"magic zero", wiretest.Patch(b, 0, 0, 0, 0, 0), tpm2wire.ErrMagic, "TPMS_ATTEST", "magic", 0},
		{"type not a TPMI_ST_ATTEST", wiretest.Patch(b, 4, 0x80, 0x99), tpm2wire.ErrValue, "TPMS_ATTEST", "type", 4},
		{"type 0x801B, the withdrawn TPM_ST_ATTEST_NV", wiretest.Patch(b, 4, 0x80, 0x1b), tpm2wire.ErrValue, "TPMS_ATTEST", "type", 4},
		{"type a ticket tag", wiretest.Patch(b, 4, 0x80, 0x21), tpm2wire.ErrValue, "TPMS_ATTEST", "type", 4},
		{"qualifiedSigner over its bound", wiretest.Patch(b, 6, 0x00, 0x43), tpm2wire.ErrSize, "TPMS_ATTEST", "qualifiedSigner", 6},
		{"qualifiedSigner nameAlg not a hash", wiretest.Patch(b, 8, 0x00, 0x01), tpm2wire.ErrHash, "TPMS_ATTEST", "qualifiedSigner", 8},
		{"qualifiedSigner NULL nameAlg", wiretest.Patch(b, 8, 0x00, 0x10), tpm2wire.ErrHash, "TPMS_ATTEST", "qualifiedSigner", 8},
		{"qualifiedSigner size fits not its nameAlg", wiretest.Patch(b, 8, 0x00, 0x04), tpm2wire.ErrSize, "TPMS_ATTEST", "qualifiedSigner", 6},
		{"extraData over its bound of 66", wiretest.Patch(b, 42, 0x00, 0x43), tpm2wire.ErrSize, "TPMS_ATTEST", "extraData", 42},
		{"extraData runs past the end", wiretest.Patch(b, 42, 0x01, 0x00), tpm2wire.ErrSize, "TPMS_ATTEST", "extraData", 42},
		{"safe is 2", wiretest.Patch(b, 62, 2), tpm2wire.ErrValue, "TPMS_CLOCK_INFO", "safe", 62},
		{"certify name of 3 bytes", wiretest.Patch(b, 71, 0x00, 0x03), tpm2wire.ErrSize, "TPMS_CERTIFY_INFO", "name", 71},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tpms.ParseAttest(tc.b)
			wiretest.WantError(t, err, tc.err, tc.typ, tc.field, tc.off)
			if d := cmp.Diff(tpms.Attest{}, got, wiretest.AllExported); d != "" {
				t.Errorf("result is not the zero value:\n%s", d)
			}
		})
	}
}

// A Name of exactly 4 bytes is a handle (qualifiedSigner of a NULL-key
// attestation), and an empty Name is allowed: Part 2 TPMU_NAME.
func TestAttestNameForms(t *testing.T) {
	a := certify()
	a.QualifiedSigner = h(`40000007`)
	a.ExtraData = nil
	wiretest.Strict(t, a.Append(nil), tpms.ParseAttest, enc)
	a.QualifiedSigner = tpm2b.Name{}
	wiretest.Strict(t, a.Append(nil), tpms.ParseAttest, enc)
	if hd, ok := tpm2b.Name(h(`40000007`)).Handle(); !ok || hd != 0x40000007 {
		t.Errorf("Handle() = %#x, %v; want 0x40000007, true", hd, ok)
	}
}

func TestParse2BAttest(t *testing.T) {
	a := certify()
	inner := a.Append(nil)
	b := a.Append2B(nil)
	if got, want := len(b), 2+len(inner); got != want || int(b[0])<<8|int(b[1]) != len(inner) {
		t.Fatalf("Append2B: %d bytes with size %d, want %d with size %d", got, int(b[0])<<8|int(b[1]), want, len(inner))
	}
	wiretest.Strict(t, b, tpms.Parse2BAttest, func(a tpms.Attest) []byte { return a.Append2B(nil) })
	// The size must match what the TPMS_ATTEST holds.
	long := append(wiretest.Patch(b, 0, byte((len(inner)+1)>>8), byte(len(inner)+1)), 0)
	_, err := tpms.Parse2BAttest(long)
	wiretest.WantError(t, err, tpm2wire.ErrSize, "TPM2B_ATTEST", "size", 0)
	short := wiretest.Patch(b, 0, byte((len(inner)-1)>>8), byte(len(inner)-1))
	_, err = tpms.Parse2BAttest(short)
	// The last Name's bytes (after its own size, at 2+95+2) run past the frame.
	wiretest.WantError(t, err, tpm2wire.ErrSize, "TPMS_CERTIFY_INFO", "qualifiedName", 2+95+2)
	_, err = tpms.Parse2BAttest([]byte{0, 0})
	wiretest.WantError(t, err, tpm2wire.ErrSize, "TPM2B_ATTEST", "size", 0)
}
