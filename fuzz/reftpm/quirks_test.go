package reftpm

import (
	"math/big"
	"testing"

	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// TestSimulatorQuirks pins two behaviours of the simulator that the
// semantic model transcribes and the README reports; they are not
// disagreements with tpm2wire (both accept), but a verifier should know.
func TestSimulatorQuirks(t *testing.T) {
	tpm := sharedTPM(t)

	// BnIsOnCurve does not reduce the coordinates: on BN P256 the point
	// (p+1, 2), a non-canonical encoding of the generator (1, 2), loads.
	c := simCurve(algid.ECC_BN_P256)
	x := new(big.Int).Add(c.p, big.NewInt(1)).FillBytes(make([]byte, 32))
	pub := eccSign(algid.SHA256, algid.ECC_BN_P256, tpms.ECCPoint{X: x, Y: append(make([]byte, 31), 2)}).Append2B(nil)
	r, err := tpm.ComparePublic(pub)
	if err != nil {
		t.Fatal(err)
	}
	if r.TPM != RCSuccess || r.Class != ClassAgree {
		t.Errorf("BN P256 (p+1, 2): %v", r)
	}
	t.Logf("BN P256 point with x = p+1 loads: %x", pub)

	// ECDSA verification ignores the signature's hash member: a genuine
	// ECDSA-SHA256 signature relabelled SHA-1 still verifies.
	sig, _ := tpmt.ParseSignature(Sign(KeyECC, false))
	e, _ := sig.Signature.ECDSA()
	e.Hash = algid.SHA1
	relabelled := tpmt.Signature{Signature: tpmt.SignatureUnionECDSA(e)}.Append(nil)
	if r, err = tpm.CompareSignature(Builtin(KeyECC), relabelled); err != nil {
		t.Fatal(err)
	}
	if r.TPM != RCSuccess || r.Class != ClassAgree {
		t.Errorf("relabelled ECDSA signature: %v", r)
	}
}
