package tf

import (
	"slices"
	"sync/atomic"
	"unsafe"

	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
)

// Module is everything that renders into one directory. Name is that
// directory relative to the output root, such as "modules/network" or
// "envs/dev"; its last element names the module in diagnostics.
type Module struct {
	Name        string
	Description string

	Terraform TerraformBlock
	Providers []*Provider
	Variables []*Variable
	Locals    []*Local
	// Resources holds managed resources and data sources in declaration
	// order.
	Resources []*Resource
	Calls     []*ModuleCall
	Outputs   []*Output
	Moved     []*Moved
	Removed   []*Removed
	Imports   []*Import
	Checks    []*Check
	// Tests are terraform test files of a root module (see Test).
	Tests []*TestFile
	// VarsFiles are variable definitions files of a root module (see
	// VarsFile).
	VarsFiles []*VarsFile

	file string
	pos  Pos
	// badFiles are InFile calls with a name the layout cannot use,
	// reported by Validate at the call.
	badFiles []badFile
	// misapplied names, by resource, the options given to one that a
	// resource cannot take: almost no resource has any, and a field of
	// its own would widen every one.
	misapplied map[*Resource][]string
	// slab hands out resources, their first body items and attributes
	// from blocks allocated a few at a time: a large model makes hundreds
	// of thousands of each, and fewer, larger objects cost the allocator
	// and the collector less. The objects live as long as the model.
	slab struct {
		res   []Resource
		items []BodyItem
		attrs []Attribute
		// lastItems is where the items growItems handed out last begin.
		lastItems *BodyItem
	}
	// addrs are the last Addresses of Resources (see there).
	addrs atomic.Pointer[[]string]
}

// slabBytes is the size of a slab: a 16 KiB size class of the allocator,
// less the 8-byte header it puts before an object that holds pointers
// and is larger than 512 bytes. A slab of 64 resources was 16 KiB less
// 504 bytes, and 64 of 224 bytes spilled into the same class with 2 KiB
// unused; slabs sized to fit the class waste neither.
const slabBytes = 16<<10 - 8

// slab makes a slab of at least n values of T.
func slab[T any](n int) []T {
	var zero T
	return make([]T, max(n, slabBytes/int(unsafe.Sizeof(zero))))
}

func (m *Module) newResource() *Resource {
	if len(m.slab.res) == 0 {
		m.slab.res = slab[Resource](1)
	}
	r := &m.slab.res[0]
	m.slab.res = m.slab.res[1:]
	return r
}

// newItems returns an empty item list with room for n items.
func (m *Module) newItems(n int) []BodyItem {
	if len(m.slab.items) < n {
		m.slab.items = slab[BodyItem](n)
	}
	items := m.slab.items[:0:n]
	m.slab.items = m.slab.items[n:]
	return items
}

// growItems returns items with room for one more. A resource's items are
// usually the last ones the slab handed out, as a model declares a
// resource and sets its arguments before the next: those grow in place
// into the slab by one, so that no resource holds room it does not use.
// Others move to new room for twice as many.
func (m *Module) growItems(items []BodyItem) []BodyItem {
	n := len(items)
	if p := unsafe.SliceData(items); n > 0 && p == m.slab.lastItems && len(m.slab.items) > 0 &&
		unsafe.Add(unsafe.Pointer(p), uintptr(n)*unsafe.Sizeof(BodyItem{})) == unsafe.Pointer(unsafe.SliceData(m.slab.items)) {
		// items are the last handed out, and end where the rest of
		// their slab begins: one array.
		m.slab.items = m.slab.items[1:]
		return unsafe.Slice(p, n+1)[:n]
	}
	grown := append(m.newItems(max(2*n, 2)), items...)
	m.slab.lastItems = unsafe.SliceData(grown)
	return grown
}

func (m *Module) newAttribute() *Attribute {
	if m == nil {
		return new(Attribute)
	}
	if len(m.slab.attrs) == 0 {
		m.slab.attrs = slab[Attribute](1)
	}
	a := &m.slab.attrs[0]
	m.slab.attrs = m.slab.attrs[1:]
	return a
}

// NewModule starts an empty module that renders into dir name.
func NewModule(name string) *Module {
	return &Module{Name: name, pos: callerPos()}
}

// Pos is where the module was made.
func (m *Module) Pos() Pos { return m.pos }

