package policy

import (
	"fmt"
	"strconv"
	"strings"
)

func elbRules() []*Rule {
	lb := []string{"aws_lb", "aws_alb"}
	listener := []string{"aws_lb_listener", "aws_alb_listener"}
	return []*Rule{{
		ID: "aws-elb-https-listener", Title: "Load balancer listeners use HTTPS or redirect to it",
		Severity: High, Enforcement: HardMandatory, Types: listener, Reads: []string{"protocol", "default_action"},
		Doc: "An HTTP listener's every default action redirects to HTTPS; other listeners use HTTPS or TLS. " +
			"checkov CKV_AWS_2, CKV2_AWS_20; tfsec aws-elb-http-not-used (AVD-AWS-0054).",
		Check: func(r *Resource) Verdict {
			p := r.Get("protocol")
			switch {
			case p.Unknown():
				return Unknownf("protocol known only after apply")
			case p.Str() != "HTTP":
				return Passf("protocol %s", p.Show())
			}
			acts := r.Get("default_action")
			if acts.Unknown() {
				return Unknownf("default_action known only after apply")
			}
			for _, a := range acts.Elems() {
				t := a.Get("type")
				proto := a.Get("redirect", 0, "protocol")
				if t.Unknown() || proto.Unknown() {
					return Unknownf("default_action known only after apply")
				}
				if t.Str() != "redirect" || proto.Str() != "HTTPS" {
					return Failf("HTTP listener's default action is %s, not a redirect to HTTPS", t.Show())
				}
			}
			return Passf("HTTP listener redirects to HTTPS")
		},
	}, {
		ID: "aws-elb-tls-policy", Title: "HTTPS listeners use a TLS 1.2+ security policy",
		Severity: High, Enforcement: SoftMandatory, Types: listener, Reads: []string{"protocol", "ssl_policy"},
		Doc: "HTTPS and TLS listeners use an ssl_policy that refuses TLS 1.0/1.1 (ELBSecurityPolicy-TLS13-*, " +
			"*-TLS-1-2-*, *-FS-1-2-*). checkov CKV_AWS_103; tfsec aws-elb-use-secure-tls-policy (AVD-AWS-0047).",
		Check: func(r *Resource) Verdict {
			p := r.Get("protocol").Str()
			if p != "HTTPS" && p != "TLS" {
				return Passf("protocol %s has no TLS policy", r.Get("protocol").Show())
			}
			sp := r.Get("ssl_policy")
			if sp.Unknown() {
				return Unknownf("ssl_policy known only after apply")
			}
			s := sp.Str()
			if strings.Contains(s, "TLS13") || strings.Contains(s, "TLS-1-2") || strings.Contains(s, "FS-1-2") {
				return Passf("ssl_policy %s", sp.Show())
			}
			return Failf("ssl_policy %s accepts TLS older than 1.2", sp.Show())
		},
	}, {
		ID: "aws-elb-drop-invalid-headers", Title: "Application load balancers drop invalid header fields",
		Severity: Medium, Enforcement: SoftMandatory, Types: lb, Reads: []string{"load_balancer_type", "drop_invalid_header_fields"},
		Doc: "An application load balancer sets drop_invalid_header_fields, against HTTP desync and request " +
			"smuggling. checkov CKV_AWS_131; tfsec aws-elb-drop-invalid-headers (AVD-AWS-0052).",
		Check: func(r *Resource) Verdict {
			if t := r.Get("load_balancer_type").Str(); t != "" && t != "application" {
				return Passf("%s load balancer", t)
			}
			return allTrue(r, "drop_invalid_header_fields")
		},
	}, {
		ID: "aws-elb-internal", Title: "Load balancers are internal",
		Severity: High, Enforcement: SoftMandatory, Types: lb, Reads: []string{"internal"}, UnknownFails: true,
		Doc: "internal is true: an internet-facing load balancer is reachable by anyone, so one that serves the " +
			"public is waived with that reason. checkov has no equivalent; tfsec aws-elb-alb-not-public (AVD-AWS-0053).",
		Check: func(r *Resource) Verdict {
			in := r.Get("internal")
			switch {
			case in.Unknown():
				// Left unset, the provider plans it unknown and AWS makes
				// the load balancer internet-facing.
				return Unknownf("internal not set (internet-facing) or known only after apply")
			case in.True():
				return Passf("internal")
			}
			return Failf("internet-facing")
		},
	}, {
		ID: "aws-elb-deletion-protection", Title: "Production load balancers have deletion protection",
		Severity: Medium, Enforcement: SoftMandatory, Types: lb, Reads: []string{"enable_deletion_protection"},
		Doc: "A load balancer tagged Environment=prod sets enable_deletion_protection. checkov CKV_AWS_150; tfsec " +
			"has no equivalent.",
		Check: func(r *Resource) Verdict {
			if !r.Prod() {
				return notProd(r)
			}
			return allTrue(r, "enable_deletion_protection")
		},
	}, {
		ID: "aws-elb-access-logs", Title: "Load balancers write access logs",
		Severity: Low, Enforcement: Advisory, Types: lb, Reads: []string{"access_logs"},
		Doc: "The load balancer has access_logs enabled. checkov CKV_AWS_91; tfsec has no equivalent.",
		Check: func(r *Resource) Verdict {
			al := r.Get("access_logs", 0)
			if al.Get("enabled").True() && al.Get("bucket").Str() != "" {
				return Passf("access logs to %s", al.Get("bucket").Show())
			}
			if al.Get("enabled").Unknown() {
				return Unknownf("access_logs known only after apply")
			}
			return Failf("access logs are off")
		},
	}, {
		ID: "aws-elb-target-group-health-check", Title: "Target groups check their targets' health",
		Severity: Low, Enforcement: Advisory, Types: []string{"aws_lb_target_group", "aws_alb_target_group"}, Reads: []string{"health_check", "target_type"},
		Doc: "A target group keeps health_check enabled, so a failing task stops getting traffic. No checkov or " +
			"tfsec equivalent (AWS Well-Architected REL).",
		Check: func(r *Resource) Verdict {
			if r.Get("target_type").Str() == "lambda" {
				return Passf("lambda target group")
			}
			e := r.Get("health_check", 0, "enabled")
			if e.Unknown() {
				return Unknownf("health_check known only after apply")
			}
			if b, ok := e.Bool(); ok && !b {
				return Failf("health check disabled")
			}
			return Passf("health check enabled")
		},
	}}
}

