package diagram

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// ResourceStyle says how resources of one type appear in a module call's
// cluster.
type ResourceStyle struct {
	// Type is the resource type, such as "aws_lb".
	Type string
	// Label names the type in the cluster's note and, unless Node is
	// set, labels its node.
	Label string
	// Node labels the type's node where it says more than the note
	// ("CloudFront\nHTTPS, TLS 1.2+" beside the note's "CloudFront").
	Node string
	Kind Kind
	// NoteOnly lists the type in the cluster's note but draws no node.
	NoteOnly bool
}

// DefaultResources is a table of common AWS resource types, most telling
// first. Types not in the table (policies, attachments, rules) are left
// out of the picture.
func DefaultResources() []ResourceStyle {
	return []ResourceStyle{
		{Type: "aws_cloudfront_distribution", Label: "CloudFront"},
		{Type: "aws_lb", Label: "Load balancer"},
		{Type: "aws_ecs_service", Label: "ECS service"},
		{Type: "aws_instance", Label: "EC2 instance"},
		{Type: "aws_elasticache_replication_group", Label: "ElastiCache", Kind: Store},
		{Type: "aws_db_instance", Label: "RDS", Kind: Store},
		{Type: "aws_rds_cluster", Label: "Aurora", Kind: Store},
		{Type: "aws_dynamodb_table", Label: "DynamoDB", Kind: Store},
		{Type: "aws_cognito_user_pool", Label: "Cognito user pool"},
		{Type: "aws_apigatewayv2_api", Label: "API Gateway"},
		{Type: "aws_api_gateway_rest_api", Label: "API Gateway"},
		{Type: "aws_lambda_function", Label: "Lambda"},
		{Type: "aws_sqs_queue", Label: "SQS queue", Kind: Store},
		{Type: "aws_sns_topic", Label: "SNS topic"},
		{Type: "aws_ecr_repository", Label: "ECR", Kind: Store},
		{Type: "aws_s3_bucket", Label: "S3 bucket", Kind: Store},
		{Type: "aws_iam_openid_connect_provider", Label: "OIDC provider"},
		{Type: "aws_route53_record", Label: "Route 53 records"},
		{Type: "aws_acm_certificate", Label: "ACM certificate"},
		{Type: "aws_vpc", Label: "VPC"},
		{Type: "aws_nat_gateway", Label: "NAT gateway"},
		{Type: "aws_ecs_cluster", Label: "ECS cluster", NoteOnly: true},
		{Type: "aws_appautoscaling_target", Label: "autoscaling", NoteOnly: true},
		{Type: "aws_subnet", Label: "subnets", NoteOnly: true},
		{Type: "aws_internet_gateway", Label: "internet gateway", NoteOnly: true},
		{Type: "aws_flow_log", Label: "flow logs", NoteOnly: true},
		{Type: "aws_secretsmanager_secret", Label: "Secrets Manager", NoteOnly: true},
		{Type: "aws_iam_role", Label: "IAM roles", NoteOnly: true},
		{Type: "aws_security_group", Label: "security groups", NoteOnly: true},
		{Type: "aws_cloudwatch_log_group", Label: "log groups", NoteOnly: true},
	}
}

// Options says what FromModule draws beyond what the model tells.
type Options struct {
	// Resources is the resource table, most telling type first; nil
	// means DefaultResources.
	Resources []ResourceStyle
	// MaxNodes caps the resource nodes per cluster (default 3), MaxNote
	// the types listed in a cluster's note (default 4).
	MaxNodes, MaxNote int
	// Skip names module calls left out of the picture.
	Skip []string
	// Omit lists resource nodes not to draw, as "call/type"
	// ("chat/aws_s3_bucket"); the type is left out of the note too.
	Omit []string
	// Labels overrides the label of nodes and clusters by ID, or of a
	// resource node by "call/type" as in Omit.
	Labels map[string]string
	// EdgeLabels overrides the label of the edge derived from references
	// between two calls, keyed "from->to" by call name ("chat->redis").
	EdgeLabels map[string]string
	// Nodes are annotations: actors and outside systems.
	Nodes []Node
	// Edges are annotations: the paths the model cannot know. Either end
	// may be an annotation node, a call's cluster (SafeID of its name) or
	// a resource node, by its ID (Res) or as "call/type".
	Edges []Edge
	// KeepCovered keeps a derived edge between two calls even when an
	// annotation edge already joins the same two clusters in the same
	// direction (by default the annotation stands for it).
	KeepCovered bool
}

