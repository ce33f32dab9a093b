package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// A member plays one of these roles in the Go form of its structure.
type role int

const (
	roleField    role = iota // an exported field
	roleSelector             // selects unions; its value lives in them
	roleCount                // counts a BYTE array; its value is len(array)
	roleFixed                // admits one value; the encoder writes it
)

func memberRole(m *member) role {
	switch {
	case len(m.selectorFor) > 0 && !byteUnion(m.selectorFor[0].typ.resolve()):
		return roleSelector
	case m.countFor != nil:
		return roleCount
	case m.check != nil && !m.check.ranged && len(m.check.values) == 1:
		return roleFixed
	}
	return roleField
}

// owner is the union member that holds a selector's value.
func owner(sel *member) *member { return sel.selectorFor[0] }

// fieldType is the Go type of the field that holds member m.
func (g *gen) fieldType(m *member) string {
	t := m.typ.resolve()
	if m.count != "" {
		return "[]byte"
	}
	if t.kind == kindUnion && !byteUnion(t) {
		return g.qual(t.gopkg, t.goName)
	}
	return g.goType(m.typ)
}

// sentinel is the Go expression of the sentinel for check failures on m.
func (g *gen) sentinel(owner *typ, m *member, fallback string) string {
	if e := g.s.errOver[owner.name+"."+m.name]; e != "" {
		return g.root() + "." + e
	}
	rc := m.rc
	if rc == "" {
		rc = fallback
	}
	return g.root() + "." + g.s.rcs[rc]
}

// zeroValue is the zero of t's Go type.
func (g *gen) zeroValue(t *typ) string {
	t = t.resolve()
	switch t.kind {
	case kindStruct, kindUnion, kindList:
		return g.goType(t) + "{}"
	case kindFrame:
		return g.goType(t.inner) + "{}"
	case kindBuffer:
		return "nil"
	}
	if g.peekType(t) == "bool" {
		return "false"
	}
	return "0"
}

// readScalar writes the code that reads an integer-like value of type ft
// into dst (an addressable expression) and applies the checks of its type and
// of the member; errors name tn.field (Go expressions) at offset off.
func (g *gen) readScalar(dst string, ft *typ, null string, tn, field, off string, chk *check, sentinel string) {
	w := ft.underlying().width
	ut := "uint" + strconv.Itoa(8*w)
	read := map[int]string{1: "ReadUint8", 2: "ReadUint16", 4: "ReadUint32", 8: "ReadUint64"}[w]
	gt := g.peekType(ft)
	target := "&" + dst
	if gt == "bool" {
		g.p("var v %s", ut)
		target = "&v"
	} else if gt != ut {
		target = "(*" + ut + ")(&" + dst + ")"
	}
	g.p("if !s.%s(%s) { return %s.Truncated(%s, %s, %s) }", read, target, g.wire(), tn, field, off)
	val := dst
	if gt == "bool" {
		val = "v"
	}
	digits := hexDigits(w)
	r := ft.resolve()
	if r.kind == kindTPMI {
		args := ut + "(" + val + ")"
		if r.flag {
			args += ", " + null
		}
		g.p("if !%s.%s(%s) { return %s.Value(%s, %s, %s, %s.%s, uint64(%s), %d) }",
			g.tpmi(), tpmiName(r.name), args, g.wire(), tn, field, off, g.root(), g.s.rcs[r.rc], val, digits)
	}
	if r.kind == kindBits {
		var reserved uint64
		for _, b := range r.bits {
			if b.reserved {
				reserved |= fieldMask(b.hi, b.lo)
			}
		}
		if reserved != 0 {
			g.p("if r := %s & %s; r != 0 { return %s.Reserved(%s, %s, %s, uint64(r), %d) }",
				val, g.qual(r.gopkg, r.goName+"Reserved"), g.wire(), tn, field, off, digits)
		}
	}
	if chk != nil {
		max := uint64(1)<<(8*w) - 1
		if chk.ranged {
			lo, hi := uint64(0), max
			if chk.hasLo {
				lo = chk.loV
			}
			if chk.hasHi {
				hi = chk.hiV
			}
			var conds []string
			if lo > 0 {
				conds = append(conds, fmt.Sprintf("%s < %d", val, lo))
			}
			if hi < max {
				conds = append(conds, fmt.Sprintf("%s > %d", val, hi))
			}
			if len(conds) > 0 {
				g.p("if %s { return %s.Range(%s, %s, %s, %s, uint64(%s), %d, %d) }",
					strings.Join(conds, " || "), g.wire(), tn, field, off, sentinel, val, lo, hi)
			}
		} else {
			var conds []string
			for i, v := range chk.vals {
				conds = append(conds, fmt.Sprintf("%s != %s", val, g.constRef(g.s.consts[chk.values[i]])))
				_ = v
			}
			g.p("if %s { return %s.Value(%s, %s, %s, %s, uint64(%s), %d) }",
				strings.Join(conds, " && "), g.wire(), tn, field, off, sentinel, val, digits)
		}
	}
	if gt == "bool" {
		g.p("%s = v == 1", dst)
	}
}

