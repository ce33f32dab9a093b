package main

import "fmt"

// emitList writes a TPML: the count and the encoded elements, read through an
// iterator so that parsing allocates nothing.
func (g *gen) emitList(t *typ) error {
	cb := g.cryptobyte()
	it := g.use("iter", "iter")
	et := g.goType(t.elem)
	cnt := t.countMem
	lo := uint64(0)
	if cnt.check != nil && cnt.check.hasLo {
		lo = cnt.check.loV
	}
	hi := uint64(t.boundV)
	if cnt.check != nil && cnt.check.hasHi && cnt.check.hiV < hi {
		hi = cnt.check.hiV
	}
	g.doc(fmt.Sprintf("%s is %s: %s. It holds from %d to %d %s values, read through All; a parsed %s aliases its input. Build one with New%s.", t.goName, t.name, ref(t), lo, hi, t.elem.name, t.goName, t.goName))
	g.p("type %s struct {", t.goName)
	g.p("n   int")
	g.p("raw []byte // the encoded elements")
	g.p("}")
	g.p("")
	g.doc(fmt.Sprintf("New%s returns a %s holding elems, encoded.", t.goName, t.name))
	g.p("func New%s(elems ...%s) %s {", t.goName, et, t.goName)
	g.p("var raw []byte")
	g.p("for i := range elems { raw = elems[i].Append(raw) }")
	g.p("return %s{n: len(elems), raw: raw}", t.goName)
	g.p("}")
	g.p("")
	g.doc("Len returns the number of elements.")
	g.p("func (l *%s) Len() int { return l.n }", t.goName)
	g.p("")
	g.doc(fmt.Sprintf("All returns an iterator over the elements, in order. The elements of a parsed %s were checked when it was parsed, and alias its input.", t.goName))
	g.p("func (l *%s) All() %s.Seq[%s] {", t.goName, it, et)
	g.p("return func(yield func(%s) bool) {", et)
	g.p("raw := %s.String(l.raw)", cb)
	g.p("s := &raw")
	g.p("for range l.n {")
	g.p("var e %s", et)
	call, err := g.decodeCall(t.dataMem.pos, "e", t.elem, "false")
	if err != nil {
		return err
	}
	g.p("if %s != nil || !yield(e) { return }", call)
	g.p("}")
	g.p("}")
	g.p("}")
	g.p("")
	g.doc(fmt.Sprintf("Decode reads a %s from the front of s and advances s past it. The result aliases s. On error l is zeroed and offsets in the error count from the start of s.", t.name))
	g.p("func (l *%s) Decode(s *%s.String) error {", t.goName, cb)
	g.p("if err := l.decode(s); err != nil { *l = %s{}; return err }", t.goName)
	g.p("return nil")
	g.p("}")
	g.p("")
	g.p("func (l *%s) decode(s *%s.String) error {", t.goName, cb)
	g.p("n := len(*s)")
	g.p("var count uint32")
	chk := &check{ranged: true, hasLo: lo > 0, loV: lo, hasHi: true, hiV: hi}
	g.readScalar("count", cnt.typ, "false", q(t.name), q(cnt.name), "0", chk, g.sentinel(t, cnt, "TPM_RC_SIZE"))
	g.p("start := *s")
	g.p("for range count {")
	g.p("off := n - len(*s)")
	g.p("var e %s", et)
	if t.elem.resolve().kind == kindBuffer {
		g.p("if err := %s; err != nil { return %s.Relabel(err, %q, %q, off) }", call, g.wire(), t.name, t.dataMem.name)
	} else {
		g.p("if err := %s; err != nil { return %s.Shift(err, off) }", call, g.wire())
	}
	g.p("}")
	g.p("used := len(start) - len(*s)")
	g.p("l.n, l.raw = int(count), []byte(start[:used:used])")
	g.p("return nil")
	g.p("}")
	g.p("")
	g.doc(fmt.Sprintf("Append appends the wire form of l, a %s: the count, then the elements.", t.name))
	g.p("func (l %s) Append(b []byte) []byte {", t.goName)
	g.p("b = %s.AppendU32(b, uint32(l.n))", g.wire())
	g.p("return append(b, l.raw...)")
	g.p("}")
	g.p("")
	if t.opts["parse"] != "" {
		g.emitParse(t.goName, "Parse"+t.goName, t.name, t.name, "decode", false)
	}
	return nil
}

// emitFrame writes the TPM2B framing of a structure: Decode2B, Append2B and,
// when the structure has Parse, Parse2B.
func (g *gen) emitFrame(t *typ) error {
	cb := g.cryptobyte()
	in := t.inner
	flagParam, flagArg := "", ""
	if t.flag {
		flagParam, flagArg = ", null bool", ", false"
	}
	field := "size"
	if t.dataMem != nil {
		field = t.dataMem.name
	}
	g.doc(fmt.Sprintf("Decode2B reads a %s (%s) from the front of s: a 16-bit size, then a %s of exactly that many bytes. A size of 0, or one that differs from what the %s takes, is an error (ErrSize). On error x is zeroed.", t.name, ref(t), in.name, in.name))
	g.p("func (x *%s) Decode2B(s *%s.String) error {", in.goName, cb)
	g.p("if err := x.decode2B(s%s); err != nil { *x = %s{}; return err }", flagArg, in.goName)
	g.p("return nil")
	g.p("}")
	g.p("")
	g.p("func (x *%s) decode2B(s *%s.String%s) error {", in.goName, cb, flagParam)
	g.p("var size uint16")
	g.p("if !s.ReadUint16(&size) { return %s.Truncated(%q, \"size\", 0) }", g.wire(), t.name)
	g.p("if size == 0 { return %s.EmptyFrame(%q, 0) }", g.wire(), t.name)
	if t.bound != "" && t.boundV < 0xFFFF {
		g.p("if size > %d { return %s.Range(%q, \"size\", 0, %s.ErrSize, uint64(size), 0, %d) }", t.boundV, g.wire(), t.name, g.root(), t.boundV)
	}
	g.p("var body %s.String", cb)
	g.p("if !s.ReadBytes((*[]byte)(&body), int(size)) { return %s.Truncated(%q, %q, 2) }", g.wire(), t.name, field)
	args := "&body"
	if in.flag {
		if t.flag {
			args += ", null"
		} else {
			args += ", false"
		}
	}
	g.p("if err := x.decode(%s); err != nil { return %s.InFrame(err, %q, 2) }", args, g.wire(), t.name)
	g.p("if len(body) != 0 { return %s.FrameSize(%q, 0, int(size), int(size)-len(body)) }", g.wire(), t.name)
	g.p("return nil")
	g.p("}")
	g.p("")
	g.doc(fmt.Sprintf("Append2B appends x framed as a %s: its 16-bit size, then its wire form.", t.name))
	g.p("func (x %s) Append2B(b []byte) []byte {", in.goName)
	g.p("b = append(b, 0, 0)")
	g.p("at := len(b)")
	g.p("b = x.Append(b)")
	g.p("%s.PatchSize(b, at-2, len(b)-at)", g.wire())
	g.p("return b")
	g.p("}")
	g.p("")
	if in.opts["parse"] != "" {
		g.emitParse(in.goName, "Parse2B"+in.goName, in.name+" framed as a "+t.name, t.name, "decode2B", t.flag)
	}
	return nil
}
