// Package auth builds modules/auth: the Cognito user pool (email sign-up
// with verification, strong password policy, MFA, advanced security where
// asked) and the SPA's app client, which has no secret.
package auth

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Name is the module's directory under out/.
const Name = "modules/auth"

// Config shapes the module.
type Config struct {
	MinPasswordLength int
	// AccessTokenMinutes and RefreshTokenDays bound a session.
	AccessTokenMinutes, RefreshTokenDays int
}

// Defaults is the configuration the platform uses.
var Defaults = Config{MinPasswordLength: 12, AccessTokenMinutes: 60, RefreshTokenDays: 30}

// Module builds the auth module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New(Name, "MooChat sign-in: Cognito user pool with email verification, strong passwords, MFA and advanced security, and a secretless app client for the single-page app.")

	prefix := awsmod.NamePrefix(m)
	mfa := m.Variable("mfa_configuration", cty.String, "OPTIONAL or ON (TOTP authenticator apps).").WithDefault(cty.StringVal("OPTIONAL"))
	mfa.Validate(tf.Fn("contains", tf.Strings("OPTIONAL", "ON"), mfa), "mfa_configuration is OPTIONAL or ON.")
	adv := m.Variable("advanced_security_mode", cty.String, "Cognito threat protection: OFF, AUDIT or ENFORCED (ENFORCED and AUDIT need the Plus tier).").WithDefault(cty.StringVal("OFF"))
	adv.Validate(tf.Fn("contains", tf.Strings("OFF", "AUDIT", "ENFORCED"), adv), "advanced_security_mode is OFF, AUDIT or ENFORCED.")
	protect := m.Variable("deletion_protection", cty.Bool, "Refuse to delete the user pool.").WithDefault(cty.True)

	pool := aws.NewCognitoUserPool(m, "this", aws.CognitoUserPoolArgs{
		Name:                   aws.StringExpr(awsmod.Name(prefix, "users")),
		UsernameAttributes:     aws.StringSet("email"),
		AutoVerifiedAttributes: aws.StringSet("email"),
		MfaConfiguration:       aws.StringExpr(mfa),
		DeletionProtection:     aws.StringExpr(tf.If(protect, tf.String("ACTIVE"), tf.String("INACTIVE"))),
		UserPoolTier:           aws.StringExpr(tf.If(tf.Op(adv, "==", tf.String("OFF")), tf.String("ESSENTIALS"), tf.String("PLUS"))),
		UsernameConfiguration:  &aws.CognitoUserPool_UsernameConfiguration{CaseSensitive: aws.Bool(false)},
		PasswordPolicy: &aws.CognitoUserPool_PasswordPolicy{
			MinimumLength:                 aws.Number(cfg.MinPasswordLength),
			RequireLowercase:              aws.Bool(true),
			RequireUppercase:              aws.Bool(true),
			RequireNumbers:                aws.Bool(true),
			RequireSymbols:                aws.Bool(true),
			TemporaryPasswordValidityDays: aws.Number(3),
		},
		SoftwareTokenMfaConfiguration: &aws.CognitoUserPool_SoftwareTokenMfaConfiguration{Enabled: aws.Bool(true)},
		AccountRecoverySetting: &aws.CognitoUserPool_AccountRecoverySetting{
			RecoveryMechanism: []aws.CognitoUserPool_AccountRecoverySetting_RecoveryMechanism{
				{Name: aws.String("verified_email"), Priority: aws.Number(1)},
			},
		},
		VerificationMessageTemplate: &aws.CognitoUserPool_VerificationMessageTemplate{DefaultEmailOption: aws.String("CONFIRM_WITH_CODE")},
		AdminCreateUserConfig:       &aws.CognitoUserPool_AdminCreateUserConfig{AllowAdminCreateUserOnly: aws.Bool(false)},
		UserPoolAddOns:              &aws.CognitoUserPool_UserPoolAddOns{AdvancedSecurityMode: aws.StringExpr(adv)},
	})
	pool.Resource.Waive("aws-cognito-threat-protection", "threat protection needs the Plus tier, billed per active user; it is ENFORCED in prod and off in dev, whose users are the team", "2027-06-30")

	client := aws.NewCognitoUserPoolClient(m, "spa", aws.CognitoUserPoolClientArgs{
		Name:                       aws.StringExpr(awsmod.Name(prefix, "spa")),
		UserPoolId:                 pool.Id(),
		GenerateSecret:             aws.Bool(false),
		ExplicitAuthFlows:          aws.StringSet("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
		SupportedIdentityProviders: aws.StringSet("COGNITO"),
		PreventUserExistenceErrors: aws.String("ENABLED"),
		EnableTokenRevocation:      aws.Bool(true),
		AccessTokenValidity:        aws.Number(cfg.AccessTokenMinutes),
		IdTokenValidity:            aws.Number(cfg.AccessTokenMinutes),
		RefreshTokenValidity:       aws.Number(cfg.RefreshTokenDays),
		TokenValidityUnits: []aws.CognitoUserPoolClient_TokenValidityUnits{{
			AccessToken:  aws.String("minutes"),
			IdToken:      aws.String("minutes"),
			RefreshToken: aws.String("days"),
		}},
	})

	m.Output("user_pool_id", pool.Id().TFExpr(), "Cognito user pool ID (the UI reads it at build time).")
	m.Output("user_pool_arn", pool.Arn().TFExpr(), "Cognito user pool ARN.")
	m.Output("user_pool_endpoint", pool.Endpoint().TFExpr(), "Issuer host of the pool's tokens.")
	m.Output("client_id", client.Id().TFExpr(), "App client ID of the SPA (no secret).")
	return m
}
