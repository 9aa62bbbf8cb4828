package convert

import (
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// typedResource writes a resource or data source of a type with bindings
// as its typed constructor and arguments literal:
//
//	vpc := aws.NewVpc(m, "this", aws.VpcArgs{
//		CidrBlock: aws.String("10.0.0.0/16"),
//	}, tf.Count(n))
//
// What the arguments struct cannot say (dynamic blocks, blocks mixed with
// them, attributes the bindings do not have) goes on the handle's
// untyped Resource after it, as does every provisioner.
func (g *moduleGen) typedResource(d *decl, th *typedSym) {
	b := d.block
	g.usesBind = true
	opts, cs := g.metaArgs(b.Body, nil)
	for _, it := range b.Body.Items {
		if it.Block != nil && it.Block.Type == "lifecycle" {
			o, c := g.lifecycle(it.Block)
			opts, cs = append(opts, o...), append(cs, c...)
		}
	}
	args := th.bt.structs[th.bt.args]
	skip := map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true, "lifecycle": true, "provisioner": true}
	lit, rest := g.typedBody(b.Body, args, th.bt, skip)
	call := g.bind.Name + "." + th.bt.ctor + "(" + callArgs([]string{"m", strconv.Quote(b.Labels[1]), g.bind.Name + "." + th.bt.args + lit}, opts) + ")"
	g.stmt(append(append([]string(nil), b.Comments...), cs...), th.handle+" := "+call)
	recv := th.handle + ".Resource"
	for _, it := range rest {
		if it.Attr != nil {
			g.stmt(it.Attr.Comments, recv+".Set("+strconv.Quote(it.Attr.Name)+", "+g.expr(it.Attr, nil)+")")
			continue
		}
		if it.Block.Type == "dynamic" && len(it.Block.Labels) == 1 {
			g.dynamic(recv, it.Block, nil)
			continue
		}
		g.block(recv, it.Block, nil)
	}
	for _, it := range b.Body.Items {
		if it.Block != nil && it.Block.Type == "provisioner" {
			p := g.names.take(goName(it.Block.Labels[0], false))
			g.stmt(it.Block.Comments, p+" := "+recv+".Provisioner("+strconv.Quote(it.Block.Labels[0])+")")
			g.body(p, it.Block.Body, nil, nil)
			g.trailing(it.Block.Body)
		}
	}
	g.trailing(b.Body)
}

// typedBody is the composite literal ({...}) of body's attributes and
// blocks that the struct st has fields for, and the items it leaves to the
// untyped model. A block type goes to the untyped model whole when any of
// its blocks cannot be a struct (a dynamic one among them, or one the
// struct has no block field for), so blocks of one type keep their order.
func (g *moduleGen) typedBody(body *Body, st *bindStruct, bt *bindType, skip map[string]bool) (string, []Item) {
	untypedBlocks := map[string]bool{}
	count := map[string]int{}
	for _, it := range body.Items {
		if it.Block == nil || skip[it.Block.Type] {
			continue
		}
		typ := it.Block.Type
		if typ == "dynamic" && len(it.Block.Labels) == 1 {
			untypedBlocks[it.Block.Labels[0]] = true
			continue
		}
		count[typ]++
		if !g.blockFits(it.Block, st, bt) {
			untypedBlocks[typ] = true
		}
	}
	for typ, n := range count {
		if f := st.fields[typ]; f.shape == "*" && n > 1 {
			untypedBlocks[typ] = true
		}
	}
	var lines []string
	var rest []Item
	blocks := map[string][]*Block{}
	var order []string
	for _, it := range body.Items {
		if it.Attr != nil {
			if skip[it.Attr.Name] {
				continue
			}
			f, ok := st.fields[it.Attr.Name]
			if !ok || f.block {
				rest = append(rest, it)
				continue
			}
			lines = append(lines, commentLines(it.Attr.Comments)...)
			lines = append(lines, f.goName+": "+g.typedValue(it.Attr, f.goType)+",")
			continue
		}
		blk := it.Block
		if skip[blk.Type] {
			continue
		}
		name := blk.Type
		if name == "dynamic" && len(blk.Labels) == 1 {
			name = blk.Labels[0]
		}
		if untypedBlocks[name] {
			rest = append(rest, it)
			continue
		}
		if blocks[name] == nil {
			order = append(order, name)
		}
		blocks[name] = append(blocks[name], blk)
	}
	for _, name := range order {
		f := st.fields[name]
		elem := bt.structs[f.elem]
		var cs []string
		var els []string
		for _, blk := range blocks[name] {
			cs = append(cs, blk.Comments...)
			lit, _ := g.typedBody(blk.Body, elem, bt, nil)
			switch f.shape {
			case "map":
				els = append(els, strconv.Quote(blk.Labels[0])+": "+lit)
			default:
				els = append(els, lit)
			}
		}
		lines = append(lines, commentLines(cs)...)
		qualified := g.bind.Name + "." + f.elem
		switch f.shape {
		case "*":
			lines = append(lines, f.goName+": &"+qualified+els[0]+",")
		case "map":
			lines = append(lines, f.goName+": map[string]"+qualified+"{\n"+strings.Join(els, ",\n")+",\n},")
		default:
			lines = append(lines, f.goName+": []"+qualified+"{"+strings.Join(els, ", ")+"},")
		}
	}
	if len(body.Trailing) > 0 && skip == nil {
		lines = append(lines, commentLines(body.Trailing)...)
	}
	if len(lines) == 0 {
		return "{}", rest
	}
	return "{\n" + strings.Join(lines, "\n") + "\n}", rest
}

