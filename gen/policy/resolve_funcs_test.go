package policy

import (
	"bytes"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// TestEncodeJSONScalarsAsBefore: jsonencode writes strings as
// json.Marshal does and numbers as big.Float's Text('f', -1) does, the
// shortcuts for plain strings and integers included.
func TestEncodeJSONScalarsAsBefore(t *testing.T) {
	enc := func(v cty.Value) string {
		var buf bytes.Buffer
		var marks []cty.ValueMarks
		if err := encodeJSON(&placeholders{}, &buf, v, &marks); err != nil {
			t.Fatalf("encodeJSON(%#v): %v", v, err)
		}
		return buf.String()
	}
	for _, s := range []string{"", "s3:GetObject", "arn:aws:s3:::b/*", `a"b`, `a\b`, "<x>", "a&b", "tab\there", "nl\n", "\x7f", "é", "\u2028", "\xff", "ok ~ {}[]"} {
		want, _ := json.Marshal(s)
		if got := enc(cty.StringVal(s)); got != string(want) {
			t.Errorf("string %q: %s, want %s", s, got, want)
		}
		obj := enc(cty.ObjectVal(map[string]cty.Value{s: cty.True}))
		if w := "{" + string(want) + ":true}"; obj != w {
			t.Errorf("key %q: %s, want %s", s, obj, w)
		}
	}
	nums := []*big.Float{
		big.NewFloat(0), big.NewFloat(1), big.NewFloat(-7), big.NewFloat(1.5), big.NewFloat(1 << 60), big.NewFloat(1e20),
		new(big.Float).SetInt64(-1 << 63), new(big.Float).SetInt64(1<<63 - 1), new(big.Float).SetInt64(300),
		new(big.Float).Neg(big.NewFloat(0)),
	}
	for _, src := range []string{"0", "42", "6379", "-12", "0.25", "1e30", "9223372036854775807", "9223372036854775808"} {
		v, err := cty.ParseNumberVal(src)
		if err != nil {
			t.Fatal(err)
		}
		nums = append(nums, v.AsBigFloat())
	}
	for _, f := range nums {
		v := cty.NumberVal(f)
		if got, want := enc(v), v.AsBigFloat().Text('f', -1); got != want {
			t.Errorf("number %s (prec %d): %s, want %s", f.String(), f.Prec(), got, want)
		}
	}
}
