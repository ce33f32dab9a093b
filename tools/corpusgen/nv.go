package main

import (
	"encoding/binary"
	"fmt"

	"github.com/google/go-tpm/tpm2"
)

// An nvIndex is an NV index the generator defines, writes and certifies.
type nvIndex struct {
	name    string
	desc    string
	public  tpm2.TPMSNVPublic
	write   func(g *gen, h tpm2.TPMHandle) error // nil: left unwritten
	written string                               // how it was written, for the manifest
}

func (n *nvIndex) pubFile() string { return "tpms_nv_public/" + n.name + ".bin" }

func nvIndexes() []*nvIndex {
	policy := make([]byte, 20)
	for i := range policy {
		policy[i] = byte(0x50 + i)
	}
	ordinary := []byte("tpm2wire corpus NV index data 32")
	return []*nvIndex{
		{
			name: "nv-ordinary-sha256", desc: "ordinary index 0x01500010, 32 bytes, nameAlg SHA-256",
			public: tpm2.TPMSNVPublic{NVIndex: 0x01500010, NameAlg: tpm2.TPMAlgSHA256, DataSize: 32,
				Attributes: tpm2.TPMANV{OwnerWrite: true, OwnerRead: true, AuthWrite: true, AuthRead: true, NoDA: true, NT: tpm2.TPMNTOrdinary}},
			write: func(g *gen, h tpm2.TPMHandle) error {
				nh, err := g.nvh(h)
				if err != nil {
					return err
				}
				_, err = tpm2.NVWrite{AuthHandle: nh, NVIndex: nh, Data: tpm2.TPM2BMaxNVBuffer{Buffer: ordinary}}.Execute(g.rec)
				return err
			},
			written: fmt.Sprintf("TPM2_NV_Write of %q", ordinary),
		},
		{
			name: "nv-ordinary-sha1-policy", desc: "ordinary index 0x01500011, 16 bytes, nameAlg SHA-1, a 20-byte authPolicy 5051...63, policyWrite and policyRead",
			public: tpm2.TPMSNVPublic{NVIndex: 0x01500011, NameAlg: tpm2.TPMAlgSHA1, DataSize: 16, AuthPolicy: tpm2.TPM2BDigest{Buffer: policy},
				Attributes: tpm2.TPMANV{AuthWrite: true, AuthRead: true, PolicyWrite: true, PolicyRead: true, NoDA: true, NT: tpm2.TPMNTOrdinary}},
			write: func(g *gen, h tpm2.TPMHandle) error {
				nh, err := g.nvh(h)
				if err != nil {
					return err
				}
				_, err = tpm2.NVWrite{AuthHandle: nh, NVIndex: nh, Data: tpm2.TPM2BMaxNVBuffer{Buffer: ordinary[:16]}}.Execute(g.rec)
				return err
			},
			written: fmt.Sprintf("TPM2_NV_Write of %q", ordinary[:16]),
		},
		{
			name: "nv-counter-sha256", desc: "counter index 0x01500012, nameAlg SHA-256",
			public: tpm2.TPMSNVPublic{NVIndex: 0x01500012, NameAlg: tpm2.TPMAlgSHA256, DataSize: 8,
				Attributes: tpm2.TPMANV{AuthWrite: true, AuthRead: true, NoDA: true, NT: tpm2.TPMNTCounter}},
			write: func(g *gen, h tpm2.TPMHandle) error {
				for range 3 {
					nh, err := g.nvh(h)
					if err != nil {
						return err
					}
					if _, err := (tpm2.NVIncrement{AuthHandle: nh, NVIndex: nh}).Execute(g.rec); err != nil {
						return err
					}
				}
				return nil
			},
			written: "three TPM2_NV_Increment",
		},
		{
			name: "nv-bits-sha256", desc: "bit field index 0x01500013, nameAlg SHA-256",
			public: tpm2.TPMSNVPublic{NVIndex: 0x01500013, NameAlg: tpm2.TPMAlgSHA256, DataSize: 8,
				Attributes: tpm2.TPMANV{AuthWrite: true, AuthRead: true, NoDA: true, NT: tpm2.TPMNTBits}},
			write: func(g *gen, h tpm2.TPMHandle) error {
				return g.rec.rawCommand(tpm2.TPMCCNVSetBits, []tpm2.TPMHandle{h, h}, 1, binary.BigEndian.AppendUint64(nil, 0x8000000000000005))
			},
			written: "TPM2_NV_SetBits(0x8000000000000005)",
		},
		{
			name: "nv-extend-sha384", desc: "extend index 0x01500014, nameAlg SHA-384",
			public: tpm2.TPMSNVPublic{NVIndex: 0x01500014, NameAlg: tpm2.TPMAlgSHA384, DataSize: 48,
				Attributes: tpm2.TPMANV{AuthWrite: true, AuthRead: true, NoDA: true, NT: tpm2.TPMNTExtend}},
			write: func(g *gen, h tpm2.TPMHandle) error {
				data := []byte("tpm2wire corpus NV extend")
				p := binary.BigEndian.AppendUint16(nil, uint16(len(data)))
				return g.rec.rawCommand(tpm2.TPMCCNVExtend, []tpm2.TPMHandle{h, h}, 1, append(p, data...))
			},
			written: `TPM2_NV_Extend of "tpm2wire corpus NV extend"`,
		},
		{
			name: "nv-ordinary-sha384-unwritten", desc: "ordinary index 0x01500015, 64 bytes, nameAlg SHA-384, writeDefine, never written",
			public: tpm2.TPMSNVPublic{NVIndex: 0x01500015, NameAlg: tpm2.TPMAlgSHA384, DataSize: 64,
				Attributes: tpm2.TPMANV{OwnerWrite: true, OwnerRead: true, AuthWrite: true, AuthRead: true, WriteDefine: true, NT: tpm2.TPMNTOrdinary}},
		},
	}
}

