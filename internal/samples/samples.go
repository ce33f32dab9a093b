// Package samples provides valid encodings of every top-level TPM structure
// tpm2wire parses: the real ones from testdata/structures, and ones built
// with the encoders to cover every union member. Fuzz targets seed from them
// and the hostile-input tests mutate them. Only tests import it.
package samples

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"sort"

	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpm2b"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// Root is the module root.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Structures returns the named files of every testdata/structures vector
// (file is "certInfo", "pubArea", ...), in name order.
func Structures(file string) [][]byte {
	dirs, _ := filepath.Glob(filepath.Join(Root(), "testdata", "structures", "*"))
	sort.Strings(dirs)
	var out [][]byte
	for _, d := range dirs {
		if b, err := os.ReadFile(filepath.Join(d, file)); err == nil {
			out = append(out, b)
		}
	}
	return out
}

var (
	sha256Name = tpm2b.Name(append([]byte{0, 0x0b}, bytes.Repeat([]byte{0x44}, 32)...))
	hash       = tpms.SchemeHash{HashAlg: algid.SHA256}
	nullSym    = tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsNull(), Mode: tpmt.SymModeNull()}
)

func pcrs() tpms.PCRSelectionList {
	return tpms.NewPCRSelectionList(
		tpms.PCRSelection{Hash: algid.SHA256, PCRSelect: []byte{0xff, 0, 0}},
		tpms.PCRSelection{Hash: algid.SHA1, PCRSelect: []byte{1, 0, 0}},
	)
}

// Attests returns TPMS_ATTEST encodings: the real certInfos that parse,
// and one of every TPMU_ATTEST member.
func Attests() [][]byte {
	var out [][]byte
	for _, b := range Structures("certInfo") {
		if _, err := tpms.ParseAttest(b); err == nil {
			out = append(out, b)
		}
	}
	base := tpms.Attest{
		QualifiedSigner: sha256Name,
		ExtraData:       []byte{1, 2, 3},
		ClockInfo:       tpms.ClockInfo{Clock: 7, ResetCount: 1, RestartCount: 2, Safe: true},
		FirmwareVersion: 9,
	}
	for _, u := range []tpms.Attested{
		tpms.AttestedCertify(tpms.CertifyInfo{Name: sha256Name, QualifiedName: []byte{0x40, 0, 0, 7}}),
		tpms.AttestedCreation(tpms.CreationInfo{ObjectName: sha256Name, CreationHash: []byte{5}}),
		tpms.AttestedQuote(tpms.QuoteInfo{PCRSelect: pcrs(), PCRDigest: make([]byte, 32)}),
		tpms.AttestedCommandAudit(tpms.CommandAuditInfo{AuditCounter: 3, DigestAlg: algid.SHA384, AuditDigest: []byte{7}, CommandDigest: []byte{8}}),
		tpms.AttestedSessionAudit(tpms.SessionAuditInfo{ExclusiveSession: true, SessionDigest: []byte{9}}),
		tpms.AttestedTime(tpms.TimeAttestInfo{Time: tpms.TimeInfo{Time: 1, ClockInfo: tpms.ClockInfo{Clock: 2}}, FirmwareVersion: 3}),
		tpms.AttestedNV(tpms.NVCertifyInfo{IndexName: sha256Name, Offset: 4, NVContents: []byte{0xab, 0xcd}}),
		tpms.AttestedNVDigest(tpms.NVDigestCertifyInfo{IndexName: sha256Name, NVDigest: []byte{0xaa}}),
	} {
		a := base
		a.Attested = u
		out = append(out, a.Append(nil))
	}
	return out
}

