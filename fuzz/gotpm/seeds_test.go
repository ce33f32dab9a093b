package gotpm

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpm2b"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// The seed inputs: the attStmt fields of the WebAuthn vectors in
// ../../testdata/structures, values built with tpm2wire's encoders that
// reach the union members the vectors do not, the seeds of the
// disagreement classes, and the simulator corpus of
// ../../testdata/corpus/manifest.json when it exists.

const (
	structuresDir = "../../testdata/structures"
	corpusDir     = "../../testdata/corpus"
)

// seedsFor returns every seed input of tg, each once.
func seedsFor(tb testing.TB, tg *target) [][]byte {
	own, corpus := seedSets(tb, tg)
	return append(own, corpus...)
}

// seedSets returns tg's seeds in two sets, each input once: those of this
// package (the WebAuthn structures, the built values, the classes' seeds)
// and those of the simulator corpus that are not among the first.
func seedSets(tb testing.TB, tg *target) (own, corpus [][]byte) {
	var seeds [][]byte
	add := func(b []byte) {
		for _, s := range seeds {
			if bytes.Equal(s, b) {
				return
			}
		}
		seeds = append(seeds, b)
	}
	for _, b := range structureSeeds(tb, tg) {
		add(b)
	}
	for _, b := range builtSeeds(tg) {
		add(b)
	}
	for _, c := range classes {
		for _, s := range c.Seeds {
			if s.Target == tg {
				add(s.Input)
			}
		}
	}
	n := len(seeds)
	for _, b := range corpusSeeds(tb, tg) {
		add(b)
	}
	return seeds[:n:n], seeds[n:]
}

// frame2B prefixes b with its 16-bit size, as a TPM2B.
func frame2B(b []byte) []byte {
	return append([]byte{byte(len(b) >> 8), byte(len(b))}, b...)
}

// structureSeeds reads certInfo (TPMS_ATTEST) and pubArea (TPMT_PUBLIC) of
// every vector, framed as TPM2Bs for the TPM2B targets. Some are malformed
// on purpose (java-synthetic-rs256's pubArea, certInfos whose clockInfo.safe
// is 0x33): they are seeds all the same.
func structureSeeds(tb testing.TB, tg *target) [][]byte {
	var file string
	framed := false
	switch tg {
	case targetAttest:
		file = "certInfo"
	case target2BAttest:
		file, framed = "certInfo", true
	case targetPublic:
		file = "pubArea"
	case target2BPublic:
		file, framed = "pubArea", true
	default:
		return nil
	}
	paths, err := filepath.Glob(filepath.Join(structuresDir, "*", file))
	if err != nil {
		tb.Fatal(err)
	}
	if len(paths) == 0 {
		tb.Fatalf("no %s files under %s", file, structuresDir)
	}
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		if framed {
			b = frame2B(b)
		}
		out = append(out, b)
	}
	return out
}

// corpusEntry is one entry of testdata/corpus/manifest.json.
type corpusEntry struct {
	File string `json:"file"`
	Type string `json:"type"`
}

