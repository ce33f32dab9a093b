package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// link resolves every name, classifies structures, applies the Go mapping and
// checks the whole for the mistakes a transcription can make.
func (s *spec) link(ds []directive) error {
	if err := s.resolveNames(); err != nil {
		return err
	}
	if err := s.classify(); err != nil {
		return err
	}
	if err := s.applyMap(ds); err != nil {
		return err
	}
	if err := s.evalBounds(); err != nil {
		return err
	}
	if err := s.checkValues(); err != nil {
		return err
	}
	if err := s.deriveFlags(); err != nil {
		return err
	}
	if err := s.checkUnions(); err != nil {
		return err
	}
	return s.nameGo()
}

func (s *spec) resolveType(p pos, name string) (*typ, error) {
	t := s.lookup(name)
	if t == nil {
		return nil, p.errorf("unknown type %s", name)
	}
	return t, nil
}

func (s *spec) resolveNames() error {
	var err error
	for _, t := range s.order {
		switch t.kind {
		case kindAlias, kindConst, kindBits, kindTPMI:
			if t.base, err = s.resolveType(t.pos, t.base.name); err != nil {
				return err
			}
			if t.kind != kindAlias && t.underlying() == nil {
				return t.pos.errorf("%s: base type %s is not an integer type", t.name, t.base.name)
			}
		case kindStruct:
			for _, m := range t.members {
				if m.typ, err = s.resolveType(m.pos, m.typeName); err != nil {
					return err
				}
			}
		case kindUnion:
			for _, a := range t.arms {
				if a.typeName == "" {
					continue
				}
				if a.typ, err = s.resolveType(a.pos, a.typeName); err != nil {
					return err
				}
			}
		}
	}
	// Aliases must end in a real type.
	for _, t := range s.order {
		seen := map[*typ]bool{}
		for u := t; u != nil && u.kind == kindAlias; u = u.base {
			if seen[u] {
				return t.pos.errorf("alias cycle through %s", t.name)
			}
			seen[u] = true
		}
	}
	return nil
}

func isByte(t *typ) bool {
	t = t.resolve()
	return t.kind == kindBase && t.width == 1 && (t.name == "BYTE" || t.name == "UINT8")
}

func isBase(t *typ, width int) bool {
	t = t.resolve()
	return t.kind == kindBase && t.width == width
}

