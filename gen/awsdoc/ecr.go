package awsdoc

import "github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"

// LifecycleRule is one rule of an ECR lifecycle policy, with the keys of
// the ECR lifecycle policy document. Unset optional fields are left out.
type LifecycleRule struct {
	RulePriority typed.Number    `json:"rulePriority"`
	Description  typed.String    `json:"description,omitempty"`
	Selection    Selection       `json:"selection"`
	Action       LifecycleAction `json:"action"`
}

// Selection chooses the images a LifecycleRule acts on: by tag status
// (tagged, untagged, any) and tag prefixes or patterns, beyond a count
// (imageCountMoreThan) or an age (sinceImagePushed, with CountUnit days).
type Selection struct {
	TagStatus      typed.String             `json:"tagStatus"`
	TagPrefixList  typed.List[typed.String] `json:"tagPrefixList,omitempty"`
	TagPatternList typed.List[typed.String] `json:"tagPatternList,omitempty"`
	CountType      typed.String             `json:"countType"`
	CountUnit      typed.String             `json:"countUnit,omitempty"`
	CountNumber    typed.Number             `json:"countNumber"`
}

// LifecycleAction is what a rule does to the images it selects: expire.
type LifecycleAction struct {
	Type typed.String `json:"type"`
}

// Lifecycle is jsonencode of the lifecycle policy of rules, the policy of
// an aws_ecr_lifecycle_policy.
func Lifecycle(rules ...LifecycleRule) typed.String {
	return typed.JSON(map[string][]LifecycleRule{"rules": rules})
}