// blockFits reports whether a nested block can be a struct of st: st has
// a block field for it, and the struct of that field has a field for each
// of its attributes and, recursively, blocks (no dynamic ones).
func (g *moduleGen) blockFits(blk *Block, st *bindStruct, bt *bindType) bool {
	f, ok := st.fields[blk.Type]
	if !ok || !f.block {
		return false
	}
	if (f.shape == "map") != (len(blk.Labels) == 1) || len(blk.Labels) > 1 {
		return false
	}
	elem := bt.structs[f.elem]
	if elem == nil {
		return false
	}
	count := map[string]int{}
	for _, it := range blk.Body.Items {
		if it.Attr != nil {
			if ef, ok := elem.fields[it.Attr.Name]; !ok || ef.block {
				return false
			}
			continue
		}
		if it.Block.Type == "dynamic" || !g.blockFits(it.Block, elem, bt) {
			return false
		}
		count[it.Block.Type]++
		if elem.fields[it.Block.Type].shape == "*" && count[it.Block.Type] > 1 {
			return false
		}
	}
	return true
}

func commentLines(cs []string) []string {
	var out []string
	for _, c := range cs {
		c = strings.TrimRight(c, " \t")
		if c == "" {
			out = append(out, "//")
		} else {
			out = append(out, "// "+c)
		}
	}
	return out
}

// typedValue is an attribute's value as a field of Go type goType: the
// bindings' literal constructor for a literal of that type, a typed
// getter of that type as it is, and any other expression wrapped in the
// bindings' conversion (aws.StringExpr(...)).
func (g *moduleGen) typedValue(a *Attr, goType string) string {
	g.conv.src = a.Src
	return g.typedExpr(a.Expr, goType)
}

// typedExpr is typedValue of an expression in g.conv.src.
func (g *moduleGen) typedExpr(e hclsyntax.Expression, goType string) string {
	g.usesBind = true
	if lit, ok := g.typedLiteral(e, goType); ok {
		return lit
	}
	if m, ok := g.typedStringMap(e, goType); ok {
		return m
	}
	v := g.conv.conv(e, nil)
	if v.goType() == goType {
		return v.goSrc()
	}
	if goType == "typed.String" && v.ref == nil {
		// Templates and JSON documents have typed forms of their own.
		for _, fn := range []string{"Tmpl", "JSON"} {
			if rest, ok := strings.CutPrefix(v.src, "tf."+fn+"("); ok {
				g.usesTyped = true
				return "typed." + fn + "(" + rest
			}
		}
	}
	return g.wrapTyped(v.goSrc(), goType)
}

// typedStringMap writes a map of strings whose keys are literal, and
// written sorted, as aws.MapOf of typed strings (MapOf sorts its keys).
func (g *moduleGen) typedStringMap(e hclsyntax.Expression, goType string) (string, bool) {
	o, ok := e.(*hclsyntax.ObjectConsExpr)
	if goType != "typed.Map[typed.String]" || !ok || len(o.Items) == 0 {
		return "", false
	}
	keys := make([]string, len(o.Items))
	for i, it := range o.Items {
		k, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr)
		if !ok || k.ForceNonLiteral {
			return "", false
		}
		if keys[i] = hcl.ExprAsKeyword(k.Wrapped); keys[i] == "" {
			if keys[i], ok = literalString(k.Wrapped); !ok {
				return "", false
			}
		}
	}
	if !sort.StringsAreSorted(keys) || hasRepeats(keys) {
		return "", false
	}
	var items []string
	for i, it := range o.Items {
		items = append(items, goString(keys[i])+": "+g.typedExpr(it.ValueExpr, "typed.String"))
	}
	g.usesTyped = true
	p := g.bind.Name + ".MapOf(map[string]typed.String{"
	if len(items) == 1 {
		return p + items[0] + "})", true
	}
	return p + "\n" + strings.Join(items, ",\n") + ",\n})", true
}