// readCorpus returns the manifest's entries with their bytes, or nothing
// when the corpus does not exist (yet).
func readCorpus(tb testing.TB) (entries []corpusEntry, data [][]byte) {
	m, err := os.ReadFile(filepath.Join(corpusDir, "manifest.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		tb.Fatal(err)
	}
	entries, err = parseManifest(m)
	if err != nil {
		tb.Fatalf("%s/manifest.json: %v", corpusDir, err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(corpusDir, filepath.FromSlash(e.File)))
		if err != nil {
			tb.Fatalf("%s/manifest.json: %v", corpusDir, err)
		}
		data = append(data, b)
	}
	return entries, data
}

// parseManifest accepts either a JSON array of entries or an object holding
// one under "entries" or "files".
func parseManifest(m []byte) ([]corpusEntry, error) {
	var list []corpusEntry
	if err := json.Unmarshal(m, &list); err == nil {
		return list, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(m, &obj); err != nil {
		return nil, err
	}
	for _, k := range []string{"entries", "files", "corpus", "items"} {
		if raw, ok := obj[k]; ok {
			err := json.Unmarshal(raw, &list)
			return list, err
		}
	}
	return nil, errors.New(`no list of {"file", "type"} entries`)
}

func corpusSeeds(tb testing.TB, tg *target) [][]byte {
	entries, data := readCorpus(tb)
	var out [][]byte
	for i, e := range entries {
		// A manifest type name may carry a trailing + (the use admits NULL);
		// the targets compare the same bytes either way.
		if targetsByType[strings.TrimSuffix(e.Type, "+")] == tg {
			out = append(out, data[i])
		}
	}
	return out
}

func fill(n int, v byte) []byte { return bytes.Repeat([]byte{v}, n) }

// builtSeeds are well-formed values built with tpm2wire's encoders, one per
// union member that the WebAuthn vectors leave out.
func builtSeeds(tg *target) [][]byte {
	switch tg {
	case targetAttest, target2BAttest:
		var out [][]byte
		for _, a := range builtAttests() {
			if tg == target2BAttest {
				out = append(out, a.Append2B(nil))
			} else {
				out = append(out, a.Append(nil))
			}
		}
		return out
	case targetPublic, target2BPublic:
		var out [][]byte
		for _, p := range builtPublics() {
			if tg == target2BPublic {
				out = append(out, p.Append2B(nil))
			} else {
				out = append(out, p.Append(nil))
			}
		}
		return out
	case targetSignature:
		var out [][]byte
		for _, s := range builtSignatures() {
			out = append(out, s.Append(nil))
		}
		return out
	case targetHA:
		var out [][]byte
		for _, h := range builtHAs() {
			out = append(out, h.Append(nil))
		}
		return out
	case targetPCRSelection:
		return [][]byte{
			tpms.NewPCRSelectionList().Append(nil),
			tpms.NewPCRSelectionList(tpms.PCRSelection{Hash: algid.SHA256, PCRSelect: []byte{0x80, 0, 0}}).Append(nil),
			tpms.NewPCRSelectionList(
				tpms.PCRSelection{Hash: algid.SHA1, PCRSelect: []byte{0xff, 0xff, 0xff}},
				tpms.PCRSelection{Hash: algid.SHA256, PCRSelect: []byte{0x01, 0x00, 0x00, 0x80}},
				tpms.PCRSelection{Hash: algid.SHA384},
			).Append(nil),
		}
	case targetDigestValues:
		return [][]byte{
			tpmt.NewDigestValues().Append(nil),
			tpmt.NewDigestValues(tpmt.HA{HashAlg: algid.SHA256, Digest: fill(32, 0xa5)}).Append(nil),
			tpmt.NewDigestValues(
				tpmt.HA{HashAlg: algid.SHA1, Digest: fill(20, 0x11)},
				tpmt.HA{HashAlg: algid.SHA256, Digest: fill(32, 0x22)},
			).Append(nil),
		}
	}
	return nil
}

func builtAttests() []tpms.Attest {
	name := tpm2b.Name(append([]byte{0x00, 0x0b}, fill(32, 0x4e)...))
	clock := tpms.ClockInfo{Clock: 0x0102030405060708, ResetCount: 3, RestartCount: 4, Safe: true}
	base := func(u tpms.Attested) tpms.Attest {
		return tpms.Attest{
			QualifiedSigner: name,
			ExtraData:       tpm2b.Data(fill(32, 0xed)),
			ClockInfo:       clock,
			FirmwareVersion: 0x2000000000001,
			Attested:        u,
		}
	}
	digest := tpm2b.Digest(fill(32, 0xd1))
	nullSigner := base(tpms.AttestedCertify(tpms.CertifyInfo{Name: name, QualifiedName: name}))
	nullSigner.QualifiedSigner = tpm2b.Name{0x40, 0x00, 0x00, 0x07} // TPM_RH_NULL
	nullSigner.ExtraData = nil
	return []tpms.Attest{
		nullSigner,
		base(tpms.AttestedQuote(tpms.QuoteInfo{
			PCRSelect: tpms.NewPCRSelectionList(tpms.PCRSelection{Hash: algid.SHA256, PCRSelect: []byte{0xff, 0x00, 0x00}}),
			PCRDigest: digest,
		})),
		base(tpms.AttestedSessionAudit(tpms.SessionAuditInfo{ExclusiveSession: true, SessionDigest: digest})),
		base(tpms.AttestedCommandAudit(tpms.CommandAuditInfo{AuditCounter: 9, DigestAlg: algid.SHA256, AuditDigest: digest, CommandDigest: digest})),
		base(tpms.AttestedTime(tpms.TimeAttestInfo{Time: tpms.TimeInfo{Time: 77, ClockInfo: clock}, FirmwareVersion: 5})),
		base(tpms.AttestedCreation(tpms.CreationInfo{ObjectName: name, CreationHash: digest})),
		base(tpms.AttestedNV(tpms.NVCertifyInfo{IndexName: name, Offset: 2, NVContents: tpm2b.MaxNVBuffer("hello")})),
		base(tpms.AttestedNVDigest(tpms.NVDigestCertifyInfo{IndexName: name, NVDigest: digest})),
	}
}

func builtPublics() []tpmt.Public {
	aesCFB := tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsAES(128), Mode: tpmt.SymModeAES(algid.CFB)}
	null := tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsNull(), Mode: tpmt.SymModeNull()}
	hash := tpms.SchemeHash{HashAlg: algid.SHA256}
	storage := tpmt.FixedTPM | tpmt.FixedParent | tpmt.SensitiveDataOrigin | tpmt.UserWithAuth | tpmt.Restricted | tpmt.Decrypt
	signing := tpmt.FixedTPM | tpmt.FixedParent | tpmt.SensitiveDataOrigin | tpmt.UserWithAuth | tpmt.Sign
	rsa := func(sym tpmt.SymDefObject, scheme tpmt.AsymSchemeDetails, attrs tpmt.ObjectAttributes) tpmt.Public {
		return tpmt.Public{
			NameAlg:          algid.SHA256,
			ObjectAttributes: attrs,
			Parameters: tpmt.PublicParmsRSADetail(tpmt.RSAParms{
				Symmetric: sym, Scheme: tpmt.RSAScheme{Details: scheme}, KeyBits: 2048,
			}),
			Unique: tpmt.PublicIDRSA(fill(256, 0xc3)),
		}
	}
	ecc := func(sym tpmt.SymDefObject, scheme tpmt.AsymSchemeDetails, curve algid.Curve, kdf tpmt.KDFSchemeDetails, size int) tpmt.Public {
		return tpmt.Public{
			NameAlg:          algid.SHA384,
			ObjectAttributes: signing,
			AuthPolicy:       tpm2b.Digest(fill(48, 0xaa)),
			Parameters: tpmt.PublicParmsECCDetail(tpmt.ECCParms{
				Symmetric: sym, Scheme: tpmt.ECCScheme{Details: scheme}, CurveID: curve, KDF: tpmt.KDFScheme{Details: kdf},
			}),
			Unique: tpmt.PublicIDECC(tpms.ECCPoint{X: fill(size, 0x0a), Y: fill(size, 0x0b)}),
		}
	}
	keyed := func(scheme tpmt.KeyedHashSchemeDetails) tpmt.Public {
		return tpmt.Public{
			NameAlg:          algid.SHA1,
			ObjectAttributes: tpmt.FixedTPM | tpmt.UserWithAuth | tpmt.Sign,
			Parameters:       tpmt.PublicParmsKeyedHashDetail(tpmt.KeyedHashParms{Scheme: tpmt.KeyedHashScheme{Details: scheme}}),
			Unique:           tpmt.PublicIDKeyedHash(fill(20, 0x6b)),
		}
	}
	sym := func(def tpmt.SymDefObject) tpmt.Public {
		return tpmt.Public{
			NameAlg:          algid.SHA256,
			ObjectAttributes: tpmt.FixedTPM | tpmt.UserWithAuth | tpmt.Decrypt | tpmt.Sign,
			Parameters:       tpmt.PublicParmsSymDetail(tpmt.SymCipherParms{Sym: def}),
			Unique:           tpmt.PublicIDSym(fill(32, 0x5e)),
		}
	}
	return []tpmt.Public{
		rsa(aesCFB, tpmt.AsymSchemeDetailsNull(), storage),
		rsa(null, tpmt.AsymSchemeDetailsRSAPSS(hash), signing),
		rsa(null, tpmt.AsymSchemeDetailsOAEP(hash), signing),
		rsa(null, tpmt.AsymSchemeDetailsRSAES(), signing),
		ecc(null, tpmt.AsymSchemeDetailsECDSA(hash), algid.ECC_NIST_P256, tpmt.KDFSchemeDetailsNull(), 32),
		ecc(null, tpmt.AsymSchemeDetailsECDAA(tpms.SchemeECDAA{HashAlg: algid.SHA256, Count: 7}), algid.ECC_BN_P256, tpmt.KDFSchemeDetailsNull(), 32),
		ecc(null, tpmt.AsymSchemeDetailsECDH(hash), algid.ECC_NIST_P384, tpmt.KDFSchemeDetailsKDF2(hash), 48),
		ecc(null, tpmt.AsymSchemeDetailsECMQV(hash), algid.ECC_NIST_P521, tpmt.KDFSchemeDetailsKDF1_SP800_56A(hash), 66),
		ecc(aesCFB, tpmt.AsymSchemeDetailsNull(), algid.ECC_NIST_P256, tpmt.KDFSchemeDetailsKDF1_SP800_108(hash), 32),
		ecc(null, tpmt.AsymSchemeDetailsSM2(tpms.SchemeHash{HashAlg: algid.SM3_256}), algid.ECC_SM2_P256, tpmt.KDFSchemeDetailsMGF1(hash), 32),
		ecc(null, tpmt.AsymSchemeDetailsECSchnorr(hash), algid.ECC_NIST_P256, tpmt.KDFSchemeDetailsNull(), 32),
		ecc(null, tpmt.AsymSchemeDetailsEdDSA(tpms.SchemeHash{HashAlg: algid.SHA512}), algid.ECC_CURVE_25519, tpmt.KDFSchemeDetailsNull(), 32),
		keyed(tpmt.KeyedHashSchemeDetailsHMAC(hash)),
		keyed(tpmt.KeyedHashSchemeDetailsXOR(tpms.SchemeXOR{HashAlg: algid.SHA256, KDF: algid.KDF1_SP800_108})),
		keyed(tpmt.KeyedHashSchemeDetailsNull()),
		sym(aesCFB),
		sym(tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsAES(256), Mode: tpmt.SymModeAES(algid.NULL)}), // mode TPM_ALG_NULL
		sym(tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsSM4(128), Mode: tpmt.SymModeSM4(algid.CBC)}),
		sym(tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsCamellia(192), Mode: tpmt.SymModeCamellia(algid.CTR)}),
	}
}

