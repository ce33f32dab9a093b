package gotpm

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// A class is one known kind of disagreement between tpm2wire and go-tpm
// v0.9.8. Every disagreement the tests meet must be recognised by one of
// them; anything else fails.
type class struct {
	ID     string
	Reason string // one line: why the parsers differ
	// Citation is the Part 2 rule that tpm2wire applies. Table numbers
	// are those of Part 2 r1.59 (Table 2:NN), as in tpm2wire's own
	// documentation; the rules are those of r1.83.
	Citation string
	// Match reports whether an input on which the parsers disagree is of
	// this class. ourErr and theirErr are the two parsers' errors (nil for
	// an accepted input; both nil when both accepted different values).
	// Each Match checks the rule against the input's bytes at the offset
	// tpm2wire reports, not only the error's sentinel, so that a tpm2wire
	// bug that rejects a valid value is not explained away.
	Match func(input []byte, ourErr, theirErr error) bool
	Seeds []seed // inputs that demonstrate the class
}

type seed struct {
	Target *target
	Input  []byte
}

// classify returns the first class that explains the disagreement r on b,
// or nil.
func classify(b []byte, r result) *class {
	for _, c := range classes {
		if c.Match(b, r.ourErr, r.theirErr) {
			return c
		}
	}
	return nil
}