// InFile makes the declarations that follow go to file (for example
// "alb.tf") instead of main.tf, so a large component can be split by area.
// An empty name goes back to main.tf.
//
// A name that is not a plain *.tf file name, or that the standard module
// structure reserves (variables.tf, outputs.tf, ...), is an error that
// Validate reports at this call; the declarations then go to main.tf.
func (m *Module) InFile(file string) *Module {
	if problem := fileProblem(file); problem != "" {
		m.badFiles = append(m.badFiles, badFile{name: file, problem: problem, pos: callerPos()})
		file = ""
	}
	m.file = file
	return m
}

// IsRoot reports whether the module is a root module: one that configures
// providers or a backend. Only root modules get providers.tf.
func (m *Module) IsRoot() bool {
	for _, p := range m.Providers {
		if !p.Passed {
			return true
		}
	}
	return m.Terraform.Backend != nil || m.Terraform.Cloud != nil
}

// TerraformBlock is the terraform { } block.
type TerraformBlock struct {
	RequiredVersion   string
	RequiredProviders []ProviderRequirement
	Backend           *Backend
	Cloud             *Cloud
}

// ProviderRequirement is one entry of required_providers.
type ProviderRequirement struct {
	Name, Source, Version string
	// ConfigurationAliases lists aliases a shared module expects its caller
	// to pass, as aws.us_east_1.
	ConfigurationAliases []string
}

// Backend is a backend "type" { } block; its settings are literals.
type Backend struct {
	Type string
	Body Body
}

// Cloud is the cloud { } block for Terraform Cloud (HCP Terraform).
type Cloud struct {
	Organization string
	Hostname     string
	Project      string
	// Workspace names one workspace; WorkspaceTags selects by tags instead.
	Workspace     string
	WorkspaceTags []string
}

// RequireProvider adds a required_providers entry.
func (m *Module) RequireProvider(name, source, version string) *ProviderRequirement {
	m.Terraform.RequiredProviders = append(m.Terraform.RequiredProviders, ProviderRequirement{Name: name, Source: source, Version: version})
	return &m.Terraform.RequiredProviders[len(m.Terraform.RequiredProviders)-1]
}

// SetBackend sets the backend and returns its settings body.
func (m *Module) SetBackend(typ string) *Body {
	m.Terraform.Backend = &Backend{Type: typ}
	return &m.Terraform.Backend.Body
}

// Provider is a provider configuration block, or (Passed) a configuration
// a shared module expects its caller to pass in.
type Provider struct {
	Name  string
	Alias string
	Body
	// Passed marks a configuration declared with ExpectProvider: it renders
	// as a configuration_aliases entry, not as a provider block.
	Passed bool
	pos    Pos
	module *Module
}

// Provider adds a provider configuration; alias may be empty.
func (m *Module) Provider(name, alias string) *Provider {
	p := &Provider{Name: name, Alias: alias, pos: callerPos(), module: m}
	m.Providers = append(m.Providers, p)
	return p
}

// ExpectProvider declares that a shared module uses an aliased provider
// configuration its caller passes in (configuration_aliases in
// required_providers), and returns the handle resources set as Provider.
// The caller maps it with ModuleCall.Providers[name+"."+alias].
func (m *Module) ExpectProvider(name, alias string) *Provider {
	p := &Provider{Name: name, Alias: alias, Passed: true, pos: callerPos(), module: m}
	m.Providers = append(m.Providers, p)
	for i := range m.Terraform.RequiredProviders {
		if req := &m.Terraform.RequiredProviders[i]; req.Name == name {
			req.ConfigurationAliases = append(req.ConfigurationAliases, p.Ref())
			return p
		}
	}
	m.Terraform.RequiredProviders = append(m.Terraform.RequiredProviders, ProviderRequirement{Name: name, Source: "hashicorp/" + name, ConfigurationAliases: []string{p.Ref()}})
	return p
}

// Ref is how meta-arguments name this configuration: aws or aws.west.
func (p *Provider) Ref() string {
	if p.Alias == "" {
		return p.Name
	}
	return p.Name + "." + p.Alias
}

func (p *Provider) Pos() Pos        { return p.pos }
func (p *Provider) Module() *Module { return p.module }

