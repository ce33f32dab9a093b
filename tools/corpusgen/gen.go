package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/go-tpm/tpm2"
)

// gen drives the simulator and fills the corpus.
type gen struct {
	rec     *recorder
	c       *corpus
	objs    map[string]*object
	order   []*object
	srk     tpm2.TPMHandle
	refused []string // one line per request the TPM refused
	info    simInfo
	names   map[tpm2.TPMHandle]tpm2.TPM2BName // of the loaded transient objects
	// rejected lists what tpm2wire refuses of what the TPM made: findings.
	rejected []string
}

// simInfo is what the simulator says about itself.
type simInfo struct {
	props  map[tpm2.TPMPT]uint32
	banks  []tpm2.TPMAlgID // allocated PCR banks
	curves []tpm2.TPMECCCurve
}

func (s simInfo) manufacturer() uint32 { return s.props[tpm2.TPMPTManufacturer] }

// vendorString is TPM_PT_VENDOR_STRING_1..4 as text, trailing NULs and
// spaces dropped.
func (s simInfo) vendorString() string {
	var b []byte
	for p := tpm2.TPMPTVendorString1; p <= tpm2.TPMPTVendorString1+3; p++ {
		b = binary.BigEndian.AppendUint32(b, s.props[p])
	}
	return strings.TrimRight(string(b), "\x00 ")
}

func (s simInfo) firmware() (uint32, uint32) {
	return s.props[tpm2.TPMPTFirmwareVersion1], s.props[tpm2.TPMPTFirmwareVersion1+1]
}

// refuse records a request the TPM refused, and returns nil; an error that
// is not a TPM response code (go-tpm's own, or the transport's) is returned.
func (g *gen) refuse(what string, err error) error {
	var rc tpm2.TPMRC
	if !errors.As(err, &rc) {
		return fmt.Errorf("%s: %w", what, err)
	}
	line := fmt.Sprintf("%s: TPM_RC 0x%03X (%v)", what, uint32(rc), err)
	g.refused = append(g.refused, line)
	fmt.Println("refused:", line)
	return nil
}

// nh names a handle for go-tpm, which wants the Name of every handle: a
// loaded object's from the TPM, a permanent or session handle's its value.
func (g *gen) nh(h tpm2.TPMHandle) tpm2.NamedHandle {
	if n, ok := g.names[h]; ok {
		return tpm2.NamedHandle{Handle: h, Name: n}
	}
	return tpm2.NamedHandle{Handle: h, Name: tpm2.HandleName(h)}
}

// nvh names an NV index with its current Name (which changes when it is
// first written).
func (g *gen) nvh(h tpm2.TPMHandle) (tpm2.NamedHandle, error) {
	rsp, err := tpm2.NVReadPublic{NVIndex: h}.Execute(g.rec)
	if err != nil {
		return tpm2.NamedHandle{}, err
	}
	return tpm2.NamedHandle{Handle: h, Name: rsp.NVName}, nil
}

// nonce is the qualifyingData of one attestation: 16 bytes derived from its
// file stem, so that each attestation is bound to its own name.
func nonce(stem string) []byte {
	h := sha256.Sum256([]byte("tpm2wire corpus " + stem))
	return h[:16]
}

func hexOrEmpty(b []byte) string {
	if len(b) == 0 {
		return "empty"
	}
	return hex.EncodeToString(b)
}

var nullScheme = tpm2.TPMTSigScheme{Scheme: tpm2.TPMAlgNull}

