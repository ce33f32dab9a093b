package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/google/go-tpm/tpm2"
	"github.com/google/go-tpm/tpm2/transport"
)

// recorder is a transport.TPM that keeps the last response, so that every
// blob is saved as the TPM returned it rather than as go-tpm re-encodes it.
type recorder struct {
	tpm transport.TPM
	rsp []byte
}

func (r *recorder) Send(cmd []byte) ([]byte, error) {
	rsp, err := r.tpm.Send(cmd)
	r.rsp = bytes.Clone(rsp)
	return rsp, err
}

// rc returns the response code of the last response.
func (r *recorder) rc() uint32 {
	if len(r.rsp) < 10 {
		return 0xFFFFFFFF
	}
	return binary.BigEndian.Uint32(r.rsp[6:10])
}

// params returns the parameter area of the last response, which must have
// succeeded, after its handles handles: TPM_ST, size and TPM_RC, the
// handles, then for a response with sessions the parameterSize and the
// parameters (Part 1 §18 "Command/Response Structure").
func (r *recorder) params(handles int) (*reader, error) {
	b := r.rsp
	if len(b) < 10 {
		return nil, fmt.Errorf("response of %d bytes", len(b))
	}
	tag := binary.BigEndian.Uint16(b[0:2])
	if size := binary.BigEndian.Uint32(b[2:6]); int(size) != len(b) {
		return nil, fmt.Errorf("response size field %d, %d bytes received", size, len(b))
	}
	if rc := binary.BigEndian.Uint32(b[6:10]); rc != 0 {
		return nil, fmt.Errorf("response code 0x%03X", rc)
	}
	b = b[10:]
	if len(b) < 4*handles {
		return nil, errors.New("response truncated in its handles")
	}
	b = b[4*handles:]
	switch tpm2.TPMST(tag) {
	case tpm2.TPMSTSessions:
		if len(b) < 4 {
			return nil, errors.New("response truncated in parameterSize")
		}
		n := binary.BigEndian.Uint32(b[:4])
		if int(n) > len(b)-4 {
			return nil, fmt.Errorf("parameterSize %d, %d bytes left", n, len(b)-4)
		}
		b = b[4 : 4+n]
	case tpm2.TPMSTNoSessions:
	default:
		return nil, fmt.Errorf("response tag 0x%04X", tag)
	}
	return &reader{b: b}, nil
}

// reader splits a parameter area into its members, as bytes.
type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b) {
		r.err = fmt.Errorf("parameter area truncated: %d bytes wanted, %d left", n, len(r.b))
		return nil
	}
	v := bytes.Clone(r.b[:n])
	r.b = r.b[n:]
	return v
}

// sized returns the next TPM2B, its size field included.
func (r *reader) sized() []byte {
	if r.err != nil {
		return nil
	}
	if len(r.b) < 2 {
		r.err = errors.New("parameter area truncated in a size field")
		return nil
	}
	return r.take(2 + int(binary.BigEndian.Uint16(r.b)))
}

// ticket returns the next TPMT_TK_CREATION, TPMT_TK_VERIFIED,
// TPMT_TK_AUTH or TPMT_TK_HASHCHECK: tag, hierarchy, TPM2B_DIGEST.
func (r *reader) ticket() []byte {
	if r.err != nil {
		return nil
	}
	if len(r.b) < 8 {
		r.err = errors.New("parameter area truncated in a ticket")
		return nil
	}
	return r.take(8 + int(binary.BigEndian.Uint16(r.b[6:8])))
}

// rest returns what is left of the parameter area.
func (r *reader) rest() []byte { return r.take(len(r.b)) }

// done reports an error if the parameter area was malformed or not used up.
func (r *reader) done() error {
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("%d bytes left in the parameter area", len(r.b))
	}
	return r.err
}

// body strips the size field of a TPM2B.
func body(sized []byte) []byte { return sized[2:] }

// same checks that the raw bytes a blob was cut from the response agree with
// go-tpm's decoding of the same response: a check of the cutting.
func same(what string, raw, gotpm []byte) error {
	if !bytes.Equal(raw, gotpm) {
		return fmt.Errorf("%s: raw bytes %x differ from go-tpm's %x", what, raw, gotpm)
	}
	return nil
}

// rawCommand sends a command go-tpm does not offer, with handles and an
// empty password session for each of the first auths handles. It returns an
// error for a failed response.
func (r *recorder) rawCommand(cc tpm2.TPMCC, handles []tpm2.TPMHandle, auths int, params []byte) error {
	var b []byte
	tag := tpm2.TPMSTNoSessions
	if auths > 0 {
		tag = tpm2.TPMSTSessions
	}
	b = binary.BigEndian.AppendUint16(b, uint16(tag))
	b = binary.BigEndian.AppendUint32(b, 0) // size, patched below
	b = binary.BigEndian.AppendUint32(b, uint32(cc))
	for _, h := range handles {
		b = binary.BigEndian.AppendUint32(b, uint32(h))
	}
	if auths > 0 {
		// authorizationSize, then per handle a TPMS_AUTH_COMMAND:
		// TPM_RS_PW, empty nonce, attributes 0, empty password.
		b = binary.BigEndian.AppendUint32(b, uint32(9*auths))
		for range auths {
			b = binary.BigEndian.AppendUint32(b, uint32(tpm2.TPMRSPW))
			b = append(b, 0, 0, 0, 0, 0)
		}
	}
	b = append(b, params...)
	binary.BigEndian.PutUint32(b[2:6], uint32(len(b)))
	if _, err := r.Send(b); err != nil {
		return err
	}
	if rc := r.rc(); rc != 0 {
		return fmt.Errorf("command 0x%03X: %w", uint32(cc), tpm2.TPMRC(rc))
	}
	return nil
}