// appendScalar returns the statement that appends the integer-like value v
// of type ft.
func (g *gen) appendScalar(v string, ft *typ) string {
	w := ft.underlying().width
	if g.peekType(ft) == "bool" {
		return fmt.Sprintf("b = %s.AppendBool(b, %s)", g.wire(), v)
	}
	ut := "uint" + strconv.Itoa(8*w)
	return fmt.Sprintf("b = %s.AppendU%d(b, %s(%s))", g.wire(), 8*w, ut, v)
}

func isScalar(t *typ) bool {
	switch t.resolve().kind {
	case kindBase, kindConst, kindBits, kindTPMI:
		return true
	}
	return false
}

// decodeCall is the statement prefix that decodes a structure, list or frame
// of type t into recv; flag is the NULL flag expression.
func (g *gen) decodeCall(p pos, recv string, t *typ, flag string) (string, error) {
	t = t.resolve()
	home := t.home()
	method := "decode"
	if t.kind == kindFrame {
		method = "decode2B"
	}
	args := "s"
	if t.flag {
		args += ", " + flag
	}
	if home != g.pkg {
		if t.flag && flag != "false" {
			return "", p.errorf("%s is decoded from another package with a NULL flag; export a flagged Decode first", t.name)
		}
		method = strings.ToUpper(method[:1]) + method[1:]
		args = "s"
	}
	return recv + "." + method + "(" + args + ")", nil
}

func (g *gen) appendCall(recv string, t *typ) string {
	if t.resolve().kind == kindFrame {
		return "b = " + recv + ".Append2B(b)"
	}
	return "b = " + recv + ".Append(b)"
}

// ---------------------------------------------------------------------------
// Structures

