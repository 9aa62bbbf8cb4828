// Package redis builds modules/redis: the ElastiCache Redis 7 replication
// group the socket.io adapter and session store share, with its subnet
// group, parameter group, security group (rules come from the callers
// that may connect), encryption at rest and in transit, an auth token kept
// in Secrets Manager for the tasks, slow-log delivery and automatic
// failover across AZs where asked.
package redis

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/internal/awsmod"
)

// Config shapes the module.
type Config struct {
	Port          int
	EngineVersion string
	// Family is the parameter group family matching EngineVersion.
	Family, MaxMemoryPolicy string
}

// Defaults is the configuration the platform uses.
var Defaults = Config{Port: 6379, EngineVersion: "7.1", Family: "redis7", MaxMemoryPolicy: "volatile-lru"}

// Inputs are the module's variables.
type Inputs struct {
	NamePrefix            typed.String             `tf:"name_prefix" description:"Prefix of every resource name, <env>-moochat."`
	VpcID                 typed.String             `tf:"vpc_id" description:"VPC of the cluster."`
	SubnetIDs             typed.List[typed.String] `tf:"subnet_ids" description:"Private subnets, one per AZ."`
	NodeType              typed.String             `tf:"node_type" description:"Cache node type." default:"cache.t4g.micro"`
	Nodes                 typed.Number             `tf:"num_cache_clusters" description:"Number of nodes: one primary plus replicas." default:"1"`
	MultiAZ               typed.Bool               `tf:"multi_az" description:"Automatic failover to a replica in another AZ (needs num_cache_clusters >= 2)." default:"false"`
	SnapshotRetentionDays typed.Number             `tf:"snapshot_retention_days" description:"Days to keep daily snapshots." default:"1"`
	LogRetentionDays      typed.Number             `tf:"log_retention_days" description:"Days to keep the slow log." default:"30"`
	AuthToken             typed.String             `tf:"auth_token,sensitive" description:"Redis AUTH token (16-128 printable characters). Sensitive: never in a committed file."`
	AuthTokenVersion      typed.Number             `tf:"auth_token_version" description:"Version of auth_token in Secrets Manager: increase it with every new token, since the secret takes the token write-only and Terraform cannot compare it." default:"1"`
}

// Outputs are the module's outputs.
type Outputs struct {
	PrimaryEndpointAddress typed.String `tf:"primary_endpoint_address" description:"Host name of the primary (writes and pub/sub)."`
	ReaderEndpointAddress  typed.String `tf:"reader_endpoint_address" description:"Host name that balances over the replicas."`
	Port                   typed.Number `tf:"port" description:"Port of the cluster (TLS)."`
	SecurityGroupID        typed.String `tf:"security_group_id" description:"Security group of the cluster; callers add their ingress rules to it."`
	AuthTokenSecretARN     typed.String `tf:"auth_token_secret_arn" description:"ARN of the Secrets Manager secret that holds the AUTH token."`
	ReplicationGroupID     typed.String `tf:"replication_group_id" description:"Replication group ID."`
}

// Call calls the module; its inputs must have the right types.
var Call = typed.ModuleCaller[Inputs, Outputs]()

