package reftpm

import (
	"encoding/binary"
	"fmt"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
)

// This file is a transcription of the unmarshallers that decide the
// candidates, written twice over in one walk:
//
//   - the simulator's rules: its Marshal.c (TPMT_PUBLIC_Unmarshal,
//     TPMT_SIGNATURE_Unmarshal and what they call) with the value sets of its
//     TpmProfile.h and the cgo flags go-tpm-tools builds it with
//     (ECC_NIST_P224, ECC_NIST_P521, ALG_SHA512), reading the whole
//     parameter area of the command as one stream, as CommandDispatcher.c
//     does;
//   - tpm2wire's rules: the 1.83 tables of gen/part2.tpm with the client
//     profile of gen/profile.tpm, reading only the candidate, sized
//     structures bounded by their size, trailing bytes an error.
//
// The walk follows the simulator's rules. At every check it also evaluates
// tpm2wire's rule and records the first place where the two decide
// differently, with the class of that difference. Run with tpm2wire's rules
// alone (modeW183), the same code predicts tpm2wire's sentinel; the tests
// check both predictions against the real simulator and the real tpm2wire
// on every input, so the classification rests on a model that is itself
// checked.

type mode uint8

const (
	modeSim  mode = iota // the simulator's rules over the whole parameter area
	modeW183             // tpm2wire's rules over the candidate alone
)

// Divergence is the first point where the simulator's rule and tpm2wire's
// rule decide differently.
type Divergence struct {
	Class  Class
	Offset int // in the candidate
	Detail string
}

// failure ends a walk: the simulator's code (without parameter number) and
// tpm2wire's sentinel for the same check.
type failure struct {
	rc  RC
	err error
	at  int
}

type walker struct {
	m       mode
	s       []byte // the parameter stream from the candidate on
	pos     int
	candEnd int   // the candidate's length
	frames  []int // ends of the open sized structures (tpm2wire bounds reads by them)
	div     *Divergence
	bug     *KnownBug // a known tpm2wire bug this walk crossed (tpm2wire's rules only)
}

func (w *walker) diverge(c Class, at int, format string, args ...any) {
	if w.div == nil && w.m == modeSim {
		w.div = &Divergence{Class: c, Offset: at, Detail: fmt.Sprintf(format, args...)}
	}
}

// limit is how far tpm2wire may read: the candidate's end or the innermost
// sized structure's end.
func (w *walker) limit() int {
	if n := len(w.frames); n > 0 && w.frames[n-1] < w.candEnd {
		return w.frames[n-1]
	}
	return w.candEnd
}

func (w *walker) read(n int, what string) ([]byte, *failure) {
	at := w.pos
	end := at + n
	wOK := end <= w.limit()
	simOK := end <= len(w.s)
	if w.m == modeW183 {
		if !wOK {
			if len(w.frames) > 0 {
				return nil, &failure{0, tpm2wire.ErrSize, at}
			}
			return nil, &failure{0, tpm2wire.ErrTruncated, at}
		}
	} else {
		inFrame := len(w.frames) > 0 && end > w.frames[len(w.frames)-1]
		switch {
		case simOK && !wOK && inFrame:
			w.diverge(ClassFrameUnbounded, at, "%s read past the end of TPM2B_PUBLIC's size", what)
		case simOK && !wOK:
			w.diverge(ClassCommandStream, at, "%s read past the end of the candidate", what)
		case !simOK && !wOK && inFrame:
			// Both run out, tpm2wire of the frame (ErrSize: the size is
			// too small), the simulator of the command (INSUFFICIENT).
			w.diverge(ClassFrameUnbounded, at, "%s ends both TPM2B_PUBLIC's size and the command", what)
		}
		if !simOK {
			return nil, &failure{RCInsufficient, tpm2wire.ErrTruncated, at}
		}
	}
	w.pos = end
	return w.s[at:end], nil
}

func (w *walker) u16(what string) (uint16, int, *failure) {
	at := w.pos
	b, f := w.read(2, what)
	if f != nil {
		return 0, at, f
	}
	return binary.BigEndian.Uint16(b), at, nil
}