// Variable is an input variable.
type Variable struct {
	Name        string
	Type        cty.Type
	Description string
	// Default is cty.NilVal when the variable is required.
	Default   cty.Value
	Sensitive bool
	Nullable  *bool
	Ephemeral bool
	// TypeDefaults are the defaults of the optional() attributes in Type,
	// as in optional(number, 7): DefaultValues by attribute name, Children
	// by attribute name for nested objects ("" for the elements of a list,
	// set or map; "0", "1", ... for tuple elements). Only DefaultValues and
	// Children are read: the type is Type's. nil when there are none.
	TypeDefaults *typeexpr.Defaults
	Validations  []Condition
	pos          Pos
	module       *Module
}

// Condition is a validation, precondition, postcondition or check assert.
type Condition struct {
	Cond    Expr
	Message Expr
}

// Variable declares an input variable of type typ (cty.DynamicPseudoType
// is `any`) and returns its handle, which is also a reference to it.
func (m *Module) Variable(name string, typ cty.Type, description string) *Variable {
	v := &Variable{Name: name, Type: typ, Description: description, pos: callerPos(), module: m}
	m.Variables = append(m.Variables, v)
	return v
}

// WithDefault sets the default value.
func (v *Variable) WithDefault(val cty.Value) *Variable { v.Default = val; return v }

// WithTypeDefaults sets the defaults of the optional() attributes of the
// variable's object type (see TypeDefaults).
func (v *Variable) WithTypeDefaults(d *typeexpr.Defaults) *Variable { v.TypeDefaults = d; return v }

// MarkSensitive marks the variable sensitive.
func (v *Variable) MarkSensitive() *Variable { v.Sensitive = true; return v }

// Validate adds a validation block.
func (v *Variable) Validate(cond Expr, message string) *Variable {
	v.Validations = append(v.Validations, Condition{Cond: Unwrap(cond), Message: String(message)})
	return v
}

func (v *Variable) RefAddr() string { return "var." + v.Name }
func (v *Variable) Module() *Module { return v.module }
func (v *Variable) Pos() Pos        { return v.pos }
func (v *Variable) isExpr()         {}

// Ref is the reference var.<name>.
func (v *Variable) Ref() Ref { return objectRef(v) }

// Attr is var.<name>.<attr>.
func (v *Variable) Attr(name string) Ref { return v.Ref().Attr(name) }

// Local is one entry of a locals block.
type Local struct {
	Name   string
	Value  Expr
	pos    Pos
	module *Module
	File   string
}

// Local declares local.<name> = value.
func (m *Module) Local(name string, value Expr) *Local {
	l := &Local{Name: name, Value: Unwrap(value), pos: callerPos(), module: m, File: m.file}
	m.Locals = append(m.Locals, l)
	return l
}

func (l *Local) RefAddr() string { return "local." + l.Name }
func (l *Local) Module() *Module { return l.module }
func (l *Local) Pos() Pos        { return l.pos }
func (l *Local) isExpr()         {}

// Ref is the reference local.<name>.
func (l *Local) Ref() Ref { return objectRef(l) }

// Attr is local.<name>.<attr>.
func (l *Local) Attr(name string) Ref { return l.Ref().Attr(name) }

// Mode says whether a Resource is managed or a data source. One byte: it
// sits beside a resource's other small fields.
type Mode uint8

const (
	Managed Mode = iota
	Data
	// Ephemeral is an ephemeral resource (Module.Ephemeral).
	Ephemeral
)

// Resource is a resource or data block.
type Resource struct {
	Type      string
	Name      string
	Count     Expr
	ForEach   Expr
	Provider  *Provider
	DependsOn []Referenceable
	Body
	// Lifecycle is the lifecycle block, nil when there is none (most
	// resources): a pointer keeps the common resource small.
	Lifecycle *Lifecycle
	// Provisioners are provisioner blocks, such as local-exec.
	Provisioners []*Block
	Waivers      []Waiver
	// File is the file it renders into; empty means main.tf.
	File   string
	pos    Pos
	module *Module
	// seq is the resource's index in module.Resources when it was
	// declared: Validate finds its place there without a map lookup (and
	// checks that it is still there).
	seq  int32
	Mode Mode
}

// misapply records that the resource was given an option it cannot take,
// with its module (see Module.misapplied). Only a module's declarations
// take options.
func (r *Resource) misapply(name string) {
	m := r.module
	if m.misapplied == nil {
		m.misapplied = make(map[*Resource][]string)
	}
	m.misapplied[r] = append(m.misapplied[r], name)
}

// misappliedNames are the names misapply recorded for r.
func (r *Resource) misappliedNames() []string {
	if r.module == nil {
		return nil
	}
	return r.module.misapplied[r]
}