func (g *gen) emitStruct(t *typ) error {
	cb := g.cryptobyte()
	flagParam, flagArg := "", ""
	if t.flag {
		flagParam, flagArg = ", null bool", ", false"
	}
	// Type and fields.
	doc := fmt.Sprintf("%s is %s: %s.", t.goName, t.name, ref(t))
	if t.opts["parse"] != "" {
		doc += fmt.Sprintf(" Parse%s reads one from bytes; a parsed %s aliases its input.", t.goName, t.goName)
	}
	g.doc(doc)
	g.p("type %s struct {", t.goName)
	for _, m := range t.members {
		if memberRole(m) != roleField {
			continue
		}
		d := fmt.Sprintf("%s is %s (%s)", m.goName, m.name, m.typ.name)
		if m.sel != "" {
			d = fmt.Sprintf("%s is %s, the %s member that %s selects", m.goName, m.name, m.typ.name, m.sel)
		}
		if m.comment != "" {
			d += ": " + m.comment
		}
		g.doc(strings.TrimSuffix(d, ".") + ".")
		g.p("%s %s", m.goName, g.fieldType(m))
	}
	if t.opts["raw"] != "" {
		g.doc(fmt.Sprintf("Raw holds the exact bytes this %s was parsed from (an alias of the input), or nil for a value built in Go. Names and signatures are over these bytes, never over a re-encoding.", t.name))
		g.p("Raw []byte")
	}
	g.p("}")
	g.p("")

	// Selector methods.
	for _, m := range t.members {
		if memberRole(m) != roleSelector {
			continue
		}
		var users []string
		for _, u := range m.selectorFor {
			users = append(users, u.goName)
		}
		g.doc(fmt.Sprintf("%s returns %s.%s (%s), the selector of %s.", m.goName, t.name, m.name, m.typ.name, strings.Join(users, " and ")))
		g.p("func (x *%s) %s() %s { return x.%s.sel }", t.goName, m.goName, g.goType(m.typ), owner(m).goName)
		g.p("")
	}

	// Decode.
	g.doc(fmt.Sprintf("Decode reads a %s from the front of s and advances s past it. The result aliases s. On error x is zeroed, s is left at an unspecified position, and offsets in the error count from the start of s.", t.name))
	g.p("func (x *%s) Decode(s *%s.String) error {", t.goName, cb)
	g.p("if err := x.decode(s%s); err != nil { *x = %s{}; return err }", flagArg, t.goName)
	g.p("return nil")
	g.p("}")
	g.p("")
	g.p("func (x *%s) decode(s *%s.String%s) error {", t.goName, cb, flagParam)
	if len(t.members) > 0 {
		g.p("n := len(*s)")
		if t.opts["raw"] != "" {
			g.p("start := *s")
		}
		g.p("var off int")
	}
	for _, m := range t.members {
		null := "false"
		switch {
		case m.allowNull:
			null = "true"
		case m.passFlag:
			null = "null"
		}
		g.p("// %s", m.name)
		g.p("off = n - len(*s)")
		switch memberRole(m) {
		case roleSelector:
			g.p("var sel%s %s", m.goName, g.goType(m.typ))
			g.readScalar("sel"+m.goName, m.typ, null, q(t.name), q(m.name), "off", m.check, g.sentinel(t, m, "TPM_RC_VALUE"))
		case roleCount:
			g.p("var n%s %s", m.goName, g.goType(m.typ))
			arr := m.countFor
			bound, err := g.s.evalExpr(arr.pos, arr.bound)
			if err != nil {
				return err
			}
			chk := &check{ranged: true, hasHi: true, hiV: uint64(bound)}
			if m.check != nil && m.check.ranged {
				chk.hasLo, chk.loV = m.check.hasLo, m.check.loV
				if m.check.hasHi && m.check.hiV < chk.hiV {
					chk.hiV = m.check.hiV
				}
			}
			g.readScalar("n"+m.goName, m.typ, null, q(t.name), q(m.name), "off", chk, g.sentinel(t, m, "TPM_RC_SIZE"))
		case roleFixed:
			g.p("{")
			g.p("var v %s", g.goType(m.typ))
			g.readScalar("v", m.typ, null, q(t.name), q(m.name), "off", m.check, g.sentinel(t, m, "TPM_RC_VALUE"))
			g.p("}")
		default:
			if err := g.decodeMember(t, m, null); err != nil {
				return err
			}
		}
	}
	if t.opts["raw"] != "" {
		g.p("x.Raw = []byte(start[:n-len(*s) : n-len(*s)])")
	}
	g.p("return nil")
	g.p("}")
	g.p("")

	// Append.
	g.doc(fmt.Sprintf("Append appends the wire form of x, a %s, to b. It does not check x: a value that no Parse function would return may encode to bytes that none accepts.", t.name))
	g.p("func (x %s) Append(b []byte) []byte {", t.goName)
	for _, m := range t.members {
		mt := m.typ.resolve()
		switch memberRole(m) {
		case roleSelector:
			g.line(g.appendScalar("x."+owner(m).goName+".sel", m.typ))
		case roleCount:
			g.line(g.appendScalar("len(x."+m.countFor.goName+")", m.typ))
		case roleFixed:
			g.line(g.appendScalar(g.constRef(g.s.consts[m.check.values[0]]), m.typ))
		default:
			switch {
			case m.count != "" || (mt.kind == kindUnion && byteUnion(mt)):
				g.p("b = append(b, x.%s...)", m.goName)
			case mt.kind == kindUnion:
				g.p("b = x.%s.appendTo(b)", m.goName)
			case isScalar(mt):
				g.line(g.appendScalar("x."+m.goName, m.typ))
			default:
				g.line(g.appendCall("x."+m.goName, m.typ))
			}
		}
	}
	g.p("return b")
	g.p("}")
	g.p("")

	if t.opts["parse"] != "" {
		g.emitParse(t.goName, "Parse"+t.goName, t.name, t.name, "decode", t.flag)
	}
	return nil
}

