package render

import (
	"sort"
	"strconv"
	"strings"
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
		var want []string
		for _, r := range m.Resources {
			prov, _ := providerRef(r)
			spec, short := r.Type+"."+r.Name, shortType(r.Type, prov)
			if len(short) == len(r.Type) {
				spec = prov + "_" + spec
			}
			kind, dir := " | resource |", "resources/"
			if r.Mode == tf.Data {
				kind, dir = " | data source |", "data-sources/"
			}
			if link := docsLink(m, prov); link != "" {
				spec = "[" + spec + "](" + link + dir + short + ")"
			}
			want = append(want, strconv.FormatBool(r.Mode == tf.Data)+"\x00"+strings.TrimPrefix(strings.SplitN(spec, "](", 2)[0], "[")+"\x00\n| "+spec+kind)
		}
		sort.Strings(want)
		var rows strings.Builder
		rows.WriteString("## Resources\n\n| Name | Type |\n| ---- | ---- |")
		for _, w := range want {
			rows.WriteString(w[strings.LastIndexByte(w, 0)+1:])
		}
		var b docBuffer
		writeResources(&b, m)
		if got := b.String(); got != rows.String() {
			t.Errorf("%d more types: rows differ:\n%s\nwant:\n%s", extra, got, rows.String())
		}
	}
}