// classes is the list of known disagreements. Their Match functions are
// written to be disjoint: TestKnownDisagreements checks that each seed
// matches its own class only.
var classes = []*class{
	{
		ID:       "magic",
		Reason:   "go-tpm does not check TPMS_ATTEST.magic (its `gotpm:\"check\"` tag is never interpreted)",
		Citation: "Part 2 TPMS_ATTEST (Table 2:133): magic is TPM_GENERATED, always TPM_GENERATED_VALUE 0xFF544347 (TPM_CONSTANTS32, Table 2:7)",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Err != tpm2wire.ErrMagic {
				return false
			}
			v, ok := u32(b, e.Offset)
			return ok && v != generatedValue
		},
		Seeds: []seed{{targetAttest, seedBadMagic()}, {target2BAttest, frame2B(seedBadMagic())}},
	},
	{
		ID:       "trailing-data",
		Reason:   "go-tpm's tpm2.Unmarshal stops after the structure and ignores any bytes that follow it",
		Citation: "Part 2 TPM2B_ATTEST (Table 2:134) / TPM2B_PUBLIC (Table 2:202): the structure is exactly size octets; a TPMS/TPMT structure is its members packed without padding (r0.99 §4), so further bytes are not part of it",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Err != tpm2wire.ErrTrailingData || endsInHA(b, e) {
				return false
			}
			return e.Offset < len(b) && suffixIgnored(e.Type, b, e.Offset)
		},
		Seeds: []seed{
			{targetAttest, append(builtAttests()[0].Append(nil), 0xde, 0xad, 0xbe)},
			{targetPublic, append(builtPublics()[4].Append(nil), 0, 0)},
			{target2BPublic, append(builtPublics()[4].Append2B(nil), 0x01)},
			{targetPCRSelection, append(pcrList(pcrSel(0x000b, 0xff, 0, 0)), 0x00)},
		},
	},
	{
		ID:       "truncated-size",
		Reason:   "go-tpm ignores the error of reading a TPM2B size (or sizeofSelect) cut off by the end of the input, reads it as 0 and accepts an empty buffer",
		Citation: "Part 2 TPM2B (r0.99 §10.3.1): size is a UINT16 that precedes the buffer; an input that ends inside it is TPM_RC_INSUFFICIENT (reference UINT16_Unmarshal)",
		Match:    matchTruncatedSize,
		Seeds: []seed{
			{targetPublic, seedTruncatedUnique()},
			{targetAttest, cut(builtAttests()[1].Append(nil), 33)}, // quote: pcrDigest's size cut after 1 byte
			{targetPCRSelection, []byte{0, 0, 0, 1, 0x00, 0x0b}},
			{target2BAttest, seedFrameCutsName()},
		},
	},
	{
		ID:       "tpm2b-frame-size",
		Reason:   "go-tpm's TPM2B[T].Contents() parses T from the sized buffer with tpm2.Unmarshal, which ignores the buffer's bytes after T",
		Citation: "Part 2 TPM2B_PUBLIC (Table 2:202) and TPM2B_ATTEST (Table 2:134): size is the size of publicArea / attestationData; a size= structure whose size differs from what it holds is TPM_RC_SIZE",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Err != tpm2wire.ErrSize || e.Field != "size" || e.Offset != 0 {
				return false
			}
			size, ok := u16(b, 0)
			if !ok || int(size) > len(b)-2 || size == 0 {
				return false
			}
			// The frame holds one complete structure followed by more bytes.
			inner := ours(parseFrameContents(e.Type, b[2:2+int(size)]))
			return inner != nil && inner.Err == tpm2wire.ErrTrailingData
		},
		Seeds: []seed{
			{target2BPublic, seedFrameTooLarge(builtPublics()[1].Append(nil))},
			{target2BAttest, seedFrameTooLarge(builtAttests()[2].Append(nil))},
		},
	},
	{
		ID:       "yes-no",
		Reason:   "go-tpm reads TPMI_YES_NO into a Go bool, so every nonzero byte is YES",
		Citation: "Part 2 TPMI_YES_NO (Table 2:41): the values are NO (0) and YES (1); any other is TPM_RC_VALUE",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Err != tpm2wire.ErrValue || (e.Field != "safe" && e.Field != "exclusiveSession") {
				return false
			}
			return e.Offset < len(b) && b[e.Offset] > 1
		},
		Seeds: []seed{{targetAttest, seedSafe(0x33)}, {targetAttest, seedExclusiveSession(7)}},
	},
	{
		ID:       "hash-alg",
		Reason:   "go-tpm does not check TPMI_ALG_HASH values (nor the + rule for TPM_ALG_NULL) in nameAlg, schemes, signatures, TPMT_HA or TPMS_PCR_SELECTION",
		Citation: "Part 2 TPMI_ALG_HASH (Table 2:66): a hash algorithm the TPM implements, TPM_ALG_NULL only where the use is written +; otherwise TPM_RC_HASH",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Err != tpm2wire.ErrHash || strings.HasPrefix(e.Detail, "TPM2B_NAME.") {
				return false
			}
			v, ok := u16(b, e.Offset)
			_, valid := hashDigestSize[v]
			return ok && !valid
		},
		Seeds: []seed{
			{targetPCRSelection, pcrList(pcrSel(0x0099, 0xff, 0xff, 0xff))},
			{targetPublic, seedNameAlg(algNull)},
			{targetSignature, seedRSASSAHash(0x0001)},
		},
	},
	{
		ID:       "name-form",
		Reason:   "go-tpm keeps a TPM2B_NAME as opaque bytes; tpm2wire requires the TPMU_NAME forms",
		Citation: "Part 2 TPMU_NAME / TPM2B_NAME (Tables 2:91, 2:92, §10.5.3): a Name is empty, a 4-byte TPM_HANDLE, or a TPMI_ALG_HASH nameAlg followed by exactly one nameAlg digest",
		Match:    matchNameForm,
		Seeds: []seed{
			{targetAttest, seedCertifyName([]byte{0x00, 0x0b, 1, 2, 3})},
			{targetAttest, seedCertifyName(append([]byte{0x00, 0x99}, fill(32, 0x4e)...))},
			{targetAttest, seedCertifyName(append([]byte{0x00, 0x04}, fill(32, 0x4e)...))},
		},
	},
	{
		ID:       "tpm2b-bound",
		Reason:   "go-tpm does not bound TPM2B sizes (any UINT16 is read)",
		Citation: "Part 2 TPM2B_DIGEST {:sizeof(TPMU_HA)} (Table 2:81), TPM2B_DATA {:sizeof(TPMT_HA)} (2:82), TPM2B_NAME {:sizeof(TPMU_NAME)} (2:92), TPM2B_ECC_PARAMETER {:MAX_ECC_KEY_BYTES} (2:178), TPM2B_PUBLIC_KEY_RSA {:MAX_RSA_KEY_BYTES} (2:175), TPM2B_MAX_NV_BUFFER {:MAX_NV_BUFFER_SIZE}: a larger size is TPM_RC_SIZE",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Err != tpm2wire.ErrSize {
				return false
			}
			typ, ok := strings.CutSuffix(strings.SplitN(e.Detail, ": ", 2)[0], ".size")
			max, known := tpm2bBound[typ]
			v, ok2 := u16(b, e.Offset)
			return ok && known && ok2 && int(v) > max
		},
		Seeds: []seed{
			{targetAttest, seedExtraData(67)},
			{targetPublic, seedAuthPolicy(65)},
			{targetSignature, seedECDSAR(81)},
		},
	},
	{
		ID:       "key-bits",
		Reason:   "go-tpm does not check TPMI_RSA_KEY_BITS or TPMI_{AES,SM4,CAMELLIA}_KEY_BITS",
		Citation: "Part 2 TPMI_RSA_KEY_BITS (Table 2:176) and TPMI_AES_KEY_BITS / TPMI_SM4_KEY_BITS / TPMI_CAMELLIA_KEY_BITS (Table 2:137): only the listed key sizes; otherwise TPM_RC_VALUE",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Err != tpm2wire.ErrValue || e.Field != "keyBits" {
				return false
			}
			v, ok := u16(b, e.Offset)
			if !ok {
				return false
			}
			switch e.Type {
			case "TPMS_RSA_PARMS":
				return !rsaKeyBits[v]
			case "TPMT_SYM_DEF_OBJECT":
				alg, ok := u16(b, e.Offset-2)
				return ok && !symKeyBits[alg][v]
			}
			return false
		},
		Seeds: []seed{{targetPublic, seedRSAKeyBits(1000)}, {targetPublic, seedAESKeyBits(64)}},
	},
	{
		ID:       "curve",
		Reason:   "go-tpm does not check TPMI_ECC_CURVE (TPM_ECC_NONE and unregistered curves are accepted)",
		Citation: "Part 2 TPMS_ECC_PARMS.curveID (Table 2:198) is TPMI_ECC_CURVE without +: an implemented TPM_ECC_CURVE, never TPM_ECC_NONE; otherwise TPM_RC_CURVE",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Err != tpm2wire.ErrCurve {
				return false
			}
			v, ok := u16(b, e.Offset)
			return ok && !eccCurves[v]
		},
		Seeds: []seed{{targetPublic, seedCurve(0x0000)}, {targetPublic, seedCurve(0x0099)}},
	},
	{
		ID:       "sym-def",
		Reason:   "go-tpm does not check TPMI_ALG_SYM_OBJECT or TPMI_ALG_SYM_MODE: it accepts TPM_ALG_NULL in a symcipher's sym, TPM_ALG_XOR as a block cipher, and any mode",
		Citation: "Part 2 TPMT_SYM_DEF_OBJECT (Table 2:142), TPMI_ALG_SYM_OBJECT (2:69, TPM_RC_SYMMETRIC), TPMI_ALG_SYM_MODE (2:70, TPM_RC_MODE); TPMS_SYMCIPHER_PARMS.sym (2:144) has no +, so NULL is refused",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil {
				return false
			}
			v, ok := u16(b, e.Offset)
			switch e.Err {
			case tpm2wire.ErrSymmetric:
				return ok && !symObjects[v]
			case tpm2wire.ErrMode:
				return ok && !symModes[v] && v != algNull
			}
			return false
		},
		Seeds: []seed{{targetPublic, seedSymcipherNull()}, {targetPublic, seedAESMode(0x0099)}, {targetPublic, seedRSASymXOR()}},
	},
	{
		ID:       "scheme",
		Reason:   "go-tpm does not check which schemes a TPMT_*_SCHEME admits: any selector with a member in its TPMU_ASYM_SCHEME or TPMU_KDF_SCHEME is read (an ECDSA RSA scheme, an RSASSA ECC scheme, an ECDH KDF)",
		Citation: "Part 2 TPMI_ALG_RSA_SCHEME (Table 2:171, TPM_RC_VALUE), TPMI_ALG_ECC_SCHEME (2:181, TPM_RC_SCHEME), TPMI_ALG_KDF (2:71, TPM_RC_KDF), TPMI_ALG_KEYEDHASH_SCHEME (2:154, TPM_RC_VALUE)",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil {
				return false
			}
			v, ok := u16(b, e.Offset)
			if !ok || v == algNull {
				return false
			}
			switch e.Type + "." + e.Field {
			case "TPMT_RSA_SCHEME.scheme":
				return e.Err == tpm2wire.ErrValue && !rsaSchemes[v]
			case "TPMT_ECC_SCHEME.scheme":
				return e.Err == tpm2wire.ErrScheme && !eccSchemes[v]
			case "TPMT_KDF_SCHEME.scheme", "TPMS_SCHEME_XOR.kdf":
				return e.Err == tpm2wire.ErrKDF && !kdfs[v]
			case "TPMT_KEYEDHASH_SCHEME.scheme":
				return e.Err == tpm2wire.ErrValue && v != 0x0005 && v != 0x000a
			}
			return false
		},
		Seeds: []seed{{targetPublic, seedRSAScheme(0x0018)}, {targetPublic, seedECCScheme(0x0014)}, {targetPublic, seedECCKDF(0x0019)}},
	},
	{
		ID:       "null-selector",
		Reason:   "go-tpm skips every union whose selector equals TPM_ALG_NULL's value 0x0010, even TPMU_PUBLIC_PARMS/TPMU_PUBLIC_ID and TPMU_ATTEST, whose selectors admit no NULL",
		Citation: "Part 2 TPMI_ALG_PUBLIC (Table 2:193, no NULL: TPM_RC_TYPE) and TPMI_ST_ATTEST (Table 2:131: TPM_ST_ATTEST_* only; TPMU_ATTEST has no null member)",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Field != "type" {
				return false
			}
			v, ok := u16(b, e.Offset)
			return ok && v == algNull &&
				(e.Type == "TPMT_PUBLIC" && e.Err == tpm2wire.ErrType || e.Type == "TPMS_ATTEST" && e.Err == tpm2wire.ErrValue)
		},
		Seeds: []seed{{targetPublic, seedPublicTypeNull()}, {targetAttest, seedAttestTypeNull()}},
	},
	{
		ID:       "pcr-select-size",
		Reason:   "go-tpm reads any sizeofSelect (0-255) into TPMS_PCR_SELECTION.pcrSelect",
		Citation: "Part 2 TPMS_PCR_SELECTION (Table 2:94): sizeofSelect {PCR_SELECT_MIN:}, pcrSelect[sizeofSelect] {:PCR_SELECT_MAX}, TPM_RC_VALUE; tpm2wire's profile sets PCR_SELECT_MAX = 4 (32 PCRs)",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Err != tpm2wire.ErrValue || e.Field != "sizeofSelect" {
				return false
			}
			return e.Offset < len(b) && b[e.Offset] > pcrSelectMax
		},
		Seeds: []seed{{targetPCRSelection, pcrList(pcrSel(0x000b, 0xff, 0xff, 0xff, 0xff, 0xff))}},
	},
	{
		ID:       "list-count",
		Reason:   "go-tpm accepts up to 4096 list elements (its maxListLength) whatever the TPML's bound",
		Citation: "Part 2 TPML_PCR_SELECTION (Table 2:112) {:HASH_COUNT} and TPML_DIGEST_VALUES (2:111) {:HASH_COUNT}: a larger count is TPM_RC_SIZE; tpm2wire's profile sets HASH_COUNT = 16",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Err != tpm2wire.ErrSize || e.Field != "count" {
				return false
			}
			v, ok := u32(b, e.Offset)
			return ok && v > hashCount
		},
		Seeds: []seed{{targetPCRSelection, seedManyPCRBanks(17)}},
	},
	{
		ID:       "reserved-bits",
		Reason:   "go-tpm keeps reserved TPMA_OBJECT bits (and the fixedFirmware and svnLimited bits it does not know) without complaint",
		Citation: "Part 2 TPMA_OBJECT (Table 2:31, r1.83): bits 0, 12-15 and 20-31 are reserved (mask 0xFFF0F001); a set reserved bit is TPM_RC_RESERVED_BITS",
		Match: func(b []byte, ourErr, theirErr error) bool {
			e := ours(ourErr)
			if e == nil || theirErr != nil || e.Err != tpm2wire.ErrReservedBits || e.Field != "objectAttributes" {
				return false
			}
			v, ok := u32(b, e.Offset)
			return ok && v&objectReserved != 0
		},
		Seeds: []seed{{targetPublic, seedObjectAttributes(0x00000001)}, {targetPublic, seedObjectAttributes(0x80000000)}},
	},
	{
		ID:       "ha-digest-to-end",
		Reason:   "go-tpm's TPMTHA.Digest is a plain []byte read to the end of the buffer, not a TPMU_HA sized by hashAlg: a short digest or bytes after the digest are taken as the digest, and a second TPML_DIGEST_VALUES element is never reached",
		Citation: "Part 2 TPMT_HA / TPMU_HA (Tables 2:79, 2:80): digest is exactly the hashAlg digest size, with no size prefix; TPMU_SIGNATURE hmac is a TPMT_HA (2:189)",
		Match:    matchHADigest,
		Seeds: []seed{
			{targetHA, seedHA(0x000b, 31)},
			{targetHA, append(seedHA(0x0004, 20), 0xaa, 0xbb)},
			{targetSignature, append(builtSignatures()[9].Append(nil), 0xcc)},
			{targetDigestValues, builtSeeds(targetDigestValues)[2]},
		},
	},
	{
		ID:       "gotpm-missing-arm",
		Reason:   "go-tpm's unions lack members Part 2 defines: TPMU_SIGNATURE and TPMU_ASYM_SCHEME have no sm2, ecschnorr, eddsa, eddsa_ph; its extra TPMT_SYM_DEF_OBJECT.details (TPMU_SYM_DETAILS) knows only aes and xor, so sm4 and camellia fail",
		Citation: "Part 2 TPMU_SIGNATURE (Table 2:189), TPMU_ASYM_SCHEME (2:169), TPMU_SYM_KEY_BITS / TPMU_SYM_MODE (2:138, 2:139) with TPMT_SYM_DEF_OBJECT (2:142), whose details member is commented out",
		Match:    matchMissingArm,
		Seeds: []seed{
			{targetSignature, builtSignatures()[5].Append(nil)}, // SM2
			{targetSignature, builtSignatures()[8].Append(nil)}, // EDDSA_PH
			{targetPublic, builtPublics()[10].Append(nil)},      // ECSCHNORR scheme
			{targetPublic, builtPublics()[17].Append(nil)},      // SM4 symcipher
		},
	},
}