// decodeMember writes the decoding of an ordinary field.
func (g *gen) decodeMember(t *typ, m *member, null string) error {
	mt := m.typ.resolve()
	dst := "x." + m.goName
	switch {
	case m.count != "":
		g.p("if b, ok := %s.TakeBytes(s, int(n%s)); !ok { return %s.Truncated(%q, %q, off) } else { %s = b }", g.wire(), goNameOf(t, m.count), g.wire(), t.name, m.name, dst)
	case mt.kind == kindUnion && byteUnion(mt):
		sel := t.member(m.sel)
		fn := unexport(g.s.byteUnionSizeFunc(mt))
		g.pending = append(g.pending, mt)
		g.p("if dn, ok := %s(x.%s); !ok { return %s.Selector(%q, %q, off, uint64(x.%s), %d) } else if b, ok := %s.TakeBytes(s, dn); !ok { return %s.Truncated(%q, %q, off) } else { %s = b }",
			fn, sel.goName, g.wire(), t.name, m.name, sel.goName, hexDigits(sel.typ.underlying().width), g.wire(), g.wire(), t.name, m.name, dst)
	case mt.kind == kindUnion:
		g.p("if err := %s.decode(s, sel%s, %q, %q); err != nil { return %s.Shift(err, off) }", dst, goNameOf(t, m.sel), t.name, m.name, g.wire())
	case isScalar(mt):
		g.readScalar(dst, m.typ, null, q(t.name), q(m.name), "off", m.check, g.sentinel(t, m, "TPM_RC_VALUE"))
	case mt.kind == kindBuffer:
		g.p("if err := %s.Decode(s); err != nil { return %s.Relabel(err, %q, %q, off) }", dst, g.wire(), t.name, m.name)
	default:
		call, err := g.decodeCall(m.pos, dst, m.typ, null)
		if err != nil {
			return err
		}
		g.p("if err := %s; err != nil { return %s.Shift(err, off) }", call, g.wire())
	}
	return nil
}

func q(s string) string { return strconv.Quote(s) }

func goNameOf(t *typ, member string) string { return t.member(member).goName }