// Res is the ID of the node FromModule draws for resources of type typ in
// module call call: "chat", "aws_lb" -> "chat_lb".
func Res(call, typ string) string {
	if i := strings.IndexByte(typ, '_'); i >= 0 {
		typ = typ[i+1:]
	}
	return SafeID(call + "_" + typ)
}

// FromModule draws root: one cluster per module call, key resource nodes
// inside, dashed edges for references between calls, and the annotations
// of opts. It fails when an annotation names something that is not
// there (an edge end, a label's node or edge, an omitted type), so a
// renamed call or dropped resource cannot silently vanish from the
// picture, nor an annotation outlive what it described.
func FromModule(root *tf.Module, opts Options) (*Graph, error) {
	table := opts.Resources
	if table == nil {
		table = DefaultResources()
	}
	maxNodes, maxNote := opts.MaxNodes, opts.MaxNote
	if maxNodes <= 0 {
		maxNodes = 3
	}
	if maxNote <= 0 {
		maxNote = 4
	}
	skip := set(opts.Skip)
	omit := set(opts.Omit)
	labels := map[string]string{}
	for k, l := range opts.Labels {
		labels[nodeID(k)] = l
	}
	used := map[string]bool{} // labels, omits and edge labels that were applied
	label := func(id, def string) string {
		if l, ok := labels[id]; ok {
			used[id] = true
			return l
		}
		return def
	}

	g := &Graph{Name: root.Name}
	g.Nodes = append(g.Nodes, opts.Nodes...)
	var calls []*tf.ModuleCall
	for _, c := range root.Calls {
		if skip[c.Name] {
			continue
		}
		calls = append(calls, c)
		types := map[string]bool{}
		if c.Child != nil {
			collectTypes(c.Child, types, map[*tf.Module]bool{})
		}
		cid := SafeID(c.Name)
		var note []string
		var nodes []Node
		for _, rs := range table {
			if !types[rs.Type] {
				continue
			}
			if omit[c.Name+"/"+rs.Type] {
				used[c.Name+"/"+rs.Type] = true
				continue
			}
			if len(note) < maxNote && !contains(note, rs.Label) {
				note = append(note, rs.Label)
			}
			if !rs.NoteOnly && len(nodes) < maxNodes {
				id, l := Res(c.Name, rs.Type), rs.Label
				if rs.Node != "" {
					l = rs.Node
				}
				nodes = append(nodes, Node{ID: id, Label: label(id, l), Kind: rs.Kind, Cluster: cid})
			}
		}
		if len(nodes) == 0 {
			// A cluster needs a node to be drawn at all.
			id := SafeID(c.Name + "_module")
			nodes = append(nodes, Node{ID: id, Label: label(id, c.Name), Cluster: cid})
		}
		g.Clusters = append(g.Clusters, Cluster{ID: cid, Label: label(cid, c.Name), Note: strings.Join(note, ", ")})
		g.Nodes = append(g.Nodes, nodes...)
	}

	for _, e := range opts.Edges {
		e.From, e.To = nodeID(e.From), nodeID(e.To)
		g.Edges = append(g.Edges, e)
	}
	// Validate the annotations before anything is derived from them.
	if err := g.Validate(); err != nil {
		return nil, err
	}
	covered := map[[2]string]bool{}
	if !opts.KeepCovered {
		for _, e := range g.Edges {
			covered[[2]string{g.clusterOf(e.From), g.clusterOf(e.To)}] = true
		}
	}
	for _, c := range calls {
		for _, d := range uses(c, skip) {
			from, to := SafeID(c.Name), SafeID(d.call.Name)
			if covered[[2]string{from, to}] {
				continue
			}
			key := c.Name + "->" + d.call.Name
			l, ok := opts.EdgeLabels[key]
			if ok {
				used[key] = true
			} else {
				l = outputsLabel(d.outputs)
			}
			g.Edges = append(g.Edges, Edge{From: from, To: to, Label: l, Style: Dashed})
		}
	}
	if err := errors.Join(g.Validate(), unused(opts, labels, used)); err != nil {
		return nil, err
	}
	return g, nil
}

