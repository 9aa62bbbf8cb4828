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

// TestSortRowKeysIsAStableSort: sortRowKeys orders keys as a stable sort
// by order does, at sizes either side of where it turns to radix, for
// keys that differ in every byte, in one byte only, in a few values (many
// ties, whose rows must stay in their order), or not at all.
func TestSortRowKeysIsAStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	gens := map[string]func() uint64{
		"random":   r.Uint64,
		"one byte": func() uint64 { return 0x0102030405060708 | uint64(r.IntN(256))<<24 },
		"few":      func() uint64 { return uint64(r.IntN(5)) << 40 },
		"top bit":  func() uint64 { return uint64(r.IntN(2))<<63 | uint64(r.IntN(3)) },
		"equal":    func() uint64 { return 42 },
	}
	for name, gen := range gens {
		for _, n := range []int{0, 1, 2, 1023, 1024, 1025, 4099} {
			keys := make([]rowKey, n)
			for i := range keys {
				keys[i] = rowKey{gen(), int32(i)}
			}
			want := slices.Clone(keys)
			slices.SortStableFunc(want, func(a, b rowKey) int {
				switch {
				case a.order < b.order:
					return -1
				case a.order > b.order:
					return 1
				}
				return 0
			})
			if got := sortRowKeys(keys, make([]rowKey, n)); !slices.Equal(got, want) {
				t.Fatalf("%s, n=%d: sortRowKeys differs from a stable sort", name, n)
			}
		}
	}
}

// TestResourceRowsSortedWithManyKinds: the README's rows come out sorted
// as terraform-docs sorts them (data sources last, then "type.name" as
// strings) and each once, with kinds either side of the 1<<15 from which
// rows are sorted by comparison, ephemeral resources left out, and names
// with bytes of 0x80 and above, shorter than six bytes, or sharing their
// first six.
func TestResourceRowsSortedWithManyKinds(t *testing.T) {
	for _, kinds := range []int{3, 1<<15 - 1, 1<<15 + 40} {
		m := tf.NewModule("modules/kinds")
		m.RequireProvider("aws", "hashicorp/aws", ">= 5.0")
		r := rand.New(rand.NewPCG(3, uint64(kinds)))
		names := []string{"a", "ab", "abcdef", "abcdefg", "abcdefh", "abcdeg", "é", "éa", "zé", "\u00ff_x", "b"}
		var want []string
		seen := map[string]bool{}
		add := func(typ, name string, mode int) {
			row := strconv.Itoa(mode) + typ + "." + name
			if seen[row] {
				return
			}
			seen[row] = true
			switch mode {
			case 0:
				m.Resource(typ, name)
			case 1:
				m.Data(typ, name)
			default:
				m.Ephemeral(typ, name)
				return
			}
			want = append(want, row)
		}
		for k := 0; k < kinds; k++ {
			// Ephemeral resources make no rows, nor kinds.
			add("aws_t"+strconv.Itoa(k), names[k%len(names)], k%2)
			add("aws_e"+strconv.Itoa(k), "e", 2)
		}
		for i := 0; i < 3000; i++ {
			add("aws_t"+strconv.Itoa(r.IntN(min(kinds, 40))), names[r.IntN(len(names))]+strconv.Itoa(r.IntN(3)), r.IntN(3))
		}
		slices.Sort(want) // "0" resources before "1" data sources, then as strings
		var got []string
		for _, line := range strings.Split(DocsTables(m, Options{}), "\n") {
			if !strings.HasPrefix(line, "| [aws_t") {
				continue
			}
			mode := "0"
			if strings.HasSuffix(line, "| data source |") {
				mode = "1"
			}
			got = append(got, mode+line[3:strings.IndexByte(line, ']')])
		}
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("kinds=%d: row %d is %q, want %q", kinds, i, got[i], want[i])
				}
			}
			t.Fatalf("kinds=%d: %d rows, want %d", kinds, len(got), len(want))
		}
	}
}
