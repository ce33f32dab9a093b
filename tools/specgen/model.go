package main

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

type kind int

const (
	kindBase   kind = iota // UINT8 ... UINT64
	kindAlias              // a "Definition of Types for" name
	kindConst              // a Constants table
	kindBits               // a Bits table
	kindTPMI               // an interface Type table
	kindStruct             // a Structure table
	kindUnion              // a Union table
	kindBuffer             // a TPM2B whose payload is BYTE[size]
	kindFrame              // a TPM2B whose payload is one structure (size=)
	kindList               // a TPML: count, then count elements
)

var kindNames = [...]string{"base type", "alias", "constants", "bits", "interface type", "structure", "union", "sized buffer", "sized structure", "list"}

func (k kind) String() string { return kindNames[k] }

// A constant is a named value: a row of a Constants or Defines table, or a
// scalar of the profile.
type constant struct {
	pos     pos
	name    string
	value   uint64
	owner   *typ // the Constants type it belongs to; nil for defines
	comment string
	letters string // TPM_ALG_ID Type column
	goName  string
	set     bool // value is known
}

type bitDef struct {
	pos      pos
	name     string
	hi, lo   int
	comment  string
	reserved bool
	goName   string
}

// A valueItem is one row of an interface type: a value, or a range.
type valueItem struct {
	pos    pos
	lo, hi uint64
	name   string // the constant or range text, for documentation
	cond   bool   // written with a leading +: admitted only where the use allows
}

type member struct {
	pos       pos
	name      string
	sel       string // [sel]name: the selector member of a union member
	count     string // name[count]: the count member of an array
	sizeEq    bool   // size=
	typeName  string
	typ       *typ
	passFlag  bool   // +TYPE: the use passes its own NULL flag down
	allowNull bool   // TYPE+: this use admits the conditional values
	check     *check // {lo:hi} or {V, W} on a scalar
	bound     string // {:max} on an array
	rc        string // the #TPM_RC_ row that follows
	comment   string

	// derived
	selectorFor []*member // union members this member selects
	countFor    *member   // the array this member counts
	goName      string
}

// A check is the value constraint written in braces on a member.
type check struct {
	ranged   bool
	lo, hi   string // expressions; "" when open
	values   []string
	loV, hiV uint64
	hasLo    bool
	hasHi    bool
	vals     []uint64
}

type arm struct {
	pos       pos
	name      string
	typeName  string
	typ       *typ // nil for an empty arm
	allowNull bool
	size      string // name [SIZE] BYTE
	sizeV     int
	selector  string // constant name; "" when the row has none
	selValue  uint64
	comment   string
	goName    string
}

type typ struct {
	pos     pos
	blk     *block
	name    string
	kind    kind
	width   int  // base types: bytes on the wire
	base    *typ // alias target; const/bits/TPMI underlying type
	consts  []*constant
	bits    []*bitDef
	values  []valueItem
	rc      string
	members []*member
	arms    []*arm

	// buffers, lists, frames
	bound     string
	boundV    int
	elem      *typ
	countMem  *member
	dataMem   *member
	inner     *typ
	innerFlag bool // the frame's payload is +T

	// derived
	flag bool // decoding takes a NULL flag

	// Go mapping
	gopkg      *gopkg
	goName     string
	opts       map[string]string
	sizeofV    int
	sizeofDone bool
}

type gopkg struct {
	name string
	rank int
}

// spec is the whole transcription plus its Go mapping.
type spec struct {
	vendors   []vendor
	vendorPkg string
	types     map[string]*typ
	order     []*typ
	consts    map[string]*constant
	sets      map[string][]uint64
	pkgs      map[string]*gopkg
	rcs       map[string]string
	errOver   map[string]string
	names     map[string]string
}

func (s *spec) lookup(name string) *typ {
	return s.types[name]
}

// resolve follows aliases to the type that defines the wire form.
func (t *typ) resolve() *typ {
	for t != nil && t.kind == kindAlias {
		t = t.base
	}
	return t
}

// underlying returns the base type that carries a const, bits or TPMI type.
func (t *typ) underlying() *typ {
	t = t.resolve()
	for t != nil && t.kind != kindBase {
		t = t.base.resolve()
	}
	return t
}

