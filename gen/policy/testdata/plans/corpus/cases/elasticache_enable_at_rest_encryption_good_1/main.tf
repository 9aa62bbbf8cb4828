# From aquasecurity/trivy-checks, checks/cloud/aws/elasticache/enable_at_rest_encryption.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.good[0]. Test data: not part of moochat.
# Edited to plan offline with provider 5.100.0: replication_group_description renamed description (provider v5).

resource "aws_elasticache_replication_group" "good_example" {
  replication_group_id          = "foo"
  description = "my foo cluster"

  at_rest_encryption_enabled = true
}