func (w *walker) u32(what string) (uint32, int, *failure) {
	at := w.pos
	b, f := w.read(4, what)
	if f != nil {
		return 0, at, f
	}
	return binary.BigEndian.Uint32(b), at, nil
}

// check applies one rule: simOK and wOK are the two rules' decisions, c the
// class of a difference between them.
func (w *walker) check(simOK, wOK bool, rc RC, err error, at int, c Class, what string, v uint64) *failure {
	if simOK != wOK {
		w.diverge(c, at, "%s %#x: simulator %s, tpm2wire %s", what, v, okWord(simOK), okWord(wOK))
	}
	ok := simOK
	if w.m == modeW183 {
		ok = wOK
	}
	if !ok {
		return &failure{rc, err, at}
	}
	return nil
}

func okWord(ok bool) string {
	if ok {
		return "accepts"
	}
	return "rejects"
}

// set is one TPMI type: the members each side admits (conditional NULL
// apart), the values that the simulator's revision does not define at all,
// and the check's code and sentinel.
type set struct {
	name     string
	w, sim   []uint16
	revision []uint16 // 1.83 values the simulator's TpmTypes.h does not define
	rc       RC
	err      error
}

func has(l []uint16, v uint16) bool {
	for _, x := range l {
		if x == v {
			return true
		}
	}
	return false
}

const algNull = uint16(algid.NULL)

func (w *walker) member(s *set, v uint16, null bool, at int) *failure {
	wOK := has(s.w, v) || (null && v == algNull)
	simOK := has(s.sim, v) || (null && v == algNull)
	c := ClassProfileValue
	if has(s.revision, v) {
		c = ClassRevisionValue
	}
	return w.check(simOK, wOK, s.rc, s.err, at, c, s.name, uint64(v))
}

func ids(l ...algid.ID) []uint16 {
	r := make([]uint16, len(l))
	for i, v := range l {
		r[i] = uint16(v)
	}
	return r
}

func curves(l ...algid.Curve) []uint16 {
	r := make([]uint16, len(l))
	for i, v := range l {
		r[i] = uint16(v)
	}
	return r
}

