package convert

import (
	"go/token"
	"strconv"
	"strings"
	"unicode"
)

// initialisms are written in capitals in Go names, as Go's style asks.
var initialisms = map[string]string{
	"id": "ID", "ids": "IDs", "arns": "ARNs", "arn": "ARN", "url": "URL", "uri": "URI", "ip": "IP", "dns": "DNS", "http": "HTTP",
	"https": "HTTPS", "json": "JSON", "api": "API", "vpc": "VPC", "acm": "ACM", "iam": "IAM", "kms": "KMS",
	"sg": "SG", "az": "AZ", "azs": "AZs", "ecs": "ECS", "ecr": "ECR", "alb": "ALB", "lb": "LB", "s3": "S3",
	"sns": "SNS", "sqs": "SQS", "ssm": "SSM", "tls": "TLS", "ssl": "SSL", "cidr": "CIDR", "nat": "NAT",
	"oidc": "OIDC", "ui": "UI", "db": "DB", "rds": "RDS", "ec2": "EC2", "ami": "AMI", "ttl": "TTL", "ssh": "SSH",
}

// goName turns a Terraform name into a Go identifier: vpc_id -> vpcID
// (lower) or VpcID -> VPCID (upper).
func goName(name string, upper bool) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var b strings.Builder
	for i, w := range words {
		lw := strings.ToLower(w)
		if i == 0 && !upper {
			if b.Len() == 0 && lw != "" && unicode.IsDigit(rune(lw[0])) {
				b.WriteString("n")
			}
			b.WriteString(lw)
			continue
		}
		if ini, ok := initialisms[lw]; ok {
			b.WriteString(ini)
			continue
		}
		b.WriteString(strings.ToUpper(lw[:1]) + lw[1:])
	}
	s := b.String()
	if s == "" {
		s = "x"
	}
	if unicode.IsDigit(rune(s[0])) {
		s = "N" + s
	}
	return s
}

// typeName is a resource type without its provider prefix, as a Go name
// part: aws_security_group -> SecurityGroup.
func typeName(typ string) string {
	if i := strings.IndexByte(typ, '_'); i > 0 {
		typ = typ[i+1:]
	}
	return goName(typ, true)
}

// reserved are names a converted function cannot use for its handles.
var reserved = map[string]bool{
	"m": true, "tf": true, "cty": true, "aws": true, "typed": true, "generate": true, "schema": true,
	"fmt": true, "os": true, "flag": true, "main": true, "string": true, "bool": true, "int": true,
	"len": true, "new": true, "make": true, "append": true, "any": true, "error": true, "copy": true,
	"true": true, "false": true, "nil": true, "min": true, "max": true, "close": true, "delete": true,
}

// namer hands out distinct Go identifiers within one function.
type namer struct {
	used map[string]bool
}

func newNamer() *namer { return &namer{used: map[string]bool{}} }

func (n *namer) take(want string) string {
	if token.Lookup(want).IsKeyword() || reserved[want] {
		want += "_"
		want = strings.TrimSuffix(want, "_") + "V"
	}
	name := want
	for i := 2; n.used[name]; i++ {
		name = want + strconv.Itoa(i)
	}
	n.used[name] = true
	return name
}
