package tf

import (
	"strings"
)

// TestFile is a `terraform test` file of a root module: it renders to
// tests/<Name>.tftest.hcl (or .tftest.json) beside the root, where
// `terraform test` finds it. It holds variables shared by every run, mock
// providers, overrides and the runs themselves, in order.
type TestFile struct {
	Name string
	// Variables are the file's variables { } block, shared by every run.
	Variables Body
	Providers []*MockProvider
	Overrides []*Override
	Runs      []*Run
	pos       Pos
	module    *Module
}

// Test declares the test file tests/<name>.tftest.hcl of root module m.
func (m *Module) Test(name string) *TestFile {
	t := &TestFile{Name: name, pos: callerPos(), module: m}
	m.Tests = append(m.Tests, t)
	return t
}

func (t *TestFile) Pos() Pos        { return t.pos }
func (t *TestFile) Module() *Module { return t.module }

// Path is the file's path relative to the root module's directory.
func (t *TestFile) Path(ext string) string { return "tests/" + t.Name + ext }

// Set sets a file-level variable and returns t for chaining.
//
//go:noinline
func (t *TestFile) Set(name string, v Expr) *TestFile {
	t.Variables.Items = append(t.Variables.Items, BodyItem{Attr: &Attribute{Name: name, Value: v, Pos: callerPos1()}})
	return t
}

// OverrideDuring says when a mocked or overridden value replaces the
// unknown one: Terraform's default is apply; plan makes computed values
// known in plan runs, so their assertions can read them.
type OverrideDuring string

const (
	DuringDefault OverrideDuring = ""
	DuringApply   OverrideDuring = "apply"
	DuringPlan    OverrideDuring = "plan"
)

// MockProvider is a mock_provider block: the provider's resources are not
// created but given mocked values, so an apply run needs no cloud account.
type MockProvider struct {
	Name, Alias string
	// During applies to every mock of this provider that sets none.
	During    OverrideDuring
	Mocks     []*Mock
	Overrides []*Override
	pos       Pos
	file      *TestFile
}

// MockProvider declares mock_provider "name" with an optional alias.
func (t *TestFile) MockProvider(name, alias string) *MockProvider {
	p := &MockProvider{Name: name, Alias: alias, pos: callerPos(), file: t}
	t.Providers = append(t.Providers, p)
	return p
}

// Ref is the provider configuration the mock stands for: aws or aws.west.
func (p *MockProvider) Ref() string {
	if p.Alias == "" {
		return p.Name
	}
	return p.Name + "." + p.Alias
}

func (p *MockProvider) Pos() Pos { return p.pos }

// Mock is a mock_resource or mock_data block: default values of computed
// attributes for every object of one type.
type Mock struct {
	Mode     Mode
	Type     string
	Defaults Object
	During   OverrideDuring
	pos      Pos
}

func (m *Mock) Pos() Pos { return m.pos }

// MockResource adds mock_resource "typ" { defaults = defaults }.
func (p *MockProvider) MockResource(typ string, defaults Object) *Mock {
	mk := &Mock{Mode: Managed, Type: typ, Defaults: defaults, pos: callerPos()}
	p.Mocks = append(p.Mocks, mk)
	return mk
}

// MockData adds mock_data "typ" { defaults = defaults }.
func (p *MockProvider) MockData(typ string, defaults Object) *Mock {
	mk := &Mock{Mode: Data, Type: typ, Defaults: defaults, pos: callerPos()}
	p.Mocks = append(p.Mocks, mk)
	return mk
}

// OverrideKind is the kind of an override block.
type OverrideKind int

const (
	OverrideResource OverrideKind = iota
	OverrideData
	OverrideModule
)

// Block is the block type Terraform spells for the kind.
func (k OverrideKind) Block() string {
	switch k {
	case OverrideData:
		return "override_data"
	case OverrideModule:
		return "override_module"
	}
	return "override_resource"
}

// Target is the address of an object in a root module: a path of module
// calls from the root, then a resource or data source (none for an
// override_module). Build one with In(...).Resource(r) or In(...).Module().
type Target struct {
	Calls    []*ModuleCall
	Resource *Resource
}

// TargetPath is a path of module calls from a root module.
type TargetPath []*ModuleCall

// In starts a target address at the root module and descends through
// calls, each a call of the previous one's module.
func In(calls ...*ModuleCall) TargetPath { return TargetPath(calls) }

// Resource is the target r inside the path's last module.
func (p TargetPath) Resource(r *Resource) Target { return Target{Calls: p, Resource: r} }

// Module is the target module call at the end of the path itself.
func (p TargetPath) Module() Target { return Target{Calls: p} }

// String is the address as Terraform writes it:
// module.a.module.b.aws_s3_bucket.x.
func (t Target) String() string {
	var b strings.Builder
	for i, c := range t.Calls {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(c.RefAddr())
	}
	if t.Resource != nil {
		if len(t.Calls) > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t.Resource.Address())
	}
	return b.String()
}

// Override is an override_resource, override_data or override_module
// block: fixed values for one object (its computed attributes, or a
// module's outputs).
type Override struct {
	Kind   OverrideKind
	Target Target
	// Values are the object's attributes (outputs for a module); an
	// override replaces the mock defaults of its type, so unset computed
	// attributes get generated values again.
	Values Object
	During OverrideDuring
	pos    Pos
}