// The TPMI sets. w: gen/part2.tpm (1.83) with gen/profile.tpm; sim: the
// simulator's Marshal.c under its TpmProfile.h and go-tpm-tools' cgo flags.
var (
	setPublic = &set{name: "TPMI_ALG_PUBLIC",
		w:   ids(algid.RSA, algid.KEYEDHASH, algid.ECC, algid.SYMCIPHER),
		sim: ids(algid.RSA, algid.KEYEDHASH, algid.ECC, algid.SYMCIPHER),
		rc:  RCType, err: tpm2wire.ErrType}
	setHash = &set{name: "TPMI_ALG_HASH",
		w: ids(algid.SHA1, algid.SHA256, algid.SHA384, algid.SHA512, algid.SHA256_192, algid.SM3_256,
			algid.SHA3_256, algid.SHA3_384, algid.SHA3_512, algid.SHAKE256_192, algid.SHAKE256_256, algid.SHAKE256_512),
		sim:      ids(algid.SHA1, algid.SHA256, algid.SHA384, algid.SHA512),
		revision: ids(algid.SHA256_192, algid.SHAKE256_192, algid.SHAKE256_256, algid.SHAKE256_512),
		rc:       RCHash, err: tpm2wire.ErrHash}
	setSymObject = &set{name: "TPMI_ALG_SYM_OBJECT",
		w:   ids(algid.AES, algid.SM4, algid.CAMELLIA),
		sim: ids(algid.AES),
		rc:  RCSymmetric, err: tpm2wire.ErrSymmetric}
	setSymMode = &set{name: "TPMI_ALG_SYM_MODE",
		w:   ids(algid.CMAC, algid.CTR, algid.OFB, algid.CBC, algid.CFB, algid.ECB),
		sim: ids(algid.CMAC, algid.CTR, algid.OFB, algid.CBC, algid.CFB, algid.ECB),
		rc:  RCMode, err: tpm2wire.ErrMode}
	setKDF = &set{name: "TPMI_ALG_KDF",
		w:   ids(algid.MGF1, algid.KDF1_SP800_56A, algid.KDF2, algid.KDF1_SP800_108),
		sim: ids(algid.MGF1, algid.KDF1_SP800_56A, algid.KDF1_SP800_108),
		rc:  RCKDF, err: tpm2wire.ErrKDF}
	setSigScheme = &set{name: "TPMI_ALG_SIG_SCHEME",
		w: ids(algid.HMAC, algid.RSASSA, algid.RSAPSS, algid.ECDSA, algid.ECDAA, algid.SM2, algid.ECSCHNORR,
			algid.EDDSA, algid.EDDSA_PH),
		sim:      ids(algid.HMAC, algid.RSASSA, algid.RSAPSS, algid.ECDSA, algid.ECDAA, algid.ECSCHNORR),
		revision: ids(algid.EDDSA, algid.EDDSA_PH),
		rc:       RCScheme, err: tpm2wire.ErrScheme}
	setKeyedHashScheme = &set{name: "TPMI_ALG_KEYEDHASH_SCHEME",
		w:   ids(algid.HMAC, algid.XOR),
		sim: ids(algid.HMAC, algid.XOR),
		rc:  RCValue, err: tpm2wire.ErrValue}
	setRSAScheme = &set{name: "TPMI_ALG_RSA_SCHEME",
		w:   ids(algid.RSASSA, algid.RSAES, algid.RSAPSS, algid.OAEP),
		sim: ids(algid.RSASSA, algid.RSAES, algid.RSAPSS, algid.OAEP),
		rc:  RCValue, err: tpm2wire.ErrValue}
	setECCScheme = &set{name: "TPMI_ALG_ECC_SCHEME",
		w: ids(algid.ECDSA, algid.ECDH, algid.ECDAA, algid.SM2, algid.ECSCHNORR, algid.ECMQV,
			algid.EDDSA, algid.EDDSA_PH),
		sim:      ids(algid.ECDSA, algid.ECDH, algid.ECDAA, algid.ECSCHNORR),
		revision: ids(algid.EDDSA, algid.EDDSA_PH),
		rc:       RCScheme, err: tpm2wire.ErrScheme}
	setCurve = &set{name: "TPMI_ECC_CURVE",
		w: curves(algid.ECC_NIST_P192, algid.ECC_NIST_P224, algid.ECC_NIST_P256, algid.ECC_NIST_P384,
			algid.ECC_NIST_P521, algid.ECC_BN_P256, algid.ECC_BN_P638, algid.ECC_SM2_P256,
			algid.ECC_BP_P256_R1, algid.ECC_BP_P384_R1, algid.ECC_BP_P512_R1, algid.ECC_CURVE_25519, algid.ECC_CURVE_448),
		sim: curves(algid.ECC_NIST_P224, algid.ECC_NIST_P256, algid.ECC_NIST_P384, algid.ECC_NIST_P521, algid.ECC_BN_P256),
		revision: curves(algid.ECC_BP_P256_R1, algid.ECC_BP_P384_R1, algid.ECC_BP_P512_R1,
			algid.ECC_CURVE_25519, algid.ECC_CURVE_448),
		rc: RCCurve, err: tpm2wire.ErrCurve}
	setRSAKeyBits = &set{name: "TPMI_RSA_KEY_BITS",
		w: []uint16{1024, 2048, 3072, 4096, 16384}, sim: []uint16{1024, 2048}, revision: []uint16{16384},
		rc: RCValue, err: tpm2wire.ErrValue}
	setAESKeyBits = &set{name: "TPMI_AES_KEY_BITS",
		w: []uint16{128, 192, 256}, sim: []uint16{128, 256}, rc: RCValue, err: tpm2wire.ErrValue}
	setSM4KeyBits = &set{name: "TPMI_SM4_KEY_BITS",
		w: []uint16{128}, rc: RCValue, err: tpm2wire.ErrValue}
	setCamelliaKeyBits = &set{name: "TPMI_CAMELLIA_KEY_BITS",
		w: []uint16{128, 192, 256}, rc: RCValue, err: tpm2wire.ErrValue}
)

