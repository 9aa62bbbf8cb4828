# From aquasecurity/trivy-checks, checks/cloud/aws/ecs/no_plaintext_secrets.yaml (commit 80e5382269707262f35cf893bdc0805cb72217e9),
# terraform.bad[0]. Test data: not part of moochat.
# Edited to plan offline with provider 5.100.0: required family added (not under test).

resource "aws_ecs_task_definition" "bad_example" {
  family = "corpus-ecs-no-plaintext-secrets-bad-1"
  container_definitions = <<EOF
 [
   {
     "name": "my_service",
     "environment": [
       { "name": "ENVIRONMENT", "value": "development" },
       { "name": "DATABASE_PASSWORD", "value": "oh no D:"}
     ]
   }
 ]
 EOF
}