// Lifecycle is the lifecycle block of a resource.
type Lifecycle struct {
	CreateBeforeDestroy bool
	PreventDestroy      bool
	// IgnoreChanges lists attribute paths such as "tags" or
	// "tags[\"Owner\"]"; IgnoreAllChanges renders `all`.
	IgnoreChanges      []string
	IgnoreAllChanges   bool
	ReplaceTriggeredBy []Expr
	Preconditions      []Condition
	Postconditions     []Condition
}

// Empty reports whether the lifecycle block would be empty; a nil one is.
func (l *Lifecycle) Empty() bool {
	return l == nil || !l.CreateBeforeDestroy && !l.PreventDestroy && len(l.IgnoreChanges) == 0 && !l.IgnoreAllChanges &&
		len(l.ReplaceTriggeredBy) == 0 && len(l.Preconditions) == 0 && len(l.Postconditions) == 0
}

// noLifecycle stands for the lifecycle of a resource without one.
var noLifecycle Lifecycle

// lifecycle is r's lifecycle block, empty when it has none; the library
// only reads it.
func (r *Resource) lifecycle() *Lifecycle {
	if r.Lifecycle == nil {
		return &noLifecycle
	}
	return r.Lifecycle
}

// Waiver excuses a resource from one policy rule, with a reason and an
// optional expiry date (YYYY-MM-DD).
type Waiver struct {
	Rule, Reason, Expires string
	// Pos is where Waive was called, for diagnostics and for the waiver
	// file's pointer back to the blueprint.
	Pos Pos
}

// Resource declares a managed resource.
//
//go:noinline
func (m *Module) Resource(typ, name string, opts ...Option) *Resource {
	r := m.newResource()
	r.Mode, r.Type, r.Name, r.module, r.File = Managed, typ, name, m, m.file
	var pcs callStack
	callers(1, pcs[:])
	r.pos.stack = intern(&pcs)
	// Set gives the items room as they come (growItems).
	m.addResource(r)
	r.apply(opts)
	return r
}

// Data declares a data source.
func (m *Module) Data(typ, name string, opts ...Option) *Resource {
	r := &Resource{Mode: Data, Type: typ, Name: name, pos: callerPos(), module: m, File: m.file}
	m.addResource(r)
	r.apply(opts)
	return r
}

// addResource appends r to m.Resources and records its index there (seq),
// doubling the list when it is full: append grows a long slice by a
// quarter, so that a list of n resources would leave about 4n slots of
// earlier lists behind it, where doubling leaves n.
func (m *Module) addResource(r *Resource) {
	r.seq = int32(len(m.Resources))
	if len(m.Resources) == cap(m.Resources) {
		m.Resources = slices.Grow(m.Resources, max(len(m.Resources), 16))
	}
	m.Resources = append(m.Resources, r)
}

// Address is the resource's address within its module.
func (r *Resource) Address() string {
	return modePrefix(r.Mode) + r.Type + "." + r.Name
}

// Addresses are the addresses of rs, in order, cut from a few buffers of
// up to 32 KiB: a large module's validators need every one, and an
// allocation for thousands of them costs far less than one each.
//
// The addresses of a module's whole resource list (rs is m.Resources) are
// kept with the module and shared by the next call while every one still
// matches its resource, so that gen's two validators make them once: the
// result must not be modified.
func Addresses(rs []*Resource) []string {
	if len(rs) == 0 {
		return []string{}
	}
	m := rs[0].module
	if m == nil || len(m.Resources) != len(rs) || &m.Resources[0] != &rs[0] {
		return addresses(rs)
	}
	if c := m.addrs.Load(); c != nil && addressesMatch(*c, rs) {
		return *c
	}
	out := addresses(rs)
	m.addrs.Store(&out)
	return out
}

// addressChunk is the most bytes of addresses addresses writes into one
// buffer: the largest small size class.
const addressChunk = 32 << 10

// addresses writes the addresses of rs into buffers of up to
// addressChunk bytes, one pass over the resources (a large module's do
// not stay in the cache for a second), and cuts each from its buffer.
func addresses(rs []*Resource) []string {
	out := make([]string, len(rs))
	var buf []byte
	for i, r := range rs {
		l := len(modePrefix(r.Mode)) + len(r.Type) + 1 + len(r.Name)
		if cap(buf)-len(buf) < l {
			// The rest are guessed to be as long as this one.
			buf = make([]byte, 0, max(l, min(addressChunk, (len(rs)-i)*l)))
		}
		at := len(buf)
		buf = r.appendAddress(buf)
		// The bytes just written are never written again: the address
		// is those bytes, not a copy of them.
		out[i] = unsafe.String(&buf[at], l)
	}
	return out
}

