package render

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// This file gives the two answers the renderer used to ask of hclwrite:
// Format for a raw HCL expression, TokensForValue for a primitive value.
// Linking hclwrite costs every gen process go-cmp's package
// initialization (its regular expressions, a third of a millisecond
// before main starts) for a path most runs never take; the rules below
// are hclwrite's formatting rules, and TestFormatHCLIsHclwriteFormat and
// FuzzFormatHCL hold the result to hclwrite's byte for byte.

// fmtToken is a lexed token and the spaces written before it.
type fmtToken struct {
	typ    hclsyntax.TokenType
	text   []byte
	spaces int
}

// fmtLine is one line's tokens in up to three cells whose starts line up
// with the neighbouring lines' (hclwrite's lead, assign and comment): an
// attribute's name, its "= value", a trailing comment.
type fmtLine struct {
	lead, assign, comment []fmtToken
}

// formatHCL is src in terraform fmt's layout: each line indented by its
// brackets' depth, one space or none between tokens, and the "=" of
// consecutive attribute lines (and their trailing comments) aligned.
// Only spaces change.
func formatHCL(src []byte) []byte {
	native, _ := hclsyntax.LexConfig(src, "", hcl.InitialPos)
	toks := make([]fmtToken, len(native))
	end := 0
	for i, t := range native {
		toks[i] = fmtToken{typ: t.Type, text: t.Bytes, spaces: t.Range.Start.Byte - end}
		end = t.Range.End.Byte
	}
	lines := fmtLines(toks)
	indentLines(lines)
	for _, l := range lines {
		spaceCell(l.lead, false)
		spaceCell(l.assign, true)
	}
	alignCells(lines, func(l fmtLine) []fmtToken { return l.assign }, func(l fmtLine) int { return tokenColumns(l.lead) })
	alignCells(lines, func(l fmtLine) []fmtToken { return l.comment }, func(l fmtLine) int { return tokenColumns(l.lead) + tokenColumns(l.assign) })
	out := make([]byte, 0, len(src)+len(src)/4)
	for _, t := range toks {
		for range t.spaces {
			out = append(out, ' ')
		}
		out = append(out, t.text...)
	}
	return out
}

// fmtLines splits toks at each newline (a single-line comment ends with
// its own) and each line into its cells. The end of file belongs to no line.
func fmtLines(toks []fmtToken) []fmtLine {
	var lines []fmtLine
	start := 0
	for i, t := range toks {
		if t.typ == hclsyntax.TokenEOF {
			break
		}
		if endsLine(t) {
			lines = append(lines, fmtLine{lead: toks[start : i+1]})
			start = i + 1
		}
	}
	last := toks[start:]
	for i, t := range last {
		if t.typ == hclsyntax.TokenEOF {
			last = last[:i]
			break
		}
	}
	lines = append(lines, fmtLine{lead: last})
	for i := range lines {
		l := &lines[i]
		if n := len(l.lead); n > 1 && l.lead[n-1].typ == hclsyntax.TokenComment {
			l.lead, l.comment = l.lead[:n-1], l.lead[n-1:]
		}
		for j := 1; j < len(l.lead); j++ {
			if l.lead[j].typ != hclsyntax.TokenEqual {
				continue
			}
			// Only a value that closes on this line is a cell of its
			// own; one that opens a block of lines stays in the lead.
			if depthChange(l.lead[j:], false) == 0 {
				l.lead, l.assign = l.lead[:j], l.lead[j:]
			}
			break
		}
	}
	return lines
}

func endsLine(t fmtToken) bool {
	return t.typ == hclsyntax.TokenNewline ||
		t.typ == hclsyntax.TokenComment && len(t.text) > 0 && t.text[len(t.text)-1] == '\n'
}

// bracket is +1 for a token that opens a nesting level, -1 for one that
// closes it.
func bracket(typ hclsyntax.TokenType) int {
	switch typ {
	case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenTemplateControl, hclsyntax.TokenTemplateInterp:
		return 1
	case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd:
		return -1
	}
	return 0
}

// depthChange is the net nesting change of toks, counted up to and
// including a heredoc's opening when untilHeredoc.
func depthChange(toks []fmtToken, untilHeredoc bool) int {
	n := 0
	for _, t := range toks {
		n += bracket(t.typ)
		if untilHeredoc && t.typ == hclsyntax.TokenOHeredoc {
			break
		}
	}
	return n
}

// indentLines gives each line's first token two spaces per open nesting
// level. A line that opens several levels at once is undone as one level
// by the line that closes them, so lopsided brackets do not drift.
func indentLines(lines []fmtLine) {
	var open []int // levels opened by each indenting line
	for _, l := range lines {
		if len(l.lead) == 0 {
			continue
		}
		if l.lead[0].typ == hclsyntax.TokenNewline {
			l.lead[0].spaces = 0
			continue
		}
		n := depthChange(l.lead, true) + depthChange(l.assign, false)
		if n > 0 {
			l.lead[0].spaces = 2 * len(open)
			open = append(open, n)
			continue
		}
		for closed := -n; closed > 0 && len(open) > 0; {
			top := &open[len(open)-1]
			if closed < *top {
				*top -= closed
				break
			}
			closed -= *top
			open = open[:len(open)-1]
		}
		l.lead[0].spaces = 2 * len(open)
	}
}

// spaceCell sets the spaces between the tokens of one cell; an assign
// cell starts one space after the lead.
func spaceCell(cell []fmtToken, assign bool) {
	if assign && len(cell) > 0 {
		cell[0].spaces = 1
	}
	before := hclsyntax.TokenNil
	for i := 0; i+1 < len(cell); i++ {
		cell[i+1].spaces = 0
		if spaceBetween(before, cell[i], cell[i+1].typ) {
			cell[i+1].spaces = 1
		}
		before = cell[i].typ
	}
}

