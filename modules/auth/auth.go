// Package auth builds modules/auth: the Cognito user pool (email sign-up
// with verification, strong password policy, MFA, advanced security where
// asked) and the SPA's app client, which has no secret.
package auth

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Config shapes the module.
type Config struct {
	MinPasswordLength int
	// AccessTokenMinutes and RefreshTokenDays bound a session.
	AccessTokenMinutes, RefreshTokenDays int
}

// Defaults is the configuration the platform uses.
var Defaults = Config{MinPasswordLength: 12, AccessTokenMinutes: 60, RefreshTokenDays: 30}

// Inputs are the module's variables.
type Inputs struct {
	NamePrefix         typed.String `tf:"name_prefix" description:"Prefix of every resource name, <env>-moochat."`
	MFA                typed.String `tf:"mfa_configuration" description:"OPTIONAL or ON (TOTP authenticator apps)." default:"OPTIONAL"`
	AdvancedSecurity   typed.String `tf:"advanced_security_mode" description:"Cognito threat protection: OFF, AUDIT or ENFORCED (ENFORCED and AUDIT need the Plus tier)." default:"OFF"`
	DeletionProtection typed.Bool   `tf:"deletion_protection" description:"Refuse to delete the user pool." default:"true"`
}

// Outputs are the module's outputs.
type Outputs struct {
	UserPoolID       typed.String `tf:"user_pool_id" description:"Cognito user pool ID (the UI reads it at build time)."`
	UserPoolARN      typed.String `tf:"user_pool_arn" description:"Cognito user pool ARN."`
	UserPoolEndpoint typed.String `tf:"user_pool_endpoint" description:"Issuer host of the pool's tokens."`
	ClientID         typed.String `tf:"client_id" description:"App client ID of the SPA (no secret)."`
}

// Call calls the module; its inputs must have the right types.
var Call = typed.ModuleCaller[Inputs, Outputs]()

// Module builds the auth module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New("modules/auth", "MooChat sign-in: Cognito user pool with email verification, strong passwords, MFA and advanced security, and a secretless app client for the single-page app.")
	in := typed.Vars[Inputs](m)
	prefix := awsmod.Prefix(in.NamePrefix)
	typed.Validate(in.MFA, typed.OneOf(in.MFA, "OPTIONAL", "ON"), "mfa_configuration is OPTIONAL or ON.")
	typed.Validate(in.AdvancedSecurity, typed.OneOf(in.AdvancedSecurity, "OFF", "AUDIT", "ENFORCED"), "advanced_security_mode is OFF, AUDIT or ENFORCED.")

	pool := aws.NewCognitoUserPool(m, "this", aws.CognitoUserPoolArgs{
		Name:                   awsmod.Name(prefix, "users"),
		UsernameAttributes:     aws.StringSet("email"),
		AutoVerifiedAttributes: aws.StringSet("email"),
		MfaConfiguration:       in.MFA,
		DeletionProtection:     typed.If(in.DeletionProtection, aws.String("ACTIVE"), aws.String("INACTIVE")),
		UserPoolTier:           typed.If(typed.Eq(in.AdvancedSecurity, aws.String("OFF")), aws.String("ESSENTIALS"), aws.String("PLUS")),
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
		AccountRecoverySetting: &aws.CognitoUserPool_AccountRecoverySetting{RecoveryMechanism: []aws.CognitoUserPool_AccountRecoverySetting_RecoveryMechanism{
			{Name: aws.String("verified_email"), Priority: aws.Number(1)},
		}},
		VerificationMessageTemplate: &aws.CognitoUserPool_VerificationMessageTemplate{DefaultEmailOption: aws.String("CONFIRM_WITH_CODE")},
		AdminCreateUserConfig:       &aws.CognitoUserPool_AdminCreateUserConfig{AllowAdminCreateUserOnly: aws.Bool(false)},
		UserPoolAddOns:              &aws.CognitoUserPool_UserPoolAddOns{AdvancedSecurityMode: in.AdvancedSecurity},
	}, tf.Waive("aws-cognito-threat-protection", "threat protection needs the Plus tier, billed per active user; it is ENFORCED in prod and off in dev, whose users are the team", "2027-06-30"))

	client := aws.NewCognitoUserPoolClient(m, "spa", aws.CognitoUserPoolClientArgs{
		Name:                       awsmod.Name(prefix, "spa"),
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
			AccessToken: aws.String("minutes"), IdToken: aws.String("minutes"), RefreshToken: aws.String("days"),
		}},
	})

	typed.Outputs(m, Outputs{UserPoolID: pool.Id(), UserPoolARN: pool.Arn(), UserPoolEndpoint: pool.Endpoint(), ClientID: client.Id()})
	return m
}