// addressesMatch reports whether addrs are the addresses of rs, without
// making any.
func addressesMatch(addrs []string, rs []*Resource) bool {
	if len(addrs) != len(rs) {
		return false
	}
	for i, r := range rs {
		a, p := addrs[i], modePrefix(r.Mode)
		if len(a) != len(p)+len(r.Type)+1+len(r.Name) || a[:len(p)] != p ||
			a[len(p):len(p)+len(r.Type)] != r.Type || a[len(p)+len(r.Type)] != '.' || a[len(a)-len(r.Name):] != r.Name {
			return false
		}
	}
	return true
}

func modePrefix(m Mode) string {
	switch m {
	case Data:
		return "data."
	case Ephemeral:
		return "ephemeral."
	}
	return ""
}

func (r *Resource) appendAddress(b []byte) []byte {
	b = append(b, modePrefix(r.Mode)...)
	b = append(b, r.Type...)
	b = append(b, '.')
	return append(b, r.Name...)
}

func (r *Resource) RefAddr() string { return r.Address() }
func (r *Resource) Module() *Module { return r.module }
func (r *Resource) Pos() Pos        { return r.pos }

// Ref is a reference to the whole object.
func (r *Resource) Ref() Ref { return objectRef(r) }

// Attr is a reference to one of its attributes.
func (r *Resource) Attr(name string) Ref { return objectRef(r).Attr(name) }

// Set sets an argument and returns r for chaining.
//
//go:noinline
func (r *Resource) Set(name string, v Expr) *Resource {
	a := r.module.newAttribute()
	a.Name, a.Value = name, Unwrap(v)
	// Only blueprint code calls Set, and Set is not inlined: its return
	// address is the blueprint's line.
	var pcs callStack
	callers(1, pcs[:1])
	a.Pos.stack = intern(&pcs)
	if len(r.Items) == cap(r.Items) && r.module != nil {
		r.Items = r.module.growItems(r.Items)
	}
	r.Items = append(r.Items, BodyItem{Attr: a})
	return r
}

// Waive excuses the resource from a policy rule until expires
// (YYYY-MM-DD, the last day it applies; "" for never).
//
//go:noinline
func (r *Resource) Waive(rule, reason, expires string) *Resource {
	r.Waivers = append(r.Waivers, Waiver{Rule: rule, Reason: reason, Expires: expires, Pos: callerPos()})
	return r
}

// DependOn adds explicit dependencies.
func (r *Resource) DependOn(objs ...Referenceable) *Resource {
	r.DependsOn = append(r.DependsOn, objs...)
	return r
}

// Provisioner adds a provisioner block (for example "local-exec") and
// returns its body.
func (r *Resource) Provisioner(typ string) *Body {
	b := &Block{Type: "provisioner", Labels: []string{typ}, Pos: callerPos()}
	r.Provisioners = append(r.Provisioners, b)
	return &b.Body
}

// ModuleCall is a module block.
type ModuleCall struct {
	Name    string
	Source  string
	Version string
	Count   Expr
	ForEach Expr
	// Providers maps the child's provider names to this module's
	// configurations.
	Providers map[string]*Provider
	DependsOn []Referenceable
	Body
	File   string
	pos    Pos
	module *Module
	// Child, when set, is the called module's model, so inputs and output
	// references can be checked against it.
	Child *Module
	// misapplied names options given that a module call cannot take.
	misapplied []string
}

// Call declares module "name" { source = source }.
func (m *Module) Call(name, source string, opts ...Option) *ModuleCall {
	c := &ModuleCall{Name: name, Source: source, pos: callerPos(), module: m, File: m.file}
	m.Calls = append(m.Calls, c)
	c.apply(opts)
	return c
}

// CallModule calls a module of this model by relative path from m's
// directory to child's, and remembers child for checking.
func (m *Module) CallModule(name string, child *Module, opts ...Option) *ModuleCall {
	c := &ModuleCall{Name: name, Source: relSource(m.Name, child.Name), pos: callerPos(), module: m, File: m.file, Child: child}
	m.Calls = append(m.Calls, c)
	c.apply(opts)
	return c
}