// spaceBetween reports whether t, which follows a token of type before
// (TokenNil at a cell's start), is separated by a space from a token of
// type after.
func spaceBetween(before hclsyntax.TokenType, t fmtToken, after hclsyntax.TokenType) bool {
	switch s := t.typ; {
	case after == hclsyntax.TokenNewline || after == hclsyntax.TokenNil:
		return false
	case s == hclsyntax.TokenIdent && after == hclsyntax.TokenOParen: // a call
		return false
	case s == hclsyntax.TokenIdent && after == hclsyntax.TokenDoubleColon, s == hclsyntax.TokenDoubleColon && after == hclsyntax.TokenIdent: // provider::ns::f
		return false
	case s == hclsyntax.TokenDot || after == hclsyntax.TokenDot:
		return false
	case after == hclsyntax.TokenComma || after == hclsyntax.TokenEllipsis:
		return false
	case s == hclsyntax.TokenComma:
		return true
	case s == hclsyntax.TokenQuotedLit, s == hclsyntax.TokenStringLit, s == hclsyntax.TokenOQuote, s == hclsyntax.TokenOHeredoc,
		after == hclsyntax.TokenQuotedLit, after == hclsyntax.TokenStringLit, after == hclsyntax.TokenCQuote, after == hclsyntax.TokenCHeredoc:
		return false // inside a template
	case s == hclsyntax.TokenIdent && string(t.text) == "in" && before == hclsyntax.TokenIdent: // for x in [...]
		return true
	case after == hclsyntax.TokenOBrack && (s == hclsyntax.TokenIdent || s == hclsyntax.TokenNumberLit || bracket(s) < 0): // an index
		return false
	case s == hclsyntax.TokenBang:
		return false
	case s == hclsyntax.TokenMinus:
		return !negationFollows(before)
	case s == hclsyntax.TokenOBrace && after == hclsyntax.TokenCBrace: // {}
		return false
	case s == hclsyntax.TokenOBrace || after == hclsyntax.TokenCBrace:
		return true
	case (s == hclsyntax.TokenTemplateInterp || s == hclsyntax.TokenTemplateControl) && after == hclsyntax.TokenOBrace,
		s == hclsyntax.TokenCBrace && after == hclsyntax.TokenTemplateSeqEnd:
		return true
	case s == hclsyntax.TokenTemplateSeqEnd && (after == hclsyntax.TokenTemplateInterp || after == hclsyntax.TokenTemplateControl):
		return false
	case bracket(s) > 0 || bracket(after) < 0:
		return false
	}
	return true
}

// negationFollows reports whether a minus after a token of type before
// negates (no expression can end with before) rather than subtracts.
func negationFollows(before hclsyntax.TokenType) bool {
	switch before {
	case hclsyntax.TokenNil,
		hclsyntax.TokenOParen, hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenEqual, hclsyntax.TokenColon, hclsyntax.TokenComma, hclsyntax.TokenQuestion,
		hclsyntax.TokenPlus, hclsyntax.TokenStar, hclsyntax.TokenSlash, hclsyntax.TokenPercent, hclsyntax.TokenMinus,
		hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual, hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq, hclsyntax.TokenLessThan, hclsyntax.TokenLessThanEq,
		hclsyntax.TokenAnd, hclsyntax.TokenOr, hclsyntax.TokenBang:
		return true
	}
	return false
}

// alignCells starts the cell of each run of consecutive lines that have
// one in the same column: one space after the widest of what precedes it.
func alignCells(lines []fmtLine, cell func(fmtLine) []fmtToken, width func(fmtLine) int) {
	for i := 0; i < len(lines); {
		if cell(lines[i]) == nil {
			i++
			continue
		}
		j, widest := i, 0
		for ; j < len(lines) && cell(lines[j]) != nil; j++ {
			widest = max(widest, width(lines[j]))
		}
		for _, l := range lines[i:j] {
			cell(l)[0].spaces = widest - width(l) + 1
		}
		i = j
	}
}

// tokenColumns is how many columns toks take on a line: their spaces and
// grapheme clusters.
func tokenColumns(toks []fmtToken) int {
	n := 0
	for _, t := range toks {
		n += t.spaces + columns(string(t.text))
	}
	return n
}

// primitiveText is a string, number or bool written the way hclwrite's
// TokensForValue writes it: a number in the shortest decimal form, a
// string quoted with every character that is not printable escaped.
func primitiveText(v cty.Value) string {
	switch v.Type() {
	case cty.Bool:
		if v.True() {
			return "true"
		}
		return "false"
	case cty.Number:
		return v.AsBigFloat().Text('f', -1)
	case cty.String:
		s := v.AsString()
		b := make([]byte, 0, len(s)+2)
		b = append(b, '"')
		for i, r := range s {
			switch r {
			case '\n':
				b = append(b, `\n`...)
			case '\r':
				b = append(b, `\r`...)
			case '\t':
				b = append(b, `\t`...)
			case '"':
				b = append(b, `\"`...)
			case '\\':
				b = append(b, `\\`...)
			case '$', '%':
				b = utf8.AppendRune(b, r)
				if i+1 < len(s) && s[i+1] == '{' {
					b = utf8.AppendRune(b, r)
				}
			default:
				switch {
				case unicode.IsPrint(r):
					b = utf8.AppendRune(b, r)
				case r < 0x10000:
					b = fmt.Appendf(b, `\u%04x`, r)
				default:
					b = fmt.Appendf(b, `\U%08x`, r)
				}
			}
		}
		return string(append(b, '"'))
	}
	panic(fmt.Sprintf("render: no literal syntax for a value of type %s", v.Type().FriendlyName()))
}