// classify recognises the three shapes Part 2 builds from a Structure table:
// sized buffers, sized structures and lists; and links selectors and counts.
func (s *spec) classify() error {
	for _, t := range s.order {
		if t.kind != kindStruct {
			continue
		}
		ms := t.members
		switch {
		case len(ms) == 2 && ms[0].name == "size" && !ms[0].sizeEq && ms[1].count == "size":
			if !isBase(ms[0].typ, 2) || !isByte(ms[1].typ) {
				return t.pos.errorf("%s: a sized buffer is UINT16 size and BYTE buffer[size]", t.name)
			}
			if ms[1].bound == "" {
				return ms[1].pos.errorf("%s.%s: a sized buffer needs a bound {:max}", t.name, ms[1].name)
			}
			t.kind, t.bound, t.countMem, t.dataMem = kindBuffer, ms[1].bound, ms[0], ms[1]
		case len(ms) == 2 && ms[0].sizeEq:
			if !isBase(ms[0].typ, 2) || ms[1].count != "" {
				return t.pos.errorf("%s: a sized structure is UINT16 size= and one structure", t.name)
			}
			inner := ms[1].typ.resolve()
			if inner.kind != kindStruct {
				return ms[1].pos.errorf("%s: size= must frame a structure, not %s", t.name, inner.kind)
			}
			t.kind, t.inner, t.innerFlag, t.countMem, t.dataMem = kindFrame, inner, ms[1].passFlag, ms[0], ms[1]
		case len(ms) == 2 && ms[1].count == ms[0].name && isBase(ms[0].typ, 4) && !isByte(ms[1].typ):
			if ms[1].bound == "" {
				return ms[1].pos.errorf("%s.%s: a list needs a bound {:max}", t.name, ms[1].name)
			}
			t.kind, t.bound, t.elem, t.countMem, t.dataMem = kindList, ms[1].bound, ms[1].typ, ms[0], ms[1]
		}
		if t.kind != kindStruct {
			for _, m := range ms {
				if m.sel != "" {
					return m.pos.errorf("%s: selector in a %s", t.name, t.kind)
				}
			}
			continue
		}
		byName := map[string]*member{}
		for _, m := range ms {
			if m.sizeEq {
				return m.pos.errorf("%s.%s: size= outside a sized structure", t.name, m.name)
			}
			if m.sel != "" {
				sel := byName[m.sel]
				if sel == nil {
					return m.pos.errorf("%s.%s: selector %s is not an earlier member", t.name, m.name, m.sel)
				}
				if m.typ.resolve().kind != kindUnion {
					return m.pos.errorf("%s.%s: [%s] selects a member that is not a union", t.name, m.name, m.sel)
				}
				sel.selectorFor = append(sel.selectorFor, m)
			} else if m.typ.resolve().kind == kindUnion {
				return m.pos.errorf("%s.%s: a union member needs a [selector]", t.name, m.name)
			}
			if m.count != "" {
				c := byName[m.count]
				if c == nil {
					return m.pos.errorf("%s.%s: count %s is not an earlier member", t.name, m.name, m.count)
				}
				if !isByte(m.typ) {
					return m.pos.errorf("%s.%s: only BYTE arrays may be counted inside a structure", t.name, m.name)
				}
				if m.bound == "" {
					return m.pos.errorf("%s.%s: an array needs a bound {:max}", t.name, m.name)
				}
				c.countFor = m
			}
			byName[m.name] = m
		}
	}
	// Union arms: BYTE arrays take their size from a constant.
	for _, t := range s.order {
		if t.kind != kindUnion {
			continue
		}
		names := map[string]bool{}
		for _, a := range t.arms {
			if a.typ != nil && a.typ.resolve().kind == kindStruct && len(a.typ.resolve().members) == 0 {
				a.typ = nil // TPMS_EMPTY: the member takes no bytes
			}
			if names[a.name] {
				return a.pos.errorf("%s: member %s defined twice", t.name, a.name)
			}
			names[a.name] = true
			if a.size != "" {
				v, err := s.evalNum(a.size)
				if err != nil {
					return a.pos.errorf("%s.%s: %v", t.name, a.name, err)
				}
				a.sizeV = int(v)
			}
		}
	}
	return nil
}

// byteUnion reports whether every arm of u is a BYTE array or empty: such a
// union (TPMU_HA) is a byte string whose length the selector fixes.
func byteUnion(u *typ) bool {
	for _, a := range u.arms {
		if a.typ != nil && a.size == "" {
			return false
		}
	}
	return true
}

// wireArms are the arms a selector can choose.
func wireArms(u *typ) []*arm {
	var as []*arm
	for _, a := range u.arms {
		if a.selector != "" {
			as = append(as, a)
		}
	}
	return as
}