func (o *Override) Pos() Pos { return o.pos }

func newOverride(kind OverrideKind, target Target, values Object) *Override {
	if target.Resource != nil && target.Resource.Mode == Data && kind == OverrideResource {
		kind = OverrideData
	}
	if target.Resource == nil {
		kind = OverrideModule
	}
	return &Override{Kind: kind, Target: target, Values: values}
}

// Override adds a file-level override of target: override_resource,
// override_data or override_module as the target is.
func (t *TestFile) Override(target Target, values Object) *Override {
	o := newOverride(OverrideResource, target, values)
	o.pos = callerPos()
	t.Overrides = append(t.Overrides, o)
	return o
}

// Override adds an override of target inside the mock provider.
func (p *MockProvider) Override(target Target, values Object) *Override {
	o := newOverride(OverrideResource, target, values)
	o.pos = callerPos()
	p.Overrides = append(p.Overrides, o)
	return o
}

// Command is a run's terraform command.
type Command string

const (
	Apply Command = "apply"
	Plan  Command = "plan"
)

// Run is a run block: one plan or apply of the root module (or, with
// Module set, of another module), its variables, overrides, assertions and
// the checkable objects expected to fail.
type Run struct {
	Name    string
	Command Command
	// Module, when set, is the module this run plans or applies instead
	// of the root: its own validations can then be expected to fail,
	// which expect_failures cannot reach inside a child module.
	Module    *Module
	Variables Body
	Overrides []*Override
	Asserts   []Condition
	// ExpectFailures lists variables, outputs, resources or checks whose
	// conditions must fail.
	ExpectFailures []Referenceable
	pos            Pos
	file           *TestFile
	// assertPos and expectPos record where each assertion and expected
	// failure was added.
	assertPos, expectPos []Pos
}

// Run adds run "name"; it applies unless Plan is called.
func (t *TestFile) Run(name string) *Run {
	r := &Run{Name: name, Command: Apply, pos: callerPos(), file: t}
	t.Runs = append(t.Runs, r)
	return r
}

// Plan makes the run plan only.
func (r *Run) Plan() *Run { r.Command = Plan; return r }

// UseModule makes the run test m instead of the root module.
func (r *Run) UseModule(m *Module) *Run { r.Module = m; return r }

// Set sets a run variable and returns r for chaining.
//
//go:noinline
func (r *Run) Set(name string, v Expr) *Run {
	r.Variables.Items = append(r.Variables.Items, BodyItem{Attr: &Attribute{Name: name, Value: v, Pos: callerPos1()}})
	return r
}

// Assert adds an assert block.
func (r *Run) Assert(cond Expr, message string) *Run {
	r.Asserts = append(r.Asserts, Condition{Cond: cond, Message: String(message)})
	r.assertPos = append(r.assertPos, callerPos())
	return r
}

// AssertPos is where assertion i was added.
func (r *Run) AssertPos(i int) Pos {
	if i < len(r.assertPos) {
		return r.assertPos[i]
	}
	return r.pos
}

// ExpectPos is where expected failure i was added.
func (r *Run) ExpectPos(i int) Pos {
	if i < len(r.expectPos) {
		return r.expectPos[i]
	}
	return r.pos
}

// ExpectFailure adds objects to expect_failures.
func (r *Run) ExpectFailure(objs ...Referenceable) *Run {
	r.ExpectFailures = append(r.ExpectFailures, objs...)
	pos := callerPos()
	for range objs {
		r.expectPos = append(r.expectPos, pos)
	}
	return r
}

// Override adds an override of target for this run only.
func (r *Run) Override(target Target, values Object) *Override {
	o := newOverride(OverrideResource, target, values)
	o.pos = callerPos()
	r.Overrides = append(r.Overrides, o)
	return o
}

// Subject is the module the run plans or applies.
func (r *Run) Subject() *Module {
	if r.Module != nil {
		return r.Module
	}
	return r.file.module
}

// Source is the run's module { source } relative to the root module's
// directory, where terraform test runs.
func (r *Run) Source() string {
	if r.Module == nil {
		return ""
	}
	return relSource(r.file.module.Name, r.Module.Name)
}

func (r *Run) RefAddr() string { return "run." + r.Name }

// Module is the root module of the run's test file.
func (r *Run) module() *Module { return r.file.module }
func (r *Run) Pos() Pos        { return r.pos }

// Output is run.<name>.<output>: a value an earlier run produced.
func (r *Run) Output(o *Output) Ref {
	return Ref{Kind: RefObject, Target: runTarget{r}, Steps: []Step{{Attr: o.Name}}, Pos: callerPos()}
}

// runTarget makes a run a reference root without making *Run itself
// Referenceable, whose Module would be ambiguous.
type runTarget struct{ r *Run }

func (t runTarget) RefAddr() string { return t.r.RefAddr() }
func (t runTarget) Module() *Module { return t.r.module() }
func (t runTarget) Pos() Pos        { return t.r.pos }

// Outputs and checks are reference roots only in test assertions and
// expect_failures (output.x, check.y).

func (o *Output) RefAddr() string { return "output." + o.Name }
func (o *Output) Module() *Module { return o.module }

// Ref is the reference output.<name>, valid in test assertions.
func (o *Output) Ref() Ref { return objectRef(o) }

func (c *Check) RefAddr() string { return "check." + c.Name }
func (c *Check) Module() *Module { return c.module }