// digestSize is the TPMU_HA member size of a hash algorithm (both sides).
func digestSize(h uint16) int {
	switch algid.ID(h) {
	case algid.SHA1:
		return 20
	case algid.SHA256, algid.SM3_256, algid.SHA3_256, algid.SHAKE256_256:
		return 32
	case algid.SHA256_192, algid.SHAKE256_192:
		return 24
	case algid.SHA384, algid.SHA3_384:
		return 48
	case algid.SHA512, algid.SHA3_512, algid.SHAKE256_512:
		return 64
	}
	return 0
}

// The TPM2B bounds: sizeof(TPMU_HA) (64 on both sides: the simulator enables
// SHA-512), MAX_RSA_KEY_BYTES, MAX_ECC_KEY_BYTES.
type bound struct {
	name   string
	w, sim int
}

var (
	boundDigest = bound{"TPM2B_DIGEST", 64, 64}
	boundRSA    = bound{"TPM2B_PUBLIC_KEY_RSA", 2048, 256}
	boundECC    = bound{"TPM2B_ECC_PARAMETER", 80, 66}
)

func (w *walker) tpm2b(b bound) *failure {
	n, at, f := w.u16(b.name + ".size")
	if f != nil {
		return f
	}
	if f := w.check(int(n) <= b.sim, int(n) <= b.w, RCSize, tpm2wire.ErrSize, at, ClassProfileBound, b.name+".size", uint64(n)); f != nil {
		return f
	}
	_, f = w.read(int(n), b.name+".buffer")
	return f
}

func (w *walker) alg(s *set, null bool) (uint16, *failure) {
	v, at, f := w.u16(s.name)
	if f != nil {
		return 0, f
	}
	return v, w.member(s, v, null, at)
}

// TPMS_SCHEME_HASH and the types that are one.
func (w *walker) schemeHash() *failure {
	_, f := w.alg(setHash, false)
	return f
}

// selector reports a union selector with no member on one side.
func (w *walker) selector(name string, simOK, wOK bool, v uint16, at int) *failure {
	return w.check(simOK, wOK, RCSelector, tpm2wire.ErrSelector, at, ClassProfileValue, name, uint64(v))
}

// TPMU_ASYM_SCHEME: the arms of both sides are the schemes their TPMI types
// admit, so a selector that passed its TPMI check always has an arm.
func (w *walker) asymScheme(sel uint16, at int) *failure {
	switch algid.ID(sel) {
	case algid.NULL, algid.RSAES:
		return nil
	case algid.ECDAA:
		if f := w.schemeHash(); f != nil {
			return f
		}
		_, _, f := w.u16("TPMS_SCHEME_ECDAA.count")
		return f
	case algid.RSASSA, algid.RSAPSS, algid.OAEP, algid.ECDSA, algid.ECDH, algid.ECSCHNORR:
		return w.schemeHash()
	case algid.SM2, algid.ECMQV, algid.EDDSA, algid.EDDSA_PH:
		if f := w.selector("TPMU_ASYM_SCHEME", false, true, sel, at); f != nil {
			return f
		}
		return w.schemeHash()
	}
	return w.selector("TPMU_ASYM_SCHEME", false, false, sel, at)
}

// TPMT_SYM_DEF_OBJECT(+ when null).
func (w *walker) symDefObject(null bool) (uint16, *failure) {
	at := w.pos
	a, f := w.alg(setSymObject, null)
	if f != nil {
		return 0, f
	}
	var bits *set
	switch algid.ID(a) {
	case algid.NULL:
		return a, nil
	case algid.AES:
		bits = setAESKeyBits
	case algid.SM4:
		bits = setSM4KeyBits
	case algid.CAMELLIA:
		bits = setCamelliaKeyBits
	default:
		return 0, w.selector("TPMU_SYM_KEY_BITS", false, false, a, at)
	}
	if _, f := w.alg(bits, false); f != nil {
		return 0, f
	}
	_, f = w.alg(setSymMode, true) // TPMU_SYM_MODE arms read the mode with + (D13)
	return a, f
}

func (w *walker) kdfScheme() *failure {
	k, f := w.alg(setKDF, true)
	if f != nil || k == algNull {
		return f
	}
	return w.schemeHash()
}

