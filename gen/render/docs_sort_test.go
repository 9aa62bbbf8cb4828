package render

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
)

// TestResourceRowsSortedAsTerraformDocs: a module large enough for the
// radix sort of the rows (sortRowKeys) lists them as terraform-docs does,
// managed resources first, each part sorted by "type.name" as strings,
// with names that share their first six bytes, are shorter than six, or
// differ only past them, and a kind of another provider.
func TestResourceRowsSortedAsTerraformDocs(t *testing.T) {
	for _, n := range []int{10, 1023, 1024, 5000} {
		m := tf.NewModule("modules/sorted")
		m.RequireProvider("aws", "hashicorp/aws", ">= 5.0")
		m.RequireProvider("random", "hashicorp/random", ">= 3.0")
		r := rand.New(rand.NewPCG(1, uint64(n)))
		types := []string{"aws_s3_bucket", "aws_s3_bucket_policy", "aws_iam_role", "random_id"}
		type row struct {
			data bool
			name string
		}
		var want []row
		seen := map[string]bool{}
		for len(want) < n {
			var name string
			switch r.IntN(4) {
			case 0:
				name = "b" + strconv.Itoa(r.IntN(100000))
			case 1:
				name = "shared_prefix_" + strconv.Itoa(r.IntN(100000))
			case 2:
				name = string(rune('a' + r.IntN(26)))
			default:
				name = "sharedx" + strconv.Itoa(r.IntN(1000))
			}
			typ := types[r.IntN(len(types))]
			data := r.IntN(5) == 0
			addr := strconv.FormatBool(data) + typ + "." + name
			if seen[addr] {
				continue
			}
			seen[addr] = true
			if data {
				m.Data(typ, name)
			} else {
				m.Resource(typ, name)
			}
			want = append(want, row{data, typ + "." + name})
		}
		slices.SortFunc(want, func(a, b row) int {
			if a.data != b.data {
				if a.data {
					return 1
				}
				return -1
			}
			return strings.Compare(a.name, b.name)
		})
		got := DocsTables(m, Options{})
		at := 0
		for _, line := range strings.Split(got, "\n") {
			if !strings.HasPrefix(line, "| [") {
				continue
			}
			name := line[3:strings.IndexByte(line, ']')]
			if at >= len(want) || name != want[at].name || strings.Contains(line, "| data source |") != want[at].data {
				t.Fatalf("n=%d: row %d is %q, want %v", n, at, line, want[min(at, len(want)-1)])
			}
			at++
		}
		if at != len(want) {
			t.Fatalf("n=%d: %d rows, want %d", n, at, len(want))
		}
	}
}
