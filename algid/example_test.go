package algid_test

import (
	"fmt"

	"github.com/tpm2wire/tpm2wire/algid"
)

func ExampleID() {
	id := algid.ID(0x000b)
	h, _ := id.Hash()
	fmt.Println(id, id.DigestSize(), h, id.Attributes())
	// Output:
	// TPM_ALG_SHA256 32 SHA-256 hash
}
