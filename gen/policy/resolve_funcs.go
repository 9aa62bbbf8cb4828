package policy

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions returns Terraform's functions as the resolver evaluates them.
// Functions that only move values around (jsonencode, format, join,
// concat, merge, lookup, ...) see placeholders as the strings they travel
// in, so the structure they build survives. Every other function gets an
// honest unknown for an argument that holds a placeholder: upper() of an
// ARN not yet known is not known either.
func functions(ph *placeholders, cfg *Config) map[string]function.Function {
	out := make(map[string]function.Function, 1+len(keptFuncs)+len(textFuncs))
	out["jsonencode"], _ = functionFor(ph, "jsonencode")
	for _, names := range []map[string]function.Function{keptFuncs, textFuncs} {
		for n := range names {
			out[n], _ = functionFor(ph, n)
		}
	}
	return out
}

// functionFor is function name of functions(ph, cfg), made alone: a
// resolver makes those its expressions call, as they first call them
// (see resolver.function); ok is false for a name that is none of them.
func functionFor(ph *placeholders, name string) (f function.Function, ok bool) {
	if name == "jsonencode" {
		return jsonEncodeFunc(ph), true
	}
	if f, ok := keptFuncs[name]; ok {
		return f, true
	}
	if f, ok := textFuncs[name]; ok {
		return readsText(ph, f), true
	}
	return function.Function{}, false
}

// keptFuncs are the functions of functions that take placeholders as the
// strings they travel in, besides jsonencode (jsonEncodeFunc).
var keptFuncs = map[string]function.Function{
	"format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
	"join": stdlib.JoinFunc, "concat": stdlib.ConcatFunc, "merge": stdlib.MergeFunc,
	"lookup": stdlib.LookupFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
	"coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
	"distinct": stdlib.DistinctFunc, "keys": stdlib.KeysFunc, "values": stdlib.ValuesFunc,
	"zipmap": stdlib.ZipmapFunc, "slice": stdlib.SliceFunc, "reverse": stdlib.ReverseListFunc,
	"chunklist": stdlib.ChunklistFunc, "setproduct": stdlib.SetProductFunc, "setunion": stdlib.SetUnionFunc,
	"length": stdlib.LengthFunc, "one": oneFunc,
	"tolist": convertFunc(cty.List(cty.DynamicPseudoType)), "toset": convertFunc(cty.Set(cty.DynamicPseudoType)),
	"tomap": convertFunc(cty.Map(cty.DynamicPseudoType)), "tostring": convertFunc(cty.String),
	"sensitive": identityFunc, "nonsensitive": identityFunc,
	"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
}

// textFuncs are the functions of functions that read their arguments'
// text (see readsText).
var textFuncs = map[string]function.Function{
	"upper": stdlib.UpperFunc, "lower": stdlib.LowerFunc, "title": stdlib.TitleFunc,
	"trimspace": stdlib.TrimSpaceFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
	"trimsuffix": stdlib.TrimSuffixFunc, "chomp": stdlib.ChompFunc, "indent": stdlib.IndentFunc,
	"strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "split": stdlib.SplitFunc,
	"replace": replaceFunc, "regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc,
	"contains": stdlib.ContainsFunc,
	"index":    indexFunc, "sort": stdlib.SortFunc, "range": stdlib.RangeFunc,
	"setintersection": stdlib.SetIntersectionFunc, "setsubtract": stdlib.SetSubtractFunc,
	"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc, "log": stdlib.LogFunc,
	"max": stdlib.MaxFunc, "min": stdlib.MinFunc, "pow": stdlib.PowFunc, "signum": stdlib.SignumFunc,
	"parseint": stdlib.ParseIntFunc, "jsondecode": stdlib.JSONDecodeFunc, "csvdecode": stdlib.CSVDecodeFunc,
	"formatdate": stdlib.FormatDateFunc, "timeadd": stdlib.TimeAddFunc,
	"tonumber": convertFunc(cty.Number), "tobool": convertFunc(cty.Bool),
	"startswith": affixFunc(strings.HasPrefix), "endswith": affixFunc(strings.HasSuffix),
	"strcontains": affixFunc(strings.Contains),
	"alltrue":     allAnyFunc(true), "anytrue": allAnyFunc(false), "sum": sumFunc,
	"base64encode": bytesFunc(func(b []byte) string { return base64.StdEncoding.EncodeToString(b) }),
	"base64decode": base64DecodeFunc, "urlencode": urlEncodeFunc,
	"md5":          bytesFunc(func(b []byte) string { s := md5.Sum(b); return hex.EncodeToString(s[:]) }),
	"sha1":         bytesFunc(func(b []byte) string { s := sha1.Sum(b); return hex.EncodeToString(s[:]) }),
	"sha256":       bytesFunc(func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }),
	"sha512":       bytesFunc(func(b []byte) string { s := sha512.Sum512(b); return hex.EncodeToString(s[:]) }),
	"base64sha256": bytesFunc(func(b []byte) string { s := sha256.Sum256(b); return base64.StdEncoding.EncodeToString(s[:]) }),
	"cidrsubnet":   cidrSubnetFunc, "cidrhost": cidrHostFunc,
	"basename": pathFunc(filepath.Base), "dirname": pathFunc(filepath.Dir), "abspath": pathFunc(func(p string) string { a, _ := filepath.Abs(p); return a }),
	"file": fileFunc, "fileexists": fileExistsFunc,
	// Known only at apply in Terraform too.
	"timestamp": applyTimeFunc(cty.String), "uuid": applyTimeFunc(cty.String),
}

