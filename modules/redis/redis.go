// Package redis builds modules/redis: the ElastiCache Redis 7 replication
// group the socket.io adapter and session store share, with its subnet
// group, parameter group, security group (rules come from the callers
// that may connect), encryption at rest and in transit, an auth token kept
// in Secrets Manager for the tasks, slow-log delivery and automatic
// failover across AZs where asked.
package redis

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Name is the module's directory under out/.
const Name = "modules/redis"

// Config shapes the module.
type Config struct {
	Port int
	// Family is the parameter group family matching EngineVersion.
	EngineVersion, Family string
	// MaxMemoryPolicy evicts keys that carry a TTL (sessions) first.
	MaxMemoryPolicy string
}

// Defaults is the configuration the platform uses.
var Defaults = Config{Port: 6379, EngineVersion: "7.1", Family: "redis7", MaxMemoryPolicy: "volatile-lru"}

// Module builds the Redis module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New(Name, "MooChat Redis: ElastiCache Redis 7 replication group (encrypted at rest and in transit, auth token, multi-AZ failover where asked) in private subnets.")

	prefix := awsmod.NamePrefix(m)
	vpc := m.Variable("vpc_id", cty.String, "VPC of the cluster.")
	subnets := m.Variable("subnet_ids", cty.List(cty.String), "Private subnets, one per AZ.")
	nodeType := m.Variable("node_type", cty.String, "Cache node type.").WithDefault(cty.StringVal("cache.t4g.micro"))
	nodes := m.Variable("num_cache_clusters", cty.Number, "Number of nodes: one primary plus replicas.").WithDefault(cty.NumberIntVal(1))
	nodes.Validate(tf.Op(nodes, ">=", tf.Number(1)), "num_cache_clusters is at least 1.")
	multiAZ := m.Variable("multi_az", cty.Bool, "Automatic failover to a replica in another AZ (needs num_cache_clusters >= 2).").WithDefault(cty.False)
	snapshots := m.Variable("snapshot_retention_days", cty.Number, "Days to keep daily snapshots.").WithDefault(cty.NumberIntVal(1))
	logDays := m.Variable("log_retention_days", cty.Number, "Days to keep the slow log.").WithDefault(cty.NumberIntVal(30))
	token := m.Variable("auth_token", cty.String, "Redis AUTH token (16-128 printable characters). Sensitive: never in a committed file.").MarkSensitive()
	// ElastiCache's own rule, checked before any API call.
	token.Validate(tf.Fn("can", tf.Fn("regex", tf.String(`^[^@"/\s]{16,128}$`), token)), "auth_token is 16 to 128 printable characters other than @, \" and /.")

	sg := m.Resource("aws_security_group", "redis").
		Set("name", awsmod.Name(prefix, "redis")).
		Set("description", tf.String("MooChat Redis: ingress only from the security groups its callers allow.")).
		Set("vpc_id", vpc).
		Set("tags", awsmod.NameTag(awsmod.Name(prefix, "redis")))
	subnetGroup := m.Resource("aws_elasticache_subnet_group", "this").
		Set("name", awsmod.Name(prefix, "redis")).
		Set("description", tf.String("Private subnets of the MooChat Redis cluster.")).
		Set("subnet_ids", subnets)
	params := m.Resource("aws_elasticache_parameter_group", "this").
		Set("name", awsmod.Name(prefix, "redis7")).
		Set("family", tf.String(cfg.Family)).
		Set("description", tf.String("MooChat Redis parameters."))
	params.Body.Block("parameter").Set("name", tf.String("maxmemory-policy")).Set("value", tf.String(cfg.MaxMemoryPolicy))
	slowLog := awsmod.LogGroup(m, "slow_log", tf.Tmpl("/aws/elasticache/", prefix, "/slow-log"), logDays)

	rg := m.Resource("aws_elasticache_replication_group", "this").
		Set("replication_group_id", awsmod.Name(prefix, "redis")).
		Set("description", tf.String("MooChat socket.io adapter and session store.")).
		Set("engine", tf.String("redis")).
		Set("engine_version", tf.String(cfg.EngineVersion)).
		Set("node_type", nodeType).
		Set("port", tf.Number(cfg.Port)).
		Set("num_cache_clusters", nodes).
		Set("automatic_failover_enabled", multiAZ).
		Set("multi_az_enabled", multiAZ).
		Set("subnet_group_name", subnetGroup.Attr("name")).
		Set("parameter_group_name", params.Attr("name")).
		Set("security_group_ids", tf.List(sg.Attr("id"))).
		Set("at_rest_encryption_enabled", tf.Bool(true)).
		Set("transit_encryption_enabled", tf.Bool(true)).
		Set("auth_token", token).
		Set("auth_token_update_strategy", tf.String("ROTATE")).
		Set("snapshot_retention_limit", snapshots).
		Set("snapshot_window", tf.String("03:00-04:00")).
		Set("maintenance_window", tf.String("sun:05:00-sun:06:00")).
		Set("auto_minor_version_upgrade", tf.Bool(true)).
		Set("apply_immediately", tf.Bool(false))
	rg.Body.Block("log_delivery_configuration").
		Set("destination", slowLog.Attr("name")).
		Set("destination_type", tf.String("cloudwatch-logs")).
		Set("log_format", tf.String("json")).
		Set("log_type", tf.String("slow-log"))
	rg.Lifecycle.Preconditions = append(rg.Lifecycle.Preconditions, tf.Condition{
		Cond:    tf.Op(tf.Not(multiAZ), "||", tf.Op(nodes, ">=", tf.Number(2))),
		Message: tf.String("multi_az needs num_cache_clusters >= 2."),
	})

	// The tasks read the token from Secrets Manager, never from plain
	// environment.
	secret := m.Resource("aws_secretsmanager_secret", "auth_token").
		Set("name", awsmod.Name(prefix, "redis-auth-token")).
		Set("description", tf.String("AUTH token of the MooChat Redis cluster, injected into the socket server tasks.")).
		Set("recovery_window_in_days", tf.Number(7))
	m.Resource("aws_secretsmanager_secret_version", "auth_token").
		Set("secret_id", secret.Attr("id")).
		Set("secret_string", token)

	m.Output("primary_endpoint_address", rg.Attr("primary_endpoint_address"), "Host name of the primary (writes and pub/sub).")
	m.Output("reader_endpoint_address", rg.Attr("reader_endpoint_address"), "Host name that balances over the replicas.")
	m.Output("port", rg.Attr("port"), "Port of the cluster (TLS).")
	m.Output("security_group_id", sg.Attr("id"), "Security group of the cluster; callers add their ingress rules to it.")
	m.Output("auth_token_secret_arn", secret.Attr("arn"), "ARN of the Secrets Manager secret that holds the AUTH token.")
	m.Output("replication_group_id", rg.Attr("id"), "Replication group ID.")
	return m
}