func builtSignatures() []tpmt.Signature {
	rsa := tpms.SignatureRSA{Hash: algid.SHA1, Sig: fill(256, 0x5a)}
	ecc := func(h algid.ID, n int) tpms.SignatureECC {
		return tpms.SignatureECC{Hash: h, SignatureR: fill(n, 0x52), SignatureS: fill(n, 0x53)}
	}
	return []tpmt.Signature{
		{Signature: tpmt.SignatureUnionRSASSA(rsa)},
		{Signature: tpmt.SignatureUnionRSAPSS(tpms.SignatureRSA{Hash: algid.SHA256, Sig: fill(384, 0x5b)})},
		{Signature: tpmt.SignatureUnionECDSA(ecc(algid.SHA256, 32))},
		{Signature: tpmt.SignatureUnionECDSA(ecc(algid.SHA384, 48))},
		{Signature: tpmt.SignatureUnionECDAA(ecc(algid.SHA256, 32))},
		{Signature: tpmt.SignatureUnionSM2(ecc(algid.SM3_256, 32))},
		{Signature: tpmt.SignatureUnionECSchnorr(ecc(algid.SHA256, 32))},
		{Signature: tpmt.SignatureUnionEdDSA(ecc(algid.SHA512, 32))},
		{Signature: tpmt.SignatureUnionEdDSA_PH(ecc(algid.SHA512, 57))},
		{Signature: tpmt.SignatureUnionHMAC(tpmt.HA{HashAlg: algid.SHA256, Digest: fill(32, 0x48)})},
		{Signature: tpmt.SignatureUnionNull()},
	}
}

// builtHAs is one TPMT_HA per TPMI_ALG_HASH value, with a digest of the
// algorithm's size.
func builtHAs() []tpmt.HA {
	var out []tpmt.HA
	for _, h := range slices.Sorted(maps.Keys(hashDigestSize)) {
		out = append(out, tpmt.HA{HashAlg: algid.ID(h), Digest: fill(hashDigestSize[h], byte(h))})
	}
	return out
}