// readsText wraps a function that reads its arguments' text: an argument
// holding a placeholder makes the result unknown, marked with the
// placeholders it came from.
func readsText(ph *placeholders, f function.Function) function.Function {
	return wrap(f, func(args []cty.Value) (cty.Value, bool) {
		hit := false
		for _, a := range args {
			hit = hit || hasSentinel(a)
		}
		if !hit {
			return cty.NilVal, false
		}
		var marks []cty.ValueMarks
		for _, a := range args {
			cty.Walk(ph.strict(a), func(_ cty.Path, x cty.Value) (bool, error) {
				_, m := x.Unmark()
				marks = append(marks, m)
				return true, nil
			})
		}
		return cty.DynamicVal.WithMarks(marks...), true
	})
}

// wrap returns f with a pre-check that may answer in its place.
func wrap(f function.Function, pre func([]cty.Value) (cty.Value, bool)) function.Function {
	spec := &function.Spec{
		Description: f.Description(), Params: f.Params(), VarParam: f.VarParam(),
		Type: func(args []cty.Value) (cty.Type, error) {
			if _, ok := pre(args); ok {
				return cty.DynamicPseudoType, nil
			}
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if v, ok := pre(args); ok {
				return v, nil
			}
			return f.Call(args)
		},
	}
	// The wrapper takes marked and unknown values as the wrapped function
	// does; f.Call below handles them itself.
	ps := make([]function.Parameter, len(spec.Params))
	for i, p := range spec.Params {
		p.AllowMarked, p.AllowUnknown, p.AllowDynamicType, p.AllowNull = true, true, true, true
		ps[i] = p
	}
	spec.Params = ps
	if spec.VarParam != nil {
		vp := *spec.VarParam
		vp.AllowMarked, vp.AllowUnknown, vp.AllowDynamicType, vp.AllowNull = true, true, true, true
		spec.VarParam = &vp
	}
	return function.New(spec)
}

// jsonEncodeFunc is Terraform's jsonencode that keeps the document when a
// part of it is unknown: such a part is written as a placeholder string
// (the placeholder it is marked with, or one saying it is open), so the
// rest stays readable.
func jsonEncodeFunc(ph *placeholders) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "val", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowNull: true, AllowMarked: true, AllowUnknown: true}},
		Type:   function.StaticReturnType(cty.String),
		Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return jsonEncode(ph, args[0]) },
	})
}

// jsonEncode is jsonEncodeFunc's implementation: the whole of its call,
// as it takes any value (marked, unknown, null, of any type) and returns
// a string, so that Function.Call has nothing to check or convert. Its
// walk of the argument for marks, which the function takes as they are,
// would only add a second walk of a policy document to the encoding's.
func jsonEncode(ph *placeholders, val cty.Value) (cty.Value, error) {
	var all []cty.ValueMarks
	var buf bytes.Buffer
	if err := encodeJSON(ph, &buf, val, &all); err != nil {
		return cty.UnknownVal(cty.String), err
	}
	v := cty.StringVal(buf.String())
	for _, m := range all {
		for k := range m {
			if _, ok := k.(sensMark); ok {
				v = v.Mark(k)
			}
		}
	}
	return v, nil
}