// gotpmStandIn maps each member go-tpm lacks to one it has with the same
// layout: SM2, ECSCHNORR, EDDSA and EDDSA_PH signatures and schemes are
// TPMS_SIGNATURE_ECC / TPMS_SCHEME_HASH like ECDSA's; SM4 and CAMELLIA
// symmetric definitions are keyBits and mode like AES's.
var gotpmStandIn = map[uint16]uint16{
	0x001b: 0x0018, 0x001c: 0x0018, 0x0060: 0x0018, 0x0061: 0x0018,
	0x0013: 0x0006, 0x0026: 0x0006,
}

// matchMissingArm recognises an input tpm2wire accepts and go-tpm refuses
// for want of a union member. go-tpm says nothing about such a member's
// contents, so the evidence is a stand-in: with each missing selector
// replaced by one of the same layout that go-tpm has (and, for SM4 and
// CAMELLIA, keyBits checked against the original algorithm's sizes), both
// parsers accept and read the same value.
func matchMissingArm(b []byte, ourErr, theirErr error) bool {
	if ourErr != nil || theirErr == nil || !noUnionMember.MatchString(theirErr.Error()) {
		return false
	}
	for _, tg := range allTargets {
		// The target is the one whose parsers gave these verdicts.
		r := tg.run(b)
		if r.ourErr == nil && r.theirErr != nil && r.theirErr.Error() == theirErr.Error() && standInsAgree(tg, b, 0) {
			return true
		}
	}
	return false
}

