package reftpm

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/google/go-tpm-tools/simulator"
	"github.com/google/go-tpm/tpm2/transport"
)

// Command codes and constants used to build commands by hand (Part 2 TPM_CC,
// TPM_ST, TPM_RH).
const (
	ccLoadExternal    = 0x00000167
	ccVerifySignature = 0x00000177
	ccFlushContext    = 0x00000165
	stNoSessions      = 0x8001
	rhNull            = 0x40000007
	rhOwner           = 0x40000001
)

// TPM is one running simulator. The simulator is a process-wide resource
// (go-tpm-tools allows one at a time), so a test binary shares one TPM:
// Shared returns it.
type TPM struct {
	sim  *simulator.Simulator
	tpm  transport.TPM
	keys map[*Verifier]uint32 // the loaded verification key and its handle

	// Restarts counts how often the simulator was restarted after it
	// entered failure mode or lost its initialization.
	Restarts int
	// Commands counts the commands sent.
	Commands int
}

var (
	sharedOnce sync.Once
	shared     *TPM
	sharedErr  error
)

// Shared returns the test binary's simulator, starting it on first use.
func Shared() (*TPM, error) {
	sharedOnce.Do(func() { shared, sharedErr = Open() })
	return shared, sharedErr
}

// Open starts a simulator (a manufactured, started TPM).
func Open() (*TPM, error) {
	t := &TPM{}
	if err := t.start(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *TPM) start() error {
	sim, err := simulator.Get()
	if err != nil {
		return fmt.Errorf("reftpm: starting the simulator: %w", err)
	}
	t.sim, t.tpm, t.keys = sim, transport.FromReadWriter(sim), map[*Verifier]uint32{}
	return nil
}

// Close stops the simulator.
func (t *TPM) Close() error { return t.sim.Close() }

// restart replaces a simulator that entered failure mode.
func (t *TPM) restart() error {
	t.Restarts++
	_ = t.sim.Close()
	return t.start()
}

// exec sends one command and returns its response code and the response
// bytes after the header. A simulator in failure mode, or one that answers
// TPM_RC_INITIALIZE or TPM_RC_FAILURE, is restarted and the command sent
// once more.
func (t *TPM) exec(cmd []byte) (RC, []byte, error) {
	for try := 0; ; try++ {
		t.Commands++
		rsp, err := t.tpm.Send(cmd)
		var rc RC
		if err == nil && len(rsp) >= 10 {
			rc = RC(binary.BigEndian.Uint32(rsp[6:10]))
			if rc != RCInitialize && rc != RCFailure {
				return rc, rsp[10:], nil
			}
			err = errors.New("simulator answered " + rc.String())
		} else if err == nil {
			err = fmt.Errorf("short response %x", rsp)
		}
		if try > 0 {
			return 0, nil, fmt.Errorf("reftpm: command %x: %w", cmd, err)
		}
		if rerr := t.restart(); rerr != nil {
			return 0, nil, rerr
		}
	}
}

// command frames params (handles first, then parameters) as a
// TPM_ST_NO_SESSIONS command.
func command(cc uint32, params ...[]byte) []byte {
	b := make([]byte, 10, 64)
	binary.BigEndian.PutUint16(b, stNoSessions)
	binary.BigEndian.PutUint32(b[6:], cc)
	for _, p := range params {
		b = append(b, p...)
	}
	binary.BigEndian.PutUint32(b[2:], uint32(len(b)))
	return b
}

func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

// maxParams is how many parameter bytes a command may carry: the
// simulator's MAX_COMMAND_SIZE (4096) less the header.
const maxParams = 4096 - 10

// LoadExternal sends TPM2_LoadExternal(inPrivate = empty, inPublic, hierarchy)
// with inPublic given verbatim (a TPM2B_PUBLIC, size field included), then
// extra bytes after the last parameter. A loaded object is flushed at once.
func (t *TPM) LoadExternal(inPublic2B []byte, hierarchy uint32, extra []byte) (RC, error) {
	rc, rsp, err := t.loadExternal(nil, inPublic2B, hierarchy, extra)
	if err == nil && rc == RCSuccess {
		err = t.flush(binary.BigEndian.Uint32(rsp))
	}
	return rc, err
}

func (t *TPM) loadExternal(inPrivate2B, inPublic2B []byte, hierarchy uint32, extra []byte) (RC, []byte, error) {
	if inPrivate2B == nil {
		inPrivate2B = []byte{0, 0}
	}
	cmd := command(ccLoadExternal, inPrivate2B, inPublic2B, u32(hierarchy), extra)
	if len(cmd) > 4096 {
		return 0, nil, errors.New("reftpm: command longer than MAX_COMMAND_SIZE")
	}
	rc, rsp, err := t.exec(cmd)
	if err == nil && rc == RCSuccess && len(rsp) < 4 {
		err = fmt.Errorf("reftpm: LoadExternal response %x has no handle", rsp)
	}
	return rc, rsp, err
}

func (t *TPM) flush(h uint32) error {
	rc, _, err := t.exec(command(ccFlushContext, u32(h)))
	if err == nil && rc != RCSuccess {
		err = fmt.Errorf("reftpm: FlushContext(%#x): %v", h, rc)
	}
	return err
}

// VerifySignature sends TPM2_VerifySignature(keyHandle = v's key, digest =
// v.Digest, signature) with signature given verbatim, then extra bytes.
func (t *TPM) VerifySignature(v *Verifier, sig, extra []byte) (RC, error) {
	h, err := t.key(v)
	if err != nil {
		return 0, err
	}
	d := binary.BigEndian.AppendUint16(nil, uint16(len(v.Digest)))
	d = append(d, v.Digest...)
	cmd := command(ccVerifySignature, u32(h), d, sig, extra)
	if len(cmd) > 4096 {
		return 0, errors.New("reftpm: command longer than MAX_COMMAND_SIZE")
	}
	restarts := t.Restarts
	rc, _, err := t.exec(cmd)
	if err == nil && t.Restarts != restarts {
		// The key went with the old simulator: load it and send again.
		if h, err = t.key(v); err != nil {
			return 0, err
		}
		binary.BigEndian.PutUint32(cmd[10:], h)
		rc, _, err = t.exec(cmd)
	}
	return rc, err
}

// key returns the handle of v's key, loading it (and unloading the
// others: the simulator has MAX_LOADED_OBJECTS 3 slots, and LoadExternal
// candidates need one) when needed.
func (t *TPM) key(v *Verifier) (uint32, error) {
	if h, ok := t.keys[v]; ok {
		return h, nil
	}
	for kk, h := range t.keys {
		if err := t.flush(h); err != nil {
			return 0, err
		}
		delete(t.keys, kk)
	}
	restarts := t.Restarts
	rc, rsp, err := t.loadExternal(v.Private2B, frame(v.Public), rhNull, nil)
	if err == nil && t.Restarts != restarts {
		t.keys = map[*Verifier]uint32{}
	}
	if err != nil {
		return 0, err
	}
	if rc != RCSuccess {
		return 0, fmt.Errorf("reftpm: loading the key %s: %v", v.Name, rc)
	}
	h := binary.BigEndian.Uint32(rsp)
	t.keys[v] = h
	return h, nil
}
