// Package wire holds the few helpers the generated parsers and encoders share:
// building *tpm2wire.Error values on the failure path, and appending
// big-endian integers and sized buffers. Nothing here runs on the success
// path of a parse except Read2B.
package wire

import (
	"strconv"

	"github.com/tpm2wire/tpm2wire"
	"golang.org/x/crypto/cryptobyte"
)

// Truncated reports that the input ended inside typ.field, which starts at off.
func Truncated(typ, field string, off int) error {
	return &tpm2wire.Error{Type: typ, Field: field, Offset: off, Err: tpm2wire.ErrTruncated}
}

// Trailing reports n bytes left over at off after a complete typ.
func Trailing(typ string, off, n int) error {
	return &tpm2wire.Error{Type: typ, Offset: off, Err: tpm2wire.ErrTrailingData,
		Detail: strconv.Itoa(n) + " byte(s) after the " + typ}
}

// Value reports that typ.field, at off, holds v, which the field's type does
// not allow; err is the sentinel of the check; digits is the hex width.
func Value(typ, field string, off int, err error, v uint64, digits int) error {
	return &tpm2wire.Error{Type: typ, Field: field, Offset: off, Err: err,
		Detail: "value " + Hex(v, digits)}
}

// Range reports that typ.field, at off, holds v, outside lo..hi.
func Range(typ, field string, off int, err error, v, lo, hi uint64) error {
	return &tpm2wire.Error{Type: typ, Field: field, Offset: off, Err: err,
		Detail: strconv.FormatUint(v, 10) + " is outside " + strconv.FormatUint(lo, 10) + ".." + strconv.FormatUint(hi, 10)}
}

// Reserved reports that the attribute word typ.field, at off, has the
// reserved bits bits set.
func Reserved(typ, field string, off int, bits uint64, digits int) error {
	return &tpm2wire.Error{Type: typ, Field: field, Offset: off, Err: tpm2wire.ErrReservedBits,
		Detail: "reserved bits " + Hex(bits, digits)}
}

// Selector reports a selector value sel with no arm in the union typ.field.
func Selector(typ, field string, off int, sel uint64, digits int) error {
	return &tpm2wire.Error{Type: typ, Field: field, Offset: off, Err: tpm2wire.ErrSelector,
		Detail: "selector " + Hex(sel, digits)}
}

// EmptyFrame reports a sized structure whose size is 0.
func EmptyFrame(typ string, off int) error {
	return &tpm2wire.Error{Type: typ, Field: "size", Offset: off, Err: tpm2wire.ErrSize,
		Detail: "size 0: the structure is missing"}
}

// FrameSize reports a sized structure whose size is larger than what it holds.
func FrameSize(typ string, off, size, used int) error {
	return &tpm2wire.Error{Type: typ, Field: "size", Offset: off, Err: tpm2wire.ErrSize,
		Detail: "size " + strconv.Itoa(size) + " but the structure takes " + strconv.Itoa(used) + " byte(s)"}
}

// Shift moves the offset of err, which was counted from the start of a
// nested value, by delta, the nested value's position.
func Shift(err error, delta int) error {
	if e, ok := err.(*tpm2wire.Error); ok {
		e.Offset += delta
	}
	return err
}

// Relabel attributes an error from a sized buffer's Decode to the member that
// holds the buffer: typ.field at delta.
func Relabel(err error, typ, field string, delta int) error {
	if e, ok := err.(*tpm2wire.Error); ok {
		if e.Detail == "" {
			e.Detail = e.Type + "." + e.Field
		} else {
			e.Detail = e.Type + "." + e.Field + ": " + e.Detail
		}
		e.Type, e.Field = typ, field
		e.Offset += delta
	}
	return err
}

// InFrame moves err, from a structure read out of a sized structure's
// payload, by delta; a structure that ran out of payload means the size
// field is too small, which Part 2 reports as a size error.
func InFrame(err error, typ string, delta int) error {
	if e, ok := err.(*tpm2wire.Error); ok {
		e.Offset += delta
		if e.Err == tpm2wire.ErrTruncated {
			e.Err = tpm2wire.ErrSize
			e.Detail = "the " + typ + " size ends inside this value"
		}
	}
	return err
}

// Take2B is the fast path of reading a TPM2B: a 16-bit size, at most max,
// then that many bytes, returned as a sub-slice of s whose capacity ends
// with it (so that appending to it cannot overwrite the input), or nil for
// size 0. On failure it consumes nothing and returns false; Read2B then says
// why.
func Take2B(s *cryptobyte.String, max int) ([]byte, bool) {
	b := *s
	if len(b) < 2 {
		return nil, false
	}
	n := int(b[0])<<8 | int(b[1])
	if n > max || len(b)-2 < n {
		return nil, false
	}
	*s = b[2+n:]
	if n == 0 {
		return nil, true
	}
	return b[2 : 2+n : 2+n], true
}

// TakeBytes reads n bytes as a sub-slice of s capped at its length (nil for
// 0), or returns false, consuming nothing.
func TakeBytes(s *cryptobyte.String, n int) ([]byte, bool) {
	b := *s
	if n < 0 || len(b) < n {
		return nil, false
	}
	*s = b[n:]
	if n == 0 {
		return nil, true
	}
	return b[:n:n], true
}

// Read2B reads a TPM2B like Take2B and reports failures as errors whose
// offsets count from the size field.
func Read2B(s *cryptobyte.String, typ, field string, max int) ([]byte, error) {
	var size uint16
	if !s.ReadUint16(&size) {
		return nil, Truncated(typ, "size", 0)
	}
	if int(size) > max {
		return nil, Range(typ, "size", 0, tpm2wire.ErrSize, uint64(size), 0, uint64(max))
	}
	b, ok := TakeBytes(s, int(size))
	if !ok {
		return nil, Truncated(typ, field, 2)
	}
	return b, nil
}

// AppendU8 appends v.
func AppendU8(b []byte, v uint8) []byte { return append(b, v) }

// AppendU16 appends v, big-endian.
func AppendU16(b []byte, v uint16) []byte { return append(b, byte(v>>8), byte(v)) }

// AppendU32 appends v, big-endian.
func AppendU32(b []byte, v uint32) []byte {
	return append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

// AppendU64 appends v, big-endian.
func AppendU64(b []byte, v uint64) []byte {
	return append(b, byte(v>>56), byte(v>>48), byte(v>>40), byte(v>>32),
		byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

// AppendBool appends a TPMI_YES_NO: 1 for true, 0 for false.
func AppendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// Append2B appends a TPM2B: the 16-bit length of data, then data. A data
// longer than 65535 bytes cannot be a TPM2B; its length is written modulo
// 2^16 and the result does not parse.
func Append2B(b, data []byte) []byte {
	b = AppendU16(b, uint16(len(data)))
	return append(b, data...)
}

// PatchSize writes n, big-endian, into the two bytes at b[at:], the size
// field of a sized structure appended after it.
func PatchSize(b []byte, at, n int) {
	b[at], b[at+1] = byte(n>>8), byte(n)
}

// Hex formats v as 0x followed by digits upper-case hex digits.
func Hex(v uint64, digits int) string {
	const hexDigits = "0123456789ABCDEF"
	buf := make([]byte, 2+digits)
	buf[0], buf[1] = '0', 'x'
	for i := len(buf) - 1; i >= 2; i-- {
		buf[i] = hexDigits[v&0xF]
		v >>= 4
	}
	return string(buf)
}