func standInsAgree(tg *target, b []byte, depth int) bool {
	r := tg.run(b)
	switch {
	case r.ourErr != nil:
		return false
	case r.agree():
		return depth > 0
	case r.theirErr == nil || depth == 4:
		return false
	}
	m := noUnionMember.FindStringSubmatch(r.theirErr.Error())
	if m == nil {
		return false
	}
	tag, err := strconv.Atoi(m[1])
	standIn, ok := gotpmStandIn[uint16(tag)]
	if err != nil || !ok {
		return false
	}
	for i := 0; i+2 <= len(b); i++ {
		if v, _ := u16(b, i); v != uint16(tag) {
			continue
		}
		if sizes, sym := symKeyBits[uint16(tag)]; sym {
			if kb, ok := u16(b, i+2); !ok || !sizes[kb] {
				continue
			}
		}
		if standInsAgree(tg, put16(b, i, standIn), depth+1) {
			return true
		}
	}
	return false
}

// Independent value sets, written from Part 2 r1.83 (and tpm2wire's
// documented profile where Part 2 leaves a bound to the implementation).
var (
	rsaKeyBits = map[uint16]bool{1024: true, 2048: true, 3072: true, 4096: true, 16384: true}
	symKeyBits = map[uint16]map[uint16]bool{
		0x0006: {128: true, 192: true, 256: true}, // AES
		0x0013: {128: true},                       // SM4
		0x0026: {128: true, 192: true, 256: true}, // CAMELLIA
	}
	eccCurves = map[uint16]bool{
		0x0001: true, 0x0002: true, 0x0003: true, 0x0004: true, 0x0005: true, 0x0010: true, 0x0011: true,
		0x0020: true, 0x0030: true, 0x0031: true, 0x0032: true, 0x0040: true, 0x0041: true,
	}
	symObjects = map[uint16]bool{0x0006: true, 0x0013: true, 0x0026: true}
	symModes   = map[uint16]bool{0x003f: true, 0x0040: true, 0x0041: true, 0x0042: true, 0x0043: true, 0x0044: true}
	rsaSchemes = map[uint16]bool{0x0014: true, 0x0015: true, 0x0016: true, 0x0017: true}
	eccSchemes = map[uint16]bool{0x0018: true, 0x0019: true, 0x001a: true, 0x001b: true, 0x001c: true, 0x001d: true, 0x0060: true, 0x0061: true}
	kdfs       = map[uint16]bool{0x0007: true, 0x0020: true, 0x0021: true, 0x0022: true}
	// tpm2bBound is the bound of each sized buffer, by its Part 2 name.
	tpm2bBound = map[string]int{
		"TPM2B_DIGEST":         64,   // sizeof(TPMU_HA), SHA-512
		"TPM2B_DATA":           66,   // sizeof(TPMT_HA)
		"TPM2B_NAME":           66,   // sizeof(TPMU_NAME) without C padding
		"TPM2B_ECC_PARAMETER":  80,   // MAX_ECC_KEY_BYTES, BN P638 (profile)
		"TPM2B_PUBLIC_KEY_RSA": 2048, // MAX_RSA_KEY_BYTES, RSA 16384 (profile)
		"TPM2B_MAX_NV_BUFFER":  2048, // MAX_NV_BUFFER_SIZE (profile)
	}
	noUnionMember = regexp.MustCompile(`no union member for tag (\d+)`)
)

