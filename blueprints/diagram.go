package blueprints

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/diagram"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
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
func PlatformDiagram() (*diagram.Graph, error) { return drawPlatform(PlatformFor(Backend{})) }

// drawPlatform draws the platform from the prod env root among mods.
func drawPlatform(mods []*tf.Module) (*diagram.Graph, error) {
	i := slices.IndexFunc(mods, func(m *tf.Module) bool { return m.Name == "envs/"+diagramEnv })
	j := slices.IndexFunc(Environments, func(e Environment) bool { return e.Name == diagramEnv })
	if i < 0 || j < 0 {
		return nil, fmt.Errorf("blueprints: no %s environment to draw", diagramEnv)
	}
	g, err := diagram.FromModule(mods[i], platformDiagramOptions(Environments[j]))
	if err != nil {
		return nil, fmt.Errorf("blueprints: platform diagram: %w", err)
	}
	g.Name = "moochat"
	g.Caption = "thick: user traffic   thin: CI/CD   dashed: a module reads another module's outputs"
	return g, nil
}

// platformDiagramOptions annotates the picture of environment e.
func platformDiagramOptions(e Environment) diagram.Options {
	return diagram.Options{
		Resources: []diagram.ResourceStyle{
			{Type: "aws_cloudfront_distribution", Label: "CloudFront", Node: "CloudFront\nHTTPS, TLS 1.2+"},
			{Type: "aws_lb", Label: "ALB", Node: "ALB\nHTTPS 443"},
			{Type: "aws_ecs_service", Label: "ECS service", Node: "Fargate tasks\nsocket.io :8000"},
			{Type: "aws_elasticache_replication_group", Label: "ElastiCache", Node: "ElastiCache\nRedis 7", Kind: diagram.Store},
			{Type: "aws_cognito_user_pool", Label: "Cognito", Node: "Cognito\nuser pool", Kind: diagram.Service},
			{Type: "aws_apigatewayv2_api", Label: "HTTP API"},
			{Type: "aws_lambda_function", Label: "Lambda", Node: "Lambda\nmoderation, translation"},
			{Type: "aws_ecr_repository", Label: "ECR", Kind: diagram.Store},
			{Type: "aws_s3_bucket", Label: "S3", Kind: diagram.Store},
			{Type: "aws_iam_openid_connect_provider", Label: "GitHub OIDC", Node: "GitHub OIDC\ndeploy roles"},
			{Type: "aws_route53_record", Label: "Route 53", Node: "Route 53\napex, www, socket."},
			{Type: "aws_acm_certificate", Label: "ACM"},
			{Type: "aws_wafv2_web_acl", Label: "WAF", Node: "WAF web ACL\nmanaged rules, rate limit"},
			{Type: "aws_vpc", Label: "VPC", Node: fmt.Sprintf("VPC\n%d AZs, %s", len(e.AvailabilityZones), map[bool]string{false: "one shared NAT", true: "NAT per AZ"}[e.NATPerAZ])},
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
		Labels: map[string]string{"ui/aws_s3_bucket": "S3 bucket\nSPA build", "media/aws_s3_bucket": "S3 audio\n(1-day expiry)"},
		EdgeLabels: map[string]string{
			"ui->cdn_certificate":   "certificate",
			"ui->waf":               "web ACL",
			"chat->alb_certificate": "certificate",
			"chat->network":         "VPC, subnets",
			"redis->network":        "VPC, subnets",
			"dns->ui":               "alias",
			"dns->chat":             "alias",
			"media->dns":            "CORS origin",
			"media->auth":           "JWT issuer",
			"media->ui":             "log bucket",
		},
		Nodes: []diagram.Node{
			{ID: "user", Label: "User\n(browser)", Kind: diagram.Actor},
			{ID: "github", Label: "GitHub Actions\nUI + socket server", Kind: diagram.Actor},
			{ID: "aws_ai", Label: "Rekognition\nTranscribe, Translate", Kind: diagram.External},
		},
		Edges: []diagram.Edge{
			{From: "user", To: "ui/aws_cloudfront_distribution", Label: "HTTPS", Style: diagram.Bold},
			{From: "ui/aws_cloudfront_distribution", To: "ui/aws_s3_bucket", Label: "OAC", Style: diagram.Bold},
			{From: "user", To: "chat/aws_lb", Label: "WSS", Style: diagram.Bold},
			{From: "chat/aws_lb", To: "chat/aws_ecs_service", Label: "sticky :8000", Style: diagram.Bold},
			{From: "chat/aws_ecs_service", To: "redis/aws_elasticache_replication_group", Label: "TLS + AUTH :6379", Style: diagram.Bold},
			{From: "user", To: "auth/aws_cognito_user_pool", Label: "sign in", Style: diagram.Bold},
			{From: "user", To: "media/aws_apigatewayv2_api", Label: "JWT", Style: diagram.Bold},
			{From: "media/aws_apigatewayv2_api", To: "media/aws_lambda_function", Style: diagram.Bold},
			{From: "media/aws_lambda_function", To: "media/aws_s3_bucket", Label: "audio", Style: diagram.Bold},
			{From: "media/aws_lambda_function", To: "aws_ai", Style: diagram.Bold},
			{From: "github", To: "cicd/aws_iam_openid_connect_provider", Label: "assume role"},
			{From: "cicd/aws_iam_openid_connect_provider", To: "ui/aws_s3_bucket", Label: "s3 sync"},
			{From: "cicd/aws_iam_openid_connect_provider", To: "chat/aws_ecr_repository", Label: "docker push"},
			{From: "chat/aws_ecr_repository", To: "chat/aws_ecs_service", Label: "image"},
		},
	}
}

// Diagrams returns the generated architecture pictures, with paths
// relative to the repository root (not to out/): diagrams/platform.mmd
// and diagrams/platform.dot.
func Diagrams() []write.File {
	files := diagramFiles(PlatformDiagram())
	for i := range files {
		files[i].Path = "diagrams/" + files[i].Path
	}
	return files
}

// diagramFiles are the pictures relative to diagrams/, the output root
// the generator owns there (its manifest lives there); the hand-kept
// platform.svg is not in the manifest and is left alone.
func diagramFiles(g *diagram.Graph, err error) []write.File {
	if err != nil {
		// The blueprint and its annotations are fixed at compile time; a
		// failure here is a bug that TestDiagramBuilds reports.
		panic(err)
	}
	g.Comment = []string{write.Marker + "go run ./gen; DO NOT EDIT.",
		"The MooChat platform (prod), drawn from blueprints/diagram.go."}
	return []write.File{
		{Path: filepath.Base(DiagramMermaid), Data: diagram.Mermaid(g)},
		{Path: filepath.Base(DiagramDOT), Data: diagram.DOT(g)},
	}
}