// identify reads the fixed TPM properties, the PCR banks and the curves.
func (g *gen) identify() error {
	g.info.props = map[tpm2.TPMPT]uint32{}
	rsp, err := tpm2.GetCapability{Capability: tpm2.TPMCapTPMProperties, Property: uint32(tpm2.TPMPTFamilyIndicator), PropertyCount: 0x40}.Execute(g.rec)
	if err != nil {
		return err
	}
	props, err := rsp.CapabilityData.Data.TPMProperties()
	if err != nil {
		return err
	}
	for _, p := range props.TPMProperty {
		g.info.props[p.Property] = p.Value
	}
	rsp, err = tpm2.GetCapability{Capability: tpm2.TPMCapPCRs, PropertyCount: 16}.Execute(g.rec)
	if err != nil {
		return err
	}
	pcrs, err := rsp.CapabilityData.Data.AssignedPCR()
	if err != nil {
		return err
	}
	for _, s := range pcrs.PCRSelections {
		if slices.ContainsFunc(s.PCRSelect, func(b byte) bool { return b != 0 }) {
			g.info.banks = append(g.info.banks, s.Hash)
		}
	}
	rsp, err = tpm2.GetCapability{Capability: tpm2.TPMCapECCCurves, PropertyCount: 16}.Execute(g.rec)
	if err != nil {
		return err
	}
	curves, err := rsp.CapabilityData.Data.ECCCurves()
	if err != nil {
		return err
	}
	g.info.curves = curves.ECCCurves
	return nil
}

// outsideInfo is the outsideInfo each object is created with: its name,
// except for the signing keys, which get none.
func outsideInfo(o *object) []byte {
	if strings.HasPrefix(o.name, "sign-") {
		return nil
	}
	return []byte(o.name)
}

func sensitive(o *object) tpm2.TPM2BSensitiveCreate {
	if o.data == nil {
		return tpm2.TPM2BSensitiveCreate{}
	}
	return tpm2.TPM2BSensitiveCreate{Sensitive: &tpm2.TPMSSensitiveCreate{
		Data: tpm2.NewTPMUSensitiveCreate(&tpm2.TPM2BSensitiveData{Buffer: o.data}),
	}}
}

func (g *gen) createPrimary(o *object) (*tpm2.CreatePrimaryResponse, error) {
	return tpm2.CreatePrimary{
		PrimaryHandle: tpm2.TPMRHOwner, InSensitive: sensitive(o), InPublic: tpm2.New2B(o.public),
		OutsideInfo: tpm2.TPM2BData{Buffer: outsideInfo(o)}, CreationPCR: o.pcrs,
	}.Execute(g.rec)
}

// create has the TPM create o and records its public area, creation data
// and creation ticket. A refused object is recorded and skipped (ok false).
func (g *gen) create(o *object) (ok bool, err error) {
	var how string
	var r *reader
	if o.primary {
		rsp, err := g.createPrimary(o)
		if err != nil {
			return false, g.refuse("TPM2_CreatePrimary of "+o.desc, err)
		}
		if r, err = g.rec.params(1); err != nil {
			return false, err
		}
		o.pub2B, o.creation2B, o.creationHash, o.ticket = r.sized(), r.sized(), r.sized(), r.ticket()
		r.sized() // name
		if err := r.done(); err != nil {
			return false, err
		}
		if err := o.sameCreated(rsp.OutPublic.Bytes(), rsp.CreationData.Bytes(), tpm2.Marshal(rsp.CreationTicket)); err != nil {
			return false, err
		}
		if o.name == srkName {
			g.srk = rsp.ObjectHandle
			g.names[g.srk] = rsp.Name
		} else if _, err := (tpm2.FlushContext{FlushHandle: rsp.ObjectHandle}).Execute(g.rec); err != nil {
			return false, err
		}
		how = "TPM2_CreatePrimary(primaryHandle=TPM_RH_OWNER, " + o.desc
	} else {
		rsp, err := tpm2.Create{
			ParentHandle: g.nh(g.srk), InSensitive: sensitive(o), InPublic: tpm2.New2B(o.public),
			OutsideInfo: tpm2.TPM2BData{Buffer: outsideInfo(o)}, CreationPCR: o.pcrs,
		}.Execute(g.rec)
		if err != nil {
			return false, g.refuse("TPM2_Create of "+o.desc, err)
		}
		if r, err = g.rec.params(0); err != nil {
			return false, err
		}
		o.priv2B, o.pub2B, o.creation2B, o.creationHash, o.ticket = r.sized(), r.sized(), r.sized(), r.sized(), r.ticket()
		if err := r.done(); err != nil {
			return false, err
		}
		if err := o.sameCreated(rsp.OutPublic.Bytes(), rsp.CreationData.Bytes(), tpm2.Marshal(rsp.CreationTicket)); err != nil {
			return false, err
		}
		how = "TPM2_Create(parentHandle=" + srkName + ", " + o.desc
	}
	how += fmt.Sprintf(", attributes %s, outsideInfo=%q, creationPCR=%s)", attrString(o.public.ObjectAttributes), outsideInfo(o), pcrString(o.pcrs))
	pub := o.pubFile()
	g.c.add(entry{File: pub, Type: "TPMT_PUBLIC", How: how + ": outPublic without its size"}, body(o.pub2B))
	g.c.add(entry{File: "tpm2b_public/" + o.name + ".bin", Type: "TPM2B_PUBLIC", How: how + ": outPublic"}, o.pub2B)
	g.c.add(entry{File: "tpms_creation_data/" + o.name + ".bin", Type: "TPMS_CREATION_DATA", How: how + ": creationData without its size", Certified: pub}, body(o.creation2B))
	g.c.add(entry{File: "tpm2b_creation_data/" + o.name + ".bin", Type: "TPM2B_CREATION_DATA", How: how + ": creationData", Certified: pub}, o.creation2B)
	g.c.add(entry{File: "tpmt_tk_creation/" + o.name + ".bin", Type: "TPMT_TK_CREATION", How: how + ": creationTicket", Certified: pub}, o.ticket)
	return true, nil
}

