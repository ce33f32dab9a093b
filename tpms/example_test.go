package tpms_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/tpms"
)

// Parse the certInfo of a Windows Hello attestation and read its certify
// member.
func ExampleParseAttest() {
	certInfo, _ := os.ReadFile("../testdata/structures/webauthn-rs-winhello-rs1-intc/certInfo")
	a, err := tpms.ParseAttest(certInfo)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, ok := a.Attested.Certify()
	fmt.Println(a.Type(), ok)
	fmt.Printf("%x\n", []byte(c.Name))
	// Output:
	// TPM_ST_ATTEST_CERTIFY true
	// 000bef3570fffd0cbda810fd0a956c071fd48f15990707996349cd615a6eb67804fa
}

// A structure that does not start with TPM_GENERATED_VALUE was not made by a
// TPM.
func ExampleParseAttest_badMagic() {
	certInfo, _ := os.ReadFile("../testdata/structures/webauthn-rs-winhello-rs1-intc/certInfo")
	certInfo[3] = 0x48
	_, err := tpms.ParseAttest(certInfo)
	fmt.Println(errors.Is(err, tpm2wire.ErrMagic))
	fmt.Println(err)
	// Output:
	// true
	// tpm2wire: TPMS_ATTEST.magic at offset 0: magic is not TPM_GENERATED_VALUE: value 0xFF544348
}

// Lists are read through iterators.
func ExamplePCRSelectionList_All() {
	l, err := tpms.ParsePCRSelectionList([]byte{0, 0, 0, 1, 0x00, 0x0b, 3, 0x81, 0x00, 0x00})
	if err != nil {
		fmt.Println(err)
		return
	}
	for sel := range l.All() {
		fmt.Printf("%v %x\n", sel.Hash, sel.PCRSelect)
	}
	// Output:
	// TPM_ALG_SHA256 810000
}
