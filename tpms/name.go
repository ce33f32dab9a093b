package tpms

import "github.com/tpm2wire/tpm2wire/tpm2b"

// AppendName appends the Name of the NV Index p describes to dst: nameAlg,
// then the nameAlg digest of the TPMS_NV_PUBLIC (Part 1 §16 "Names"), over
// Raw, the exact bytes p was parsed from, or over Append's output for a value
// built in Go.
func (p *NVPublic) AppendName(dst []byte) ([]byte, error) {
	raw := p.Raw
	if raw == nil {
		raw = p.Append(nil)
	}
	return tpm2b.AppendName(dst, p.NameAlg, raw)
}

// Name returns the Name of the NV Index p describes; see AppendName.
func (p *NVPublic) Name() (tpm2b.Name, error) {
	n, err := p.AppendName(make([]byte, 0, tpm2b.NameMaxSize))
	return tpm2b.Name(n), err
}