func pcrString(l tpm2.TPMLPCRSelection) string {
	if len(l.PCRSelections) == 0 {
		return "none"
	}
	var parts []string
	for _, s := range l.PCRSelections {
		var pcrs []string
		for i, b := range s.PCRSelect {
			for j := range 8 {
				if b&(1<<j) != 0 {
					pcrs = append(pcrs, fmt.Sprint(i*8+j))
				}
			}
		}
		parts = append(parts, hashTitles[s.Hash]+":"+strings.Join(pcrs, ","))
	}
	return strings.Join(parts, "+")
}

// load makes the named objects loaded and returns their handles, in order,
// and a function that flushes what it loaded. The SRK stays loaded; "null"
// is TPM_RH_NULL; a primary other than the SRK is created again (from the
// same seed and template it is the same key, which is checked).
func (g *gen) load(names ...string) ([]tpm2.TPMHandle, func(), error) {
	var hs, loaded []tpm2.TPMHandle
	release := func() {
		for i := len(loaded) - 1; i >= 0; i-- {
			if _, err := (tpm2.FlushContext{FlushHandle: loaded[i]}).Execute(g.rec); err != nil {
				panic(fmt.Sprintf("flushing 0x%08X: %v", loaded[i], err))
			}
			delete(g.names, loaded[i])
		}
	}
	seen := map[string]tpm2.TPMHandle{}
	for _, n := range names {
		if h, ok := seen[n]; ok {
			hs = append(hs, h)
			continue
		}
		var h tpm2.TPMHandle
		switch o := g.objs[n]; {
		case n == nullSigner:
			h = tpm2.TPMRHNull
		case o == nil:
			release()
			return nil, nil, fmt.Errorf("no object %s", n)
		case n == srkName:
			h = g.srk
		case o.primary:
			rsp, err := g.createPrimary(o)
			if err != nil {
				release()
				return nil, nil, fmt.Errorf("re-creating %s: %w", n, err)
			}
			loaded = append(loaded, rsp.ObjectHandle)
			g.names[rsp.ObjectHandle] = rsp.Name
			if !bytes.Equal(rsp.OutPublic.Bytes(), body(o.pub2B)) {
				release()
				return nil, nil, fmt.Errorf("re-created %s differs from the first", n)
			}
			h = rsp.ObjectHandle
		default:
			rsp, err := tpm2.Load{
				ParentHandle: g.nh(g.srk), InPrivate: tpm2.TPM2BPrivate{Buffer: body(o.priv2B)},
				InPublic: tpm2.BytesAs2B[tpm2.TPMTPublic](body(o.pub2B)),
			}.Execute(g.rec)
			if err != nil {
				release()
				return nil, nil, fmt.Errorf("loading %s: %w", n, err)
			}
			loaded = append(loaded, rsp.ObjectHandle)
			g.names[rsp.ObjectHandle] = rsp.Name
			h = rsp.ObjectHandle
		}
		seen[n] = h
		hs = append(hs, h)
	}
	return hs, release, nil
}

