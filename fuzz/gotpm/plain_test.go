package gotpm

// The common representation both parsers' results are converted into before
// go-cmp compares them: plain Go structs with the Part 2 member names, byte
// strings as []byte, selectors and algorithm IDs as uint16, and each union
// as one pointer per member, of which the selector's is the only one set.
// The converters below read tpm2wire values through their exported fields
// and typed accessors only, and go-tpm values through their exported fields
// and accessors, except where a go-tpm accessor is broken (unionMember).

import (
	"reflect"

	"github.com/google/go-tpm/tpm2"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// TPMS_ATTEST and its members.

type pAttest struct {
	Magic           uint32
	Type            uint16
	QualifiedSigner []byte
	ExtraData       []byte
	ClockInfo       pClockInfo
	FirmwareVersion uint64
	Attested        pAttested
}

type pClockInfo struct {
	Clock        uint64
	ResetCount   uint32
	RestartCount uint32
	Safe         bool
}

type pAttested struct {
	Certify      *pCertifyInfo
	Quote        *pQuoteInfo
	SessionAudit *pSessionAuditInfo
	CommandAudit *pCommandAuditInfo
	Time         *pTimeAttestInfo
	Creation     *pCreationInfo
	NV           *pNVCertifyInfo
	NVDigest     *pNVDigestCertifyInfo
}

type pCertifyInfo struct{ Name, QualifiedName []byte }

type pQuoteInfo struct {
	PCRSelect []pPCRSelection
	PCRDigest []byte
}

type pSessionAuditInfo struct {
	ExclusiveSession bool
	SessionDigest    []byte
}

type pCommandAuditInfo struct {
	AuditCounter  uint64
	DigestAlg     uint16
	AuditDigest   []byte
	CommandDigest []byte
}

type pTimeInfo struct {
	Time      uint64
	ClockInfo pClockInfo
}

type pTimeAttestInfo struct {
	Time            pTimeInfo
	FirmwareVersion uint64
}

type pCreationInfo struct{ ObjectName, CreationHash []byte }

type pNVCertifyInfo struct {
	IndexName  []byte
	Offset     uint16
	NVContents []byte
}

type pNVDigestCertifyInfo struct{ IndexName, NVDigest []byte }

type pPCRSelection struct {
	Hash      uint16
	PCRSelect []byte
}

// TPMT_PUBLIC and its members.

type pPublic struct {
	Type             uint16
	NameAlg          uint16
	ObjectAttributes uint32
	AuthPolicy       []byte
	Parameters       pPublicParms
	Unique           pPublicID
}

// p2BPublic is a TPM2B_PUBLIC: the public area and the exact bytes it was
// read from (tpmt.Public.Raw, tpm2.TPM2BPublic.Bytes()).
type p2BPublic struct {
	PublicArea pPublic
	Bytes      []byte
}

type pPublicParms struct {
	KeyedHashDetail *pKeyedHashParms
	SymDetail       *pSymCipherParms
	RSADetail       *pRSAParms
	ECCDetail       *pECCParms
}

type pKeyedHashParms struct{ Scheme pScheme }

type pSymCipherParms struct{ Sym pSymDefObject }

type pRSAParms struct {
	Symmetric pSymDefObject
	Scheme    pScheme
	KeyBits   uint16
	Exponent  uint32
}

type pECCParms struct {
	Symmetric pSymDefObject
	Scheme    pScheme
	CurveID   uint16
	KDF       pScheme
}

// pSymDefObject is a TPMT_SYM_DEF_OBJECT. KeyBits holds the TPMU_SYM_KEY_BITS
// member, which is a TPMI_ALG_HASH for the xor member.
type pSymDefObject struct {
	Algorithm uint16
	KeyBits   uint16
	Mode      uint16
}

// pScheme is any TPMT_*_SCHEME: the selector and the members of the
// TPMS_SCHEME_HASH, TPMS_SCHEME_ECDAA or TPMS_SCHEME_XOR it selects (zero
// for an empty member).
type pScheme struct {
	Scheme  uint16
	HashAlg uint16
	Count   uint16
	KDF     uint16
}

type pPublicID struct {
	KeyedHash []byte
	Sym       []byte
	RSA       []byte
	ECC       *pECCPoint
}

type pECCPoint struct{ X, Y []byte }

// TPMT_SIGNATURE, TPMT_HA.

type pSignature struct {
	SigAlg    uint16
	RSA       *pSignatureRSA
	ECC       *pSignatureECC
	HMAC      *pHA
	Selection string // the member name, so that RSASSA and RSAPSS differ
}

type pSignatureRSA struct {
	Hash uint16
	Sig  []byte
}

type pSignatureECC struct {
	Hash       uint16
	SignatureR []byte
	SignatureS []byte
}

type pHA struct {
	HashAlg uint16
	Digest  []byte
}

// From tpm2wire.

func ourClockInfo(c tpms.ClockInfo) pClockInfo {
	return pClockInfo{Clock: c.Clock, ResetCount: c.ResetCount, RestartCount: c.RestartCount, Safe: c.Safe}
}

func ourPCRSelections(l tpms.PCRSelectionList) []pPCRSelection {
	var out []pPCRSelection
	for s := range l.All() {
		out = append(out, pPCRSelection{Hash: uint16(s.Hash), PCRSelect: s.PCRSelect})
	}
	return out
}

func ourAttest(a tpms.Attest) pAttest {
	p := pAttest{
		Magic:           tpms.GENERATED_VALUE, // ParseAttest accepts no other
		Type:            uint16(a.Type()),
		QualifiedSigner: a.QualifiedSigner,
		ExtraData:       a.ExtraData,
		ClockInfo:       ourClockInfo(a.ClockInfo),
		FirmwareVersion: a.FirmwareVersion,
	}
	u := &a.Attested
	if v, ok := u.Certify(); ok {
		p.Attested.Certify = &pCertifyInfo{Name: v.Name, QualifiedName: v.QualifiedName}
	}
	if v, ok := u.Quote(); ok {
		p.Attested.Quote = &pQuoteInfo{PCRSelect: ourPCRSelections(v.PCRSelect), PCRDigest: v.PCRDigest}
	}
	if v, ok := u.SessionAudit(); ok {
		p.Attested.SessionAudit = &pSessionAuditInfo{ExclusiveSession: v.ExclusiveSession, SessionDigest: v.SessionDigest}
	}
	if v, ok := u.CommandAudit(); ok {
		p.Attested.CommandAudit = &pCommandAuditInfo{AuditCounter: v.AuditCounter, DigestAlg: uint16(v.DigestAlg),
			AuditDigest: v.AuditDigest, CommandDigest: v.CommandDigest}
	}
	if v, ok := u.Time(); ok {
		p.Attested.Time = &pTimeAttestInfo{
			Time:            pTimeInfo{Time: v.Time.Time, ClockInfo: ourClockInfo(v.Time.ClockInfo)},
			FirmwareVersion: v.FirmwareVersion,
		}
	}
	if v, ok := u.Creation(); ok {
		p.Attested.Creation = &pCreationInfo{ObjectName: v.ObjectName, CreationHash: v.CreationHash}
	}
	if v, ok := u.NV(); ok {
		p.Attested.NV = &pNVCertifyInfo{IndexName: v.IndexName, Offset: v.Offset, NVContents: v.NVContents}
	}
	if v, ok := u.NVDigest(); ok {
		p.Attested.NVDigest = &pNVDigestCertifyInfo{IndexName: v.IndexName, NVDigest: v.NVDigest}
	}
	return p
}

func ourSymDef(s tpmt.SymDefObject) pSymDefObject {
	p := pSymDefObject{Algorithm: uint16(s.Algorithm())}
	if v, ok := s.KeyBits.AES(); ok {
		p.KeyBits = v
	}
	if v, ok := s.KeyBits.SM4(); ok {
		p.KeyBits = v
	}
	if v, ok := s.KeyBits.Camellia(); ok {
		p.KeyBits = v
	}
	if v, ok := s.KeyBits.XOR(); ok {
		p.KeyBits = uint16(v)
	}
	if v, ok := s.Mode.AES(); ok {
		p.Mode = uint16(v)
	}
	if v, ok := s.Mode.SM4(); ok {
		p.Mode = uint16(v)
	}
	if v, ok := s.Mode.Camellia(); ok {
		p.Mode = uint16(v)
	}
	return p
}

// ourAsymScheme converts a TPMU_ASYM_SCHEME: exactly one accessor reports
// the member the selector chose.
func ourAsymScheme(sel uint16, d *tpmt.AsymSchemeDetails) pScheme {
	p := pScheme{Scheme: sel}
	for _, get := range []func() (tpms.SchemeHash, bool){
		d.RSASSA, d.RSAPSS, d.OAEP, d.ECDSA, d.ECDH, d.ECMQV, d.SM2, d.ECSchnorr, d.EdDSA, d.EdDSA_PH,
	} {
		if v, ok := get(); ok {
			p.HashAlg = uint16(v.HashAlg)
		}
	}
	if v, ok := d.ECDAA(); ok {
		p.HashAlg, p.Count = uint16(v.HashAlg), v.Count
	}
	return p
}

func ourKDFScheme(k tpmt.KDFScheme) pScheme {
	p := pScheme{Scheme: uint16(k.Scheme())}
	for _, get := range []func() (tpms.SchemeHash, bool){
		k.Details.MGF1, k.Details.KDF1_SP800_56A, k.Details.KDF2, k.Details.KDF1_SP800_108,
	} {
		if v, ok := get(); ok {
			p.HashAlg = uint16(v.HashAlg)
		}
	}
	return p
}

func ourKeyedHashScheme(k tpmt.KeyedHashScheme) pScheme {
	p := pScheme{Scheme: uint16(k.Scheme())}
	if v, ok := k.Details.HMAC(); ok {
		p.HashAlg = uint16(v.HashAlg)
	}
	if v, ok := k.Details.XOR(); ok {
		p.HashAlg, p.KDF = uint16(v.HashAlg), uint16(v.KDF)
	}
	return p
}

func ourPublic(x tpmt.Public) pPublic {
	p := pPublic{
		Type:             uint16(x.Type()),
		NameAlg:          uint16(x.NameAlg),
		ObjectAttributes: uint32(x.ObjectAttributes),
		AuthPolicy:       x.AuthPolicy,
	}
	if v, ok := x.Parameters.KeyedHashDetail(); ok {
		p.Parameters.KeyedHashDetail = &pKeyedHashParms{Scheme: ourKeyedHashScheme(v.Scheme)}
	}
	if v, ok := x.Parameters.SymDetail(); ok {
		p.Parameters.SymDetail = &pSymCipherParms{Sym: ourSymDef(v.Sym)}
	}
	if v, ok := x.Parameters.RSADetail(); ok {
		p.Parameters.RSADetail = &pRSAParms{
			Symmetric: ourSymDef(v.Symmetric),
			Scheme:    ourAsymScheme(uint16(v.Scheme.Scheme()), &v.Scheme.Details),
			KeyBits:   v.KeyBits,
			Exponent:  v.Exponent,
		}
	}
	if v, ok := x.Parameters.ECCDetail(); ok {
		p.Parameters.ECCDetail = &pECCParms{
			Symmetric: ourSymDef(v.Symmetric),
			Scheme:    ourAsymScheme(uint16(v.Scheme.Scheme()), &v.Scheme.Details),
			CurveID:   uint16(v.CurveID),
			KDF:       ourKDFScheme(v.KDF),
		}
	}
	if v, ok := x.Unique.KeyedHash(); ok {
		p.Unique.KeyedHash = v
	}
	if v, ok := x.Unique.Sym(); ok {
		p.Unique.Sym = v
	}
	if v, ok := x.Unique.RSA(); ok {
		p.Unique.RSA = v
	}
	if v, ok := x.Unique.ECC(); ok {
		p.Unique.ECC = &pECCPoint{X: v.X, Y: v.Y}
	}
	return p
}

func our2BPublic(x tpmt.Public) p2BPublic {
	return p2BPublic{PublicArea: ourPublic(x), Bytes: x.Raw}
}

func ourSignatureECC(name string, get func() (tpms.SignatureECC, bool), p *pSignature) {
	if v, ok := get(); ok {
		p.ECC = &pSignatureECC{Hash: uint16(v.Hash), SignatureR: v.SignatureR, SignatureS: v.SignatureS}
		p.Selection = name
	}
}

func ourSignature(s tpmt.Signature) pSignature {
	p := pSignature{SigAlg: uint16(s.SigAlg())}
	u := &s.Signature
	if v, ok := u.RSASSA(); ok {
		p.RSA, p.Selection = &pSignatureRSA{Hash: uint16(v.Hash), Sig: v.Sig}, "rsassa"
	}
	if v, ok := u.RSAPSS(); ok {
		p.RSA, p.Selection = &pSignatureRSA{Hash: uint16(v.Hash), Sig: v.Sig}, "rsapss"
	}
	ourSignatureECC("ecdsa", u.ECDSA, &p)
	ourSignatureECC("ecdaa", u.ECDAA, &p)
	ourSignatureECC("sm2", u.SM2, &p)
	ourSignatureECC("ecschnorr", u.ECSchnorr, &p)
	ourSignatureECC("eddsa", u.EdDSA, &p)
	ourSignatureECC("eddsa_ph", u.EdDSA_PH, &p)
	if v, ok := u.HMAC(); ok {
		h := ourHA(v)
		p.HMAC, p.Selection = &h, "hmac"
	}
	if u.Null() {
		p.Selection = "null"
	}
	return p
}

func ourHA(h tpmt.HA) pHA { return pHA{HashAlg: uint16(h.HashAlg), Digest: h.Digest} }

func ourDigestValues(l tpmt.DigestValues) []pHA {
	var out []pHA
	for h := range l.All() {
		out = append(out, ourHA(h))
	}
	return out
}

// From go-tpm.

// unionMember returns the struct that a go-tpm union (a *tpm2.TPMU* value)
// holds in its unexported contents field, or the zero Value for an empty
// union. It is used instead of go-tpm's accessors for TPMU_ASYM_SCHEME and
// TPMU_KDF_SCHEME because several of those test the wrong selector in
// v0.9.8: TPMUAsymScheme.ECDH tests TPM_ALG_RSASSA (and panics on an RSASSA
// scheme), TPMUAsymScheme has no ECMQV accessor, and TPMUKDFScheme's
// KDF1SP80056A, KDF2 and KDF1SP800108 test TPM_ALG_MGF1.
func unionMember(union any) reflect.Value {
	c := reflect.ValueOf(union).Elem().FieldByName("contents")
	if !c.IsValid() || c.IsNil() {
		return reflect.Value{}
	}
	return c.Elem().Elem()
}

// uint16Field reads the integer member name of a struct a go-tpm union
// holds, or 0 when the member (or the union's contents) does not exist.
func uint16Field(v reflect.Value, name string) uint16 {
	if !v.IsValid() {
		return 0
	}
	f := v.FieldByName(name)
	if !f.IsValid() {
		return 0
	}
	return uint16(f.Uint())
}

func theirClockInfo(c tpm2.TPMSClockInfo) pClockInfo {
	return pClockInfo{Clock: c.Clock, ResetCount: c.ResetCount, RestartCount: c.RestartCount, Safe: c.Safe}
}

func theirPCRSelections(l tpm2.TPMLPCRSelection) []pPCRSelection {
	var out []pPCRSelection
	for _, s := range l.PCRSelections {
		out = append(out, pPCRSelection{Hash: uint16(s.Hash), PCRSelect: s.PCRSelect})
	}
	return out
}

func theirAttest(a *tpm2.TPMSAttest) pAttest {
	p := pAttest{
		Magic:           uint32(a.Magic),
		Type:            uint16(a.Type),
		QualifiedSigner: a.QualifiedSigner.Buffer,
		ExtraData:       a.ExtraData.Buffer,
		ClockInfo:       theirClockInfo(a.ClockInfo),
		FirmwareVersion: a.FirmwareVersion,
	}
	u := &a.Attested
	if v, err := u.Certify(); err == nil {
		p.Attested.Certify = &pCertifyInfo{Name: v.Name.Buffer, QualifiedName: v.QualifiedName.Buffer}
	}
	if v, err := u.Quote(); err == nil {
		p.Attested.Quote = &pQuoteInfo{PCRSelect: theirPCRSelections(v.PCRSelect), PCRDigest: v.PCRDigest.Buffer}
	}
	if v, err := u.SessionAudit(); err == nil {
		p.Attested.SessionAudit = &pSessionAuditInfo{ExclusiveSession: v.ExclusiveSession, SessionDigest: v.SessionDigest.Buffer}
	}
	if v, err := u.CommandAudit(); err == nil {
		p.Attested.CommandAudit = &pCommandAuditInfo{AuditCounter: v.AuditCounter, DigestAlg: uint16(v.DigestAlg),
			AuditDigest: v.AuditDigest.Buffer, CommandDigest: v.CommandDigest.Buffer}
	}
	if v, err := u.Time(); err == nil {
		p.Attested.Time = &pTimeAttestInfo{
			Time:            pTimeInfo{Time: v.Time.Time, ClockInfo: theirClockInfo(v.Time.ClockInfo)},
			FirmwareVersion: v.FirmwareVersion,
		}
	}
	if v, err := u.Creation(); err == nil {
		p.Attested.Creation = &pCreationInfo{ObjectName: v.ObjectName.Buffer, CreationHash: v.CreationHash.Buffer}
	}
	if v, err := u.NV(); err == nil {
		p.Attested.NV = &pNVCertifyInfo{IndexName: v.IndexName.Buffer, Offset: v.Offset, NVContents: v.NVContents.Buffer}
	}
	if v, err := u.NVDigest(); err == nil {
		p.Attested.NVDigest = &pNVDigestCertifyInfo{IndexName: v.IndexName.Buffer, NVDigest: v.NVDigest.Buffer}
	}
	return p
}

// theirObjectAttributes reassembles the TPMA_OBJECT word: go-tpm keeps the
// bits it names in bool fields and every other bit (including fixedFirmware
// and svnLimited, which it does not name) as a reserved bit.
func theirObjectAttributes(a tpm2.TPMAObject) uint32 {
	var v uint32
	for i := range a.Length() {
		if a.GetReservedBit(i) {
			v |= 1 << i
		}
	}
	for _, f := range []struct {
		set bool
		bit uint
	}{
		{a.FixedTPM, 1}, {a.STClear, 2}, {a.FixedParent, 4}, {a.SensitiveDataOrigin, 5},
		{a.UserWithAuth, 6}, {a.AdminWithPolicy, 7}, {a.FirmwareLimited, 8}, {a.NoDA, 10},
		{a.EncryptedDuplication, 11}, {a.Restricted, 16}, {a.Decrypt, 17}, {a.SignEncrypt, 18},
		{a.X509Sign, 19},
	} {
		if f.set {
			v |= 1 << f.bit
		}
	}
	return v
}

func theirSymDef(s tpm2.TPMTSymDefObject) pSymDefObject {
	p := pSymDefObject{Algorithm: uint16(s.Algorithm)}
	if v, err := s.KeyBits.Sym(); err == nil { // AES, SM4, Camellia, TDES
		p.KeyBits = uint16(*v)
	}
	if v, err := s.KeyBits.XOR(); err == nil {
		p.KeyBits = uint16(*v)
	}
	if v, err := s.Mode.Sym(); err == nil {
		p.Mode = uint16(*v)
	}
	return p
}

func theirScheme(sel tpm2.TPMAlgID, details any) pScheme {
	m := unionMember(details)
	return pScheme{
		Scheme:  uint16(sel),
		HashAlg: uint16Field(m, "HashAlg"),
		Count:   uint16Field(m, "Count"),
		KDF:     uint16Field(m, "KDF"),
	}
}

func theirPublic(x *tpm2.TPMTPublic) pPublic {
	p := pPublic{
		Type:             uint16(x.Type),
		NameAlg:          uint16(x.NameAlg),
		ObjectAttributes: theirObjectAttributes(x.ObjectAttributes),
		AuthPolicy:       x.AuthPolicy.Buffer,
	}
	if v, err := x.Parameters.KeyedHashDetail(); err == nil {
		p.Parameters.KeyedHashDetail = &pKeyedHashParms{Scheme: theirScheme(v.Scheme.Scheme, &v.Scheme.Details)}
	}
	if v, err := x.Parameters.SymDetail(); err == nil {
		p.Parameters.SymDetail = &pSymCipherParms{Sym: theirSymDef(v.Sym)}
	}
	if v, err := x.Parameters.RSADetail(); err == nil {
		p.Parameters.RSADetail = &pRSAParms{
			Symmetric: theirSymDef(v.Symmetric),
			Scheme:    theirScheme(v.Scheme.Scheme, &v.Scheme.Details),
			KeyBits:   uint16(v.KeyBits),
			Exponent:  v.Exponent,
		}
	}
	if v, err := x.Parameters.ECCDetail(); err == nil {
		p.Parameters.ECCDetail = &pECCParms{
			Symmetric: theirSymDef(v.Symmetric),
			Scheme:    theirScheme(v.Scheme.Scheme, &v.Scheme.Details),
			CurveID:   uint16(v.CurveID),
			KDF:       theirScheme(v.KDF.Scheme, &v.KDF.Details),
		}
	}
	if v, err := x.Unique.KeyedHash(); err == nil {
		p.Unique.KeyedHash = v.Buffer
	}
	if v, err := x.Unique.SymCipher(); err == nil {
		p.Unique.Sym = v.Buffer
	}
	if v, err := x.Unique.RSA(); err == nil {
		p.Unique.RSA = v.Buffer
	}
	if v, err := x.Unique.ECC(); err == nil {
		p.Unique.ECC = &pECCPoint{X: v.X.Buffer, Y: v.Y.Buffer}
	}
	return p
}

func theirSignature(s *tpm2.TPMTSignature) pSignature {
	p := pSignature{SigAlg: uint16(s.SigAlg)}
	u := &s.Signature
	if v, err := u.RSASSA(); err == nil {
		p.RSA, p.Selection = &pSignatureRSA{Hash: uint16(v.Hash), Sig: v.Sig.Buffer}, "rsassa"
	}
	if v, err := u.RSAPSS(); err == nil {
		p.RSA, p.Selection = &pSignatureRSA{Hash: uint16(v.Hash), Sig: v.Sig.Buffer}, "rsapss"
	}
	if v, err := u.ECDSA(); err == nil {
		p.ECC, p.Selection = &pSignatureECC{Hash: uint16(v.Hash), SignatureR: v.SignatureR.Buffer, SignatureS: v.SignatureS.Buffer}, "ecdsa"
	}
	if v, err := u.ECDAA(); err == nil {
		p.ECC, p.Selection = &pSignatureECC{Hash: uint16(v.Hash), SignatureR: v.SignatureR.Buffer, SignatureS: v.SignatureS.Buffer}, "ecdaa"
	}
	if v, err := u.HMAC(); err == nil {
		h := theirHA(*v)
		p.HMAC, p.Selection = &h, "hmac"
	}
	if s.SigAlg == tpm2.TPMAlgNull {
		p.Selection = "null"
	}
	return p
}

func theirHA(h tpm2.TPMTHA) pHA { return pHA{HashAlg: uint16(h.HashAlg), Digest: h.Digest} }

func theirDigestValues(l *tpm2.TPMLDigestValues) []pHA {
	var out []pHA
	for _, h := range l.Digests {
		out = append(out, theirHA(h))
	}
	return out
}
