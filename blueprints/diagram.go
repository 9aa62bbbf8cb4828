package blueprints

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/diagram"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/write"
)

// Diagram files, relative to the repository root.
const (
	DiagramMermaid = "diagrams/platform.mmd"
	DiagramDOT     = "diagrams/platform.dot"
	DiagramSVG     = "diagrams/platform.svg"
	// DiagramBegin and DiagramEnd enclose the Mermaid block in README.md.
	DiagramBegin = "<!-- BEGIN_DIAGRAM -->"
	DiagramEnd   = "<!-- END_DIAGRAM -->"
)

// diagramEnv is the environment the architecture picture is drawn from.
const diagramEnv = "prod"

// PlatformDiagram draws the MooChat platform from the prod env root: the
// module calls and their references come from the model; the people, the
// request paths and CI/CD come from the annotations below.
func PlatformDiagram() (*diagram.Graph, error) {
	var env *Environment
	for i := range Environments {
		if Environments[i].Name == diagramEnv {
			env = &Environments[i]
		}
	}
	if env == nil {
		return nil, fmt.Errorf("blueprints: no %s environment to draw", diagramEnv)
	}
	root := EnvRoot(*env, NewComponents())
	g, err := diagram.FromModule(root, platformDiagramOptions())
	if err != nil {
		return nil, fmt.Errorf("blueprints: platform diagram: %w", err)
	}
	g.Name = "moochat"
	g.Caption = "thick: user traffic   thin: CI/CD   dashed: a module reads another module's outputs"
	return g, nil
}

