package tf

import (
	"hash/maphash"
	"sync/atomic"

	"github.com/zclconf/go-cty/cty"
)

// Referenceable is a declared object that expressions can refer to:
// a resource, data source, variable, local, module call or check's data
// source. Its methods are for the renderers and the validator.
type Referenceable interface {
	// RefAddr is the reference root as Terraform spells it: var.x,
	// local.y, aws_s3_bucket.ui, data.aws_iam_policy_document.p, module.m.
	RefAddr() string
	// Module is the module the object was declared in.
	Module() *Module
	// Pos is where the object was declared.
	Pos() Pos
}

// Step is one traversal step after a reference root: an attribute name, an
// index expression, or a full splat `[*]`.
type Step struct {
	Attr  string
	Index Expr
	Splat bool
}

// RefKind says how a Ref's root is found.
type RefKind int

const (
	// RefObject points at a declared object through Target.
	RefObject RefKind = iota
	// RefByName names an object (var.x, local.y, ...) that the validator
	// looks up in the module being rendered.
	RefByName
	// RefBuiltin is each.key, each.value, count.index, self,
	// terraform.workspace, path.module, path.root or path.cwd.
	RefBuiltin
	// RefIterator is a for-expression or dynamic block iteration variable.
	RefIterator
)

// Ref is a reference: a root and traversal steps. Make them from handles
// (resource.Attr("arn")) or the helpers below, never by string pasting.
type Ref struct {
	Kind   RefKind
	Target Referenceable
	// Root is the root's text for every kind but RefObject.
	Root  string
	Steps []Step
	// Pos is where a by-name reference was made, for its diagnostic.
	Pos Pos
}

// RootText is the rendered root of the reference.
func (r Ref) RootText() string {
	if r.Kind == RefObject {
		return r.Target.RefAddr()
	}
	return r.Root
}

// AppendRoot appends RootText to b without making the string, for
// renderers, which write a reference per attribute of a large module.
func (r Ref) AppendRoot(b []byte) []byte {
	if r.Kind != RefObject {
		return append(b, r.Root...)
	}
	switch t := r.Target.(type) {
	case *Resource:
		return t.appendAddress(b)
	case *Variable:
		return append(append(b, "var."...), t.Name...)
	case *Local:
		return append(append(b, "local."...), t.Name...)
	case *ModuleCall:
		return append(append(b, "module."...), t.Name...)
	}
	return append(b, r.Target.RefAddr()...)
}

func (r Ref) with(s Step) Ref {
	steps := make([]Step, len(r.Steps), len(r.Steps)+1)
	copy(steps, r.Steps)
	r.Steps = append(steps, s)
	return r
}

// Attr is r.name.
func (r Ref) Attr(name string) Ref {
	if len(r.Steps) == 0 {
		r.Steps = attrSteps(name)
		return r
	}
	return r.with(Step{Attr: name})
}

// attrStepCache holds recent one-step lists .name, by a hash of the
// name: most references are a handle's attribute (bucket.Attr("arn")),
// a large model makes hundreds of thousands of them from a few names,
// and those can share their steps. A shared list is never written: with
// copies the steps it extends, and nothing else changes a Ref's steps.
var attrStepCache struct {
	seed  maphash.Seed
	slots [256]atomic.Pointer[[1]Step]
}

func init() { attrStepCache.seed = maphash.MakeSeed() }

// attrSteps returns the steps .name, from the cache when they are there.
func attrSteps(name string) []Step {
	slot := &attrStepCache.slots[maphash.String(attrStepCache.seed, name)%uint64(len(attrStepCache.slots))]
	if s := slot.Load(); s != nil && s[0].Attr == name {
		return s[:]
	}
	s := &[1]Step{{Attr: name}}
	slot.Store(s)
	return s[:]
}

// Index is r[key].
func (r Ref) Index(key Expr) Ref { return r.with(Step{Index: Unwrap(key)}) }

// At is r[i].
func (r Ref) At(i int) Ref { return r.with(Step{Index: Literal{Value: cty.NumberIntVal(int64(i))}}) }

// Key is r["key"].
func (r Ref) Key(key string) Ref { return r.with(Step{Index: String(key)}) }

// Splat is r[*].
func (r Ref) Splat() Ref { return r.with(Step{Splat: true}) }

func objectRef(t Referenceable) Ref { return Ref{Kind: RefObject, Target: t} }

func builtin(root string) Ref { return Ref{Kind: RefBuiltin, Root: root} }

// Built-in references.
var (
	EachKey            = builtin("each.key")
	EachValue          = builtin("each.value")
	CountIndex         = builtin("count.index")
	Self               = builtin("self")
	TerraformWorkspace = builtin("terraform.workspace")
	PathModule         = builtin("path.module")
	PathRoot           = builtin("path.root")
	PathCwd            = builtin("path.cwd")
)

// IterVar refers to a for-expression's or dynamic block's iteration
// variable.
func IterVar(name string) Ref { return Ref{Kind: RefIterator, Root: name} }

// VarRef refers to a variable by name; the validator checks that the module
// declares it. Prefer the *Variable handle.
func VarRef(name string) Ref { return Ref{Kind: RefByName, Root: "var." + name, Pos: callerPos()} }

// LocalRef refers to a local by name; see VarRef.
func LocalRef(name string) Ref { return Ref{Kind: RefByName, Root: "local." + name, Pos: callerPos()} }