var (
	reConstTitle  = regexp.MustCompile(`^Definition of \((\w+)\) (\w+) (Constants|Bits|Type)$`)
	reStructTitle = regexp.MustCompile(`^Definition of (\w+) (Structure|Union)$`)
	reTypesTitle  = regexp.MustCompile(`^Definition of (?:Types for .+|Base Types)$`)
	reDefTitle    = regexp.MustCompile(`^Defines for .+$`)
	reIdent       = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// [sel]name= [count] {…} — see gen/README.md
	reParam = regexp.MustCompile(`^(?:\[(\w+)\])?\s*(\w+)(=)?\s*(?:\[(\w+)\])?\s*(?:\{([^}]*)\})?$`)
	reArm   = regexp.MustCompile(`^(\w+)(?:\s*\[(\w+)\])?$`)
)

var expectHeads = map[string][]string{
	"Constants": {"Name", "Value", "Comments"},
	"AlgIDs":    {"Name", "Value", "Type", "Comments"},
	"Bits":      {"Bit", "Name", "Definition"},
	"Type":      {"Values", "Comments"},
	"Structure": {"Parameter", "Type", "Description"},
	"Union":     {"Parameter", "Type", "Selector", "Description"},
	"Types":     {"Type", "Name", "Description"},
	"Defines":   {"Name", "Value", "Description"},
	"profile":   {"Name", "Value", "Reason"},
	"vendors":   {"Code", "Value", "Company", "Section", "First"},
}

func checkHead(b *block, want string) error {
	if !slices.Equal(b.head, expectHeads[want]) {
		return b.pos.errorf("%q: columns %q, want %q", b.title, b.head, expectHeads[want])
	}
	return nil
}

var baseWidths = map[string]int{"uint8": 1, "uint16": 2, "uint32": 4, "uint64": 8}

