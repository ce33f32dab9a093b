package bench

import (
	"bytes"
	"testing"

	legacy "github.com/google/go-tpm/legacy/tpm2"
	"github.com/google/go-tpm/tpm2"

	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// TestParsersAgree parses every benchmarked blob with the three
// implementations and requires that they read the same values from it.
func TestParsersAgree(t *testing.T) {
	for _, bl := range blobs(t) {
		t.Run(bl.name, func(t *testing.T) {
			switch bl.kind {
			case "attest":
				w, err := tpms.ParseAttest(bl.b)
				if err != nil {
					t.Fatalf("tpm2wire: %v", err)
				}
				g, err := tpm2.Unmarshal[tpm2.TPMSAttest](bl.b)
				if err != nil {
					t.Fatalf("go-tpm: %v", err)
				}
				l, err := legacy.DecodeAttestationData(bl.b)
				if err != nil {
					t.Fatalf("legacy: %v", err)
				}
				wf, gf, lf := attestTPM2Wire(&w), attestGoTPM(g), attestLegacy(l)
				if wf != gf || wf != lf {
					t.Fatalf("facts differ:\ntpm2wire %+v\ngo-tpm   %+v\nlegacy   %+v", wf, gf, lf)
				}
				if wf.Magic != tpms.GENERATED_VALUE || wf.ExtraData == "" || (wf.CertifyName == "" && wf.QuoteDigest == "") {
					t.Fatalf("facts miss what this blob holds: %+v", wf)
				}
				t.Logf("%+v", wf)
			case "public":
				w, err := tpmt.ParsePublic(bl.b)
				if err != nil {
					t.Fatalf("tpm2wire: %v", err)
				}
				g, err := tpm2.Unmarshal[tpm2.TPMTPublic](bl.b)
				if err != nil {
					t.Fatalf("go-tpm: %v", err)
				}
				l, err := decodeLegacyPublic(bl.b)
				if err != nil {
					t.Fatalf("legacy: %v", err)
				}
				wf, gf, lf := publicTPM2Wire(&w), publicGoTPM(g), publicLegacy(l)
				if wf != gf || wf != lf {
					t.Fatalf("facts differ:\ntpm2wire %+v\ngo-tpm   %+v\nlegacy   %+v", wf, gf, lf)
				}
				if len(wf.Modulus) != 2*256 && (len(wf.X) != 2*32 || len(wf.Y) != 2*32) {
					t.Fatalf("facts hold neither an RSA-2048 modulus nor a P-256 point: %+v", wf)
				}
				t.Logf("%+v", wf)
			case "signature":
				w, err := tpmt.ParseSignature(bl.b)
				if err != nil {
					t.Fatalf("tpm2wire: %v", err)
				}
				g, err := tpm2.Unmarshal[tpm2.TPMTSignature](bl.b)
				if err != nil {
					t.Fatalf("go-tpm: %v", err)
				}
				l, err := decodeLegacySignature(bl.b)
				if err != nil {
					t.Fatalf("legacy: %v", err)
				}
				wf, gf, lf := signatureTPM2Wire(&w), signatureGoTPM(g), signatureLegacy(l)
				if wf != gf || wf != lf {
					t.Fatalf("facts differ:\ntpm2wire %+v\ngo-tpm   %+v\nlegacy   %+v", wf, gf, lf)
				}
				if !signatureBytesAgree(&w, g) {
					t.Fatal("tpm2wire and go-tpm read different ECDSA r/s bytes")
				}
				if wf.RSASig == "" && (wf.R == "" || wf.S == "") {
					t.Fatalf("facts hold no signature: %+v", wf)
				}
				t.Logf("%+v", wf)
			default:
				t.Fatalf("unknown kind %q", bl.kind)
			}
		})
	}
}

// TestNamesAgree requires the four ways of computing a pubArea's Name to give
// the same bytes, and those to be the Name its certInfo certifies.
func TestNamesAgree(t *testing.T) {
	for _, v := range []string{winhelloRSA, winhelloECC} {
		t.Run(v, func(t *testing.T) {
			pubArea := structure(t, v, "pubArea")
			certInfo, err := tpms.ParseAttest(structure(t, v, "certInfo"))
			if err != nil {
				t.Fatal(err)
			}
			certify, ok := certInfo.Attested.Certify()
			if !ok {
				t.Fatal("certInfo is not a certify attestation")
			}
			names := computeNames(t, pubArea)
			for impl, name := range names {
				if !bytes.Equal(name, certify.Name) {
					t.Errorf("%s: Name %x, certInfo certifies %x", impl, name, certify.Name)
				}
			}
		})
	}
}

// computeNames computes the Name of pubArea with each implementation.
func computeNames(tb testing.TB, pubArea []byte) map[string][]byte {
	tb.Helper()
	w, err := tpmt.ParsePublic(pubArea)
	if err != nil {
		tb.Fatal(err)
	}
	wName, err := w.Name()
	if err != nil {
		tb.Fatal(err)
	}
	wAppend, err := w.AppendName(make([]byte, 0, tpmNameMax))
	if err != nil {
		tb.Fatal(err)
	}
	g, err := tpm2.Unmarshal[tpm2.TPMTPublic](pubArea)
	if err != nil {
		tb.Fatal(err)
	}
	gName, err := tpm2.ObjectName(g)
	if err != nil {
		tb.Fatal(err)
	}
	l, err := legacy.DecodePublic(pubArea)
	if err != nil {
		tb.Fatal(err)
	}
	lName, err := l.Name()
	if err != nil {
		tb.Fatal(err)
	}
	return map[string][]byte{
		"tpm2wire Name":       wName,
		"tpm2wire AppendName": wAppend,
		"go-tpm ObjectName":   gName.Buffer,
		"legacy Name":         legacyName(lName),
	}
}

// TestQuotesAgree runs the three parsers over every quote of the corpus.
// tpm2wire and go-tpm must agree on all of them. The legacy decoder reads
// exactly one TPMS_PCR_SELECTION: it must refuse a quote of several banks,
// and for an empty selection it reports one selection of TPM_ALG_ERROR with
// no PCRs, which it invents.
func TestQuotesAgree(t *testing.T) {
	files := quoteFiles(t)
	if len(files) == 0 {
		t.Fatal("the corpus manifest lists no quote")
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			b := corpusFile(t, file, "TPMS_ATTEST")
			w, err := tpms.ParseAttest(b)
			if err != nil {
				t.Fatalf("tpm2wire: %v", err)
			}
			q, ok := w.Attested.Quote()
			if !ok {
				t.Fatal("not a quote")
			}
			g, err := tpm2.Unmarshal[tpm2.TPMSAttest](b)
			if err != nil {
				t.Fatalf("go-tpm: %v", err)
			}
			wf, gf := attestTPM2Wire(&w), attestGoTPM(g)
			if wf != gf {
				t.Fatalf("facts differ:\ntpm2wire %+v\ngo-tpm   %+v", wf, gf)
			}
			l, err := legacy.DecodeAttestationData(b)
			switch n := q.PCRSelect.Len(); {
			case n > 1:
				if err == nil {
					t.Fatalf("legacy accepted a quote of %d selections", n)
				}
				t.Logf("legacy refuses %d selections: %v", n, err)
			case n == 0:
				if err != nil {
					t.Fatalf("legacy: %v", err)
				}
				want := wf
				want.QuoteSelection = selectionString(uint16(legacy.AlgUnknown), nil)
				if lf := attestLegacy(l); lf != want {
					t.Fatalf("legacy facts %+v, want %+v", lf, want)
				}
				t.Logf("legacy reports the empty selection as %q", want.QuoteSelection)
			default:
				if err != nil {
					t.Fatalf("legacy: %v", err)
				}
				if lf := attestLegacy(l); lf != wf {
					t.Fatalf("facts differ:\ntpm2wire %+v\nlegacy   %+v", wf, lf)
				}
			}
		})
	}
}