func encodeJSON(ph *placeholders, buf *bytes.Buffer, v cty.Value, marks *[]cty.ValueMarks) error {
	v, m := v.Unmark()
	if len(m) > 0 {
		*marks = append(*marks, m)
	}
	if !v.IsKnown() {
		s := ""
		for k := range m {
			if n, ok := k.(phMark); ok {
				s = phOpen + strconv.Itoa(int(n)) + phClose
				break
			}
		}
		if s == "" {
			s = ph.sentinel(placeholder{why: "a value known only after apply"})
		}
		b, _ := json.Marshal(s)
		buf.Write(b)
		return nil
	}
	if v.IsNull() {
		buf.WriteString("null")
		return nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		buf.Write(appendJSONString(buf.AvailableBuffer(), v.AsString()))
	case ty == cty.Number:
		f := v.AsBigFloat()
		if i, acc := f.Int64(); acc == big.Exact && f.Sign() != 0 && f.Prec() >= 64 {
			// Text's digits, without its shortest-decimal search: at 64
			// bits or more the shortest decimal of an int64 is all its
			// digits.
			buf.Write(strconv.AppendInt(buf.AvailableBuffer(), i, 10))
		} else {
			buf.WriteString(f.Text('f', -1))
		}
	case ty == cty.Bool:
		buf.WriteString(strconv.FormatBool(v.True()))
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		buf.WriteByte('[')
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			_, e := it.Element()
			if err := encodeJSON(ph, buf, e, marks); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case ty.IsMapType() || ty.IsObjectType():
		buf.WriteByte('{')
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			k, e := it.Element()
			buf.Write(appendJSONString(buf.AvailableBuffer(), k.AsString()))
			buf.WriteByte(':')
			if err := encodeJSON(ph, buf, e, marks); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	default:
		return fmt.Errorf("cannot encode %s as JSON", ty.FriendlyName())
	}
	return nil
}

var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowNull: true, AllowMarked: true, AllowUnknown: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

// oneFunc is Terraform's one: null for an empty collection, the element
// of a one-element one, an error otherwise.
var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType, AllowDynamicType: true}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType():
			switch n := len(ty.TupleElementTypes()); n {
			case 0:
				return cty.DynamicPseudoType, nil
			case 1:
				return ty.TupleElementTypes()[0], nil
			default:
				return cty.NilType, fmt.Errorf("must be a list, set, or tuple value with either zero or one elements (has %d)", n)
			}
		case ty == cty.DynamicPseudoType:
			return cty.DynamicPseudoType, nil
		}
		return cty.NilType, fmt.Errorf("must be a list, set, or tuple value with either zero or one elements")
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.IsKnown() {
			return cty.UnknownVal(retType), nil
		}
		switch n := v.LengthInt(); n {
		case 0:
			return cty.NullVal(retType), nil
		case 1:
			return v.AsValueSlice()[0], nil
		default:
			return cty.NilVal, fmt.Errorf("must be a list, set, or tuple value with either zero or one elements (has %d)", n)
		}
	},
})

// convertFunc is one of Terraform's to* conversions.
func convertFunc(want cty.Type) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "v", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowNull: true, AllowUnknown: true}},
		Type: func(args []cty.Value) (cty.Type, error) {
			if args[0].Type() == cty.DynamicPseudoType {
				return cty.DynamicPseudoType, nil
			}
			c, err := convert.Convert(cty.UnknownVal(args[0].Type()), want)
			if err != nil {
				return cty.NilType, err
			}
			return c.Type(), nil
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if retType == cty.DynamicPseudoType {
				return convert.Convert(args[0], want)
			}
			return convert.Convert(args[0], retType)
		},
	})
}

// replaceFunc is Terraform's replace: a substring wrapped in slashes is a
// regular expression, with $1 for its groups.
var replaceFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "substr", Type: cty.String}, {Name: "replace", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s, sub, rep := args[0].AsString(), args[1].AsString(), args[2].AsString()
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			re, err := regexp.Compile(sub[1 : len(sub)-1])
			if err != nil {
				return cty.UnknownVal(cty.String), err
			}
			return cty.StringVal(re.ReplaceAllString(s, rep)), nil
		}
		return cty.StringVal(strings.ReplaceAll(s, sub, rep)), nil
	},
})

// indexFunc is Terraform's index: the position of a value in a list.
var indexFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}, {Name: "value", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if !args[0].Type().IsListType() && !args[0].Type().IsTupleType() {
			return cty.NilVal, fmt.Errorf("argument must be a list or tuple")
		}
		i := 0
		for it := args[0].ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			if eq := e.Equals(args[1]); eq.IsKnown() && eq.True() {
				return cty.NumberIntVal(int64(i)), nil
			}
		}
		return cty.NilVal, fmt.Errorf("item not found")
	},
})