func (s *spec) applyMap(ds []directive) error {
	for _, d := range ds {
		f := d.fields
		bad := func() error { return d.pos.errorf("malformed %q directive", f[0]) }
		switch f[0] {
		case "package":
			if len(f) != 3 {
				return bad()
			}
			r, err := strconv.Atoi(f[2])
			if err != nil {
				return bad()
			}
			if s.pkgs[f[1]] != nil {
				return d.pos.errorf("package %s declared twice", f[1])
			}
			s.pkgs[f[1]] = &gopkg{name: f[1], rank: r}
		case "vendors":
			if len(f) != 2 {
				return bad()
			}
			s.vendorPkg = f[1]
		case "rc":
			if len(f) != 3 {
				return bad()
			}
			s.rcs[f[1]] = f[2]
		case "error":
			if len(f) != 3 {
				return bad()
			}
			tn, mn, _ := strings.Cut(f[1], ".")
			t := s.lookup(tn)
			if t == nil || t.member(mn) == nil {
				return d.pos.errorf("error: no member %s", f[1])
			}
			s.errOver[f[1]] = f[2]
		case "name":
			if len(f) != 3 {
				return bad()
			}
			tn, mn, _ := strings.Cut(f[1], ".")
			t := s.lookup(tn)
			if t == nil || !t.hasPart(mn) {
				return d.pos.errorf("name: %s has no member or bit %s", tn, mn)
			}
			s.names[f[1]] = f[2]
		case "type":
			if len(f) < 4 {
				return bad()
			}
			t := s.lookup(f[1])
			if t == nil {
				return d.pos.errorf("type: unknown spec type %s", f[1])
			}
			if t.gopkg != nil {
				return d.pos.errorf("type %s mapped twice", f[1])
			}
			p := s.pkgs[f[2]]
			if p == nil {
				return d.pos.errorf("type %s: undeclared package %s", f[1], f[2])
			}
			t.gopkg, t.opts = p, map[string]string{}
			if f[3] != "-" {
				t.goName = f[3]
			}
			for _, o := range f[4:] {
				k, v, _ := strings.Cut(o, "=")
				switch k {
				case "prefix", "go", "validate", "frame":
					if v == "" {
						return d.pos.errorf("option %s needs a value", k)
					}
				case "parse", "raw":
					if v != "" {
						return d.pos.errorf("option %s takes no value", k)
					}
					v = "yes"
				default:
					return d.pos.errorf("unknown option %q", o)
				}
				t.opts[k] = v
			}
			if fr := t.opts["frame"]; fr != "" {
				in := s.lookup(fr)
				if t.kind != kindBuffer || in == nil || in.resolve().kind != kindStruct {
					return d.pos.errorf("frame=%s: %s must be a sized buffer and %s a structure", fr, f[1], fr)
				}
				t.kind, t.inner = kindFrame, in.resolve()
			}
		default:
			return d.pos.errorf("unknown directive %q", f[0])
		}
	}
	if len(s.vendors) > 0 && s.vendorPkg == "" {
		return s.vendors[0].pos.errorf("a vendor registry needs a vendors line in golang.map")
	}
	// The registry's Type letters become TPMA_ALGORITHM bits.
	for _, t := range s.order {
		for _, c := range t.consts {
			if c.letters == "" {
				continue
			}
			attr := s.lookup("TPMA_ALGORITHM")
			if attr == nil || attr.kind != kindBits || attr.gopkg == nil {
				return c.pos.errorf("%s: a Type column needs a mapped TPMA_ALGORITHM Bits table", c.name)
			}
			for _, l := range strings.Fields(c.letters) {
				if l != "*" && legend[l] == "" {
					return c.pos.errorf("%s: unknown Type letter %q (want A S H X E M O, or * for inferred)", c.name, l)
				}
				if l != "*" && !attr.hasPart(legend[l]) {
					return c.pos.errorf("%s: TPMA_ALGORITHM has no %s bit for Type letter %s", c.name, legend[l], l)
				}
			}
		}
	}
	for _, r := range []string{"TPM_RC_SIZE", "TPM_RC_SELECTOR", "TPM_RC_VALUE", "TPM_RC_INSUFFICIENT"} {
		if s.rcs[r] == "" {
			return fmt.Errorf("golang.map: no rc line for %s, which the generator needs", r)
		}
	}
	// Every type the generated code must name needs a mapping.
	for _, t := range s.order {
		if t.gopkg != nil || !needsGoType(t) {
			continue
		}
		return t.pos.errorf("%s (%s) has no type line in golang.map", t.name, t.kind)
	}
	// Layering: a type may only use types of equal or lower rank.
	for _, t := range s.order {
		if t.gopkg == nil {
			continue
		}
		for _, u := range t.uses() {
			h := u.home()
			if h != nil && h.rank > t.gopkg.rank {
				return t.pos.errorf("%s (package %s) uses %s (package %s): import cycle", t.name, t.gopkg.name, u.name, h.name)
			}
		}
	}
	return nil
}

func (t *typ) member(name string) *member {
	for _, m := range t.members {
		if m.name == name {
			return m
		}
	}
	return nil
}

func (t *typ) hasPart(name string) bool {
	if t.member(name) != nil {
		return true
	}
	for _, a := range t.arms {
		if a.name == name {
			return true
		}
	}
	for _, b := range t.bits {
		if b.name == name {
			return true
		}
	}
	return false
}

