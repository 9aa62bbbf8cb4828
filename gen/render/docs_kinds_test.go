package render

import (
	"strconv"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestResourceRowsKindIsTypeAndProvider: a README row's kind is its type
// and its provider together, whether the module has few kinds (looked
// through) or many (looked up): one type under two providers, met in
// turn with other kinds in between, gives each resource its own
// provider's key and link, as rows built one by one do.
func TestResourceRowsKindIsTypeAndProvider(t *testing.T) {
	for _, extra := range []int{0, 3, 6, 7, 8, 20} {
		m := tf.NewModule("m")
		m.RequireProvider("aws", "hashicorp/aws", "5.100.0")
		m.RequireProvider("corp", "tf.example.com/corp/corp", "")
		m.RequireProvider("s3", "example/s3", "1.2.0")
		aws, corp := m.Provider("aws", ""), m.Provider("corp", "")
		types := []string{"s3_bucket", "s3_bucket", "s3_bucket", "aws_thing"}
		for i := range extra {
			types = append(types, "aws_t"+strconv.Itoa(i))
		}
		for i := range 300 {
			typ := types[(i*7+i/5)%len(types)]
			var r *tf.Resource
			if i%4 == 0 {
				r = m.Data(typ, "r"+strconv.Itoa(i))
			} else {
				r = m.Resource(typ, "r"+strconv.Itoa(i))
			}
			switch (i * 3 / 2) % 3 {
			case 0:
				r.Provider = aws
			case 1:
				if typ == "s3_bucket" {
					r.Provider = corp
				}
			}
		}
		var b docBuffer
		writeResources(&b, m)
		if got, want := b.String(), rowsOneByOne(m); got != want {
			t.Errorf("%d more types: rows differ:\n%s\nwant:\n%s", extra, got, want)
		}
	}
}