// Module builds the redis module.
func Module(cfg Config) *tf.Module {
	m := awsmod.New("modules/redis", "MooChat Redis: ElastiCache Redis 7 replication group (encrypted at rest and in transit, auth token, multi-AZ failover where asked) in private subnets.")
	in := typed.Vars[Inputs](m)
	prefix := awsmod.Prefix(in.NamePrefix)
	typed.Validate(in.Nodes, typed.Ge(in.Nodes, aws.Number(1)), "num_cache_clusters is at least 1.")
	typed.Validate(in.AuthToken, typed.Matches(in.AuthToken, `^[^@"/\s]{16,128}$`), "auth_token is 16 to 128 printable characters other than @, \" and /.")

	sg := awsmod.SecurityGroup(m, prefix, "redis", in.VpcID, "MooChat Redis: ingress only from the security groups its callers allow.")
	subnetGroup := aws.NewElasticacheSubnetGroup(m, "this", aws.ElasticacheSubnetGroupArgs{
		Name:        awsmod.Name(prefix, "redis"),
		Description: aws.String("Private subnets of the MooChat Redis cluster."),
		SubnetIds:   typed.AsSet(in.SubnetIDs),
	})
	params := aws.NewElasticacheParameterGroup(m, "this", aws.ElasticacheParameterGroupArgs{
		Name:        awsmod.Name(prefix, "redis7"),
		Family:      aws.String(cfg.Family),
		Description: aws.String("MooChat Redis parameters."),
		Parameter:   []aws.ElasticacheParameterGroup_Parameter{{Name: aws.String("maxmemory-policy"), Value: aws.String(cfg.MaxMemoryPolicy)}},
	})
	slowLogName := typed.Tmpl("/aws/elasticache/", prefix, "/slow-log")
	logsKey := awsmod.LogsKey(m, prefix, "redis", slowLogName)
	slowLog := awsmod.LogGroup(m, "slow_log", slowLogName, in.LogRetentionDays, logsKey)
	rg := aws.NewElasticacheReplicationGroup(m, "this", aws.ElasticacheReplicationGroupArgs{
		ReplicationGroupId:       awsmod.Name(prefix, "redis"),
		Description:              aws.String("MooChat socket.io adapter and session store."),
		Engine:                   aws.String("redis"),
		EngineVersion:            aws.String(cfg.EngineVersion),
		NodeType:                 in.NodeType,
		Port:                     aws.Number(cfg.Port),
		NumCacheClusters:         in.Nodes,
		AutomaticFailoverEnabled: in.MultiAZ,
		MultiAzEnabled:           in.MultiAZ,
		SubnetGroupName:          subnetGroup.Name(),
		ParameterGroupName:       params.Name(),
		SecurityGroupIds:         aws.SetOf(sg.Id()),
		AtRestEncryptionEnabled:  aws.String("true"),
		TransitEncryptionEnabled: aws.Bool(true),
		AuthToken:                in.AuthToken,
		AuthTokenUpdateStrategy:  aws.String("ROTATE"),
		SnapshotRetentionLimit:   in.SnapshotRetentionDays,
		SnapshotWindow:           aws.String("03:00-04:00"),
		MaintenanceWindow:        aws.String("sun:05:00-sun:06:00"),
		AutoMinorVersionUpgrade:  aws.String("true"),
		ApplyImmediately:         aws.Bool(false),
		LogDeliveryConfiguration: []aws.ElasticacheReplicationGroup_LogDeliveryConfiguration{{
			Destination:     slowLog.Name(),
			DestinationType: aws.String("cloudwatch-logs"),
			LogFormat:       aws.String("json"),
			LogType:         aws.String("slow-log"),
		}},
	}, tf.Precondition(typed.Or(typed.Not(in.MultiAZ), typed.Ge(in.Nodes, aws.Number(2))), "multi_az needs num_cache_clusters >= 2."))
	secret := aws.NewSecretsmanagerSecret(m, "auth_token", aws.SecretsmanagerSecretArgs{
		Name:                 awsmod.Name(prefix, "redis-auth-token"),
		Description:          aws.String("AUTH token of the MooChat Redis cluster, injected into the socket server tasks."),
		RecoveryWindowInDays: aws.Number(7),
	})
	// The tasks read the token from Secrets Manager, never from plain
	// environment. The secret version takes it write-only, so neither its
	// plan nor its state holds the value; the replication group's
	// auth_token has no write-only form in AWS provider 5.100.0 and still
	// keeps it in state.
	aws.NewSecretsmanagerSecretVersion(m, "auth_token", aws.SecretsmanagerSecretVersionArgs{
		SecretId: secret.Id(), SecretStringWo: in.AuthToken, SecretStringWoVersion: in.AuthTokenVersion,
	})

	typed.Outputs(m, Outputs{
		PrimaryEndpointAddress: rg.PrimaryEndpointAddress(),
		ReaderEndpointAddress:  rg.ReaderEndpointAddress(),
		Port:                   rg.Port(),
		SecurityGroupID:        sg.Id(),
		AuthTokenSecretARN:     secret.Arn(),
		ReplicationGroupID:     rg.Id(),
	})
	return m
}