// nodeID is the node ID an annotation means: "call/type" is the resource
// node Res(call, type); anything else is an ID already.
func nodeID(s string) string {
	if call, typ, ok := strings.Cut(s, "/"); ok {
		return Res(call, typ)
	}
	return s
}

// unused reports the annotations FromModule found nothing to apply to:
// labels of nodes or clusters not drawn, labels of derived edges not drawn
// (no reference, or an annotation edge covers it), and omitted types the
// call does not have.
func unused(opts Options, labels map[string]string, used map[string]bool) error {
	var errs []error
	for _, id := range slices.Sorted(maps.Keys(labels)) {
		if !used[id] {
			errs = append(errs, fmt.Errorf("diagram: Labels: no node or cluster %q is drawn", id))
		}
	}
	for _, key := range slices.Sorted(maps.Keys(opts.EdgeLabels)) {
		if !used[key] {
			errs = append(errs, fmt.Errorf("diagram: EdgeLabels: no edge %s is derived (no reference between the calls, or an annotation edge covers it)", key))
		}
	}
	for _, o := range opts.Omit {
		if !used[o] {
			errs = append(errs, fmt.Errorf("diagram: Omit: %s names a type its call does not have, or one the resource table does not draw", o))
		}
	}
	return errors.Join(errs...)
}

// collectTypes gathers the managed resource types of m and the modules it
// calls.
func collectTypes(m *tf.Module, types map[string]bool, seen map[*tf.Module]bool) {
	if seen[m] {
		return
	}
	seen[m] = true
	for _, r := range m.Resources {
		if r.Mode == tf.Managed {
			types[r.Type] = true
		}
	}
	for _, c := range m.Calls {
		if c.Child != nil {
			collectTypes(c.Child, types, seen)
		}
	}
}

// use is one module call another call's inputs depend on, and which of
// its outputs they read, in first-use order.
type use struct {
	call    *tf.ModuleCall
	outputs []string
}

// uses lists the calls whose outputs c's inputs, count, for_each and
// depends_on use, directly or through locals of the calling module.
func uses(c *tf.ModuleCall, skip map[string]bool) []use {
	var out []use
	index := map[*tf.ModuleCall]int{}
	note := func(target *tf.ModuleCall, output string) {
		if target == c || skip[target.Name] {
			return
		}
		i, ok := index[target]
		if !ok {
			i = len(out)
			index[target] = i
			out = append(out, use{call: target})
		}
		if output != "" && !contains(out[i].outputs, output) {
			out[i].outputs = append(out[i].outputs, output)
		}
	}
	seenLocals := map[*tf.Local]bool{}
	var visit func(tf.Expr) bool
	local := func(l *tf.Local) {
		if !seenLocals[l] {
			seenLocals[l] = true
			tf.WalkExpr(l.Value, visit)
		}
	}
	visit = func(e tf.Expr) bool {
		switch x := e.(type) {
		case *tf.Local: // a local handle used as a value
			local(x)
		case tf.Ref:
			if x.Kind != tf.RefObject {
				break
			}
			switch t := x.Target.(type) {
			case *tf.ModuleCall:
				output := ""
				if len(x.Steps) > 0 {
					output = x.Steps[0].Attr
				}
				note(t, output)
			case *tf.Local:
				local(t)
			}
		}
		return true
	}
	tf.WalkExpr(c.Count, visit)
	tf.WalkExpr(c.ForEach, visit)
	tf.WalkBody(&c.Body, visit)
	for _, d := range c.DependsOn {
		if t, ok := d.(*tf.ModuleCall); ok {
			note(t, "")
		}
	}
	return out
}

// outputsLabel names the outputs an edge carries: up to two, then "+N".
func outputsLabel(outputs []string) string {
	var parts []string
	for i, o := range outputs {
		if i == 2 {
			parts = append(parts, fmt.Sprintf("+%d", len(outputs)-2))
			break
		}
		parts = append(parts, o)
	}
	return strings.Join(parts, ", ")
}

func set(ss []string) map[string]bool {
	m := make(map[string]bool, len(ss))
	for _, s := range ss {
		m[s] = true
	}
	return m
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