// needsGoType reports whether generated code names t, so t needs a mapping.
func needsGoType(t *typ) bool {
	switch t.kind {
	case kindBase, kindAlias, kindTPMI, kindFrame:
		return false
	case kindUnion:
		return len(wireArms(t)) > 0 && !byteUnion(t)
	case kindStruct:
		return len(t.members) > 0 // TPMS_EMPTY has no Go form
	}
	return true
}

// uses lists the types t refers to.
func (t *typ) uses() []*typ {
	var us []*typ
	switch t.kind {
	case kindStruct:
		for _, m := range t.members {
			us = append(us, m.typ)
		}
	case kindUnion:
		for _, a := range t.arms {
			if a.typ != nil && a.selector != "" {
				us = append(us, a.typ)
			}
		}
	case kindList:
		us = append(us, t.elem)
	case kindFrame:
		us = append(us, t.inner)
	case kindConst, kindBits, kindTPMI, kindAlias:
		us = append(us, t.base)
	}
	return us
}

// home is the Go package that declares the Go form of t, or nil when that
// form is a builtin type.
func (t *typ) home() *gopkg {
	if t.gopkg != nil && t.goName != "" {
		return t.gopkg
	}
	if t.opts["go"] != "" {
		return nil
	}
	switch t.kind {
	case kindBase:
		return nil
	case kindAlias, kindTPMI, kindConst:
		return t.base.home()
	case kindFrame:
		return t.inner.home()
	}
	return t.gopkg
}

func (s *spec) evalBounds() error {
	for _, t := range s.order {
		if t.bound == "" {
			continue
		}
		v, err := s.evalExpr(t.dataMem.pos, t.bound)
		if err != nil {
			return err
		}
		if t.kind == kindBuffer && v > 0xFFFF {
			return t.pos.errorf("%s: bound %d does not fit a UINT16 size", t.name, v)
		}
		t.boundV = v
	}
	return nil
}