// attest records the TPMS_ATTEST and TPMT_SIGNATURE of the last response,
// whose parameters are a TPM2B_ATTEST then a TPMT_SIGNATURE. info and sig,
// go-tpm's decoding, are compared with the raw bytes when not nil.
func (g *gen) attest(stem, how, signer, certified string, info *tpm2.TPM2BAttest, sig *tpm2.TPMTSignature) error {
	r, err := g.rec.params(0)
	if err != nil {
		return err
	}
	a, s := r.sized(), r.rest()
	if err := r.done(); err != nil {
		return err
	}
	if info != nil {
		if err := same(stem+" attest", body(a), info.Bytes()); err != nil {
			return err
		}
	}
	if sig != nil {
		if err := same(stem+" signature", s, tpm2.Marshal(*sig)); err != nil {
			return err
		}
	}
	af := "tpms_attest/" + stem + ".bin"
	g.c.add(entry{File: af, Type: "TPMS_ATTEST", How: how + ": the TPMS_ATTEST (the TPM2B_ATTEST without its size)", Certified: certified}, body(a))
	e := entry{File: "tpmt_signature/" + stem + ".bin", Type: "TPMT_SIGNATURE", How: how + ": the signature", Signed: af}
	if signer != nullSigner {
		e.Key = g.objs[signer].pubFile()
	} else {
		e.How += " (signHandle TPM_RH_NULL: a NULL signature)"
	}
	g.c.add(e, s)
	return nil
}

func (g *gen) qualifying(stem, signer string) []byte {
	if signer == nullSigner {
		return nil
	}
	return nonce(stem)
}

func signerDesc(signer string) string {
	if signer == nullSigner {
		return "TPM_RH_NULL"
	}
	return signer
}

func (g *gen) certify(obj, signer string) error {
	stem := "certify-" + obj + "-by-" + signer
	q := g.qualifying(stem, signer)
	hs, release, err := g.load(signer, obj)
	if err != nil {
		return err
	}
	defer release()
	how := fmt.Sprintf("TPM2_Certify(objectHandle=%s, signHandle=%s, qualifyingData=%s, inScheme=NULL)", obj, signerDesc(signer), hexOrEmpty(q))
	rsp, err := tpm2.Certify{ObjectHandle: g.nh(hs[1]), SignHandle: g.nh(hs[0]), QualifyingData: tpm2.TPM2BData{Buffer: q}, InScheme: nullScheme}.Execute(g.rec)
	if err != nil {
		return g.refuse(how, err)
	}
	return g.attest(stem, how, signer, g.objs[obj].pubFile(), &rsp.CertifyInfo, &rsp.Signature)
}

func (g *gen) certifyCreation(obj, signer string) error {
	o := g.objs[obj]
	stem := "creation-" + obj + "-by-" + signer
	q := g.qualifying(stem, signer)
	ticket, err := tpm2.Unmarshal[tpm2.TPMTTKCreation](o.ticket)
	if err != nil {
		return err
	}
	hs, release, err := g.load(signer, obj)
	if err != nil {
		return err
	}
	defer release()
	how := fmt.Sprintf("TPM2_CertifyCreation(signHandle=%s, objectHandle=%s, qualifyingData=%s, creationHash and creationTicket from its creation, inScheme=NULL)", signerDesc(signer), obj, hexOrEmpty(q))
	rsp, err := tpm2.CertifyCreation{
		SignHandle: g.nh(hs[0]), ObjectHandle: g.nh(hs[1]), QualifyingData: tpm2.TPM2BData{Buffer: q},
		CreationHash: tpm2.TPM2BDigest{Buffer: body(o.creationHash)}, InScheme: nullScheme, CreationTicket: *ticket,
	}.Execute(g.rec)
	if err != nil {
		return g.refuse(how, err)
	}
	return g.attest(stem, how, signer, o.pubFile(), &rsp.CertifyInfo, &rsp.Signature)
}

