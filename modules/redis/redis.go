// Package redis builds modules/redis: the ElastiCache Redis 7 replication
// group the socket.io adapter and session store share, with its subnet
// group, parameter group, security group (rules come from the callers
// that may connect), encryption at rest and in transit, an auth token kept
// in Secrets Manager for the tasks, slow-log delivery and automatic
// failover across AZs where asked.
package redis

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
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

	sg := aws.NewSecurityGroup(m, "redis", aws.SecurityGroupArgs{
		Name:        aws.StringExpr(awsmod.Name(prefix, "redis")),
		Description: aws.String("MooChat Redis: ingress only from the security groups its callers allow."),
		VpcId:       aws.StringExpr(vpc),
		Tags:        aws.MapExpr[typed.String](awsmod.NameTag(awsmod.Name(prefix, "redis"))),
	})
	subnetGroup := aws.NewElasticacheSubnetGroup(m, "this", aws.ElasticacheSubnetGroupArgs{
		Name:        aws.StringExpr(awsmod.Name(prefix, "redis")),
		Description: aws.String("Private subnets of the MooChat Redis cluster."),
		SubnetIds:   aws.SetExpr[typed.String](subnets),
	})
	params := aws.NewElasticacheParameterGroup(m, "this", aws.ElasticacheParameterGroupArgs{
		Name:        aws.StringExpr(awsmod.Name(prefix, "redis7")),
		Family:      aws.String(cfg.Family),
		Description: aws.String("MooChat Redis parameters."),
		Parameter: []aws.ElasticacheParameterGroup_Parameter{
			{Name: aws.String("maxmemory-policy"), Value: aws.String(cfg.MaxMemoryPolicy)},
		},
	})
	slowLog := awsmod.LogGroup(m, "slow_log", tf.Tmpl("/aws/elasticache/", prefix, "/slow-log"), logDays)

	rg := aws.NewElasticacheReplicationGroup(m, "this", aws.ElasticacheReplicationGroupArgs{
		ReplicationGroupId:       aws.StringExpr(awsmod.Name(prefix, "redis")),
		Description:              aws.String("MooChat socket.io adapter and session store."),
		Engine:                   aws.String("redis"),
		EngineVersion:            aws.String(cfg.EngineVersion),
		NodeType:                 aws.StringExpr(nodeType),
		Port:                     aws.Number(cfg.Port),
		NumCacheClusters:         aws.NumberExpr(nodes),
		AutomaticFailoverEnabled: aws.BoolExpr(multiAZ),
		MultiAzEnabled:           aws.BoolExpr(multiAZ),
		SubnetGroupName:          subnetGroup.Name(),
		ParameterGroupName:       params.Name(),
		SecurityGroupIds:         aws.SetOf(sg.Id()),
		// The provider types these two as strings ("true"/"false"), not
		// bools.
		AtRestEncryptionEnabled:  aws.String("true"),
		TransitEncryptionEnabled: aws.Bool(true),
		AuthToken:                aws.StringExpr(token),
		AuthTokenUpdateStrategy:  aws.String("ROTATE"),
		SnapshotRetentionLimit:   aws.NumberExpr(snapshots),
		SnapshotWindow:           aws.String("03:00-04:00"),
		MaintenanceWindow:        aws.String("sun:05:00-sun:06:00"),
		AutoMinorVersionUpgrade:  aws.String("true"),
		ApplyImmediately:         aws.Bool(false),
		LogDeliveryConfiguration: []aws.ElasticacheReplicationGroup_LogDeliveryConfiguration{{
			Destination:     aws.StringExpr(slowLog.Attr("name")),
			DestinationType: aws.String("cloudwatch-logs"),
			LogFormat:       aws.String("json"),
			LogType:         aws.String("slow-log"),
		}},
	})
	rg.Resource.Lifecycle.Preconditions = append(rg.Resource.Lifecycle.Preconditions, tf.Condition{
		Cond:    tf.Op(tf.Not(multiAZ), "||", tf.Op(nodes, ">=", tf.Number(2))),
		Message: tf.String("multi_az needs num_cache_clusters >= 2."),
	})

	// The tasks read the token from Secrets Manager, never from plain
	// environment.
	secret := aws.NewSecretsmanagerSecret(m, "auth_token", aws.SecretsmanagerSecretArgs{
		Name:                 aws.StringExpr(awsmod.Name(prefix, "redis-auth-token")),
		Description:          aws.String("AUTH token of the MooChat Redis cluster, injected into the socket server tasks."),
		RecoveryWindowInDays: aws.Number(7),
	})
	aws.NewSecretsmanagerSecretVersion(m, "auth_token", aws.SecretsmanagerSecretVersionArgs{
		SecretId:     secret.Id(),
		SecretString: aws.StringExpr(token),
	})

	m.Output("primary_endpoint_address", rg.PrimaryEndpointAddress().TFExpr(), "Host name of the primary (writes and pub/sub).")
	m.Output("reader_endpoint_address", rg.ReaderEndpointAddress().TFExpr(), "Host name that balances over the replicas.")
	m.Output("port", rg.Port().TFExpr(), "Port of the cluster (TLS).")
	m.Output("security_group_id", sg.Id().TFExpr(), "Security group of the cluster; callers add their ingress rules to it.")
	m.Output("auth_token_secret_arn", secret.Arn().TFExpr(), "ARN of the Secrets Manager secret that holds the AUTH token.")
	m.Output("replication_group_id", rg.Id().TFExpr(), "Replication group ID.")
	return m
}
