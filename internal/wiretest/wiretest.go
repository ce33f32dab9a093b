// Package wiretest holds the checks that every tpm2wire parser's tests run on
// valid inputs, and small helpers for building test inputs. Only tests import
// it.
package wiretest

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tpm2wire/tpm2wire"
)

// AllExported makes go-cmp compare unexported fields too: unions keep their
// selector and members unexported.
var AllExported = cmp.Exporter(func(reflect.Type) bool { return true })

// Strict checks the contract of a strict Parse function on a valid input b:
//   - b parses, and encode of the result gives back b byte for byte;
//   - parsing the re-encoding gives an equal value;
//   - every strict prefix of b fails with ErrTruncated, or with ErrSize when
//     the cut falls inside a sized structure whose size field survives;
//   - b followed by one more byte fails with ErrTrailingData;
//   - a failed parse returns the zero value and an *tpm2wire.Error;
//   - a successful parse allocates nothing.
func Strict[T any](t *testing.T, b []byte, parse func([]byte) (T, error), encode func(T) []byte) T {
	t.Helper()
	v, err := parse(b)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if got := encode(v); !bytes.Equal(got, b) {
		t.Fatalf("encode(parse(b)) differs from b:\n got %x\nwant %x", got, b)
	}
	v2, err := parse(encode(v))
	if err != nil {
		t.Fatalf("parse(encode(parse(b))): %v", err)
	}
	if d := cmp.Diff(v, v2, AllExported); d != "" {
		t.Fatalf("parse(encode(parse(b))) differs from parse(b) (-first +second):\n%s", d)
	}
	var zero T
	for n := range len(b) {
		got, err := parse(b[:n])
		if !errors.Is(err, tpm2wire.ErrTruncated) && !errors.Is(err, tpm2wire.ErrSize) {
			t.Fatalf("prefix of %d of %d bytes: err = %v, want ErrTruncated", n, len(b), err)
		}
		CheckError(t, err)
		if d := cmp.Diff(zero, got, AllExported); d != "" {
			t.Fatalf("prefix of %d bytes: result is not the zero value:\n%s", n, d)
		}
	}
	long := append(bytes.Clone(b), 0)
	if got, err := parse(long); !errors.Is(err, tpm2wire.ErrTrailingData) {
		t.Fatalf("b plus one byte: err = %v, want ErrTrailingData", err)
	} else if d := cmp.Diff(zero, got, AllExported); d != "" {
		t.Fatalf("b plus one byte: result is not the zero value:\n%s", d)
	} else {
		var e *tpm2wire.Error
		if errors.As(err, &e); e.Offset != len(b) {
			t.Fatalf("trailing data reported at offset %d, want %d", e.Offset, len(b))
		}
	}
	if !RaceEnabled {
		if n := testing.AllocsPerRun(100, func() { _, _ = parse(b) }); n != 0 {
			t.Fatalf("parse allocates %v times, want 0", n)
		}
	}
	return v
}

// CheckError checks that err is an *tpm2wire.Error naming a structure and
// wrapping exactly one of the sentinels.
func CheckError(t *testing.T, err error) {
	t.Helper()
	var e *tpm2wire.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *tpm2wire.Error", err, err)
	}
	if e.Type == "" || e.Offset < 0 {
		t.Fatalf("error %q names no structure or has a negative offset", err)
	}
	n := 0
	for _, s := range tpm2wire.Sentinels() {
		if errors.Is(err, s) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("error %q matches %d sentinels, want 1", err, n)
	}
}

// WantError checks that err is an *tpm2wire.Error wrapping sentinel, at
// typ.field and offset off.
func WantError(t *testing.T, err, sentinel error, typ, field string, off int) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %v at %s.%s offset %d", sentinel, typ, field, off)
	}
	CheckError(t, err)
	if !errors.Is(err, sentinel) {
		t.Fatalf("err = %v, want %v", err, sentinel)
	}
	var e *tpm2wire.Error
	errors.As(err, &e)
	if e.Type != typ || e.Field != field || e.Offset != off {
		t.Fatalf("err = %v: at %s.%s offset %d, want %s.%s offset %d", err, e.Type, e.Field, e.Offset, typ, field, off)
	}
}

// Hex decodes hex written with any spacing and line breaks; it panics on bad
// input, which is a bug in the test.
func Hex(s string) []byte {
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		panic(err)
	}
	return b
}

// Patch returns a copy of b with the bytes at off replaced by p.
func Patch(b []byte, off int, p ...byte) []byte {
	c := bytes.Clone(b)
	copy(c[off:], p)
	return c
}

// Vector reads file of the shared vector name (testdata/structures/NAME/FILE
// at the module root).
func Vector(t testing.TB, name, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(ModuleRoot(), "testdata", "structures", name, file))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ModuleRoot is the directory of the module's go.mod.
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}
