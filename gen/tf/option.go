package tf

// Option is a meta-argument given when a resource, data source or module
// call is declared, so an object is complete at the line that declares it
// and nothing is changed after the fact:
//
//	m.Resource("aws_nat_gateway", "this", tf.Count(n), tf.DependsOn(igw))
//
// Options that Terraform has only for resources (lifecycle, waivers) are
// reported by Validate when given to a module call.
type Option struct {
	name string
	res  func(*Resource)
	// call is nil for options a module call cannot take.
	call func(*ModuleCall)
}

func (r *Resource) apply(opts []Option) {
	for _, o := range opts {
		o.res(r)
	}
}

func (c *ModuleCall) apply(opts []Option) {
	for _, o := range opts {
		if o.call == nil {
			c.misapplied = append(c.misapplied, o.name)
			continue
		}
		o.call(c)
	}
}

// Count is the count meta-argument.
func Count(n Expr) Option {
	n = Unwrap(n)
	return Option{"count", func(r *Resource) { r.Count = n }, func(c *ModuleCall) { c.Count = n }}
}

// ForEach is the for_each meta-argument.
func ForEach(coll Expr) Option {
	coll = Unwrap(coll)
	return Option{"for_each", func(r *Resource) { r.ForEach = coll }, func(c *ModuleCall) { c.ForEach = coll }}
}

// DependsOn adds explicit dependencies.
func DependsOn(objs ...Referenceable) Option {
	return Option{"depends_on",
		func(r *Resource) { r.DependsOn = append(r.DependsOn, objs...) },
		func(c *ModuleCall) { c.DependsOn = append(c.DependsOn, objs...) }}
}

// WithProvider selects a provider configuration for a resource or data
// source (the provider meta-argument).
func WithProvider(p *Provider) Option {
	return Option{"provider", func(r *Resource) { r.Provider = p }, nil}
}

// PassProviders maps a called module's provider names (aws, aws.east) to
// this module's configurations (the providers meta-argument of a module
// call).
func PassProviders(m map[string]*Provider) Option {
	return Option{"providers", func(r *Resource) { r.misapply("providers") }, func(c *ModuleCall) {
		if c.Providers == nil {
			c.Providers = map[string]*Provider{}
		}
		for k, p := range m {
			c.Providers[k] = p
		}
	}}
}

func lifecycle(name string, f func(*Lifecycle)) Option {
	return Option{name, func(r *Resource) {
		if r.Lifecycle == nil {
			r.Lifecycle = new(Lifecycle)
		}
		f(r.Lifecycle)
	}, nil}
}

// IgnoreChanges is lifecycle { ignore_changes = [...] } with attribute
// paths such as "tags" or `tags["Owner"]`.
func IgnoreChanges(paths ...string) Option {
	return lifecycle("ignore_changes", func(l *Lifecycle) { l.IgnoreChanges = append(l.IgnoreChanges, paths...) })
}

// IgnoreAllChanges is lifecycle { ignore_changes = all }.
func IgnoreAllChanges() Option {
	return lifecycle("ignore_changes", func(l *Lifecycle) { l.IgnoreAllChanges = true })
}

// PreventDestroy is lifecycle { prevent_destroy = true }.
func PreventDestroy() Option {
	return lifecycle("prevent_destroy", func(l *Lifecycle) { l.PreventDestroy = true })
}

// CreateBeforeDestroy is lifecycle { create_before_destroy = true }.
func CreateBeforeDestroy() Option {
	return lifecycle("create_before_destroy", func(l *Lifecycle) { l.CreateBeforeDestroy = true })
}

// ReplaceTriggeredBy is lifecycle { replace_triggered_by = [...] }.
func ReplaceTriggeredBy(refs ...Expr) Option {
	refs = unwrapAll(refs)
	return lifecycle("replace_triggered_by", func(l *Lifecycle) { l.ReplaceTriggeredBy = append(l.ReplaceTriggeredBy, refs...) })
}

// Precondition is a lifecycle precondition; message is a string or an
// expression (a template naming the offending value).
func Precondition(cond Expr, message any) Option {
	c := condition(cond, message)
	return lifecycle("precondition", func(l *Lifecycle) { l.Preconditions = append(l.Preconditions, c) })
}

// Postcondition is a lifecycle postcondition; see Precondition.
func Postcondition(cond Expr, message any) Option {
	c := condition(cond, message)
	return lifecycle("postcondition", func(l *Lifecycle) { l.Postconditions = append(l.Postconditions, c) })
}

func condition(cond Expr, message any) Condition {
	var msg Expr
	switch v := message.(type) {
	case string:
		msg = String(v)
	case Expr:
		msg = Unwrap(v)
	default:
		msg = Tmpl(v)
	}
	return Condition{Cond: Unwrap(cond), Message: msg}
}

// Waive excuses the resource from one policy rule, with a reason and an
// expiry date (YYYY-MM-DD, or empty).
//
//go:noinline
func Waive(rule, reason, expires string) Option {
	w := Waiver{Rule: rule, Reason: reason, Expires: expires, Pos: callerPos()}
	return Option{"waiver", func(r *Resource) { r.Waivers = append(r.Waivers, w) }, nil}
}
