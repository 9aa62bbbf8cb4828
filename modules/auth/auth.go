// Package auth builds modules/auth: the Cognito user pool (email sign-up
// with verification, strong password policy, MFA, advanced security where
// asked) and the SPA's app client, which has no secret.
package auth

import (
	"github.com/zclconf/go-cty/cty"

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

	pool := m.Resource("aws_cognito_user_pool", "this").
		Set("name", awsmod.Name(prefix, "users")).
		Set("username_attributes", tf.Strings("email")).
		Set("auto_verified_attributes", tf.Strings("email")).
		Set("mfa_configuration", mfa).
		Set("deletion_protection", tf.If(protect, tf.String("ACTIVE"), tf.String("INACTIVE"))).
		Set("user_pool_tier", tf.If(tf.Op(adv, "==", tf.String("OFF")), tf.String("ESSENTIALS"), tf.String("PLUS")))
	pool.Body.Block("username_configuration").Set("case_sensitive", tf.Bool(false))
	pool.Body.Block("password_policy").
		Set("minimum_length", tf.Number(cfg.MinPasswordLength)).
		Set("require_lowercase", tf.Bool(true)).
		Set("require_uppercase", tf.Bool(true)).
		Set("require_numbers", tf.Bool(true)).
		Set("require_symbols", tf.Bool(true)).
		Set("temporary_password_validity_days", tf.Number(3))
	pool.Body.Block("software_token_mfa_configuration").Set("enabled", tf.Bool(true))
	pool.Body.Block("account_recovery_setting").Block("recovery_mechanism").
		Set("name", tf.String("verified_email")).
		Set("priority", tf.Number(1))
	pool.Body.Block("verification_message_template").Set("default_email_option", tf.String("CONFIRM_WITH_CODE"))
	pool.Body.Block("admin_create_user_config").Set("allow_admin_create_user_only", tf.Bool(false))
	pool.Body.Block("user_pool_add_ons").Set("advanced_security_mode", adv)
	pool.Waive("aws-cognito-threat-protection", "threat protection needs the Plus tier, billed per active user; it is ENFORCED in prod and off in dev, whose users are the team", "2027-06-30")

	client := m.Resource("aws_cognito_user_pool_client", "spa").
		Set("name", awsmod.Name(prefix, "spa")).
		Set("user_pool_id", pool.Attr("id")).
		Set("generate_secret", tf.Bool(false)).
		Set("explicit_auth_flows", tf.Strings("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")).
		Set("supported_identity_providers", tf.Strings("COGNITO")).
		Set("prevent_user_existence_errors", tf.String("ENABLED")).
		Set("enable_token_revocation", tf.Bool(true)).
		Set("access_token_validity", tf.Number(cfg.AccessTokenMinutes)).
		Set("id_token_validity", tf.Number(cfg.AccessTokenMinutes)).
		Set("refresh_token_validity", tf.Number(cfg.RefreshTokenDays))
	client.Body.Block("token_validity_units").
		Set("access_token", tf.String("minutes")).
		Set("id_token", tf.String("minutes")).
		Set("refresh_token", tf.String("days"))

	m.Output("user_pool_id", pool.Attr("id"), "Cognito user pool ID (the UI reads it at build time).")
	m.Output("user_pool_arn", pool.Attr("arn"), "Cognito user pool ARN.")
	m.Output("user_pool_endpoint", pool.Attr("endpoint"), "Issuer host of the pool's tokens.")
	m.Output("client_id", client.Attr("id"), "App client ID of the SPA (no secret).")
	return m
}