// build turns blocks into types and constants. Names are resolved later, so
// tables may refer to types defined further on.
func build(blocks []*block) (*spec, error) {
	s := &spec{
		types:   map[string]*typ{},
		consts:  map[string]*constant{},
		sets:    map[string][]uint64{},
		pkgs:    map[string]*gopkg{},
		rcs:     map[string]string{},
		errOver: map[string]string{},
		names:   map[string]string{},
	}
	addType := func(t *typ) error {
		if prev, ok := s.types[t.name]; ok {
			return t.pos.errorf("type %s is already defined at %s", t.name, prev.pos)
		}
		s.types[t.name] = t
		s.order = append(s.order, t)
		return nil
	}
	addConst := func(c *constant) error {
		if prev, ok := s.consts[c.name]; ok {
			return c.pos.errorf("constant %s is already defined at %s", c.name, prev.pos)
		}
		s.consts[c.name] = c
		return nil
	}
	// Values may name constants defined later (TPMI ranges use TPM_HC), so
	// numeric cells are kept as text until every table is read.
	type pending struct {
		c    *constant
		text string
	}
	var pend []pending

	for _, b := range blocks {
		switch {
		case b.keyword == "vendors":
			if err := checkHead(b, "vendors"); err != nil {
				return nil, err
			}
			for _, r := range b.rows {
				v, err := parseVendor(r)
				if err != nil {
					return nil, err
				}
				for _, prev := range s.vendors {
					if prev.code == v.code || prev.value == v.value {
						return nil, r.pos.errorf("vendor %s (%#08x) repeats %s (%#08x) at %s", v.code, v.value, prev.code, prev.value, prev.pos)
					}
				}
				s.vendors = append(s.vendors, v)
			}
		case b.keyword == "profile":
			if err := checkHead(b, "profile"); err != nil {
				return nil, err
			}
			for _, r := range b.rows {
				name, val := r.cell(0), r.cell(1)
				if strings.HasPrefix(name, "$") {
					var vs []uint64
					for _, f := range strings.Split(val, ",") {
						v, err := parseNum(strings.TrimSpace(f))
						if err != nil {
							return nil, r.pos.errorf("%s: %v", name, err)
						}
						vs = append(vs, v)
					}
					if _, dup := s.sets[name]; dup {
						return nil, r.pos.errorf("set %s defined twice", name)
					}
					s.sets[name] = vs
					continue
				}
				c := &constant{pos: r.pos, name: name, comment: r.cell(2)}
				if err := addConst(c); err != nil {
					return nil, err
				}
				pend = append(pend, pending{c, val})
			}

		case reDefTitle.MatchString(b.title):
			if err := checkHead(b, "Defines"); err != nil {
				return nil, err
			}
			for _, r := range b.rows {
				c := &constant{pos: r.pos, name: r.cell(0), comment: r.cell(2)}
				if err := addConst(c); err != nil {
					return nil, err
				}
				pend = append(pend, pending{c, r.cell(1)})
			}

		case reTypesTitle.MatchString(b.title):
			if err := checkHead(b, "Types"); err != nil {
				return nil, err
			}
			for _, r := range b.rows {
				from, name := r.cell(0), r.cell(1)
				t := &typ{pos: r.pos, blk: b, name: name}
				if w, ok := baseWidths[from]; ok {
					t.kind, t.width = kindBase, w
				} else {
					t.kind = kindAlias
					t.base = &typ{name: from} // placeholder, resolved in link
				}
				if err := addType(t); err != nil {
					return nil, err
				}
			}

		case reConstTitle.MatchString(b.title):
			m := reConstTitle.FindStringSubmatch(b.title)
			t := &typ{pos: b.pos, blk: b, name: m[2], base: &typ{name: m[1]}}
			switch m[3] {
			case "Constants":
				t.kind = kindConst
				head := "Constants"
				if len(b.head) == 4 {
					head = "AlgIDs"
				}
				if err := checkHead(b, head); err != nil {
					return nil, err
				}
				for _, r := range b.rows {
					c := &constant{pos: r.pos, name: r.cell(0), owner: t}
					if head == "AlgIDs" {
						c.letters, c.comment = r.cell(2), r.cell(3)
					} else {
						c.comment = r.cell(2)
					}
					if !reIdent.MatchString(c.name) {
						return nil, r.pos.errorf("bad constant name %q", c.name)
					}
					if err := addConst(c); err != nil {
						return nil, err
					}
					pend = append(pend, pending{c, r.cell(1)})
					t.consts = append(t.consts, c)
				}
			case "Bits":
				t.kind = kindBits
				if err := checkHead(b, "Bits"); err != nil {
					return nil, err
				}
				for _, r := range b.rows {
					bd := &bitDef{pos: r.pos, name: r.cell(1), comment: r.cell(2)}
					hi, lo, err := parseBitRange(r.cell(0))
					if err != nil {
						return nil, r.pos.errorf("%v", err)
					}
					bd.hi, bd.lo = hi, lo
					bd.reserved = bd.name == "Reserved"
					t.bits = append(t.bits, bd)
				}
			case "Type":
				t.kind = kindTPMI
				if err := checkHead(b, "Type"); err != nil {
					return nil, err
				}
				for _, r := range b.rows {
					v := r.cell(0)
					switch {
					case strings.HasPrefix(v, "#"):
						if t.rc != "" {
							return nil, r.pos.errorf("second error row in %s", t.name)
						}
						t.rc = v[1:]
					default:
						t.values = append(t.values, valueItem{pos: r.pos, name: v})
					}
				}
			}
			if err := addType(t); err != nil {
				return nil, err
			}

		case reStructTitle.MatchString(b.title):
			m := reStructTitle.FindStringSubmatch(b.title)
			t := &typ{pos: b.pos, blk: b, name: m[1]}
			if m[2] == "Structure" {
				t.kind = kindStruct
				if err := checkHead(b, "Structure"); err != nil {
					return nil, err
				}
				if err := parseMembers(t, b); err != nil {
					return nil, err
				}
			} else {
				t.kind = kindUnion
				if err := checkHead(b, "Union"); err != nil {
					return nil, err
				}
				for _, r := range b.rows {
					mm := reArm.FindStringSubmatch(r.cell(0))
					if mm == nil {
						return nil, r.pos.errorf("bad union member %q", r.cell(0))
					}
					a := &arm{pos: r.pos, name: mm[1], size: mm[2], selector: r.cell(2), comment: r.cell(3)}
					tn := r.cell(1)
					if strings.HasSuffix(tn, "+") {
						a.allowNull, tn = true, strings.TrimSuffix(tn, "+")
					}
					a.typeName = tn
					if a.size != "" && tn != "BYTE" {
						return nil, r.pos.errorf("union member %s has an array size but type %s (want BYTE)", a.name, tn)
					}
					t.arms = append(t.arms, a)
				}
			}
			if err := addType(t); err != nil {
				return nil, err
			}

		default:
			return nil, b.pos.errorf("cannot tell the kind of table %q from its title", b.title)
		}
	}

	// A value may name a constant of a later table: evaluate until nothing
	// changes; what is left refers to nothing known.
	for len(pend) > 0 {
		var left []pending
		for _, p := range pend {
			if v, err := s.evalNum(p.text); err == nil {
				p.c.value, p.c.set = v, true
			} else {
				left = append(left, p)
			}
		}
		if len(left) == len(pend) {
			_, err := s.evalNum(left[0].text)
			return nil, left[0].c.pos.errorf("%s: %v", left[0].c.name, err)
		}
		pend = left
	}
	return s, nil
}