// publicCIDR reports whether a CIDR is the whole IPv4 or IPv6 internet.
func publicCIDR(s string) bool { return s == "0.0.0.0/0" || s == "::/0" }

// portsOK reports whether a public port range may face the internet: only
// 80 and 443, and only on a load balancer's group.
func webPorts(from, to int) bool {
	return (from == 80 || from == 443) && from == to
}

// lbGroup says whether a security group is attached to a load balancer.
func lbGroup(sg *Resource) Result {
	refs, amb := sg.Referrers("aws_lb", "security_groups")
	if len(refs) > 0 {
		return Pass
	}
	if refs2, amb2 := sg.Referrers("aws_alb", "security_groups"); len(refs2) > 0 {
		return Pass
	} else if len(amb)+len(amb2) > 0 {
		return Unknown
	}
	return Fail
}

// openRule describes one ingress or egress permission for the SG rules.
type openRule struct {
	where    string // block or resource address
	cidrs    []string
	unknown  bool
	from, to int
	allPorts bool
	group    func() (*Resource, bool) // the security group; false when ambiguous
}

// ruleFromValue reads one permission through get: a block's Get, or a
// resource's, which resolves each attribute it reads.
func ruleFromValue(where string, get func(...any) Value, cidrAttrs []string, protoAttr string) openRule {
	o := openRule{where: where}
	for _, a := range cidrAttrs {
		c := get(a)
		if c.HasUnknown() {
			o.unknown = true
		}
		o.cidrs = append(o.cidrs, knownStrings(c)...)
	}
	p := get(protoAttr)
	if p.Unknown() {
		o.unknown = true
	}
	o.allPorts = p.Str() == "-1" || p.Str() == "all"
	var ok1, ok2 bool
	o.from, ok1 = num(get("from_port"))
	o.to, ok2 = num(get("to_port"))
	if !o.allPorts && (!ok1 || !ok2) && (get("from_port").Unknown() || get("to_port").Unknown()) {
		o.unknown = true
	}
	return o
}

// permissions returns the ingress or egress permissions a resource opens.
func permissions(r *Resource, dir string) []openRule {
	switch r.Type {
	case "aws_security_group":
		var out []openRule
		for i, b := range r.Get(dir).Elems() {
			o := ruleFromValue(fmt.Sprintf("%s block %d", dir, i), b.Get, []string{"cidr_blocks", "ipv6_cidr_blocks"}, "protocol")
			o.group = func() (*Resource, bool) { return r, true }
			out = append(out, o)
		}
		if r.Get(dir).Unknown() && !r.Unset(dir) {
			out = append(out, openRule{where: dir, unknown: true})
		}
		return out
	case "aws_security_group_rule":
		if t := r.Get("type").Str(); t != dir {
			return nil
		}
		o := ruleFromValue(r.Address, r.Get, []string{"cidr_blocks", "ipv6_cidr_blocks"}, "protocol")
		o.group = linkedGroup(r)
		return []openRule{o}
	case "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
		if !strings.Contains(r.Type, dir) {
			return nil
		}
		o := ruleFromValue(r.Address, r.Get, []string{"cidr_ipv4", "cidr_ipv6"}, "ip_protocol")
		o.group = linkedGroup(r)
		return []openRule{o}
	}
	return nil
}

