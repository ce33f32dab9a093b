package main

import "fmt"

// The printer of cmd/tpm2wire: one function per Go type, building a tree of
// (spec member name, value) nodes that the command renders as text or JSON.
// It is generated so that every member prints under its Part 2 name and no
// member can be forgotten.

func (s *spec) generatePrinter() ([]byte, error) {
	g := s.newGen(&gopkg{name: "main", rank: 99}, "main")
	var entries []string
	for _, t := range s.order {
		switch {
		case t.kind == kindStruct && t.goName != "":
			g.emitPrintStruct(t)
		case t.kind == kindUnion && t.goName != "":
			g.emitPrintUnion(t)
		case t.kind == kindList:
			g.emitPrintList(t)
		}
	}
	// The parse table: each top-level type, bare and framed, with the +
	// form where the type has conditional values.
	for _, t := range s.order {
		var in *typ
		var fn string
		switch {
		case (t.kind == kindStruct || t.kind == kindList) && t.opts["parse"] != "":
			in, fn = t, "Parse"+t.goName
		case t.kind == kindFrame && t.inner.opts["parse"] != "":
			in, fn = t.inner, "Parse2B"+t.inner.goName
		default:
			continue
		}
		flagged := in.flag
		if t.kind == kindFrame {
			flagged = t.flag
		}
		pk := g.use(modPath+"/"+in.gopkg.name, in.gopkg.name)
		add := func(name, f string) {
			entries = append(entries, fmt.Sprintf("%q: func(b []byte) (node, error) { v, err := %s.%s(b); if err != nil { return node{}, err }; return print%s(%q, &v), nil },",
				name, pk, f, in.goName, in.name))
		}
		add(t.name, fn)
		if flagged {
			add(t.name+"+", fn+"AllowNull")
		}
	}
	g.p("// parsers maps the type names -t takes to their strict parsers.")
	g.p("var parsers = map[string]func([]byte) (node, error){")
	for _, e := range entries {
		g.line(e)
	}
	g.p("}")
	return g.file()
}

// printValue returns the Go expression that formats value v (a Go
// expression) of spec type t as a node named name.
func (g *gen) printValue(name, v string, t *typ) string {
	r := t.resolve()
	switch {
	case g.peekType(t) == "bool":
		return fmt.Sprintf("yesNo(%q, %s)", name, v)
	case r.kind == kindBuffer:
		return fmt.Sprintf("bytesNode(%q, %s)", name, v)
	case r.kind == kindStruct || r.kind == kindUnion || r.kind == kindList:
		return fmt.Sprintf("print%s(%q, &%s)", r.goName, name, v)
	case r.kind == kindFrame:
		return fmt.Sprintf("print%s(%q, &%s)", r.inner.goName, name, v)
	}
	// Integers: named types print their name and value, plain ones decimal.
	if g.hasString(t) {
		return fmt.Sprintf("named(%q, %s.String(), uint64(%s), %d)", name, v, v, 2*t.underlying().width)
	}
	return fmt.Sprintf("number(%q, uint64(%s))", name, v)
}

// hasString reports whether t's Go type has a String method.
func (g *gen) hasString(t *typ) bool {
	for u := t; u != nil; u = u.base {
		if u.opts["go"] != "" {
			return false
		}
		if u.goName != "" && (u.kind == kindConst || u.kind == kindBits) {
			return true
		}
		if u.goName != "" && u.kind == kindAlias {
			// Handle: String comes from the first constants table of it.
			for _, c := range g.s.order {
				if c.kind == kindConst && c.goName == u.goName {
					return true
				}
			}
			return false
		}
		if u.kind == kindBase {
			return false
		}
	}
	return false
}

func (g *gen) emitPrintStruct(t *typ) {
	goT := g.qual(t.gopkg, t.goName)
	g.p("func print%s(name string, x *%s) node {", t.goName, goT)
	g.p("n := node{name: name, typ: %q}", t.name)
	for _, m := range t.members {
		mt := m.typ.resolve()
		switch memberRole(m) {
		case roleSelector:
			g.p("n.add(%s)", g.printValue(m.name, "x."+m.goName+"()", m.typ))
		case roleCount:
			g.p("n.add(number(%q, uint64(len(x.%s))))", m.name, m.countFor.goName)
		case roleFixed:
			c := g.s.consts[m.check.values[0]]
			g.p("n.add(named(%q, %q, %#x, %d))", m.name, c.name, c.value, 2*m.typ.underlying().width)
		default:
			switch {
			case m.count != "" || (mt.kind == kindUnion && byteUnion(mt)):
				g.p("n.add(bytesNode(%q, x.%s))", m.name, m.goName)
			default:
				g.p("n.add(%s)", g.printValue(m.name, "x."+m.goName, m.typ))
			}
		}
	}
	g.p("return n")
	g.p("}")
	g.p("")
}

func (g *gen) emitPrintUnion(u *typ) {
	goT := g.qual(u.gopkg, u.goName)
	g.p("func print%s(name string, u *%s) node {", u.goName, goT)
	g.p("n := node{name: name, typ: %q}", u.name)
	for _, a := range wireArms(u) {
		if a.typ == nil {
			g.p("if u.%s() { n.add(leaf(%q, \"(empty)\", \"null\")) }", a.goName, a.name)
			continue
		}
		g.p("if v, ok := u.%s(); ok { n.add(%s) }", a.goName, g.printValue(a.name, "v", a.typ))
	}
	g.p("return n")
	g.p("}")
	g.p("")
}

func (g *gen) emitPrintList(t *typ) {
	goT := g.qual(t.gopkg, t.goName)
	g.p("func print%s(name string, l *%s) node {", t.goName, goT)
	g.p("n := node{name: name, typ: %q}", t.name)
	g.p("n.add(number(%q, uint64(l.Len())))", t.countMem.name)
	g.p("list := node{name: %q, list: true}", t.dataMem.name)
	g.p("for e := range l.All() { list.add(%s) }", g.printValue("", "e", t.elem))
	g.p("n.add(list)")
	g.p("return n")
	g.p("}")
	g.p("")
}
