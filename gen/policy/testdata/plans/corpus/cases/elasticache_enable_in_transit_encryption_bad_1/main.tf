# From aquasecurity/trivy-checks, checks/cloud/aws/elasticache/enable_in_transit_encryption.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.
# Edited to plan offline with provider 5.100.0: required description, replication_group_id added (not under test).

resource "aws_elasticache_replication_group" "bad_example" {
  replication_group_id = "transit-bad-example"
  description          = "corpus case"
  transit_encryption_enabled = false
}