func linkedGroup(r *Resource) func() (*Resource, bool) {
	return func() (*Resource, bool) {
		gs, amb := r.Linked("aws_security_group", "security_group_id")
		if len(gs) == 1 && !amb {
			return gs[0], true
		}
		return nil, false
	}
}

var sgTypes = []string{"aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"}
var sgReads = []string{"ingress", "egress", "type", "cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6", "protocol", "ip_protocol",
	"from_port", "to_port", "security_group_id", "description"}

func sgRules() []*Rule {
	return []*Rule{{
		ID: "aws-sg-public-ingress", Title: "Security groups admit the internet only on a load balancer's 80/443",
		Severity: Critical, Enforcement: HardMandatory, Types: sgTypes, Reads: sgReads,
		Uses: map[string][]string{"aws_lb": {"security_groups"}, "aws_alb": {"security_groups"}},
		Doc: "Ingress from 0.0.0.0/0 or ::/0 is allowed only on port 80 or 443 of a security group attached to a " +
			"load balancer; covers inline ingress blocks, aws_security_group_rule and " +
			"aws_vpc_security_group_ingress_rule. checkov CKV_AWS_24, CKV_AWS_25, CKV_AWS_260, CKV_AWS_277; tfsec " +
			"aws-ec2-no-public-ingress-sgr (AVD-AWS-0107).",
		Check: func(r *Resource) Verdict {
			var fails, unknowns []string
			for _, o := range permissions(r, "ingress") {
				if o.unknown {
					unknowns = append(unknowns, o.where)
					continue
				}
				public := false
				for _, c := range o.cidrs {
					public = public || publicCIDR(c)
				}
				if !public {
					continue
				}
				ports := "ports " + strconv.Itoa(o.from) + "-" + strconv.Itoa(o.to)
				if o.allPorts {
					ports = "all ports"
				}
				if o.allPorts || !webPorts(o.from, o.to) {
					fails = append(fails, o.where+" opens "+ports+" to the internet")
					continue
				}
				sg, ok := o.group()
				if !ok {
					unknowns = append(unknowns, o.where+" (its security group cannot be resolved)")
					continue
				}
				switch lbGroup(sg) {
				case Fail:
					fails = append(fails, o.where+" opens "+ports+" to the internet on "+sg.Address+", which no load balancer uses")
				case Unknown:
					unknowns = append(unknowns, o.where+" (cannot tell whether a load balancer uses the group)")
				}
			}
			switch {
			case len(fails) > 0:
				return Failf("%s", strings.Join(fails, "; "))
			case len(unknowns) > 0:
				return Unknownf("known only after apply: %s", strings.Join(unknowns, "; "))
			}
			return Passf("no ingress from the internet beyond a load balancer's 80/443")
		},
	}, {
		ID: "aws-sg-public-egress", Title: "Security groups do not allow egress to the whole internet",
		Severity: Low, Enforcement: Advisory, Types: sgTypes, Reads: sgReads,
		Doc: "Egress to 0.0.0.0/0 or ::/0 is flagged for review (tasks pulling images need it, or a VPC endpoint). " +
			"checkov CKV_AWS_382; tfsec aws-ec2-no-public-egress-sgr (AVD-AWS-0104).",
		Check: func(r *Resource) Verdict {
			for _, o := range permissions(r, "egress") {
				for _, c := range o.cidrs {
					if publicCIDR(c) {
						return Failf("%s allows egress to %s", o.where, c)
					}
				}
				if o.unknown {
					return Unknownf("%s known only after apply", o.where)
				}
			}
			return Passf("no egress to the whole internet")
		},
	}, {
		ID: "aws-sg-description", Title: "Security groups and their rules have descriptions",
		Severity: Low, Enforcement: Advisory, Types: sgTypes, Reads: sgReads,
		Doc: "A security group has its own description (not Terraform's default \"Managed by Terraform\") and every " +
			"rule has one. checkov CKV_AWS_23; tfsec aws-ec2-add-description-to-security-group, " +
			"aws-ec2-add-description-to-security-group-rule (AVD-AWS-0099, AVD-AWS-0124).",
		Check: func(r *Resource) Verdict {
			d := r.Get("description")
			if d.Unknown() {
				return Unknownf("description known only after apply")
			}
			if s := d.Str(); s == "" || s == "Managed by Terraform" {
				return Failf("no description of its own")
			}
			if r.Type == "aws_security_group" {
				for _, dir := range []string{"ingress", "egress"} {
					for i, b := range r.Get(dir).Elems() {
						if b.Get("description").Str() == "" && !b.Get("description").Unknown() {
							return Failf("%s block %d has no description", dir, i)
						}
					}
				}
			}
			return Passf("described")
		},
	}}
}