// defineNV defines and writes n, then records TPM2_NV_ReadPublic's
// nvPublic.
func (g *gen) defineNV(n *nvIndex) (bool, error) {
	how := "TPM2_NV_DefineSpace(authHandle=TPM_RH_OWNER, " + n.desc + ")"
	if _, err := (tpm2.NVDefineSpace{AuthHandle: tpm2.TPMRHOwner, PublicInfo: tpm2.New2B(n.public)}).Execute(g.rec); err != nil {
		return false, g.refuse(how, err)
	}
	if n.write != nil {
		if err := n.write(g, n.public.NVIndex); err != nil {
			return false, g.refuse(how+", then "+n.written, err)
		}
		how += ", " + n.written
	}
	how += ", then TPM2_NV_ReadPublic"
	rsp, err := tpm2.NVReadPublic{NVIndex: n.public.NVIndex}.Execute(g.rec)
	if err != nil {
		return false, err
	}
	r, err := g.rec.params(0)
	if err != nil {
		return false, err
	}
	pub := r.sized()
	r.sized() // nvName
	if err := r.done(); err != nil {
		return false, err
	}
	if err := same(n.name+" nvPublic", body(pub), rsp.NVPublic.Bytes()); err != nil {
		return false, err
	}
	g.c.add(entry{File: n.pubFile(), Type: "TPMS_NV_PUBLIC", How: how + ": nvPublic without its size"}, body(pub))
	g.c.add(entry{File: "tpm2b_nv_public/" + n.name + ".bin", Type: "TPM2B_NV_PUBLIC", How: how + ": nvPublic"}, pub)
	return true, nil
}

// nvCertify certifies size bytes of n at offset; size and offset 0 ask for
// the digest form (TPM_ST_ATTEST_NV_DIGEST).
func (g *gen) nvCertify(n *nvIndex, signer string, size, offset uint16) error {
	form := fmt.Sprintf("offset%d-size%d", offset, size)
	if size == 0 && offset == 0 {
		form = "digest"
	}
	stem := "nv-" + form + "-" + n.name + "-by-" + signer
	q := g.qualifying(stem, signer)
	hs, release, err := g.load(signer)
	if err != nil {
		return err
	}
	defer release()
	h, err := g.nvh(n.public.NVIndex)
	if err != nil {
		return err
	}
	how := fmt.Sprintf("TPM2_NV_Certify(signHandle=%s, authHandle=nvIndex=%s, qualifyingData=%s, inScheme=NULL, size=%d, offset=%d)", signerDesc(signer), n.name, hexOrEmpty(q), size, offset)
	rsp, err := tpm2.NVCertify{SignHandle: g.nh(hs[0]), AuthHandle: h, NVIndex: h, QualifyingData: tpm2.TPM2BData{Buffer: q}, InScheme: nullScheme, Size: size, Offset: offset}.Execute(g.rec)
	if err != nil {
		return g.refuse(how, err)
	}
	return g.attest(stem, how, signer, n.pubFile(), &rsp.CertifyInfo, &rsp.Signature)
}