// Publics returns TPMT_PUBLIC encodings: the real pubAreas that parse, and
// every object type with every scheme, symmetric and KDF member.
func Publics() [][]byte {
	var out [][]byte
	for _, b := range Structures("pubArea") {
		if _, err := tpmt.ParsePublic(b); err == nil {
			out = append(out, b)
		}
	}
	attrs := tpmt.FixedTPM | tpmt.FixedParent | tpmt.SensitiveDataOrigin | tpmt.UserWithAuth | tpmt.Sign
	rsa := func(s tpmt.AsymSchemeDetails) tpmt.Public {
		return tpmt.Public{NameAlg: algid.SHA256, ObjectAttributes: attrs,
			Parameters: tpmt.PublicParmsRSADetail(tpmt.RSAParms{Symmetric: nullSym, Scheme: tpmt.RSAScheme{Details: s}, KeyBits: 1024, Exponent: 3}),
			Unique:     tpmt.PublicIDRSA(bytes.Repeat([]byte{0xc1}, 128))}
	}
	ecc := func(s tpmt.AsymSchemeDetails, kdf tpmt.KDFSchemeDetails, sym tpmt.SymDefObject) tpmt.Public {
		return tpmt.Public{NameAlg: algid.SHA384, ObjectAttributes: attrs, AuthPolicy: []byte{1, 2, 3, 4},
			Parameters: tpmt.PublicParmsECCDetail(tpmt.ECCParms{Symmetric: sym, Scheme: tpmt.ECCScheme{Details: s}, CurveID: algid.ECC_NIST_P384, KDF: tpmt.KDFScheme{Details: kdf}}),
			Unique:     tpmt.PublicIDECC(tpms.ECCPoint{X: []byte{0xaa}, Y: []byte{0xbb}})}
	}
	keyed := func(s tpmt.KeyedHashSchemeDetails) tpmt.Public {
		return tpmt.Public{NameAlg: algid.SHA1, Parameters: tpmt.PublicParmsKeyedHashDetail(tpmt.KeyedHashParms{Scheme: tpmt.KeyedHashScheme{Details: s}}),
			Unique: tpmt.PublicIDKeyedHash([]byte{1, 2})}
	}
	null := tpmt.KDFSchemeDetailsNull()
	for _, p := range []tpmt.Public{
		rsa(tpmt.AsymSchemeDetailsRSASSA(hash)), rsa(tpmt.AsymSchemeDetailsRSAPSS(hash)), rsa(tpmt.AsymSchemeDetailsOAEP(hash)),
		rsa(tpmt.AsymSchemeDetailsRSAES()), rsa(tpmt.AsymSchemeDetailsNull()),
		ecc(tpmt.AsymSchemeDetailsECDSA(hash), null, nullSym),
		ecc(tpmt.AsymSchemeDetailsECDAA(tpms.SchemeECDAA{HashAlg: algid.SHA256, Count: 7}), null, nullSym),
		ecc(tpmt.AsymSchemeDetailsSM2(hash), null, nullSym), ecc(tpmt.AsymSchemeDetailsECSchnorr(hash), null, nullSym),
		ecc(tpmt.AsymSchemeDetailsECDH(hash), null, nullSym), ecc(tpmt.AsymSchemeDetailsECMQV(hash), null, nullSym),
		ecc(tpmt.AsymSchemeDetailsEdDSA(hash), null, nullSym), ecc(tpmt.AsymSchemeDetailsEdDSA_PH(hash), null, nullSym),
		ecc(tpmt.AsymSchemeDetailsNull(), tpmt.KDFSchemeDetailsMGF1(hash), nullSym),
		ecc(tpmt.AsymSchemeDetailsNull(), tpmt.KDFSchemeDetailsKDF1_SP800_56A(hash), nullSym),
		ecc(tpmt.AsymSchemeDetailsNull(), tpmt.KDFSchemeDetailsKDF2(hash), nullSym),
		ecc(tpmt.AsymSchemeDetailsNull(), tpmt.KDFSchemeDetailsKDF1_SP800_108(hash), nullSym),
		ecc(tpmt.AsymSchemeDetailsNull(), null, tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsAES(128), Mode: tpmt.SymModeAES(algid.CFB)}),
		ecc(tpmt.AsymSchemeDetailsNull(), null, tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsSM4(128), Mode: tpmt.SymModeSM4(algid.CTR)}),
		ecc(tpmt.AsymSchemeDetailsNull(), null, tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsCamellia(256), Mode: tpmt.SymModeCamellia(algid.NULL)}),
		keyed(tpmt.KeyedHashSchemeDetailsHMAC(hash)),
		keyed(tpmt.KeyedHashSchemeDetailsXOR(tpms.SchemeXOR{HashAlg: algid.SHA256, KDF: algid.KDF1_SP800_108})),
		keyed(tpmt.KeyedHashSchemeDetailsNull()),
		{NameAlg: algid.SHA512, Parameters: tpmt.PublicParmsSymDetail(tpmt.SymCipherParms{Sym: tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsAES(256), Mode: tpmt.SymModeAES(algid.CBC)}}), Unique: tpmt.PublicIDSym([]byte{3})},
	} {
		out = append(out, p.Append(nil))
	}
	return out
}

