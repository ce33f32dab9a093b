package tpm2wire_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

type tsvRow struct {
	group, name string
	value       uint64
	source      string
	line        int
}

// fromTCG183 reports whether the 1.83 reference code defines the row: the
// revision the transcription follows.
func (r tsvRow) fromTCG183() bool {
	have, _, _ := strings.Cut(r.source, "absent:")
	return strings.Contains(have, "TCG183")
}

func readTSV(t *testing.T) []tsvRow {
	f, err := os.Open(filepath.Join("testdata", "reference", "tpm-constants.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []tsvRow
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			continue // header
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			t.Fatalf("tsv line %d: %d fields", n, len(f))
		}
		v, err := strconv.ParseUint(f[2], 0, 64)
		if err != nil {
			t.Fatalf("tsv line %d: %v", n, err)
		}
		rows = append(rows, tsvRow{f[0], f[1], v, f[3], n})
	}
	return rows
}

// Every constant of the 1.83 reference code that the cross-checked table
// lists has the same value here, under its spec name; and every name the
// generated String methods know is in the table.
func TestConstantsMatchReference(t *testing.T) {
	rows := readTSV(t)
	names := map[string]func(uint64) string{
		"TPM_ALG_ID":    func(v uint64) string { return algid.ID(v).String() },
		"TPM_ECC_CURVE": func(v uint64) string { return algid.Curve(v).String() },
		"TPM_ST":        func(v uint64) string { return tpms.ST(v).String() },
		"TPM_HT":        func(v uint64) string { return tpms.HT(v).String() },
		"TPM_RH":        func(v uint64) string { return tpms.Handle(v).String() },
	}
	byGroupValue := map[string]map[uint64][]string{}
	for _, r := range rows {
		if byGroupValue[r.group] == nil {
			byGroupValue[r.group] = map[uint64][]string{}
		}
		if r.fromTCG183() {
			byGroupValue[r.group][r.value] = append(byGroupValue[r.group][r.value], r.name)
		}
	}
	checked := 0
	for _, r := range rows {
		if !r.fromTCG183() {
			continue
		}
		switch r.group {
		case "TPM_ALG_ID", "TPM_ECC_CURVE", "TPM_ST", "TPM_HT", "TPM_RH":
			// The String of the value is the row's name or, for an alias
			// (TPM_HT_LOADED_SESSION, TPM_RH_SRK), the first name of the value.
			got := names[r.group](r.value)
			if got != r.name && got != byGroupValue[r.group][r.value][0] {
				t.Errorf("tsv line %d: %s = %#x prints %q", r.line, r.name, r.value, got)
			}
			checked++
		case "TPMA_OBJECT":
			if got := tpmt.ObjectAttributes(r.value).String(); got != r.name {
				t.Errorf("tsv line %d: TPMA_OBJECT %#x prints %q, want %q", r.line, r.value, got, r.name)
			}
			checked++
		case "TPMA_OBJECT_RESERVED":
			if r.name == "reserved_mask_rev1.83" && uint64(tpmt.ObjectAttributesReserved) != r.value {
				t.Errorf("TPMA_OBJECT reserved mask = %#x, want %#x", uint32(tpmt.ObjectAttributesReserved), r.value)
			}
			checked++
		case "TPMA_ALGORITHM":
			if got := algid.Attributes(r.value).String(); got != r.name {
				t.Errorf("tsv line %d: TPMA_ALGORITHM %#x prints %q, want %q", r.line, r.value, got, r.name)
			}
			checked++
		case "HASH_DIGEST_SIZE":
			id := algIDByName(t, r.name)
			if got := id.DigestSize(); uint64(got) != r.value {
				t.Errorf("%s.DigestSize() = %d, want %d", r.name, got, r.value)
			}
			checked++
		case "TPM_ALG_PROPERTIES":
			id := algIDByName(t, r.name)
			want := algid.Attributes(r.value)
			// tpm-spec-tables.md D14: the transcription keeps the spec's
			// Type letters where the reference code's TPM_CAP_ALGS
			// differs: SM2 is A X E (code A X M), ECMQV A E (code A M).
			switch id {
			case algid.SM2:
				want = algid.Asymmetric | algid.Signing | algid.Encrypting
			case algid.ECMQV:
				want = algid.Asymmetric | algid.Encrypting
			}
			if got := id.Attributes(); got != want {
				t.Errorf("%s.Attributes() = %v, want %v", r.name, got, want)
			}
			checked++
		case "TPM_GENERATED":
			if tpms.GENERATED_VALUE != uint32(r.value) {
				t.Errorf("GENERATED_VALUE = %#x, want %#x", tpms.GENERATED_VALUE, r.value)
			}
			checked++
		}
	}
	if checked < 180 {
		t.Errorf("checked only %d rows", checked)
	}
	// The other direction: nothing is defined here that the 1.83 code lacks.
	for group, name := range names {
		for v := range uint64(0x10000) {
			if group == "TPM_HT" && v > 0xff {
				break
			}
			n := name(v)
			if strings.Contains(n, "(0x") {
				continue
			}
			if vs := byGroupValue[group][v]; len(vs) == 0 || vs[0] != n && !contains(vs, n) {
				t.Errorf("%s %#x prints %q, which the reference table does not list", group, v, n)
			}
		}
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func algIDByName(t *testing.T, name string) algid.ID {
	t.Helper()
	for v := range 0x100 {
		if algid.ID(v).String() == name {
			return algid.ID(v)
		}
	}
	t.Fatalf("no algorithm named %s", name)
	return 0
}