func (s *spec) deriveFlags() error {
	// Interface types first: conditional values make the flag.
	for _, t := range s.order {
		if t.kind == kindTPMI {
			for _, v := range t.values {
				if v.cond {
					t.flag = true
				}
			}
		}
	}
	// Structures pass their flag down; resolve in dependency order by
	// iterating to a fixed point (the graph is acyclic and small).
	for changed := true; changed; {
		changed = false
		for _, t := range s.order {
			f := t.flag
			switch t.kind {
			case kindStruct:
				for _, m := range t.members {
					if m.passFlag {
						f = true
					}
				}
			case kindFrame:
				f = t.innerFlag && t.inner.flag
			}
			if f != t.flag {
				t.flag, changed = f, true
			}
		}
	}
	check := func(p pos, where string, u *typ, plus bool) error {
		if plus && !u.resolve().flag {
			return p.errorf("%s: %s has no conditional values, so a + on it means nothing", where, u.name)
		}
		return nil
	}
	for _, t := range s.order {
		switch t.kind {
		case kindStruct:
			for _, m := range t.members {
				if err := check(m.pos, t.name+"."+m.name, m.typ, m.passFlag || m.allowNull); err != nil {
					return err
				}
			}
		case kindUnion:
			for _, a := range t.arms {
				if a.typ != nil {
					if err := check(a.pos, t.name+"."+a.name, a.typ, a.allowNull); err != nil {
						return err
					}
				}
			}
		case kindFrame:
			if t.dataMem != nil {
				if err := check(t.dataMem.pos, t.name+"."+t.dataMem.name, t.inner, t.innerFlag); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// selectorValues is what a selector member can hold: its interface type's
// values, with the conditional ones when the use can admit them.
func (s *spec) selectorValues(sel *member, owner *typ) ([]valueItem, error) {
	st := sel.typ.resolve()
	if st.kind != kindTPMI {
		return nil, sel.pos.errorf("%s.%s selects a union but is a %s, not an interface type", owner.name, sel.name, st.kind)
	}
	nullable := sel.allowNull || (sel.passFlag && owner.flag)
	var vs []valueItem
	for _, v := range st.values {
		if v.cond && !nullable {
			continue
		}
		if v.lo != v.hi {
			return nil, v.pos.errorf("%s: a range cannot select a union arm", st.name)
		}
		vs = append(vs, v)
	}
	return vs, nil
}

// checkUnions proves that every value a selector can hold has an arm, and
// that every arm is chosen by a value of the selector's type.
func (s *spec) checkUnions() error {
	for _, t := range s.order {
		if t.kind != kindStruct {
			continue
		}
		for _, sel := range t.members {
			if len(sel.selectorFor) == 0 {
				continue
			}
			vals, err := s.selectorValues(sel, t)
			if err != nil {
				return err
			}
			selBase := sel.typ.resolve().base.resolve()
			for _, um := range sel.selectorFor {
				u := um.typ.resolve()
				arms := map[uint64]*arm{}
				for _, a := range wireArms(u) {
					c := s.consts[a.selector]
					if c == nil {
						return a.pos.errorf("%s.%s: selector %s is not a known constant", u.name, a.name, a.selector)
					}
					if c.owner != nil && !derives(c.owner, selBase) {
						return a.pos.errorf("%s.%s: selector %s is a %s, but %s.%s is a %s", u.name, a.name, a.selector, c.owner.name, t.name, sel.name, selBase.name)
					}
					a.selValue = c.value
					if prev := arms[c.value]; prev != nil {
						return a.pos.errorf("%s: arms %s and %s have the same selector", u.name, prev.name, a.name)
					}
					arms[c.value] = a
				}
				for _, v := range vals {
					if arms[v.lo] == nil {
						return um.pos.errorf("%s.%s: selector value %s has no arm in %s", t.name, um.name, strings.TrimPrefix(v.name, "+"), u.name)
					}
				}
				if u.gopkg != t.gopkg && !byteUnion(u) {
					return um.pos.errorf("%s (package %s) must be in the package of %s (%s), which reads it", u.name, pkgName(u.gopkg), t.name, pkgName(t.gopkg))
				}
			}
		}
	}
	return nil
}

// checkValues evaluates interface-type values, bits and member checks.
func (s *spec) checkValues() error {
	for _, t := range s.order {
		switch t.kind {
		case kindTPMI:
			if t.rc == "" {
				return t.pos.errorf("%s: an interface type needs its #TPM_RC_ error row", t.name)
			}
			if s.rcs[t.rc] == "" {
				return t.pos.errorf("%s: no rc line in golang.map for %s", t.name, t.rc)
			}
			var out []valueItem
			max := uint64(1)<<(8*t.underlying().width) - 1
			for _, v := range t.values {
				text := v.name
				cond := strings.HasPrefix(text, "+")
				text = strings.TrimPrefix(text, "+")
				switch {
				case strings.HasPrefix(text, "$"):
					set, ok := s.sets[text]
					if !ok {
						return v.pos.errorf("%s: unknown set %s", t.name, text)
					}
					for _, x := range set {
						out = append(out, valueItem{pos: v.pos, lo: x, hi: x, name: strconv.FormatUint(x, 10), cond: cond})
					}
				case strings.HasPrefix(text, "{"):
					inner := strings.TrimSuffix(strings.TrimPrefix(text, "{"), "}")
					a, b, ok := strings.Cut(inner, ":")
					if !ok {
						return v.pos.errorf("%s: bad range %s", t.name, text)
					}
					lo, err := s.evalNum(strings.TrimSpace(a))
					if err != nil {
						return v.pos.errorf("%s: %v", t.name, err)
					}
					hi, err := s.evalNum(strings.TrimSpace(b))
					if err != nil {
						return v.pos.errorf("%s: %v", t.name, err)
					}
					if lo > hi {
						return v.pos.errorf("%s: empty range %s", t.name, text)
					}
					out = append(out, valueItem{pos: v.pos, lo: lo, hi: hi, name: text, cond: cond})
				default:
					c := s.consts[text]
					if c == nil {
						return v.pos.errorf("%s: unknown value %s", t.name, text)
					}
					if c.owner != nil && !derives(c.owner, t.base) {
						return v.pos.errorf("%s: %s is a %s, not a %s", t.name, text, c.owner.name, t.base.name)
					}
					out = append(out, valueItem{pos: v.pos, lo: c.value, hi: c.value, name: text, cond: cond})
				}
			}
			for _, v := range out {
				if v.hi > max {
					return v.pos.errorf("%s: %s does not fit %s", t.name, v.name, t.underlying().name)
				}
			}
			// Duplicates are transcription mistakes.
			for i := range out {
				for j := range i {
					if out[i].lo <= out[j].hi && out[j].lo <= out[i].hi {
						return out[i].pos.errorf("%s: %s overlaps %s", t.name, out[i].name, out[j].name)
					}
				}
			}
			t.values = out
		case kindBits:
			var used uint64
			width := 8 * t.underlying().width
			for _, b := range t.bits {
				if b.hi >= width {
					return b.pos.errorf("%s: bit %d beyond a %d-bit type", t.name, b.hi, width)
				}
				m := fieldMask(b.hi, b.lo)
				if used&m != 0 {
					return b.pos.errorf("%s: bits %d:%d overlap an earlier row", t.name, b.hi, b.lo)
				}
				used |= m
			}
			if used != fieldMask(width-1, 0) {
				return t.pos.errorf("%s: the rows do not cover all %d bits (missing %#x)", t.name, width, fieldMask(width-1, 0)&^used)
			}
		case kindStruct, kindList, kindBuffer, kindFrame:
			for _, m := range t.members {
				if m.rc != "" && s.rcs[m.rc] == "" {
					return m.pos.errorf("no rc line in golang.map for %s", m.rc)
				}
				c := m.check
				if c == nil {
					continue
				}
				if m.typ.resolve().kind == kindStruct || m.typ.resolve().kind == kindUnion {
					return m.pos.errorf("%s.%s: a value check needs a scalar member", t.name, m.name)
				}
				if c.ranged {
					if c.lo != "" {
						v, err := s.evalNum(c.lo)
						if err != nil {
							return m.pos.errorf("%s.%s: %v", t.name, m.name, err)
						}
						c.loV, c.hasLo = v, true
					}
					if c.hi != "" {
						v, err := s.evalNum(c.hi)
						if err != nil {
							return m.pos.errorf("%s.%s: %v", t.name, m.name, err)
						}
						c.hiV, c.hasHi = v, true
					}
				} else {
					for _, v := range c.values {
						x, err := s.evalNum(v)
						if err != nil {
							return m.pos.errorf("%s.%s: %v", t.name, m.name, err)
						}
						c.vals = append(c.vals, x)
					}
				}
			}
			for _, m := range t.members {
				if m.count == "" {
					continue
				}
				b, err := s.evalExpr(m.pos, m.bound)
				if err != nil {
					return err
				}
				cnt := t.member(m.count)
				if cnt.typ.resolve().kind != kindBase {
					return cnt.pos.errorf("%s.%s: a count must be an unsigned integer", t.name, cnt.name)
				}
				if uint64(b) > uint64(1)<<(8*cnt.typ.underlying().width)-1 {
					return m.pos.errorf("%s.%s: bound %d does not fit the count's type", t.name, m.name, b)
				}
			}
		}
	}
	return nil
}

func fieldMask(hi, lo int) uint64 {
	return (uint64(1)<<(hi-lo+1) - 1) << lo
}

// ---------------------------------------------------------------------------
// Go names

var initialisms = map[string]string{
	"pcr": "PCR", "nv": "NV", "rsa": "RSA", "ecc": "ECC", "hmac": "HMAC", "xor": "XOR",
	"kdf": "KDF", "ecdsa": "ECDSA", "ecdaa": "ECDAA", "ecdh": "ECDH", "ecmqv": "ECMQV",
	"sm2": "SM2", "sm4": "SM4", "aes": "AES", "oaep": "OAEP", "rsaes": "RSAES",
	"rsassa": "RSASSA", "rsapss": "RSAPSS", "mgf1": "MGF1", "kdf1": "KDF1", "kdf2": "KDF2",
	"sp800": "SP800", "56a": "56A", "id": "ID", "tpm": "TPM", "da": "DA",
}

// goName turns a spec member name into an exported Go name: camelCase words
// are capitalised (initialisms upper-cased); snake_case keeps its underscores.
func goName(spec string) string {
	if strings.Contains(spec, "_") {
		parts := strings.Split(spec, "_")
		for i, p := range parts {
			parts[i] = goWord(p)
		}
		return strings.Join(parts, "_")
	}
	var b strings.Builder
	for _, w := range splitCamel(spec) {
		b.WriteString(goWord(w))
	}
	return b.String()
}

func goWord(w string) string {
	if up, ok := initialisms[strings.ToLower(w)]; ok {
		return up
	}
	r := []rune(w)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// splitCamel splits "qualifiedSigner" into "qualified", "Signer" and keeps
// runs of capitals together ("fixedTPM" -> "fixed", "TPM").
func splitCamel(s string) []string {
	var words []string
	start := 0
	r := []rune(s)
	for i := 1; i < len(r); i++ {
		if unicode.IsUpper(r[i]) && !unicode.IsUpper(r[i-1]) {
			words = append(words, string(r[start:i]))
			start = i
		}
	}
	return append(words, string(r[start:]))
}

// tpmiName names the internal validator of an interface type:
// TPMI_ALG_HASH -> AlgHash.
func tpmiName(spec string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.TrimPrefix(spec, "TPMI_"), "_") {
		b.WriteString(p[:1] + strings.ToLower(p[1:]))
	}
	return b.String()
}

func (s *spec) nameGo() error {
	type owner struct {
		what string
		p    pos
	}
	taken := map[string]map[string]owner{} // package -> Go name -> who
	claim := func(pkg *gopkg, name, what string, p pos) error {
		if taken[pkg.name] == nil {
			taken[pkg.name] = map[string]owner{}
		}
		if prev, ok := taken[pkg.name][name]; ok && prev.what != what {
			return p.errorf("Go name %s.%s for %s is already used by %s (%s)", pkg.name, name, what, prev.what, prev.p)
		}
		taken[pkg.name][name] = owner{what, p}
		return nil
	}
	for _, t := range s.order {
		if t.gopkg != nil && t.goName != "" {
			if err := claim(t.gopkg, t.goName, "type "+goTypeKey(t), t.pos); err != nil {
				return err
			}
		}
		switch t.kind {
		case kindConst:
			if t.gopkg == nil {
				continue
			}
			pre := t.opts["prefix"]
			for _, c := range t.consts {
				c.goName = strings.TrimPrefix(c.name, pre)
				if err := claim(t.gopkg, c.goName, c.name, c.pos); err != nil {
					return err
				}
			}
		case kindBits:
			pre := t.opts["prefix"]
			for _, b := range t.bits {
				if b.reserved {
					continue
				}
				if n := s.names[t.name+"."+b.name]; n != "" {
					b.goName = n
				} else if pre != "" && strings.HasPrefix(b.name, pre) {
					b.goName = strings.TrimPrefix(b.name, pre)
				} else {
					b.goName = goName(b.name)
				}
				if err := claim(t.gopkg, b.goName, t.name+"."+b.name, b.pos); err != nil {
					return err
				}
			}
		case kindStruct:
			for _, m := range t.members {
				if n := s.names[t.name+"."+m.name]; n != "" {
					m.goName = n
				} else {
					m.goName = goName(m.name)
				}
			}
		case kindUnion:
			for _, a := range t.arms {
				if n := s.names[t.name+"."+a.name]; n != "" {
					a.goName = n
				} else {
					a.goName = goName(a.name)
				}
			}
		}
	}
	return nil
}

// goTypeKey identifies what declares a Go type, so that spec types sharing one
// Go type (TPM_HANDLE, TPM_RH and TPM_HC are all Handle) do not collide.
func goTypeKey(t *typ) string {
	if t.kind == kindConst && t.base.resolve().goName == t.goName {
		return t.base.resolve().name
	}
	if t.kind == kindConst && t.base.goName == t.goName {
		return t.base.name
	}
	return t.name
}

// sortedKeys returns m's keys in order, for deterministic output.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func pkgName(p *gopkg) string {
	if p == nil {
		return "(none)"
	}
	return p.name
}

// derives reports whether type a is b or is defined on top of b (TPM_RH on
// TPM_HANDLE), so that a's constants are values of b.
func derives(a, b *typ) bool {
	b = b.resolve()
	for u := a; u != nil; u = u.base {
		if u.resolve() == b {
			return true
		}
		if u.kind == kindBase {
			break
		}
	}
	return false
}