func platformDiagramOptions() diagram.Options {
	r := diagram.Res
	cloudfront := r("ui", "aws_cloudfront_distribution")
	site := r("ui", "aws_s3_bucket")
	alb := r("chat", "aws_lb")
	tasks := r("chat", "aws_ecs_service")
	ecr := r("chat", "aws_ecr_repository")
	cache := r("redis", "aws_elasticache_replication_group")
	pool := r("auth", "aws_cognito_user_pool")
	api := r("media", "aws_apigatewayv2_api")
	lambda := r("media", "aws_lambda_function")
	oidc := r("cicd", "aws_iam_openid_connect_provider")
	return diagram.Options{
		Resources: []diagram.ResourceStyle{
			{Type: "aws_cloudfront_distribution", Label: "CloudFront"},
			{Type: "aws_lb", Label: "ALB"},
			{Type: "aws_ecs_service", Label: "ECS service"},
			{Type: "aws_elasticache_replication_group", Label: "ElastiCache", Kind: diagram.Store},
			{Type: "aws_cognito_user_pool", Label: "Cognito", Kind: diagram.Service},
			{Type: "aws_apigatewayv2_api", Label: "HTTP API"},
			{Type: "aws_lambda_function", Label: "Lambda"},
			{Type: "aws_ecr_repository", Label: "ECR", Kind: diagram.Store},
			{Type: "aws_s3_bucket", Label: "S3", Kind: diagram.Store},
			{Type: "aws_iam_openid_connect_provider", Label: "GitHub OIDC"},
			{Type: "aws_route53_record", Label: "Route 53"},
			{Type: "aws_acm_certificate", Label: "ACM"},
			{Type: "aws_vpc", Label: "VPC"},
			{Type: "aws_nat_gateway", Label: "NAT", NoteOnly: true},
			{Type: "aws_subnet", Label: "subnets", NoteOnly: true},
			{Type: "aws_flow_log", Label: "flow logs", NoteOnly: true},
			{Type: "aws_appautoscaling_target", Label: "autoscaling", NoteOnly: true},
			{Type: "aws_iam_role", Label: "deploy roles", NoteOnly: true},
		},
		MaxNodes: 3,
		MaxNote:  4,
		// The ALB's access-log bucket is housekeeping, not architecture.
		Omit: []string{"chat/aws_s3_bucket", "media/aws_iam_role", "chat/aws_iam_role",
			"cdn_certificate/aws_route53_record", "alb_certificate/aws_route53_record"},
		Labels: map[string]string{
			cloudfront:                     "CloudFront\nHTTPS, TLS 1.2+",
			site:                           "S3 bucket\nSPA build",
			alb:                            "ALB\nHTTPS 443",
			tasks:                          "Fargate tasks\nsocket.io :8000",
			ecr:                            "ECR",
			cache:                          "ElastiCache\nRedis 7",
			pool:                           "Cognito\nuser pool",
			api:                            "HTTP API",
			lambda:                         "Lambda\nmoderation, translation",
			oidc:                           "GitHub OIDC\ndeploy roles",
			r("media", "aws_s3_bucket"):    "S3 audio\n(1-day expiry)",
			r("network", "aws_vpc"):        "VPC\n3 AZs, NAT per AZ",
			r("dns", "aws_route53_record"): "Route 53\napex, www, socket.",
		},
		EdgeLabels: map[string]string{
			"ui->cdn_certificate":   "certificate",
			"chat->alb_certificate": "certificate",
			"chat->network":         "VPC, subnets",
			"redis->network":        "VPC, subnets",
			"chat->redis":           "endpoint",
			"dns->ui":               "alias",
			"dns->chat":             "alias",
			"media->dns":            "CORS origin",
			"media->auth":           "JWT issuer",
			"media->ui":             "log bucket",
			"cicd->ui":              "bucket, distribution",
			"cicd->chat":            "ECR, service",
		},
		Nodes: []diagram.Node{
			{ID: "user", Label: "User\n(browser)", Kind: diagram.Actor},
			{ID: "github", Label: "GitHub Actions\nUI + socket server", Kind: diagram.Actor},
			{ID: "aws_ai", Label: "Rekognition\nTranscribe, Translate", Kind: diagram.External},
		},
		Edges: []diagram.Edge{
			{From: "user", To: cloudfront, Label: "HTTPS", Style: diagram.Bold},
			{From: cloudfront, To: site, Label: "OAC", Style: diagram.Bold},
			{From: "user", To: alb, Label: "WSS", Style: diagram.Bold},
			{From: alb, To: tasks, Label: "sticky :8000", Style: diagram.Bold},
			{From: tasks, To: cache, Label: "TLS + AUTH :6379", Style: diagram.Bold},
			{From: "user", To: pool, Label: "sign in", Style: diagram.Bold},
			{From: "user", To: api, Label: "JWT", Style: diagram.Bold},
			{From: api, To: lambda, Style: diagram.Bold},
			{From: lambda, To: r("media", "aws_s3_bucket"), Label: "audio", Style: diagram.Bold},
			{From: lambda, To: "aws_ai", Style: diagram.Bold},
			{From: "github", To: oidc, Label: "assume role"},
			{From: oidc, To: site, Label: "s3 sync"},
			{From: oidc, To: ecr, Label: "docker push"},
			{From: ecr, To: tasks, Label: "image"},
		},
	}
}

// Diagrams returns the generated architecture pictures, with paths
// relative to the repository root (not to out/): diagrams/platform.mmd
// and diagrams/platform.dot. Write them with WriteDiagrams.
func Diagrams() []write.File { return diagramFiles("go run ./gen") }

func diagramFiles(generator string) []write.File {
	g, err := PlatformDiagram()
	if err != nil {
		// The blueprint and its annotations are fixed at compile time; a
		// failure here is a bug that TestDiagramBuilds reports.
		panic(err)
	}
	g.Comment = []string{fmt.Sprintf("%s%s; DO NOT EDIT.", write.Marker, generator),
		"The MooChat platform (prod), drawn from blueprints/diagram.go."}
	return []write.File{
		{Path: DiagramMermaid, Data: diagram.Mermaid(g)},
		{Path: DiagramDOT, Data: diagram.DOT(g)},
	}
}

// WriteDiagrams writes Diagrams below repoRoot (the repository root, "."
// for `go run ./gen`). The diagrams/ directory is the output root the
// generator owns (its manifest lives there); the hand-kept platform.svg is
// not in the manifest and is left alone.
func WriteDiagrams(repoRoot string) (write.Result, error) {
	files := Diagrams()
	for i := range files {
		files[i].Path = strings.TrimPrefix(files[i].Path, "diagrams/")
	}
	return write.Tree(filepath.Join(repoRoot, "diagrams"), files)
}
