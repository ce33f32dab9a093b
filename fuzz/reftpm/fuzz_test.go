package reftpm

import (
	"testing"
)

// fuzzSeeds adds the seeds every structure seed gives.
func publicFuzzSeeds(f *testing.F) {
	pubs, _, err := StructureSeeds()
	if err != nil {
		f.Fatal(err)
	}
	pubs = append(pubs, BuiltPublicSeeds()...)
	mp, _, err := ManifestSeeds()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range append(pubs, mp...) {
		if s.Framed {
			f.Add(s.Bytes)
		} else {
			f.Add(frame(s.Bytes))
		}
	}
	for _, c := range classCases() {
		if c.public != nil {
			f.Add(c.public)
		}
	}
}

// FuzzReferenceTPMPublic sends the input, as a TPM2B_PUBLIC, through
// TPM2_LoadExternal and tpmt.Parse2BPublicAllowNull and fails on a
// disagreement that no documented class explains.
func FuzzReferenceTPMPublic(f *testing.F) {
	publicFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > maxParams-8 {
			return
		}
		tpm := sharedTPM(t)
		r, err := tpm.ComparePublic(b)
		if err != nil {
			t.Fatal(err)
		}
		if r.Class == ClassUnexplained {
			t.Fatalf("unexplained: %v", r)
		}
	})
}

// FuzzReferenceTPMSignature sends the input, a TPMT_SIGNATURE, through
// TPM2_VerifySignature with one of the generated keys (key mod 3: RSA, ECC,
// HMAC) and tpmt.ParseSignature, and fails on an unexplained disagreement.
func FuzzReferenceTPMSignature(f *testing.F) {
	_, sigs, err := StructureSeeds()
	if err != nil {
		f.Fatal(err)
	}
	sigs = append(sigs, BuiltSignatureSeeds()...)
	_, ms, err := ManifestSeeds()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range sigs {
		f.Add(uint8(kindOf(s.Verifier)), s.Bytes)
	}
	for _, s := range ms {
		f.Add(uint8(sigKey(s.Bytes)), s.Bytes)
	}
	f.Fuzz(func(t *testing.T, key uint8, b []byte) {
		if len(b) > maxParams-40 {
			return
		}
		tpm := sharedTPM(t)
		r, err := tpm.CompareSignature(Builtin(KeyKind(key%uint8(numKeys))), b)
		if err != nil {
			t.Fatal(err)
		}
		if r.Class == ClassUnexplained {
			t.Fatalf("unexplained: %v", r)
		}
	})
}

func kindOf(v *Verifier) KeyKind {
	for k := KeyKind(0); k < numKeys; k++ {
		if Builtin(k) == v {
			return k
		}
	}
	return KeyECC
}