func unexport(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// byteUnionSizeFunc is the name of the function that gives the arm length
// of a byte union; it is emitted once, in the package of its selector's user.
func (s *spec) byteUnionSizeFunc(u *typ) string {
	return goName(strings.ToLower(strings.TrimPrefix(u.name, "TPMU_"))) + "Size"
}

// emitParse writes a strict top-level Parse function for Go type goT (and
// its AllowNull twin for a type with conditional values); what is the
// spec-level description of the input, specName the structure it names in
// errors.
func (g *gen) emitParse(goT, fname, what, specName, method string, flagged bool) {
	body := func(name, flag string, allow bool) {
		doc := fmt.Sprintf("%s parses b as exactly one %s. Every byte of b must belong to it: trailing bytes are an error. The result aliases b.", name, what)
		if flagged && !allow {
			doc += fmt.Sprintf(" TPM_ALG_NULL and the other conditional values are refused where Part 2 marks them with +; %sAllowNull admits them, as a %s+ use does.", fname, specName)
		}
		if allow {
			doc = fmt.Sprintf("%s is %s for a use that Part 2 writes %s+: it also admits the conditional values (such as TPM_ALG_NULL) that the + rules allow.", name, fname, specName)
		}
		g.doc(doc)
		// x is the named result, so the value is decoded in place rather
		// than copied out of a local on return.
		g.p("func %s(b []byte) (x %s, err error) {", name, goT)
		g.p("s := %s.String(b)", g.cryptobyte())
		args := "&s"
		if flagged {
			args += ", " + flag
		}
		g.p("if err := x.%s(%s); err != nil { return %s{}, err }", method, args, goT)
		g.p("if len(s) != 0 { return %s{}, %s.Trailing(%q, len(b)-len(s), len(s)) }", goT, g.wire(), specName)
		g.p("return x, nil")
		g.p("}")
		g.p("")
	}
	body(fname, "false", false)
	if flagged {
		body(fname+"AllowNull", "true", true)
	}
}

// ---------------------------------------------------------------------------
// Unions

type armGroup struct {
	arms    []*arm
	storage string // field name, "" for an empty arm
	goType  string
}

func (g *gen) unionLayout(u *typ) (groups []*armGroup, storage map[string]string) {
	storage = map[string]string{} // Go type -> field
	for _, a := range wireArms(u) {
		if a.typ == nil {
			continue
		}
		gt := g.goType(a.typ)
		if _, ok := storage[gt]; !ok {
			storage[gt] = storageName(gt, a.name)
		}
	}
	// Arms share storage by Go type but are decoded by spec type: the
	// TPMI_ types behind one Go type admit different values (TPMU_SYM_KEY_BITS
	// reads aes as TPMI_AES_KEY_BITS and sm4 as TPMI_SM4_KEY_BITS).
	byKey := map[string]*armGroup{}
	for _, a := range wireArms(u) {
		key, field, gt := "", "", ""
		if a.typ != nil {
			gt = g.goType(a.typ)
			field = storage[gt]
			key = field + "/" + a.typ.resolve().name + "/" + strconv.FormatBool(a.allowNull)
		}
		grp := byKey[key]
		if grp == nil {
			grp = &armGroup{storage: field, goType: gt}
			byKey[key] = grp
			groups = append(groups, grp)
		}
		grp.arms = append(grp.arms, a)
	}
	return groups, storage
}

func (g *gen) emitUnion(u *typ) error {
	cb := g.cryptobyte()
	arms := wireArms(u)
	selConst := g.s.consts[arms[0].selector]
	selT := g.goType(selConst.owner)
	selDigits := hexDigits(selConst.owner.underlying().width)
	groups, storage := g.unionLayout(u)

	g.doc(fmt.Sprintf("%s is %s: %s. It holds the member its selector names; the accessor of each member reports whether it is the one held. Build one with the %s* functions.", u.goName, u.name, ref(u), u.goName))
	g.p("type %s struct {", u.goName)
	g.p("sel %s", selT)
	seen := map[string]bool{}
	for _, grp := range groups {
		if grp.storage == "" || seen[grp.storage] {
			continue
		}
		seen[grp.storage] = true
		g.p("%s %s", grp.storage, grp.goType)
	}
	g.p("}")
	g.p("")
	g.doc("Selector returns the selector value that chose the member u holds.")
	g.p("func (u *%s) Selector() %s { return u.sel }", u.goName, selT)
	g.p("")

	for _, a := range arms {
		sel := g.constRef(g.s.consts[a.selector])
		if a.typ == nil {
			g.doc(fmt.Sprintf("%s reports whether u holds the %s member (selector %s), which is empty.", a.goName, a.name, a.selector))
			g.p("func (u *%s) %s() bool { return u.sel == %s }", u.goName, a.goName, sel)
			g.p("")
			g.doc(fmt.Sprintf("%s%s returns a %s holding the empty %s member (selector %s).", u.goName, a.goName, u.name, a.name, a.selector))
			g.p("func %s%s() %s { return %s{sel: %s} }", u.goName, a.goName, u.goName, u.goName, sel)
			g.p("")
			continue
		}
		gt := g.goType(a.typ)
		f := storage[gt]
		g.doc(fmt.Sprintf("%s returns the %s member (%s) and true when the selector is %s, or the zero value and false.", a.goName, a.name, a.typeName, a.selector))
		g.p("func (u *%s) %s() (%s, bool) {", u.goName, a.goName, gt)
		g.p("if u.sel != %s { return %s, false }", sel, g.zeroValue(a.typ))
		g.p("return u.%s, true", f)
		g.p("}")
		g.p("")
		g.doc(fmt.Sprintf("%s%s returns a %s holding v as its %s member (selector %s).", u.goName, a.goName, u.name, a.name, a.selector))
		g.p("func %s%s(v %s) %s { return %s{sel: %s, %s: v} }", u.goName, a.goName, gt, u.goName, u.goName, sel, f)
		g.p("")
	}

	// decode
	g.p("// decode reads the member sel selects; errors name typ.field, the member")
	g.p("// of the enclosing structure, with offsets from the start of the member.")
	g.p("func (u *%s) decode(s *%s.String, sel %s, typ, field string) error {", u.goName, cb, selT)
	g.p("u.sel = sel")
	g.p("switch sel {")
	for _, grp := range groups {
		var cases []string
		for _, a := range grp.arms {
			cases = append(cases, g.constRef(g.s.consts[a.selector]))
		}
		g.p("case %s:", strings.Join(cases, ", "))
		if grp.storage == "" {
			continue
		}
		a := grp.arms[0]
		at := a.typ.resolve()
		dst := "u." + grp.storage
		null := strconv.FormatBool(a.allowNull)
		switch {
		case isScalar(at):
			g.readScalar(dst, a.typ, null, "typ", "field", "0", nil, "")
		case at.kind == kindBuffer:
			g.p("if err := %s.Decode(s); err != nil { return %s.Relabel(err, typ, field, 0) }", dst, g.wire())
		default:
			call, err := g.decodeCall(a.pos, dst, a.typ, null)
			if err != nil {
				return err
			}
			g.p("if err := %s; err != nil { return err }", call)
		}
	}
	g.p("default:")
	g.p("return %s.Selector(typ, field, 0, uint64(sel), %d)", g.wire(), selDigits)
	g.p("}")
	g.p("return nil")
	g.p("}")
	g.p("")

	// appendTo
	g.p("// appendTo appends the member u holds.")
	g.p("func (u *%s) appendTo(b []byte) []byte {", u.goName)
	g.p("switch u.sel {")
	// Encoding depends on the storage alone, not on the values a member's
	// TPMI_ type admits: the groups that share storage share a case.
	cases := map[string][]string{}
	var order []*armGroup
	for _, grp := range groups {
		if grp.storage == "" {
			continue
		}
		if cases[grp.storage] == nil {
			order = append(order, grp)
		}
		for _, a := range grp.arms {
			cases[grp.storage] = append(cases[grp.storage], g.constRef(g.s.consts[a.selector]))
		}
	}
	for _, grp := range order {
		g.p("case %s:", strings.Join(cases[grp.storage], ", "))
		a := grp.arms[0]
		if isScalar(a.typ) {
			g.line(g.appendScalar("u."+grp.storage, a.typ))
		} else {
			g.line(g.appendCall("u."+grp.storage, a.typ))
		}
	}
	g.p("}")
	g.p("return b")
	g.p("}")
	g.p("")
	return nil
}

// storageName names the unexported field that holds the members of Go type
// goType: after the type ("ECCPoint" -> eccPoint), or for a builtin after
// the first member that has it.
func storageName(goType, arm string) string {
	name := goType[strings.LastIndex(goType, ".")+1:]
	if name == strings.ToLower(name) || name == "ID" || name == "Curve" {
		return strings.ReplaceAll(arm, "_", "")
	}
	r := []rune(name)
	i := 0
	for i < len(r) && unicode.IsUpper(r[i]) {
		i++
	}
	if i > 1 && i < len(r) {
		i-- // keep the capital that starts the next word: ECCPoint -> eccPoint
	}
	return strings.ToLower(string(r[:i])) + string(r[i:])
}