func (g *gen) quote(signer, selName string, sel tpm2.TPMLPCRSelection) error {
	stem := "quote-" + selName + "-by-" + signer
	q := g.qualifying(stem, signer)
	hs, release, err := g.load(signer)
	if err != nil {
		return err
	}
	defer release()
	how := fmt.Sprintf("TPM2_Quote(signHandle=%s, qualifyingData=%s, inScheme=NULL, PCRselect=%s) after PCR 16 was extended in every bank", signerDesc(signer), hexOrEmpty(q), pcrString(sel))
	rsp, err := tpm2.Quote{SignHandle: g.nh(hs[0]), QualifyingData: tpm2.TPM2BData{Buffer: q}, InScheme: nullScheme, PCRSelect: sel}.Execute(g.rec)
	if err != nil {
		return g.refuse(how, err)
	}
	return g.attest(stem, how, signer, "", &rsp.Quoted, &rsp.Signature)
}

func (g *gen) getTime(signer string) error {
	stem := "time-by-" + signer
	q := g.qualifying(stem, signer)
	hs, release, err := g.load(signer)
	if err != nil {
		return err
	}
	defer release()
	how := fmt.Sprintf("TPM2_GetTime(privacyAdminHandle=TPM_RH_ENDORSEMENT, signHandle=%s, qualifyingData=%s, inScheme=NULL)", signerDesc(signer), hexOrEmpty(q))
	rsp, err := tpm2.GetTime{PrivacyAdminHandle: tpm2.TPMRHEndorsement, SignHandle: g.nh(hs[0]), QualifyingData: tpm2.TPM2BData{Buffer: q}, InScheme: nullScheme}.Execute(g.rec)
	if err != nil {
		return g.refuse(how, err)
	}
	return g.attest(stem, how, signer, "", &rsp.TimeInfo, &rsp.Signature)
}

// sessionAudit runs two commands in an HMAC session with audit set, then
// signs the session's audit digest.
func (g *gen) sessionAudit(signer string) error {
	stem := "session-audit-by-" + signer
	q := g.qualifying(stem, signer)
	sess, closeSess, err := tpm2.HMACSession(g.rec, tpm2.TPMAlgSHA256, 16, tpm2.Audit())
	if err != nil {
		return err
	}
	defer func() { _ = closeSess() }()
	for _, p := range []tpm2.TPMPT{tpm2.TPMPTManufacturer, tpm2.TPMPTFirmwareVersion1} {
		if _, err := (tpm2.GetCapability{Capability: tpm2.TPMCapTPMProperties, Property: uint32(p), PropertyCount: 1}).Execute(g.rec, sess); err != nil {
			return err
		}
	}
	hs, release, err := g.load(signer)
	if err != nil {
		return err
	}
	defer release()
	how := fmt.Sprintf("TPM2_GetSessionAuditDigest(privacyAdminHandle=TPM_RH_ENDORSEMENT, signHandle=%s, sessionHandle=an HMAC session (SHA-256, audit) that ran two TPM2_GetCapability, qualifyingData=%s, inScheme=NULL)", signerDesc(signer), hexOrEmpty(q))
	rsp, err := tpm2.GetSessionAuditDigest{
		PrivacyAdminHandle: tpm2.TPMRHEndorsement, SignHandle: g.nh(hs[0]), SessionHandle: sess.Handle(),
		QualifyingData: tpm2.TPM2BData{Buffer: q}, InScheme: nullScheme,
	}.Execute(g.rec)
	if err != nil {
		return g.refuse(how, err)
	}
	return g.attest(stem, how, signer, "", &rsp.AuditInfo, &rsp.Signature)
}