func parseBitRange(s string) (hi, lo int, err error) {
	a, b, ranged := strings.Cut(s, ":")
	hi, err = strconv.Atoi(a)
	if err != nil {
		return 0, 0, fmt.Errorf("bad bit number %q", s)
	}
	lo = hi
	if ranged {
		if lo, err = strconv.Atoi(b); err != nil {
			return 0, 0, fmt.Errorf("bad bit range %q", s)
		}
	}
	if hi < lo || hi > 63 || lo < 0 {
		return 0, 0, fmt.Errorf("bad bit range %q (write high:low)", s)
	}
	return hi, lo, nil
}

// parseMembers reads the rows of a Structure table.
func parseMembers(t *typ, b *block) error {
	for _, r := range b.rows {
		p := r.cell(0)
		if strings.HasPrefix(p, "#") {
			if len(t.members) == 0 {
				return r.pos.errorf("error row %q before any member", p)
			}
			last := t.members[len(t.members)-1]
			if last.rc != "" {
				return r.pos.errorf("member %s has two error rows", last.name)
			}
			last.rc = p[1:]
			continue
		}
		m := reParam.FindStringSubmatch(p)
		if m == nil {
			return r.pos.errorf("cannot parse parameter %q", p)
		}
		mem := &member{pos: r.pos, sel: m[1], name: m[2], sizeEq: m[3] == "=", count: m[4], comment: r.cell(2)}
		braces := m[5]
		if mem.count != "" {
			if braces != "" {
				lo, hi, ok := strings.Cut(braces, ":")
				if !ok || strings.TrimSpace(lo) != "" || strings.TrimSpace(hi) == "" {
					return r.pos.errorf("array %s: bound must be written {:max}", mem.name)
				}
				mem.bound = strings.TrimSpace(hi)
			}
		} else if braces != "" {
			c := &check{}
			if lo, hi, ok := strings.Cut(braces, ":"); ok {
				c.ranged = true
				c.lo, c.hi = strings.TrimSpace(lo), strings.TrimSpace(hi)
			} else {
				for _, v := range strings.Split(braces, ",") {
					c.values = append(c.values, strings.TrimSpace(v))
				}
			}
			mem.check = c
		}
		tn := r.cell(1)
		if strings.HasPrefix(tn, "+") {
			mem.passFlag, tn = true, tn[1:]
		}
		if strings.HasSuffix(tn, "+") {
			mem.allowNull, tn = true, strings.TrimSuffix(tn, "+")
		}
		if mem.passFlag && mem.allowNull {
			return r.pos.errorf("member %s: both +TYPE and TYPE+", mem.name)
		}
		mem.typeName = tn
		for _, prev := range t.members {
			if prev.name == mem.name {
				return r.pos.errorf("member %s defined twice in %s", mem.name, t.name)
			}
		}
		t.members = append(t.members, mem)
	}
	return nil
}