// Signatures returns a TPMT_SIGNATURE of every TPMU_SIGNATURE member but
// NULL (see NullSignature), one carrying a real Windows Hello signature.
func Signatures() [][]byte {
	rs := tpms.SignatureRSA{Hash: algid.SHA256, Sig: []byte{1, 2}}
	ec := tpms.SignatureECC{Hash: algid.SHA256, SignatureR: []byte{3}, SignatureS: []byte{4}}
	var out [][]byte
	if sigs := Structures("sig"); len(sigs) > 0 {
		real := tpms.SignatureRSA{Hash: algid.SHA1, Sig: sigs[len(sigs)-1]}
		out = append(out, tpmt.Signature{Signature: tpmt.SignatureUnionRSASSA(real)}.Append(nil))
	}
	for _, u := range []tpmt.SignatureUnion{
		tpmt.SignatureUnionRSASSA(rs), tpmt.SignatureUnionRSAPSS(rs), tpmt.SignatureUnionECDSA(ec), tpmt.SignatureUnionECDAA(ec),
		tpmt.SignatureUnionSM2(ec), tpmt.SignatureUnionECSchnorr(ec), tpmt.SignatureUnionEdDSA(ec), tpmt.SignatureUnionEdDSA_PH(ec),
		tpmt.SignatureUnionHMAC(tpmt.HA{HashAlg: algid.SHA1, Digest: bytes.Repeat([]byte{5}, 20)}),
	} {
		out = append(out, tpmt.Signature{Signature: u}.Append(nil))
	}
	return out
}

// NullSignature is the TPMT_SIGNATURE with sigAlg TPM_ALG_NULL, which only a
// TPMT_SIGNATURE+ use admits.
func NullSignature() []byte { return []byte{0, 0x10} }

// HAs returns TPMT_HA encodings of several hashes.
func HAs() [][]byte {
	var out [][]byte
	for _, alg := range []algid.ID{algid.SHA1, algid.SHA256, algid.SHA384, algid.SHA512, algid.SM3_256, algid.SHA3_256} {
		out = append(out, tpmt.HA{HashAlg: alg, Digest: bytes.Repeat([]byte{byte(alg)}, alg.DigestSize())}.Append(nil))
	}
	return out
}

// Lists returns TPML encodings: PCR selections, digests, digest values.
func PCRSelectionLists() [][]byte {
	return [][]byte{pcrs().Append(nil), tpms.NewPCRSelectionList().Append(nil)}
}

func DigestLists() [][]byte {
	return [][]byte{tpms.NewDigestList([]byte{1}, []byte{2, 2}).Append(nil), tpms.NewDigestList(make([]byte, 32), nil, make([]byte, 64)).Append(nil)}
}

func DigestValues() [][]byte {
	var has []tpmt.HA
	for _, b := range HAs() {
		h, _ := tpmt.ParseHA(b)
		has = append(has, h)
	}
	return [][]byte{tpmt.NewDigestValues(has...).Append(nil), tpmt.NewDigestValues().Append(nil)}
}

// CreationDatas, NVPublics and ECCPoints return bare encodings.
func CreationDatas() [][]byte {
	c := tpms.CreationData{PCRSelect: pcrs(), PCRDigest: []byte{1}, Locality: tpms.LOC_ZERO, ParentNameAlg: algid.SHA256,
		ParentName: sha256Name, ParentQualifiedName: []byte{0x40, 0, 0, 1}, OutsideInfo: []byte{2, 3}}
	return [][]byte{c.Append(nil)}
}

func NVPublics() [][]byte {
	p := tpms.NVPublic{NVIndex: 0x01c00002, NameAlg: algid.SHA256,
		Attributes: tpms.NV_AUTHREAD | tpms.NV_AUTHWRITE | tpms.NV_WRITTEN | tpms.NVAttributes(tpms.NT_COUNTER)<<tpms.NV_TPM_NT_SHIFT,
		AuthPolicy: []byte{0xaa, 0xbb}, DataSize: 8}
	return [][]byte{p.Append(nil)}
}

func ECCPoints() [][]byte {
	return [][]byte{tpms.ECCPoint{X: bytes.Repeat([]byte{1}, 32), Y: bytes.Repeat([]byte{2}, 32)}.Append(nil), tpms.ECCPoint{}.Append(nil)}
}

// Tickets returns encodings of the four TPMT_TK_* types, by spec name.
func Tickets() map[string][][]byte {
	return map[string][][]byte{
		"TPMT_TK_CREATION":  {tpmt.TKCreation{Hierarchy: tpms.RH_OWNER, Digest: []byte{1}}.Append(nil)},
		"TPMT_TK_VERIFIED":  {tpmt.TKVerified{Hierarchy: tpms.RH_NULL}.Append(nil)},
		"TPMT_TK_AUTH":      {tpmt.TKAuth{Tag: tpms.ST_AUTH_SIGNED, Hierarchy: tpms.RH_ENDORSEMENT, Digest: []byte{2}}.Append(nil), tpmt.TKAuth{Tag: tpms.ST_AUTH_SECRET, Hierarchy: tpms.RH_SVN_OWNER_BASE + 1}.Append(nil)},
		"TPMT_TK_HASHCHECK": {tpmt.TKHashcheck{Hierarchy: tpms.RH_PLATFORM, Digest: make([]byte, 64)}.Append(nil)},
	}
}

// Frame prefixes b with its 16-bit size, as a TPM2B.
func Frame(b []byte) []byte {
	return append([]byte{byte(len(b) >> 8), byte(len(b))}, b...)
}