func affixFunc(f func(s, affix string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "affix", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// allAnyFunc is alltrue (all) or anytrue: every / some element is true.
func allAnyFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for it := args[0].ElementIterator(); it.Next(); {
				_, e := it.Element()
				if !e.IsKnown() {
					return cty.UnknownVal(cty.Bool), nil
				}
				if e.IsNull() {
					if all {
						return cty.False, nil
					}
					continue
				}
				if e.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			return cty.BoolVal(all), nil
		},
	})
}

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Number)}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		if args[0].LengthInt() == 0 {
			return cty.NilVal, fmt.Errorf("cannot sum an empty list")
		}
		total := new(big.Float)
		for it := args[0].ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.IsNull() {
				return cty.NilVal, fmt.Errorf("argument must be list of numbers without nulls")
			}
			total.Add(total, e.AsBigFloat())
		}
		return cty.NumberVal(total), nil
	},
})

func bytesFunc(f func([]byte) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(f([]byte(args[0].AsString()))), nil
		},
	})
}

var base64DecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		b, err := base64.StdEncoding.DecodeString(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("failed to decode base64 data: %w", err)
		}
		return cty.StringVal(string(b)), nil
	},
})

// urlEncodeFunc is Terraform's urlencode (query escaping, spaces as +).
var urlEncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		var b strings.Builder
		for _, c := range []byte(args[0].AsString()) {
			switch {
			case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~':
				b.WriteByte(c)
			case c == ' ':
				b.WriteByte('+')
			default:
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
		return cty.StringVal(b.String()), nil
	},
})

// cidrSubnetFunc is Terraform's cidrsubnet(prefix, newbits, netnum).
var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "newbits", Type: cty.Number}, {Name: "netnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := netip.ParsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("invalid CIDR expression: %w", err)
		}
		p = p.Masked()
		newbits, _ := args[1].AsBigFloat().Int64()
		netnum, _ := args[2].AsBigFloat().Int64()
		bits := p.Bits() + int(newbits)
		total := p.Addr().BitLen()
		if newbits < 0 || bits > total {
			return cty.NilVal, fmt.Errorf("insufficient address space to extend prefix of %d by %d", p.Bits(), newbits)
		}
		if netnum < 0 || (newbits < 63 && netnum >= 1<<newbits) {
			return cty.NilVal, fmt.Errorf("prefix extension of %d does not accommodate a subnet numbered %d", newbits, netnum)
		}
		addr := addToAddr(p.Addr(), new(big.Int).Lsh(big.NewInt(netnum), uint(total-bits)))
		return cty.StringVal(netip.PrefixFrom(addr, bits).String()), nil
	},
})

// cidrHostFunc is Terraform's cidrhost(prefix, hostnum); a negative
// hostnum counts from the end of the range.
var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := netip.ParsePrefix(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("invalid CIDR expression: %w", err)
		}
		p = p.Masked()
		host, _ := args[1].AsBigFloat().Int64()
		hostBits := p.Addr().BitLen() - p.Bits()
		size := new(big.Int).Lsh(big.NewInt(1), uint(hostBits))
		n := big.NewInt(host)
		if host < 0 {
			n.Add(n, size)
		}
		if n.Sign() < 0 || n.Cmp(size) >= 0 {
			return cty.NilVal, fmt.Errorf("prefix of %d does not accommodate a host numbered %d", p.Bits(), host)
		}
		return cty.StringVal(addToAddr(p.Addr(), n).String()), nil
	},
})

func addToAddr(a netip.Addr, n *big.Int) netip.Addr {
	b := a.AsSlice()
	v := new(big.Int).SetBytes(b)
	v.Add(v, n)
	out := v.FillBytes(make([]byte, len(b)))
	r, _ := netip.AddrFromSlice(out)
	return r
}

func pathFunc(f func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(filepath.ToSlash(f(filepath.FromSlash(args[0].AsString())))), nil
		},
	})
}

// fileFunc reads a file, as path.module-relative paths name it.
var fileFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "path", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		b, err := os.ReadFile(filepath.FromSlash(args[0].AsString()))
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(string(b)), nil
	},
})

var fileExistsFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "path", Type: cty.String}},
	Type:   function.StaticReturnType(cty.Bool),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		st, err := os.Stat(filepath.FromSlash(args[0].AsString()))
		return cty.BoolVal(err == nil && st.Mode().IsRegular()), nil
	},
})

func applyTimeFunc(ty cty.Type) function.Function {
	return function.New(&function.Spec{
		Type: function.StaticReturnType(ty),
		Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.UnknownVal(ty), nil },
	})
}