func parseNum(s string) (uint64, error) {
	return strconv.ParseUint(s, 0, 64)
}

// evalNum evaluates a value cell: a number or the name of a constant whose
// value is known.
func (s *spec) evalNum(text string) (uint64, error) {
	if v, err := parseNum(text); err == nil {
		return v, nil
	}
	if c, ok := s.consts[text]; ok {
		if !c.set {
			return 0, fmt.Errorf("constant %s is used before its value is known", text)
		}
		return c.value, nil
	}
	return 0, fmt.Errorf("%q is neither a number nor a known constant", text)
}

var reSizeof = regexp.MustCompile(`^sizeof\((\w+)\)$`)

// evalExpr evaluates a bound: a number, a constant, or sizeof(TYPE) (the
// largest wire size of TYPE).
func (s *spec) evalExpr(p pos, text string) (int, error) {
	if m := reSizeof.FindStringSubmatch(text); m != nil {
		t := s.lookup(m[1])
		if t == nil {
			return 0, p.errorf("sizeof(%s): unknown type", m[1])
		}
		return s.sizeof(t)
	}
	v, err := s.evalNum(text)
	if err != nil {
		return 0, p.errorf("%v", err)
	}
	return int(v), nil
}

// sizeof is the largest number of bytes a value of t takes on the wire.
func (s *spec) sizeof(t *typ) (int, error) {
	t = t.resolve()
	if t.sizeofDone {
		return t.sizeofV, nil
	}
	n := 0
	switch t.kind {
	case kindBase:
		n = t.width
	case kindConst, kindBits, kindTPMI:
		n = t.underlying().width
	case kindBuffer:
		n = 2 + t.boundV
	case kindFrame:
		in, err := s.sizeof(t.inner)
		if err != nil {
			return 0, err
		}
		n = 2 + in
	case kindList:
		e, err := s.sizeof(t.elem)
		if err != nil {
			return 0, err
		}
		n = 4 + t.boundV*e
	case kindUnion:
		for _, a := range t.arms {
			an := a.sizeV
			if a.typ != nil && a.size == "" {
				v, err := s.sizeof(a.typ)
				if err != nil {
					return 0, err
				}
				an = v
			}
			n = max(n, an)
		}
	case kindStruct:
		for _, m := range t.members {
			switch {
			case m.count != "":
				e, err := s.sizeof(m.typ)
				if err != nil {
					return 0, err
				}
				b, err := s.evalExpr(m.pos, m.bound)
				if err != nil {
					return 0, err
				}
				n += b * e
			default:
				v, err := s.sizeof(m.typ)
				if err != nil {
					return 0, err
				}
				n += v
			}
		}
	}
	t.sizeofV, t.sizeofDone = n, true
	return n, nil
}

// A vendor is a row of the TCG TPM Vendor ID Registry.
type vendor struct {
	pos     pos
	code    string
	value   uint32
	company string
	test    bool // section 4.2, "Simulator and Testing Implementations"
}

// parseVendor reads a registry row and checks that the value is the code's
// ASCII bytes, padded to four with NUL or (NSM, STM) with spaces.
func parseVendor(r row) (vendor, error) {
	v := vendor{pos: r.pos, code: r.cell(0), company: r.cell(2)}
	n, err := parseNum(r.cell(1))
	if err != nil || n > 0xFFFFFFFF {
		return v, r.pos.errorf("bad vendor value %q", r.cell(1))
	}
	v.value = uint32(n)
	switch r.cell(3) {
	case "4.1":
	case "4.2":
		v.test = true
	default:
		return v, r.pos.errorf("vendor %s: section %q, want 4.1 or 4.2", v.code, r.cell(3))
	}
	b := []byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
	if len(v.code) < 3 || len(v.code) > 4 || string(b[:len(v.code)]) != v.code {
		return v, r.pos.errorf("vendor %s: value %#08x does not start with the code's bytes", v.code, n)
	}
	if len(v.code) == 3 && b[3] != 0 && b[3] != ' ' {
		return v, r.pos.errorf("vendor %s: a three-letter code is padded with NUL or space, not %#02x", v.code, b[3])
	}
	return v, nil
}
