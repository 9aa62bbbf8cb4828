// Package media builds modules/media: image moderation (a Lambda behind
// POST /moderate of an HTTP API, allowed only Rekognition's
// DetectModerationLabels) and voice translation (a Lambda behind POST
// /translate with Transcribe and Translate, over an S3 bucket whose objects
// expire after a day). Both routes take Cognito JWTs. Code comes from S3
// artifacts.
package media

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Name is the module's directory under out/.
const Name = "modules/media"

// Config shapes the module.
type Config struct {
	Runtime       string
	Handler       string
	TimeoutSecond int
	MemoryMB      int
	// MediaExpiryDays is how long uploaded audio and results live.
	MediaExpiryDays int
}

// Defaults is the configuration the platform uses.
var Defaults = Config{Runtime: "nodejs20.x", Handler: "index.handler", TimeoutSecond: 30, MemoryMB: 512, MediaExpiryDays: 1}

// Module builds the media module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New(Name, "MooChat media: image moderation (Lambda + Rekognition) and voice translation (Lambda + Transcribe/Translate over an expiring S3 bucket) behind one HTTP API with Cognito JWT auth.")

	prefix := awsmod.NamePrefix(m)
	region := m.Variable("region", cty.String, "Region of the functions (Transcribe job ARNs, token issuer).")
	artifacts := m.Variable("lambda_artifact_bucket", cty.String, "S3 bucket that holds the Lambda code archives.")
	modKey := m.Variable("moderation_lambda_s3_key", cty.String, "S3 key of the image moderation function's archive.")
	trKey := m.Variable("translation_lambda_s3_key", cty.String, "S3 key of the voice translation function's archive.")
	concurrency := m.Variable("reserved_concurrency", cty.Number, "Reserved concurrent executions of each function (also its cost ceiling).").WithDefault(cty.NumberIntVal(5))
	logDays := m.Variable("log_retention_days", cty.Number, "Days to keep function and API logs.").WithDefault(cty.NumberIntVal(30))
	origins := m.Variable("cors_allow_origins", cty.List(cty.String), "Origins of the UI allowed to call the API.")
	poolID := m.Variable("cognito_user_pool_id", cty.String, "User pool whose tokens the API accepts.")
	clientID := m.Variable("cognito_client_id", cty.String, "App client the tokens must be issued to.")
	logBucket := m.Variable("access_log_bucket", cty.String, "Bucket that receives the media bucket's S3 access logs (under s3/media/).")

	m.InFile("bucket.tf")
	bucket := awsmod.PrivateBucket(m, "media", awsmod.Name(prefix, "voice-media"), awsmod.BucketOptions{
		LogBucket: logBucket, LogPrefix: "s3/media/", ExpireDays: tf.Number(cfg.MediaExpiryDays),
	})
	m.Resource("aws_s3_bucket_policy", "media").
		Set("bucket", bucket.Bucket.Attr("id")).
		Set("policy", awsmod.Policy(awsmod.DenyInsecureTransport(bucket.Bucket))).
		DependOn(bucket.PublicAccess)

	m.InFile("api.tf")
	apiLogs := awsmod.LogGroup(m, "api", tf.Tmpl("/aws/apigateway/", prefix, "-media"), logDays)
	api := m.Resource("aws_apigatewayv2_api", "this").
		Set("name", awsmod.Name(prefix, "media")).
		Set("description", tf.String("MooChat media API: image moderation and voice translation.")).
		Set("protocol_type", tf.String("HTTP"))
	api.Body.Block("cors_configuration").
		Set("allow_origins", origins).
		Set("allow_methods", tf.Strings("POST", "OPTIONS")).
		Set("allow_headers", tf.Strings("authorization", "content-type")).
		Set("max_age", tf.Number(3600))
	authz := m.Resource("aws_apigatewayv2_authorizer", "cognito").
		Set("api_id", api.Attr("id")).
		Set("name", tf.String("cognito")).
		Set("authorizer_type", tf.String("JWT")).
		Set("identity_sources", tf.Strings("$request.header.Authorization"))
	authz.Body.Block("jwt_configuration").
		Set("audience", tf.List(clientID)).
		Set("issuer", tf.Tmpl("https://cognito-idp.", region, ".amazonaws.com/", poolID))
	stage := m.Resource("aws_apigatewayv2_stage", "default").
		Set("api_id", api.Attr("id")).
		Set("name", tf.String("$default")).
		Set("auto_deploy", tf.Bool(true))
	stage.Body.Block("default_route_settings").
		Set("throttling_burst_limit", tf.Number(50)).
		Set("throttling_rate_limit", tf.Number(100))
	stage.Body.Block("access_log_settings").
		Set("destination_arn", apiLogs.Attr("arn")).
		Set("format", tf.JSONEncode(tf.Obj(
			tf.KV("requestId", tf.String("$context.requestId")),
			tf.KV("sourceIp", tf.String("$context.identity.sourceIp")),
			tf.KV("routeKey", tf.String("$context.routeKey")),
			tf.KV("status", tf.String("$context.status")),
			tf.KV("latency", tf.String("$context.responseLatency")),
			tf.KV("integrationError", tf.String("$context.integrationErrorMessage")),
		)))

	type fn struct {
		label, name, route, key string
		keyVar                  *tf.Variable
		env                     tf.Expr
		stmts                   []awsmod.Statement
		waive                   string
	}
	fns := []fn{{
		label: "moderation", name: "image-moderation", route: "POST /moderate", keyVar: modKey,
		env: tf.Obj(tf.KV("MIN_CONFIDENCE", tf.String("80"))),
		stmts: []awsmod.Statement{{
			Sid: "DetectModerationLabels", Actions: []string{"rekognition:DetectModerationLabels"}, Resources: []tf.Expr{tf.String("*")},
		}},
		waive: "rekognition:DetectModerationLabels on images has no resource-level permissions, and X-Ray's PutTraceSegments/PutTelemetryRecords take only \"*\"",
	}, {
		label: "translation", name: "voice-translation", route: "POST /translate", keyVar: trKey,
		env: tf.Obj(tf.KV("MEDIA_BUCKET", bucket.Bucket.Attr("bucket"))),
		stmts: []awsmod.Statement{
			{Sid: "MediaObjects", Actions: []string{"s3:GetObject", "s3:PutObject"}, Resources: []tf.Expr{tf.Tmpl(bucket.Bucket.Attr("arn"), "/*")}},
			{Sid: "MediaBucket", Actions: []string{"s3:ListBucket"}, Resources: []tf.Expr{bucket.Bucket.Attr("arn")}},
			{Sid: "Transcribe", Actions: []string{"transcribe:StartTranscriptionJob", "transcribe:GetTranscriptionJob"},
				Resources: []tf.Expr{tf.Tmpl("arn:aws:transcribe:", region, ":*:transcription-job/", prefix, "-*")}},
			{Sid: "Translate", Actions: []string{"translate:TranslateText"}, Resources: []tf.Expr{tf.String("*")}},
		},
		waive: "translate:TranslateText has no resource-level permissions, and X-Ray's PutTraceSegments/PutTelemetryRecords take only \"*\"",
	}}

	m.InFile("functions.tf")
	for _, f := range fns {
		name := awsmod.Name(prefix, f.name)
		logs := awsmod.LogGroup(m, f.label, tf.Tmpl("/aws/lambda/", name), logDays)
		role := awsmod.Role(m, f.label, name, "lambda.amazonaws.com", "Lambda "+f.name+" of MooChat media.")
		stmts := append([]awsmod.Statement{
			{Sid: "WriteLogs", Actions: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resources: []tf.Expr{tf.Tmpl(logs.Attr("arn"), ":*")}},
			{Sid: "Tracing", Actions: []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, Resources: []tf.Expr{tf.String("*")}},
		}, f.stmts...)
		awsmod.RolePolicy(m, f.label, role, stmts...).Waive("aws-iam-no-star-resource-write", f.waive, "2027-06-30")
		lambda := m.Resource("aws_lambda_function", f.label).
			Set("function_name", name).
			Set("description", tf.String("MooChat "+f.name+" ("+f.route+").")).
			Set("role", role.Attr("arn")).
			Set("runtime", tf.String(cfg.Runtime)).
			Set("handler", tf.String(cfg.Handler)).
			Set("s3_bucket", artifacts).
			Set("s3_key", f.keyVar).
			Set("timeout", tf.Number(cfg.TimeoutSecond)).
			Set("memory_size", tf.Number(cfg.MemoryMB)).
			Set("reserved_concurrent_executions", concurrency).
			Set("architectures", tf.Strings("arm64"))
		lambda.Body.Block("tracing_config").Set("mode", tf.String("Active"))
		lambda.Body.Block("environment").Set("variables", f.env)
		lambda.DependOn(logs)
		lambda.Waive("aws-lambda-dlq", "invoked synchronously by the HTTP API: the caller sees the error, and a dead-letter queue only catches asynchronous invocations", "2027-06-30")

		integ := m.Resource("aws_apigatewayv2_integration", f.label).
			Set("api_id", api.Attr("id")).
			Set("integration_type", tf.String("AWS_PROXY")).
			Set("integration_uri", lambda.Attr("invoke_arn")).
			Set("payload_format_version", tf.String("2.0")).
			Set("timeout_milliseconds", tf.Number(cfg.TimeoutSecond*1000))
		m.Resource("aws_apigatewayv2_route", f.label).
			Set("api_id", api.Attr("id")).
			Set("route_key", tf.String(f.route)).
			Set("target", tf.Tmpl("integrations/", integ.Attr("id"))).
			Set("authorization_type", tf.String("JWT")).
			Set("authorizer_id", authz.Attr("id"))
		method, path := splitRoute(f.route)
		m.Resource("aws_lambda_permission", f.label).
			Set("statement_id", tf.String("AllowMediaApi")).
			Set("action", tf.String("lambda:InvokeFunction")).
			Set("function_name", lambda.Attr("function_name")).
			Set("principal", tf.String("apigateway.amazonaws.com")).
			Set("source_arn", tf.Tmpl(api.Attr("execution_arn"), "/*/"+method+path))
	}

	m.Output("api_url", api.Attr("api_endpoint"), "Base URL of the media API (POST /moderate, POST /translate).")
	m.Output("media_bucket_name", bucket.Bucket.Attr("bucket"), "Bucket of voice uploads and results (objects expire).")
	return m
}

func splitRoute(route string) (method, path string) {
	for i := 0; i < len(route); i++ {
		if route[i] == ' ' {
			return route[:i], route[i+1:]
		}
	}
	return route, ""
}
