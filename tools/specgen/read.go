package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// A pos names a line of an input file, for error messages.
type pos struct {
	file string
	line int
}

func (p pos) String() string { return fmt.Sprintf("%s:%d", p.file, p.line) }

// errorf returns an error that starts with p.
func (p pos) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s", p, fmt.Sprintf(format, args...))
}

// A block is one table of a .tpm file: its header line and its rows of cells.
// The first row is the column-heading row.
type block struct {
	pos     pos
	keyword string // "table" or "profile"
	ref     string // the locator, e.g. "2:133", or "-"
	title   string
	tags    string // e.g. "<IN/OUT, S>"
	notes   []string
	head    []string
	rows    []row
}

type row struct {
	pos   pos
	cells []string
}

// cell returns the i'th cell of r, or "" when the row is shorter.
func (r row) cell(i int) string {
	if i < len(r.cells) {
		return r.cells[i]
	}
	return ""
}

// readBlocks splits a .tpm file into blocks. It checks only the layout; what
// the cells mean is decided by the model.
func readBlocks(name string, r io.Reader) ([]*block, error) {
	var (
		blocks  []*block
		cur     *block
		comment []string
	)
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		p := pos{name, n}
		line := strings.TrimRight(sc.Text(), " \t")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			cur = nil
			comment = nil
		case strings.HasPrefix(trimmed, "#"):
			if cur == nil {
				comment = append(comment, strings.TrimSpace(strings.TrimPrefix(trimmed, "#")))
			}
		case strings.HasPrefix(trimmed, "|"):
			if cur == nil {
				return nil, p.errorf("table row outside a table")
			}
			cells := splitCells(trimmed)
			if cur.head == nil {
				cur.head = cells
				continue
			}
			if len(cells) > len(cur.head) {
				return nil, p.errorf("row has %d cells, the heading has %d", len(cells), len(cur.head))
			}
			cur.rows = append(cur.rows, row{p, cells})
		case strings.HasPrefix(trimmed, "table ") || strings.HasPrefix(trimmed, "profile ") || strings.HasPrefix(trimmed, "vendors "):
			if cur != nil {
				return nil, p.errorf("a table must be separated from the previous one by a blank line")
			}
			b, err := parseHeader(p, trimmed)
			if err != nil {
				return nil, err
			}
			b.notes = comment
			comment = nil
			blocks = append(blocks, b)
			cur = b
		default:
			return nil, p.errorf("unexpected line %q (want a table header, a row starting with |, or a # comment)", trimmed)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, b := range blocks {
		if b.head == nil {
			return nil, b.pos.errorf("table %q has no heading row", b.title)
		}
	}
	return blocks, nil
}

// parseHeader parses `table REF "TITLE" [TAGS]` and `profile "TITLE"`.
func parseHeader(p pos, line string) (*block, error) {
	b := &block{pos: p}
	kw, rest, _ := strings.Cut(line, " ")
	b.keyword = kw
	rest = strings.TrimSpace(rest)
	if kw == "table" {
		ref, r, ok := strings.Cut(rest, " ")
		if !ok {
			return nil, p.errorf("table header needs a locator and a quoted title")
		}
		b.ref = ref
		rest = strings.TrimSpace(r)
	}
	if !strings.HasPrefix(rest, `"`) {
		return nil, p.errorf("title must be quoted")
	}
	end := strings.Index(rest[1:], `"`)
	if end < 0 {
		return nil, p.errorf("unterminated title")
	}
	b.title = rest[1 : end+1]
	b.tags = strings.TrimSpace(rest[end+2:])
	if b.tags != "" && !(strings.HasPrefix(b.tags, "<") && strings.HasSuffix(b.tags, ">")) {
		return nil, p.errorf("unexpected text %q after the title (tags are written <...>)", b.tags)
	}
	return b, nil
}

// splitCells splits "| a | b | c" (a trailing | is optional) into trimmed cells.
func splitCells(line string) []string {
	line = strings.TrimPrefix(line, "|")
	line = strings.TrimSuffix(line, "|")
	parts := strings.Split(line, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// readMap parses golang.map: one directive per line, fields separated by
// spaces, # comments.
func readMap(name string, r io.Reader) ([]directive, error) {
	var ds []directive
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		ds = append(ds, directive{pos{name, n}, f})
	}
	return ds, sc.Err()
}

type directive struct {
	pos    pos
	fields []string
}