const ccSetCommandCodeAuditStatus tpm2.TPMCC = 0x140

// commandAudit has the TPM audit TPM2_GetRandom, runs it, and signs the
// command audit digest. go-tpm has neither command, so both are sent raw.
func (g *gen) commandAudit(signer string) error {
	stem := "command-audit-by-" + signer
	q := g.qualifying(stem, signer)
	// The audit algorithm can change only with empty lists: set it, then
	// add TPM2_GetRandom with auditAlg NULL (no change).
	var p []byte
	p = binary.BigEndian.AppendUint16(p, uint16(tpm2.TPMAlgSHA256))
	p = binary.BigEndian.AppendUint32(p, 0)
	p = binary.BigEndian.AppendUint32(p, 0)
	if err := g.rec.rawCommand(ccSetCommandCodeAuditStatus, []tpm2.TPMHandle{tpm2.TPMRHOwner}, 1, p); err != nil {
		return err
	}
	p = binary.BigEndian.AppendUint16(nil, uint16(tpm2.TPMAlgNull))
	p = binary.BigEndian.AppendUint32(p, 1)
	p = binary.BigEndian.AppendUint32(p, uint32(tpm2.TPMCCGetRandom))
	p = binary.BigEndian.AppendUint32(p, 0)
	if err := g.rec.rawCommand(ccSetCommandCodeAuditStatus, []tpm2.TPMHandle{tpm2.TPMRHOwner}, 1, p); err != nil {
		return err
	}
	if _, err := (tpm2.GetRandom{BytesRequested: 8}).Execute(g.rec); err != nil {
		return err
	}
	hs, release, err := g.load(signer)
	if err != nil {
		return err
	}
	defer release()
	how := fmt.Sprintf("TPM2_GetCommandAuditDigest(privacyHandle=TPM_RH_ENDORSEMENT, signHandle=%s, qualifyingData=%s, inScheme=NULL) with TPM2_GetRandom audited in SHA-256", signerDesc(signer), hexOrEmpty(q))
	p = binary.BigEndian.AppendUint16(nil, uint16(len(q)))
	p = append(p, q...)
	p = binary.BigEndian.AppendUint16(p, uint16(tpm2.TPMAlgNull))
	if err := g.rec.rawCommand(tpm2.TPMCCGetCommandAuditDigest, []tpm2.TPMHandle{tpm2.TPMRHEndorsement, hs[0]}, 2, p); err != nil {
		return g.refuse(how, err)
	}
	return g.attest(stem, how, signer, "", nil, nil)
}

// extendPCR16 extends PCR 16, the debug PCR, in every bank, so that quotes
// of it are not of the reset value.
func (g *gen) extendPCR16() error {
	var d tpm2.TPMLDigestValues
	for _, b := range g.info.banks {
		h, err := b.Hash()
		if err != nil {
			return err
		}
		hh := h.New()
		hh.Write([]byte("tpm2wire corpus PCR 16 event"))
		d.Digests = append(d.Digests, tpm2.TPMTHA{HashAlg: b, Digest: hh.Sum(nil)})
	}
	_, err := tpm2.PCRExtend{PCRHandle: tpm2.TPMHandle(16), Digests: d}.Execute(g.rec)
	return err
}

// hashOf hashes m with a TPM hash algorithm.
func hashOf(alg tpm2.TPMAlgID, m []byte) []byte {
	h, err := alg.Hash()
	if err != nil {
		panic(err)
	}
	hh := h.New()
	hh.Write(m)
	return hh.Sum(nil)
}

// sameCreated checks the outPublic, creationData and creationTicket cut from
// a TPM2_Create or TPM2_CreatePrimary response against go-tpm's decoding.
func (o *object) sameCreated(outPublic, creationData, ticket []byte) error {
	if err := same(o.name+" outPublic", body(o.pub2B), outPublic); err != nil {
		return err
	}
	if err := same(o.name+" creationData", body(o.creation2B), creationData); err != nil {
		return err
	}
	return same(o.name+" creationTicket", o.ticket, ticket)
}