// tpmtPublic walks TPMT_PUBLIC+ (nameAlg NULL admitted).
func (w *walker) tpmtPublic() *failure {
	typ, f := w.alg(setPublic, false)
	if f != nil {
		return f
	}
	if _, f := w.alg(setHash, true); f != nil {
		return f
	}
	attrs, at, f := w.u32("TPMA_OBJECT")
	if f != nil {
		return f
	}
	const simMask, wMask = 0xFFF0F309, 0xFFF0F001
	if f := w.check(attrs&simMask == 0, attrs&wMask == 0, RCReservedBits, tpm2wire.ErrReservedBits, at, ClassRevisionTPMA, "TPMA_OBJECT", uint64(attrs)); f != nil {
		return f
	}
	if f := w.tpm2b(boundDigest); f != nil {
		return f
	}
	switch algid.ID(typ) {
	case algid.KEYEDHASH:
		sat := w.pos
		s, f := w.alg(setKeyedHashScheme, true)
		if f != nil {
			return f
		}
		switch algid.ID(s) {
		case algid.HMAC:
			f = w.schemeHash()
		case algid.XOR:
			if f = w.schemeHash(); f == nil {
				_, f = w.alg(setKDF, true)
			}
		case algid.NULL:
		default:
			f = w.selector("TPMU_SCHEME_KEYEDHASH", false, false, s, sat)
		}
		if f != nil {
			return f
		}
		return w.tpm2b(boundDigest)
	case algid.SYMCIPHER:
		if _, f := w.symDefObject(false); f != nil {
			return f
		}
		return w.tpm2b(boundDigest)
	case algid.RSA:
		if _, f := w.symDefObject(true); f != nil {
			return f
		}
		sat := w.pos
		s, f := w.alg(setRSAScheme, true)
		if f != nil {
			return f
		}
		if f := w.asymScheme(s, sat); f != nil {
			return f
		}
		if _, f := w.alg(setRSAKeyBits, false); f != nil {
			return f
		}
		if _, _, f := w.u32("exponent"); f != nil {
			return f
		}
		return w.tpm2b(boundRSA)
	case algid.ECC:
		if _, f := w.symDefObject(true); f != nil {
			return f
		}
		sat := w.pos
		s, f := w.alg(setECCScheme, true)
		if f != nil {
			return f
		}
		if f := w.asymScheme(s, sat); f != nil {
			return f
		}
		if _, f := w.alg(setCurve, false); f != nil {
			return f
		}
		if f := w.kdfScheme(); f != nil {
			return f
		}
		if f := w.tpm2b(boundECC); f != nil {
			return f
		}
		return w.tpm2b(boundECC)
	}
	panic("unreachable: TPMI_ALG_PUBLIC passed")
}

// tpm2bPublic walks TPM2B_PUBLIC+: the simulator unmarshals publicArea from
// the rest of the stream and compares the bytes used with size; tpm2wire
// reads exactly size bytes.
func (w *walker) tpm2bPublic() *failure {
	size, at, f := w.u16("TPM2B_PUBLIC.size")
	if f != nil {
		return f
	}
	if size == 0 {
		return &failure{RCSize, tpm2wire.ErrSize, at}
	}
	start := w.pos
	end := start + int(size)
	if end > w.candEnd {
		if w.m == modeW183 {
			return &failure{0, tpm2wire.ErrTruncated, start}
		}
		w.diverge(ClassFrameUnbounded, at, "TPM2B_PUBLIC.size %d but %d byte(s) follow in the candidate", size, w.candEnd-start)
	}
	w.frames = append(w.frames, end)
	f = w.tpmtPublic()
	w.frames = w.frames[:len(w.frames)-1]
	if f != nil {
		return f
	}
	if w.pos != end {
		return &failure{RCSize, tpm2wire.ErrSize, at}
	}
	return nil
}