func (c *ModuleCall) RefAddr() string { return "module." + c.Name }
func (c *ModuleCall) Module() *Module { return c.module }
func (c *ModuleCall) Pos() Pos        { return c.pos }

// Ref is a reference to the whole call, module.<name>, as in
// module.<name>[*].<output> for a call with count.
func (c *ModuleCall) Ref() Ref { return objectRef(c) }

// Output is a reference to module.<name>.<output>.
func (c *ModuleCall) Output(name string) Ref { return objectRef(c).Attr(name) }

// InstanceOutput is a reference to module.<name>[key].<output>, for a call
// with count or for_each.
func (c *ModuleCall) InstanceOutput(key Expr, name string) Ref {
	return objectRef(c).Index(key).Attr(name)
}

// Set sets an input and returns c for chaining.
//
//go:noinline
func (c *ModuleCall) Set(name string, v Expr) *ModuleCall {
	c.Items = append(c.Items, BodyItem{Attr: &Attribute{Name: name, Value: Unwrap(v), Pos: callerPos1()}})
	return c
}

// Output is an output block.
type Output struct {
	Name          string
	Value         Expr
	Description   string
	Sensitive     bool
	Ephemeral     bool
	DependsOn     []Referenceable
	Preconditions []Condition
	pos           Pos
	module        *Module
}

// Output declares an output.
func (m *Module) Output(name string, value Expr, description string) *Output {
	o := &Output{Name: name, Value: Unwrap(value), Description: description, pos: callerPos(), module: m}
	m.Outputs = append(m.Outputs, o)
	return o
}

// MarkSensitive marks the output sensitive.
func (o *Output) MarkSensitive() *Output { o.Sensitive = true; return o }

func (o *Output) Pos() Pos { return o.pos }

// Moved is a moved block; From and To are addresses such as
// aws_s3_bucket.old or module.a.aws_s3_bucket.b.
type Moved struct {
	From, To string
	pos      Pos
}

// Move records that from is now to.
func (m *Module) Move(from, to string) *Moved {
	mv := &Moved{From: from, To: to, pos: callerPos()}
	m.Moved = append(m.Moved, mv)
	return mv
}

// Import is an import block.
type Import struct {
	To *Resource
	// Key, when set, selects an instance of a resource with count or
	// for_each.
	Key Expr
	// ForEach, when set, imports one instance per element (Terraform
	// 1.7); Key and ID then usually use each.key and each.value.
	ForEach Expr
	ID      Expr
	pos     Pos
}

// Import adopts an existing object with id into resource to.
func (m *Module) Import(to *Resource, id Expr) *Import {
	im := &Import{To: to, ID: Unwrap(id), pos: callerPos()}
	m.Imports = append(m.Imports, im)
	return im
}

// Check is a check block: an optional scoped data source and asserts.
type Check struct {
	Name    string
	Data    *Resource
	Asserts []Condition
	pos     Pos
	module  *Module
}

// Check declares a check block.
func (m *Module) Check(name string) *Check {
	c := &Check{Name: name, pos: callerPos(), module: m}
	m.Checks = append(m.Checks, c)
	return c
}

// ScopedData declares the check's scoped data source.
func (c *Check) ScopedData(typ, name string) *Resource {
	c.Data = &Resource{Mode: Data, Type: typ, Name: name, pos: callerPos(), module: c.module}
	return c.Data
}

// Assert adds an assert block.
func (c *Check) Assert(cond Expr, message Expr) *Check {
	c.Asserts = append(c.Asserts, Condition{Cond: Unwrap(cond), Message: Unwrap(message)})
	return c
}

func (c *Check) Pos() Pos { return c.pos }

func relSource(from, to string) string {
	fromParts := splitPath(from)
	toParts := splitPath(to)
	i := 0
	for i < len(fromParts) && i < len(toParts) && fromParts[i] == toParts[i] {
		i++
	}
	s := ""
	for range fromParts[i:] {
		s += "../"
	}
	if s == "" {
		s = "./"
	}
	for j, p := range toParts[i:] {
		if j > 0 {
			s += "/"
		}
		s += p
	}
	return s
}

func splitPath(p string) []string {
	var parts []string
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			if i > start {
				parts = append(parts, p[start:i])
			}
			start = i + 1
		}
	}
	return parts
}

func (m *Moved) Pos() Pos  { return m.pos }
func (i *Import) Pos() Pos { return i.pos }
