// Package media builds modules/media: image moderation (a Lambda behind
// POST /moderate of an HTTP API, allowed only Rekognition's
// DetectModerationLabels) and voice translation (a Lambda behind POST
// /translate with Transcribe and Translate, over an S3 bucket whose objects
// expire after a day). Both routes take Cognito JWTs. Code comes from S3
// artifacts.
package media

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
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
	// The bucket and its companions come from the untyped awsmod helper:
	// references to them are wrapped.
	policy := aws.NewS3BucketPolicy(m, "media", aws.S3BucketPolicyArgs{
		Bucket: aws.StringExpr(bucket.Bucket.Attr("id")),
		Policy: aws.StringExpr(awsmod.Policy(awsmod.DenyInsecureTransport(bucket.Bucket))),
	})
	policy.Resource.DependOn(bucket.PublicAccess)

	m.InFile("api.tf")
	apiLogs := awsmod.LogGroup(m, "api", tf.Tmpl("/aws/apigateway/", prefix, "-media"), logDays)
	api := aws.NewApigatewayv2Api(m, "this", aws.Apigatewayv2ApiArgs{
		Name:         aws.StringExpr(awsmod.Name(prefix, "media")),
		Description:  aws.String("MooChat media API: image moderation and voice translation."),
		ProtocolType: aws.String("HTTP"),
		CorsConfiguration: &aws.Apigatewayv2Api_CorsConfiguration{
			AllowOrigins: aws.SetExpr[typed.String](origins),
			AllowMethods: aws.StringSet("POST", "OPTIONS"),
			AllowHeaders: aws.StringSet("authorization", "content-type"),
			MaxAge:       aws.Number(3600),
		},
	})
	authz := aws.NewApigatewayv2Authorizer(m, "cognito", aws.Apigatewayv2AuthorizerArgs{
		ApiId:           api.Id(),
		Name:            aws.String("cognito"),
		AuthorizerType:  aws.String("JWT"),
		IdentitySources: aws.StringSet("$request.header.Authorization"),
		JwtConfiguration: &aws.Apigatewayv2Authorizer_JwtConfiguration{
			Audience: aws.SetOf(aws.StringExpr(clientID)),
			Issuer:   aws.StringExpr(tf.Tmpl("https://cognito-idp.", region, ".amazonaws.com/", poolID)),
		},
	})
	aws.NewApigatewayv2Stage(m, "default", aws.Apigatewayv2StageArgs{
		ApiId:      api.Id(),
		Name:       aws.String("$default"),
		AutoDeploy: aws.Bool(true),
		DefaultRouteSettings: &aws.Apigatewayv2Stage_DefaultRouteSettings{
			ThrottlingBurstLimit: aws.Number(50),
			ThrottlingRateLimit:  aws.Number(100),
		},
		AccessLogSettings: &aws.Apigatewayv2Stage_AccessLogSettings{
			DestinationArn: aws.StringExpr(apiLogs.Attr("arn")),
			Format: aws.StringExpr(tf.JSONEncode(tf.Obj(
				tf.KV("requestId", tf.String("$context.requestId")),
				tf.KV("sourceIp", tf.String("$context.identity.sourceIp")),
				tf.KV("routeKey", tf.String("$context.routeKey")),
				tf.KV("status", tf.String("$context.status")),
				tf.KV("latency", tf.String("$context.responseLatency")),
				tf.KV("integrationError", tf.String("$context.integrationErrorMessage")),
			))),
		},
	})

	type fn struct {
		label, name, route string
		keyVar             *tf.Variable
		env                map[string]typed.String
		stmts              []awsmod.Statement
		waive              string
	}
	fns := []fn{{
		label: "moderation", name: "image-moderation", route: "POST /moderate", keyVar: modKey,
		env: map[string]typed.String{"MIN_CONFIDENCE": aws.String("80")},
		stmts: []awsmod.Statement{{
			Sid: "DetectModerationLabels", Actions: []string{"rekognition:DetectModerationLabels"}, Resources: []tf.Expr{tf.String("*")},
		}},
		waive: "rekognition:DetectModerationLabels on images has no resource-level permissions, and X-Ray's PutTraceSegments/PutTelemetryRecords take only \"*\"",
	}, {
		label: "translation", name: "voice-translation", route: "POST /translate", keyVar: trKey,
		env: map[string]typed.String{"MEDIA_BUCKET": aws.StringExpr(bucket.Bucket.Attr("bucket"))},
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
		lambda := aws.NewLambdaFunction(m, f.label, aws.LambdaFunctionArgs{
			FunctionName:                 aws.StringExpr(name),
			Description:                  aws.String("MooChat " + f.name + " (" + f.route + ")."),
			Role:                         aws.StringExpr(role.Attr("arn")),
			Runtime:                      aws.String(cfg.Runtime),
			Handler:                      aws.String(cfg.Handler),
			S3Bucket:                     aws.StringExpr(artifacts),
			S3Key:                        aws.StringExpr(f.keyVar),
			Timeout:                      aws.Number(cfg.TimeoutSecond),
			MemorySize:                   aws.Number(cfg.MemoryMB),
			ReservedConcurrentExecutions: aws.NumberExpr(concurrency),
			Architectures:                aws.Strings("arm64"),
			TracingConfig:                &aws.LambdaFunction_TracingConfig{Mode: aws.String("Active")},
			Environment:                  &aws.LambdaFunction_Environment{Variables: aws.MapOf(f.env)},
		})
		lambda.Resource.DependOn(logs)
		lambda.Resource.Waive("aws-lambda-dlq", "invoked synchronously by the HTTP API: the caller sees the error, and a dead-letter queue only catches asynchronous invocations", "2027-06-30")

		integ := aws.NewApigatewayv2Integration(m, f.label, aws.Apigatewayv2IntegrationArgs{
			ApiId:                api.Id(),
			IntegrationType:      aws.String("AWS_PROXY"),
			IntegrationUri:       lambda.InvokeArn(),
			PayloadFormatVersion: aws.String("2.0"),
			TimeoutMilliseconds:  aws.Number(cfg.TimeoutSecond * 1000),
		})
		aws.NewApigatewayv2Route(m, f.label, aws.Apigatewayv2RouteArgs{
			ApiId:             api.Id(),
			RouteKey:          aws.String(f.route),
			Target:            aws.StringExpr(tf.Tmpl("integrations/", integ.Id().TFExpr())),
			AuthorizationType: aws.String("JWT"),
			AuthorizerId:      authz.Id(),
		})
		method, path := splitRoute(f.route)
		aws.NewLambdaPermission(m, f.label, aws.LambdaPermissionArgs{
			StatementId:  aws.String("AllowMediaApi"),
			Action:       aws.String("lambda:InvokeFunction"),
			FunctionName: lambda.FunctionName(),
			Principal:    aws.String("apigateway.amazonaws.com"),
			SourceArn:    aws.StringExpr(tf.Tmpl(api.ExecutionArn().TFExpr(), "/*/"+method+path)),
		})
	}

	m.Output("api_url", api.ApiEndpoint().TFExpr(), "Base URL of the media API (POST /moderate, POST /translate).")
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
