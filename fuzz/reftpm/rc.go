package reftpm

import (
	"fmt"
)

// RC is a TPM_RC response code.
type RC uint32

// Response-code bases and masks: Part 2 "TPM_RC (Response Codes)" (ms-tpm-20-ref
// TpmTypes.h Table 2:16).
const (
	rcVer1 RC = 0x100
	rcFmt1 RC = 0x080
	rcWarn RC = 0x900

	rcP     RC = 0x040 // format one: the number is a parameter number
	rcS     RC = 0x800 // format one: the number is a session number
	rcNMask RC = 0xF00 // format one: the parameter, handle or session number
)

// The response codes this oracle names. The values are those of the
// simulator's TpmTypes.h; TestRCValues checks them against go-tpm's
// tpm2/constants.go.
const (
	RCSuccess      RC = 0x000
	RCInitialize   RC = rcVer1 + 0x000
	RCFailure      RC = rcVer1 + 0x001
	RCCommandSize  RC = rcVer1 + 0x042
	RCCommandCode  RC = rcVer1 + 0x043
	RCNoResult     RC = rcVer1 + 0x054
	RCAsymmetric   RC = rcFmt1 + 0x001
	RCAttributes   RC = rcFmt1 + 0x002
	RCHash         RC = rcFmt1 + 0x003
	RCValue        RC = rcFmt1 + 0x004
	RCHierarchy    RC = rcFmt1 + 0x005
	RCKeySize      RC = rcFmt1 + 0x007
	RCMGF          RC = rcFmt1 + 0x008
	RCMode         RC = rcFmt1 + 0x009
	RCType         RC = rcFmt1 + 0x00A
	RCHandle       RC = rcFmt1 + 0x00B
	RCKDF          RC = rcFmt1 + 0x00C
	RCRange        RC = rcFmt1 + 0x00D
	RCScheme       RC = rcFmt1 + 0x012
	RCSize         RC = rcFmt1 + 0x015
	RCSymmetric    RC = rcFmt1 + 0x016
	RCTag          RC = rcFmt1 + 0x017
	RCSelector     RC = rcFmt1 + 0x018
	RCInsufficient RC = rcFmt1 + 0x01A
	RCSignature    RC = rcFmt1 + 0x01B
	RCKey          RC = rcFmt1 + 0x01C
	RCReservedBits RC = rcFmt1 + 0x021
	RCBinding      RC = rcFmt1 + 0x025
	RCCurve        RC = rcFmt1 + 0x026
	RCECCPoint     RC = rcFmt1 + 0x027
	RCObjectMemory RC = rcWarn + 0x002
	RCTesting      RC = rcWarn + 0x00A
)

var rcNames = map[RC]string{
	RCSuccess: "TPM_RC_SUCCESS", RCInitialize: "TPM_RC_INITIALIZE", RCFailure: "TPM_RC_FAILURE",
	RCCommandSize: "TPM_RC_COMMAND_SIZE", RCCommandCode: "TPM_RC_COMMAND_CODE", RCNoResult: "TPM_RC_NO_RESULT",
	RCAsymmetric: "TPM_RC_ASYMMETRIC", RCAttributes: "TPM_RC_ATTRIBUTES", RCHash: "TPM_RC_HASH",
	RCValue: "TPM_RC_VALUE", RCHierarchy: "TPM_RC_HIERARCHY", RCKeySize: "TPM_RC_KEY_SIZE",
	RCMGF: "TPM_RC_MGF", RCMode: "TPM_RC_MODE", RCType: "TPM_RC_TYPE", RCHandle: "TPM_RC_HANDLE",
	RCKDF: "TPM_RC_KDF", RCRange: "TPM_RC_RANGE", RCScheme: "TPM_RC_SCHEME", RCSize: "TPM_RC_SIZE",
	RCSymmetric: "TPM_RC_SYMMETRIC", RCTag: "TPM_RC_TAG", RCSelector: "TPM_RC_SELECTOR",
	RCInsufficient: "TPM_RC_INSUFFICIENT", RCSignature: "TPM_RC_SIGNATURE", RCKey: "TPM_RC_KEY",
	RCReservedBits: "TPM_RC_RESERVED_BITS", RCBinding: "TPM_RC_BINDING", RCCurve: "TPM_RC_CURVE",
	RCECCPoint: "TPM_RC_ECC_POINT", RCObjectMemory: "TPM_RC_OBJECT_MEMORY", RCTesting: "TPM_RC_TESTING",
}

// Code returns rc without the handle, parameter or session number of a
// format-one code: TPM_RC_VALUE + TPM_RC_P + TPM_RC_2 (0x2C4) is
// TPM_RC_VALUE (0x084).
func (rc RC) Code() RC {
	if rc&rcFmt1 != 0 {
		return rc&0x3F + rcFmt1
	}
	return rc
}

// Param returns the parameter number a format-one code names, or 0 when it
// names none (or names a handle or session).
func (rc RC) Param() int {
	if rc&rcFmt1 == 0 || rc&rcP == 0 {
		return 0
	}
	return int(rc&rcNMask) >> 8
}

// Handle returns the handle number a format-one code names, or 0.
func (rc RC) Handle() int {
	if rc&rcFmt1 == 0 || rc&rcP != 0 || rc&rcS != 0 {
		return 0
	}
	return int(rc&rcNMask) >> 8
}

// Name is the TPM_RC_* name of rc's code.
func (rc RC) Name() string {
	if n, ok := rcNames[rc.Code()]; ok {
		return n
	}
	return fmt.Sprintf("TPM_RC_0x%03X", uint32(rc.Code()))
}

// String is the name, the parameter or handle number, and the raw value:
// "TPM_RC_VALUE(P2) 0x2C4".
func (rc RC) String() string {
	s := rc.Name()
	switch {
	case rc.Param() != 0:
		s += fmt.Sprintf("(P%d)", rc.Param())
	case rc.Handle() != 0:
		s += fmt.Sprintf("(H%d)", rc.Handle())
	}
	return s + fmt.Sprintf(" 0x%03X", uint32(rc))
}

// AtParam returns code as the TPM reports it for parameter n (n 0: no number).
func (rc RC) AtParam(n int) RC {
	if n == 0 || rc == RCSuccess {
		return rc
	}
	return rc + rcP + RC(n)<<8
}