// tpmtSignature walks TPMT_SIGNATURE (no +: both the simulator's
// VerifySignature and tpmt.ParseSignature refuse NULL).
func (w *walker) tpmtSignature() *failure {
	at := w.pos
	s, f := w.alg(setSigScheme, false)
	if f != nil {
		return f
	}
	switch algid.ID(s) {
	case algid.RSASSA, algid.RSAPSS:
		if f := w.schemeHash(); f != nil {
			return f
		}
		return w.tpm2b(boundRSA)
	case algid.ECDSA, algid.ECDAA, algid.ECSCHNORR, algid.SM2, algid.EDDSA, algid.EDDSA_PH:
		if f := w.schemeHash(); f != nil {
			return f
		}
		if f := w.tpm2b(boundECC); f != nil {
			return f
		}
		return w.tpm2b(boundECC)
	case algid.HMAC:
		h, f := w.alg(setHash, false)
		if f != nil {
			return f
		}
		_, f = w.read(digestSize(h), "TPMU_HA")
		return f
	}
	return w.selector("TPMU_SIGNATURE", false, false, s, at)
}

// Prediction is what the model says for one candidate.
type Prediction struct {
	// Sim is the simulator's response code for the command's unmarshalling
	// (with its parameter number), or RCSuccess when every parameter
	// unmarshals and the command reaches its action.
	Sim RC
	// W is tpm2wire's sentinel, or nil.
	W error
	// Div is the first divergence of the two rules on the walk the
	// simulator takes, or nil.
	Div *Divergence
	// Bug is a known tpm2wire bug on the walk tpm2wire's rules take: where
	// W (the specification's answer) and tpm2wire may differ.
	Bug *KnownBug
}

// PredictPublic predicts TPM2_LoadExternal(inPrivate empty, inPublic =
// candidate, hierarchy, extra) and tpmt.Parse2BPublicAllowNull(candidate).
func PredictPublic(candidate []byte, hierarchy uint32, extra []byte) (p Prediction) {
	stream := append(append(append([]byte(nil), candidate...), u32(hierarchy)...), extra...)
	// tpm2wire: the candidate alone.
	w := &walker{m: modeW183, s: candidate, candEnd: len(candidate)}
	if f := w.tpm2bPublic(); f != nil {
		p.W = f.err
	} else if w.pos != len(candidate) {
		p.W = tpm2wire.ErrTrailingData
	}
	p.Bug = w.bug
	// The simulator: inPublic is parameter 2, hierarchy 3.
	w = &walker{m: modeSim, s: stream, candEnd: len(candidate)}
	defer func() { p.Div = w.div }()
	if f := w.tpm2bPublic(); f != nil {
		p.Sim = f.rc.AtParam(2)
		return p
	}
	if w.pos < w.candEnd {
		w.diverge(ClassTrailing, w.pos, "%d byte(s) after TPM2B_PUBLIC read as hierarchy", w.candEnd-w.pos)
	}
	w.candEnd = len(stream) // tpm2wire reads no further: no more divergences
	// TPMI_RH_HIERARCHY+ (LoadExternal admits TPM_RH_NULL).
	h, _, f := w.u32("hierarchy")
	if f != nil {
		p.Sim = f.rc.AtParam(3)
		return p
	}
	switch h {
	case rhOwner, 0x4000000C, 0x4000000B, rhNull:
	default:
		p.Sim = RCValue.AtParam(3)
		return p
	}
	if w.pos != len(stream) {
		p.Sim = RCSize // bytes after the last parameter: no parameter number
		return p
	}
	p.Sim = RCSuccess
	return p
}

// PredictSignature predicts TPM2_VerifySignature(key, digest, signature =
// candidate, extra) and tpmt.ParseSignature(candidate). The digest is
// well-formed, so the signature is parameter 2 and the last one.
func PredictSignature(candidate, extra []byte) (p Prediction) {
	w := &walker{m: modeW183, s: candidate, candEnd: len(candidate)}
	if f := w.tpmtSignature(); f != nil {
		p.W = f.err
	} else if w.pos != len(candidate) {
		p.W = tpm2wire.ErrTrailingData
	}
	p.Bug = w.bug
	stream := append(append([]byte(nil), candidate...), extra...)
	w = &walker{m: modeSim, s: stream, candEnd: len(candidate)}
	defer func() { p.Div = w.div }()
	if f := w.tpmtSignature(); f != nil {
		p.Sim = f.rc.AtParam(2)
		return p
	}
	if w.pos != len(stream) {
		p.Sim = RCSize
		return p
	}
	p.Sim = RCSuccess
	return p
}
