// Package media builds modules/media: image moderation (a Lambda behind
// POST /moderate of an HTTP API, allowed only Rekognition's
// DetectModerationLabels) and voice translation (a Lambda behind POST
// /translate with Transcribe and Translate, over an S3 bucket whose objects
// expire after a day). Both routes take Cognito JWTs. Code comes from S3
// artifacts.
package media

import (
	"strings"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

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

// Inputs are the module's variables.
type Inputs struct {
	NamePrefix          typed.String             `tf:"name_prefix" description:"Prefix of every resource name, <env>-moochat."`
	Region              typed.String             `tf:"region" description:"Region of the functions (Transcribe job ARNs, token issuer)."`
	ArtifactBucket      typed.String             `tf:"lambda_artifact_bucket" description:"S3 bucket that holds the Lambda code archives."`
	ModerationKey       typed.String             `tf:"moderation_lambda_s3_key" description:"S3 key of the image moderation function's archive."`
	TranslationKey      typed.String             `tf:"translation_lambda_s3_key" description:"S3 key of the voice translation function's archive."`
	ReservedConcurrency typed.Number             `tf:"reserved_concurrency" description:"Reserved concurrent executions of each function (also its cost ceiling)." default:"5"`
	LogRetentionDays    typed.Number             `tf:"log_retention_days" description:"Days to keep function and API logs." default:"30"`
	CORSAllowOrigins    typed.List[typed.String] `tf:"cors_allow_origins" description:"Origins of the UI allowed to call the API."`
	CognitoUserPoolID   typed.String             `tf:"cognito_user_pool_id" description:"User pool whose tokens the API accepts."`
	CognitoClientID     typed.String             `tf:"cognito_client_id" description:"App client the tokens must be issued to."`
	AccessLogBucket     typed.String             `tf:"access_log_bucket" description:"Bucket that receives the media bucket's S3 access logs (under s3/media/)."`
}

// Outputs are the module's outputs.
type Outputs struct {
	APIURL          typed.String `tf:"api_url" description:"Base URL of the media API (POST /moderate, POST /translate)."`
	MediaBucketName typed.String `tf:"media_bucket_name" description:"Bucket of voice uploads and results (objects expire)."`
}

// Call calls the module; its inputs must have the right types.
var Call = typed.ModuleCaller[Inputs, Outputs]()

// Module builds the media module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New("modules/media", "MooChat media: image moderation (Lambda + Rekognition) and voice translation (Lambda + Transcribe/Translate over an expiring S3 bucket) behind one HTTP API with Cognito JWT auth.")
	in := typed.Vars[Inputs](m)
	prefix := awsmod.Prefix(in.NamePrefix)
	star := aws.String("*")

	m.InFile("bucket.tf")
	// Voice recordings are personal data: only roles this account grants
	// the key (the translation function) can read them.
	key := awsmod.KMSKey(m, "media", awsmod.Name(prefix, "voice-media"), "Encrypts MooChat voice recordings and their translations.")
	awsmod.KeyPolicy(m, "media", key)
	bucket := awsmod.PrivateBucket(m, "media", awsmod.Name(prefix, "voice-media"), awsmod.BucketOptions{
		LogBucket: in.AccessLogBucket, LogPrefix: "s3/media/", ExpireDays: aws.Number(cfg.MediaExpiryDays), KMSKey: key.Arn(),
	})
	bucket.Policy(m, "media", nil)

	type fn struct {
		label, name, route string
		key                typed.String
		env                map[string]typed.String
		stmts              []awsdoc.Statement
		waive              string
	}
	fns := []fn{{
		label: "moderation", name: "image-moderation", route: "POST /moderate", key: in.ModerationKey,
		env:   map[string]typed.String{"MIN_CONFIDENCE": aws.String("80")},
		stmts: []awsdoc.Statement{{Sid: "DetectModerationLabels", Action: []string{"rekognition:DetectModerationLabels"}, Resource: []tf.Expr{star}}},
		waive: "rekognition:DetectModerationLabels on images has no resource-level permissions, X-Ray's PutTraceSegments/PutTelemetryRecords take only \"*\", and Lambda names each log stream at run time (the grant covers only this function's log group)",
	}, {
		label: "translation", name: "voice-translation", route: "POST /translate", key: in.TranslationKey,
		env: map[string]typed.String{"MEDIA_BUCKET": bucket.Bucket.Bucket()},
		stmts: []awsdoc.Statement{
			// Written from the bucket's name, not its ARN, so that scanners
			// see an S3 object ARN (arn:aws:s3:::<bucket>/*) rather than an
			// unknown value ending in "*".
			{Sid: "MediaObjects", Action: []string{"s3:GetObject", "s3:PutObject"}, Resource: []tf.Expr{typed.Tmpl("arn:aws:s3:::", bucket.Bucket.Bucket(), "/*")}},
			{Sid: "MediaKey", Action: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: []tf.Expr{key.Arn()}},
			{Sid: "MediaBucket", Action: []string{"s3:ListBucket"}, Resource: []tf.Expr{bucket.Bucket.Arn()}},
			{Sid: "Transcribe", Action: []string{"transcribe:StartTranscriptionJob", "transcribe:GetTranscriptionJob"},
				Resource: []tf.Expr{typed.Tmpl("arn:aws:transcribe:", in.Region, ":*:transcription-job/", prefix, "-*")}},
			{Sid: "Translate", Action: []string{"translate:TranslateText"}, Resource: []tf.Expr{star}},
		},
		waive: "translate:TranslateText has no resource-level permissions, X-Ray's PutTraceSegments/PutTelemetryRecords take only \"*\", Lambda names each log stream at run time (the grant covers only this function's log group), and recordings get object keys at run time",
	}}

	// Lambda writes to /aws/lambda/<function name>.
	fnLogs := func(f fn) typed.String { return typed.Tmpl("/aws/lambda/", awsmod.Name(prefix, f.name)) }
	apiLogsName := typed.Tmpl("/aws/apigateway/", prefix, "-media")
	logGroups := []typed.String{apiLogsName}
	for _, f := range fns {
		logGroups = append(logGroups, fnLogs(f))
	}
	m.InFile("kms.tf")
	logsKey := awsmod.LogsKey(m, prefix, "media", logGroups...)

	m.InFile("api.tf")
	apiLogs := awsmod.LogGroup(m, "api", apiLogsName, in.LogRetentionDays, logsKey)
	api := aws.NewApigatewayv2Api(m, "this", aws.Apigatewayv2ApiArgs{
		Name:         awsmod.Name(prefix, "media"),
		Description:  aws.String("MooChat media API: image moderation and voice translation."),
		ProtocolType: aws.String("HTTP"),
		CorsConfiguration: &aws.Apigatewayv2Api_CorsConfiguration{
			AllowOrigins: typed.AsSet(in.CORSAllowOrigins),
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
			Audience: aws.SetOf(in.CognitoClientID),
			Issuer:   typed.Tmpl("https://cognito-idp.", in.Region, ".amazonaws.com/", in.CognitoUserPoolID),
		},
	})
	aws.NewApigatewayv2Stage(m, "default", aws.Apigatewayv2StageArgs{
		ApiId:                api.Id(),
		Name:                 aws.String("$default"),
		AutoDeploy:           aws.Bool(true),
		DefaultRouteSettings: &aws.Apigatewayv2Stage_DefaultRouteSettings{ThrottlingBurstLimit: aws.Number(50), ThrottlingRateLimit: aws.Number(100)},
		AccessLogSettings: &aws.Apigatewayv2Stage_AccessLogSettings{
			DestinationArn: apiLogs.Arn(),
			Format: typed.JSON(struct {
				RequestID        string `json:"requestId"`
				SourceIP         string `json:"sourceIp"`
				RouteKey         string `json:"routeKey"`
				Status           string `json:"status"`
				Latency          string `json:"latency"`
				IntegrationError string `json:"integrationError"`
			}{"$context.requestId", "$context.identity.sourceIp", "$context.routeKey", "$context.status", "$context.responseLatency", "$context.integrationErrorMessage"}),
		},
	})

	m.InFile("functions.tf")
	for _, f := range fns {
		name := awsmod.Name(prefix, f.name)
		logs := awsmod.LogGroup(m, f.label, fnLogs(f), in.LogRetentionDays, logsKey)
		role := awsmod.Role(m, f.label, name, "lambda.amazonaws.com", "Lambda "+f.name+" of MooChat media.")
		awsmod.RolePolicy(m, f.label, role, append([]awsdoc.Statement{
			{Sid: "WriteLogs", Action: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resource: []tf.Expr{typed.Tmpl(logs.Arn(), ":*")}},
			{Sid: "Tracing", Action: []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, Resource: []tf.Expr{star}},
		}, f.stmts...), tf.Waive("aws-iam-no-star-resource-write", f.waive, "2027-06-30"))
		lambda := aws.NewLambdaFunction(m, f.label, aws.LambdaFunctionArgs{
			FunctionName:                 name,
			Description:                  aws.String("MooChat " + f.name + " (" + f.route + ")."),
			Role:                         role.Arn(),
			Runtime:                      aws.String(cfg.Runtime),
			Handler:                      aws.String(cfg.Handler),
			S3Bucket:                     in.ArtifactBucket,
			S3Key:                        f.key,
			Timeout:                      aws.Number(cfg.TimeoutSecond),
			MemorySize:                   aws.Number(cfg.MemoryMB),
			ReservedConcurrentExecutions: in.ReservedConcurrency,
			Architectures:                aws.Strings("arm64"),
			TracingConfig:                &aws.LambdaFunction_TracingConfig{Mode: aws.String("Active")},
			Environment:                  &aws.LambdaFunction_Environment{Variables: aws.MapOf(f.env)},
		}, tf.DependsOn(logs.Resource),
			tf.Waive("aws-lambda-dlq", "invoked synchronously by the HTTP API: the caller sees the error, and a dead-letter queue only catches asynchronous invocations", "2027-06-30"))

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
			Target:            typed.Tmpl("integrations/", integ.Id()),
			AuthorizationType: aws.String("JWT"),
			AuthorizerId:      authz.Id(),
		})
		method, path, _ := strings.Cut(f.route, " ")
		aws.NewLambdaPermission(m, f.label, aws.LambdaPermissionArgs{
			StatementId:  aws.String("AllowMediaApi"),
			Action:       aws.String("lambda:InvokeFunction"),
			FunctionName: lambda.FunctionName(),
			Principal:    aws.String("apigateway.amazonaws.com"),
			SourceArn:    typed.Tmpl(api.ExecutionArn(), "/*/"+method+path),
		})
	}

	typed.Outputs(m, Outputs{APIURL: api.ApiEndpoint(), MediaBucketName: bucket.Bucket.Bucket()})
	return m
}
