package main

import (
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// A node is one member of a decoded structure: a leaf value, a structure
// (kids), or a list (kids, list set). Leaves keep their text form and their
// JSON form.
type node struct {
	name string
	typ  string // the Part 2 type of a structure
	text string // a leaf's value as printed
	json string // a leaf's value as JSON
	kids []node
	list bool
}

func (n *node) add(k node) { n.kids = append(n.kids, k) }

func leaf(name, text, js string) node { return node{name: name, text: text, json: js} }

func bytesNode(name string, b []byte) node {
	h := hex.EncodeToString(b)
	text := h
	if len(b) == 0 {
		text = "(empty)"
	}
	return leaf(name, text, strconv.Quote(h))
}

func number(name string, v uint64) node {
	s := strconv.FormatUint(v, 10)
	return leaf(name, s, s)
}

func hexValue(v uint64, digits int) string {
	s := strings.ToUpper(strconv.FormatUint(v, 16))
	return "0x" + strings.Repeat("0", max(0, digits-len(s))) + s
}

// named prints a value of a type with names (an algorithm, a tag, attribute
// bits): its name, then its value in hex.
func named(name, str string, v uint64, digits int) node {
	h := hexValue(v, digits)
	text := h
	if str != "" && !strings.Contains(str, "(0x") {
		text = str + " (" + h + ")"
	}
	js, _ := json.Marshal(map[string]any{"name": str, "value": v})
	if str == "" || strings.Contains(str, "(0x") {
		js, _ = json.Marshal(map[string]any{"value": v})
	}
	return leaf(name, text, string(js))
}

func yesNo(name string, v bool) node {
	if v {
		return leaf(name, "YES", "true")
	}
	return leaf(name, "NO", "false")
}

// writeText renders n as indented "name: value" lines, lists as "- " items,
// in the style of tpm2-tools' tpm2_print.
func writeText(w io.Writer, n node, indent string) {
	for _, k := range n.kids {
		writeItem(w, k, indent, indent)
	}
}

func writeItem(w io.Writer, k node, first, rest string) {
	label := k.name + ":"
	if k.name == "" {
		label = ""
	}
	switch {
	case k.list:
		io.WriteString(w, first+label+"\n")
		for _, e := range k.kids {
			if e.kids == nil && !e.list {
				io.WriteString(w, rest+"  - "+e.text+"\n")
				continue
			}
			for i, ek := range e.kids {
				if i == 0 {
					writeItem(w, ek, rest+"  - ", rest+"    ")
				} else {
					writeItem(w, ek, rest+"    ", rest+"    ")
				}
			}
		}
	case k.kids != nil:
		io.WriteString(w, first+label+"\n")
		for _, kk := range k.kids {
			writeItem(w, kk, rest+"  ", rest+"  ")
		}
	default:
		io.WriteString(w, first+label+" "+k.text+"\n")
	}
}

// writeJSON renders n as a JSON value: structures as objects with members in
// wire order, lists as arrays.
func writeJSON(w io.Writer, n node) {
	switch {
	case n.list:
		io.WriteString(w, "[")
		for i, k := range n.kids {
			if i > 0 {
				io.WriteString(w, ",")
			}
			writeJSON(w, k)
		}
		io.WriteString(w, "]")
	case n.kids != nil || n.typ != "":
		io.WriteString(w, "{")
		for i, k := range n.kids {
			if i > 0 {
				io.WriteString(w, ",")
			}
			io.WriteString(w, strconv.Quote(k.name)+":")
			writeJSON(w, k)
		}
		io.WriteString(w, "}")
	default:
		io.WriteString(w, n.json)
	}
}
