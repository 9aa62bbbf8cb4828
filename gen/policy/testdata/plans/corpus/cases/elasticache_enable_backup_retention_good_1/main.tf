# From aquasecurity/trivy-checks, checks/cloud/aws/elasticache/enable_backup_retention.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.good[0]. Test data: not part of moochat.
# Edited to plan offline with provider 5.100.0: required cluster_id added (not under test).

resource "aws_elasticache_cluster" "good_example" {
  cluster_id = "asticache-enable-backup-retention-good-1"
  engine                   = "redis"
  node_type                = "cache.m4.large"
  snapshot_retention_limit = 5
}
