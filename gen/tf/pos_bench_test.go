package tf_test

import (
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// BenchmarkDeclare measures declaring a resource with two arguments, whose
// cost is mostly recording where in the blueprint each was made.
func BenchmarkDeclare(b *testing.B) {
	m := tf.NewModule("m")
	v := tf.String("x")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m.Resource("aws_s3_bucket", "b").Set("bucket", v).Set("acl", v)
		if len(m.Resources) > 1000 {
			m.Resources = m.Resources[:0]
		}
	}
}