// wrapTyped wraps a model expression as a typed value of goType.
func (g *moduleGen) wrapTyped(src, goType string) string {
	p := g.bind.Name + "."
	base, param, _ := strings.Cut(goType, "[")
	param = strings.TrimSuffix(param, "]")
	if strings.Contains(param, "typed.") {
		g.usesTyped = true
	}
	switch base {
	case "typed.String":
		return p + "StringExpr(" + src + ")"
	case "typed.Number":
		return p + "NumberExpr(" + src + ")"
	case "typed.Bool":
		return p + "BoolExpr(" + src + ")"
	case "typed.List":
		return p + "ListExpr[" + param + "](" + src + ")"
	case "typed.Set":
		return p + "SetExpr[" + param + "](" + src + ")"
	case "typed.Map":
		return p + "MapExpr[" + param + "](" + src + ")"
	case "typed.Object":
		return p + "ObjectExpr[" + param + "](" + src + ")"
	}
	return p + "AnyExpr(" + src + ")"
}

// typedLiteral writes a literal of the field's own type with the
// bindings' constructors: aws.String("x"), aws.Number(3), aws.Bool(true),
// aws.Strings(...), aws.StringSet(...), aws.StringMap(...).
func (g *moduleGen) typedLiteral(e hclsyntax.Expression, goType string) (string, bool) {
	p := g.bind.Name + "."
	switch goType {
	case "typed.String":
		if s, ok := literalString(e); ok {
			return p + "String(" + goString(s) + ")", true
		}
	case "typed.Number":
		if lit, ok := e.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.Number && isSmallInt(lit.Val) {
			i, _ := lit.Val.AsBigFloat().Int64()
			return p + "Number(" + strconv.FormatInt(i, 10) + ")", true
		}
	case "typed.Bool":
		if lit, ok := e.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.Bool && !lit.Val.IsNull() {
			return p + "Bool(" + strconv.FormatBool(lit.Val.True()) + ")", true
		}
	case "typed.List[typed.String]", "typed.Set[typed.String]":
		t, ok := e.(*hclsyntax.TupleConsExpr)
		if !ok || len(t.Exprs) == 0 {
			return "", false
		}
		var ss []string
		for _, el := range t.Exprs {
			s, ok := literalString(el)
			if !ok {
				return "", false
			}
			ss = append(ss, goString(s))
		}
		fn := "Strings"
		if goType == "typed.Set[typed.String]" {
			fn = "StringSet"
		}
		return p + fn + "(" + strings.Join(ss, ", ") + ")", true
	case "typed.Map[typed.String]":
		o, ok := e.(*hclsyntax.ObjectConsExpr)
		if !ok || len(o.Items) == 0 {
			return "", false
		}
		var keys, items []string
		for _, it := range o.Items {
			k, ok := it.KeyExpr.(*hclsyntax.ObjectConsKeyExpr)
			if !ok || k.ForceNonLiteral {
				return "", false
			}
			key := hcl.ExprAsKeyword(k.Wrapped)
			if key == "" {
				if key, ok = literalString(k.Wrapped); !ok {
					return "", false
				}
			}
			v, ok := literalString(it.ValueExpr)
			if !ok {
				return "", false
			}
			keys = append(keys, key)
			items = append(items, goString(key)+": "+goString(v))
		}
		// StringMap writes its keys sorted: only a map written sorted,
		// without repeats, keeps its text.
		if !sort.StringsAreSorted(keys) || hasRepeats(keys) {
			return "", false
		}
		if len(items) == 1 {
			return p + "StringMap(map[string]string{" + items[0] + "})", true
		}
		return p + "StringMap(map[string]string{\n" + strings.Join(items, ",\n") + ",\n})", true
	}
	return "", false
}

func hasRepeats(sorted []string) bool {
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return true
		}
	}
	return false
}
