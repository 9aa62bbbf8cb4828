# From aquasecurity/trivy-checks, checks/cloud/aws/elasticache/enable_backup_retention.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.
# Edited to plan offline with provider 5.100.0: required cluster_id added (not under test).

resource "aws_elasticache_cluster" "bad_example" {
  cluster_id = "lasticache-enable-backup-retention-bad-1"
  engine    = "redis"
  node_type = "cache.m4.large"
}
