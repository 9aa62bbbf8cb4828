package awsdoc

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// Type names are short on purpose: a container definition is written as
// one composite literal, and awsdoc.Env reads better than
// awsdoc.ContainerDefinitionEnvironmentVariable.

// Container is one ECS container definition, with the keys of the ECS
// RegisterTaskDefinition API's ContainerDefinition (the ones Fargate and
// EC2 tasks use). Unset fields are left out.
type Container struct {
	Name                   typed.String             `json:"name,omitempty"`
	Image                  typed.String             `json:"image,omitempty"`
	RepositoryCredentials  *RepositoryCredentials   `json:"repositoryCredentials,omitempty"`
	Essential              typed.Bool               `json:"essential,omitempty"`
	Privileged             typed.Bool               `json:"privileged,omitempty"`
	ReadonlyRootFilesystem typed.Bool               `json:"readonlyRootFilesystem,omitempty"`
	Cpu                    typed.Number             `json:"cpu,omitempty"`
	Memory                 typed.Number             `json:"memory,omitempty"`
	MemoryReservation      typed.Number             `json:"memoryReservation,omitempty"`
	PortMappings           []PortMapping            `json:"portMappings,omitempty"`
	EntryPoint             typed.List[typed.String] `json:"entryPoint,omitempty"`
	Command                typed.List[typed.String] `json:"command,omitempty"`
	WorkingDirectory       typed.String             `json:"workingDirectory,omitempty"`
	User                   typed.String             `json:"user,omitempty"`
	Environment            []Env                    `json:"environment,omitempty"`
	EnvironmentFiles       []EnvFile                `json:"environmentFiles,omitempty"`
	Secrets                []Secret                 `json:"secrets,omitempty"`
	MountPoints            []MountPoint             `json:"mountPoints,omitempty"`
	VolumesFrom            []VolumeFrom             `json:"volumesFrom,omitempty"`
	DependsOn              []ContainerDependency    `json:"dependsOn,omitempty"`
	Ulimits                []Ulimit                 `json:"ulimits,omitempty"`
	LinuxParameters        *LinuxParameters         `json:"linuxParameters,omitempty"`
	LogConfiguration       *LogConfiguration        `json:"logConfiguration,omitempty"`
	HealthCheck            *HealthCheck             `json:"healthCheck,omitempty"`
	StartTimeout           typed.Number             `json:"startTimeout,omitempty"`
	StopTimeout            typed.Number             `json:"stopTimeout,omitempty"`
	Hostname               typed.String             `json:"hostname,omitempty"`
	DisableNetworking      typed.Bool               `json:"disableNetworking,omitempty"`
	DnsServers             typed.List[typed.String] `json:"dnsServers,omitempty"`
	DnsSearchDomains       typed.List[typed.String] `json:"dnsSearchDomains,omitempty"`
	ExtraHosts             []HostEntry              `json:"extraHosts,omitempty"`
	DockerSecurityOptions  typed.List[typed.String] `json:"dockerSecurityOptions,omitempty"`
	DockerLabels           map[string]typed.String  `json:"dockerLabels,omitempty"`
	Interactive            typed.Bool               `json:"interactive,omitempty"`
	PseudoTerminal         typed.Bool               `json:"pseudoTerminal,omitempty"`
	SystemControls         []SystemControl          `json:"systemControls,omitempty"`
	ResourceRequirements   []ResourceRequirement    `json:"resourceRequirements,omitempty"`
	FirelensConfiguration  *FirelensConfiguration   `json:"firelensConfiguration,omitempty"`
	VersionConsistency     typed.String             `json:"versionConsistency,omitempty"`
}

// RepositoryCredentials name the secret of a private registry.
type RepositoryCredentials struct {
	CredentialsParameter typed.String `json:"credentialsParameter,omitempty"`
}

// PortMapping is one published port.
type PortMapping struct {
	Name               typed.String `json:"name,omitempty"`
	ContainerPort      typed.Number `json:"containerPort,omitempty"`
	HostPort           typed.Number `json:"hostPort,omitempty"`
	Protocol           typed.String `json:"protocol,omitempty"`
	AppProtocol        typed.String `json:"appProtocol,omitempty"`
	ContainerPortRange typed.String `json:"containerPortRange,omitempty"`
}