const (
	generatedValue = 0xff544347 // TPM_GENERATED_VALUE
	algNull        = 0x0010
	objectReserved = 0xfff0f001
	pcrSelectMax   = 4  // tpm2wire profile: 32 PCRs
	hashCount      = 16 // tpm2wire profile: HASH_COUNT
)

// hashDigestSize is TPMI_ALG_HASH (Part 2 Table 2:66, as of r1.83) with each
// algorithm's digest size: the set a hash field admits and what TPMU_HA
// holds. It is written out here, not taken from tpm2wire, so that the
// classes check tpm2wire's errors against the specification.
var hashDigestSize = map[uint16]int{
	0x0004: 20, // SHA1
	0x000B: 32, // SHA256
	0x000C: 48, // SHA384
	0x000D: 64, // SHA512
	0x000E: 24, // SHA256_192
	0x0012: 32, // SM3_256
	0x0027: 32, // SHA3_256
	0x0028: 48, // SHA3_384
	0x0029: 64, // SHA3_512
	0x002C: 24, // SHAKE256_192
	0x002D: 32, // SHAKE256_256
	0x002E: 64, // SHAKE256_512
}

// ours returns tpm2wire's error as an *tpm2wire.Error, or nil.
func ours(err error) *tpm2wire.Error {
	var e *tpm2wire.Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

func u16(b []byte, off int) (uint16, bool) {
	if off < 0 || off+2 > len(b) {
		return 0, false
	}
	return uint16(b[off])<<8 | uint16(b[off+1]), true
}

func u32(b []byte, off int) (uint32, bool) {
	if off < 0 || off+4 > len(b) {
		return 0, false
	}
	return uint32(b[off])<<24 | uint32(b[off+1])<<16 | uint32(b[off+2])<<8 | uint32(b[off+3]), true
}

// targetsByType are the targets by Part 2 name: the name tpm2wire gives in
// an ErrTrailingData error, and the corpus manifest's type. Types without a
// target here are skipped.
var targetsByType = map[string]*target{
	"TPMS_ATTEST":        targetAttest,
	"TPM2B_ATTEST":       target2BAttest,
	"TPMT_PUBLIC":        targetPublic,
	"TPM2B_PUBLIC":       target2BPublic,
	"TPMT_SIGNATURE":     targetSignature,
	"TPMT_HA":            targetHA,
	"TPML_PCR_SELECTION": targetPCRSelection,
	"TPML_DIGEST_VALUES": targetDigestValues,
}

// suffixIgnored is the evidence for trailing-data: both parsers accept
// b[:off], tpm2wire's claimed end of the structure, with equal values, and
// go-tpm reads the same value from all of b as from b[:off].
func suffixIgnored(typ string, b []byte, off int) bool {
	tg := targetsByType[typ]
	if tg == nil {
		return false
	}
	if r := tg.run(b[:off]); r.ourErr != nil || !r.agree() {
		return false
	}
	full, err := tg.runTheirs(b)
	if err != nil {
		return false
	}
	prefix, err := tg.runTheirs(b[:off])
	return err == nil && cmp.Equal(full, prefix, cmpOpts)
}

// parseFrameContents parses the payload of the sized structure typ
// (TPM2B_PUBLIC or TPM2B_ATTEST) as its unframed content.
func parseFrameContents(typ string, b []byte) error {
	var err error
	switch typ {
	case "TPM2B_PUBLIC":
		_, err = tpmt.ParsePublicAllowNull(b)
	case "TPM2B_ATTEST":
		_, err = tpms.ParseAttest(b)
	default:
		return errors.New("not a sized structure")
	}
	return err
}

// endsInHA reports whether the structure e says ends before trailing data
// ends with a TPMT_HA digest, which go-tpm extends to the end of the input
// (class ha-digest-to-end rather than trailing-data).
func endsInHA(b []byte, e *tpm2wire.Error) bool {
	switch e.Type {
	case "TPMT_HA":
		return true
	case "TPMT_SIGNATURE":
		v, ok := u16(b, 0)
		return ok && v == 0x0005 // TPM_ALG_HMAC
	case "TPML_DIGEST_VALUES":
		v, ok := u32(b, 0)
		return ok && v >= 1
	}
	return false
}

var frameEndsInside = regexp.MustCompile(`^the (TPM2B_[A-Z_]+) size ends inside this value$`)

// matchTruncatedSize recognises a size prefix cut off by the end of the
// input (ErrTruncated on a TPM2B's size or a sizeofSelect) or by the end of
// a TPM2B_PUBLIC / TPM2B_ATTEST frame at the start of the input (the frame's
// size then is too small: ErrSize).
func matchTruncatedSize(b []byte, ourErr, theirErr error) bool {
	e := ours(ourErr)
	if e == nil || theirErr != nil {
		return false
	}
	switch {
	case e.Err == tpm2wire.ErrTruncated && e.Field == "sizeofSelect":
		return e.Offset == len(b)
	case e.Err == tpm2wire.ErrTruncated && isTPM2BSize(e.Detail):
		return e.Offset <= len(b) && len(b)-e.Offset < 2
	case e.Err == tpm2wire.ErrSize && frameEndsInside.MatchString(e.Detail):
		size, ok := u16(b, 0)
		end := 2 + int(size)
		return ok && end <= len(b) && e.Offset <= end && end-e.Offset < 2
	}
	return false
}

var tpm2bSize = regexp.MustCompile(`^TPM2B_[A-Z_]+\.size$`)

func isTPM2BSize(detail string) bool { return tpm2bSize.MatchString(detail) }

// matchNameForm recognises a TPM2B_NAME within its size bound whose bytes
// are none of the TPMU_NAME forms.
func matchNameForm(b []byte, ourErr, theirErr error) bool {
	e := ours(ourErr)
	if e == nil || theirErr != nil || (e.Err != tpm2wire.ErrSize && e.Err != tpm2wire.ErrHash) {
		return false
	}
	var sizeAt int
	switch {
	case strings.HasPrefix(e.Detail, "TPM2B_NAME.size: size "):
		sizeAt = e.Offset
	case strings.HasPrefix(e.Detail, "TPM2B_NAME.name: "):
		sizeAt = e.Offset - 2
	default:
		return false
	}
	size, ok := u16(b, sizeAt)
	if !ok || int(size) > tpm2bBound["TPM2B_NAME"] || sizeAt+2+int(size) > len(b) {
		return false
	}
	return !validName(b[sizeAt+2 : sizeAt+2+int(size)])
}

// validName applies the TPMU_NAME rule.
func validName(n []byte) bool {
	switch len(n) {
	case 0, 4:
		return true
	case 1:
		return false
	}
	alg, _ := u16(n, 0)
	size, ok := hashDigestSize[alg]
	return ok && len(n) == 2+size
}

// matchHADigest recognises the consequences of go-tpm reading TPMT_HA's
// digest to the end of the buffer.
func matchHADigest(b []byte, ourErr, theirErr error) bool {
	e := ours(ourErr)
	switch {
	case ourErr == nil && theirErr != nil:
		// A TPML_DIGEST_VALUES of two or more: the first digest took the
		// rest, and the second element's hashAlg hit the end.
		n, ok := u32(b, 0)
		return ok && n >= 2 && strings.Contains(theirErr.Error(), "TPMLDigestValues") &&
			strings.HasSuffix(theirErr.Error(), "EOF")
	case e == nil || theirErr != nil:
		return false
	case e.Err == tpm2wire.ErrTruncated && e.Type == "TPMT_HA" && e.Field == "digest":
		alg, ok := u16(b, e.Offset-2)
		size, known := hashDigestSize[alg]
		return ok && known && e.Offset <= len(b) && len(b)-e.Offset < size
	case e.Err == tpm2wire.ErrTrailingData:
		// Both parsers accept the structure without the trailing bytes.
		tg := targetsByType[e.Type]
		if !endsInHA(b, e) || tg == nil || e.Offset >= len(b) {
			return false
		}
		r := tg.run(b[:e.Offset])
		return r.ourErr == nil && r.agree()
	}
	return false
}
