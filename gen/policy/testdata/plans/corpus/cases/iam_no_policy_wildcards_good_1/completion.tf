# Added so that the case plans offline: the bucket the example names.

resource "aws_s3_bucket" "example" {
  bucket = "trivy-corpus-example"
}