// Env is one environment variable.
type Env struct {
	Name  typed.String `json:"name,omitempty"`
	Value typed.String `json:"value,omitempty"`
}

// EnvFile is an S3 object of environment variables.
type EnvFile struct {
	Value typed.String `json:"value,omitempty"`
	Type  typed.String `json:"type,omitempty"`
}

// Secret is an environment variable read from Secrets Manager or SSM.
type Secret struct {
	Name      typed.String `json:"name,omitempty"`
	ValueFrom typed.String `json:"valueFrom,omitempty"`
}

// MountPoint mounts a task volume.
type MountPoint struct {
	SourceVolume  typed.String `json:"sourceVolume,omitempty"`
	ContainerPath typed.String `json:"containerPath,omitempty"`
	ReadOnly      typed.Bool   `json:"readOnly,omitempty"`
}

// VolumeFrom mounts another container's volumes.
type VolumeFrom struct {
	SourceContainer typed.String `json:"sourceContainer,omitempty"`
	ReadOnly        typed.Bool   `json:"readOnly,omitempty"`
}

// ContainerDependency orders container start-up.
type ContainerDependency struct {
	ContainerName typed.String `json:"containerName,omitempty"`
	Condition     typed.String `json:"condition,omitempty"`
}

// Ulimit is one resource limit.
type Ulimit struct {
	Name      typed.String `json:"name,omitempty"`
	SoftLimit typed.Number `json:"softLimit,omitempty"`
	HardLimit typed.Number `json:"hardLimit,omitempty"`
}

// LinuxParameters are Linux-specific settings.
type LinuxParameters struct {
	Capabilities       *Capabilities `json:"capabilities,omitempty"`
	InitProcessEnabled typed.Bool    `json:"initProcessEnabled,omitempty"`
	SharedMemorySize   typed.Number  `json:"sharedMemorySize,omitempty"`
	MaxSwap            typed.Number  `json:"maxSwap,omitempty"`
	Swappiness         typed.Number  `json:"swappiness,omitempty"`
	Tmpfs              []Tmpfs       `json:"tmpfs,omitempty"`
}

// Capabilities adds and drops Linux capabilities.
type Capabilities struct {
	Add  typed.List[typed.String] `json:"add,omitempty"`
	Drop typed.List[typed.String] `json:"drop,omitempty"`
}

// Tmpfs is a tmpfs mount.
type Tmpfs struct {
	ContainerPath typed.String             `json:"containerPath,omitempty"`
	Size          typed.Number             `json:"size,omitempty"`
	MountOptions  typed.List[typed.String] `json:"mountOptions,omitempty"`
}

// LogConfiguration is the container's log driver.
type LogConfiguration struct {
	LogDriver     typed.String            `json:"logDriver,omitempty"`
	Options       map[string]typed.String `json:"options,omitempty"`
	SecretOptions []Secret                `json:"secretOptions,omitempty"`
}

// HealthCheck is the container's own health check.
type HealthCheck struct {
	Command     typed.List[typed.String] `json:"command,omitempty"`
	Interval    typed.Number             `json:"interval,omitempty"`
	Timeout     typed.Number             `json:"timeout,omitempty"`
	Retries     typed.Number             `json:"retries,omitempty"`
	StartPeriod typed.Number             `json:"startPeriod,omitempty"`
}

// HostEntry is one /etc/hosts line.
type HostEntry struct {
	Hostname  typed.String `json:"hostname,omitempty"`
	IpAddress typed.String `json:"ipAddress,omitempty"`
}

// SystemControl is one namespaced kernel parameter.
type SystemControl struct {
	Namespace typed.String `json:"namespace,omitempty"`
	Value     typed.String `json:"value,omitempty"`
}

// ResourceRequirement is a GPU or inference accelerator.
type ResourceRequirement struct {
	Value typed.String `json:"value,omitempty"`
	Type  typed.String `json:"type,omitempty"`
}

// FirelensConfiguration routes logs through Fluent Bit or Fluentd.
type FirelensConfiguration struct {
	Type    typed.String            `json:"type,omitempty"`
	Options map[string]typed.String `json:"options,omitempty"`
}

// Containers is jsonencode of the container definitions, the value of an
// aws_ecs_task_definition's container_definitions.
func Containers(defs ...Container) typed.String {
	return typed.Of[typed.String](tf.JSON(defs))
}
