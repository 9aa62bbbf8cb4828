package policy

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// waiverPieces are the strings a random waiver field is made of: plain
// text and everything encoding/json escapes or rewrites (quotes,
// backslashes, the HTML characters, control characters, U+2028/2029,
// non-ASCII, invalid UTF-8, a lone surrogate's bytes).
var waiverPieces = []string{"", "a", "aws_s3_bucket.b", " ", "\"", "\\", "<", ">", "&", "\x00", "\x01", "\x1f", "\t", "\n", "\r",
	"\x7f", "\u2028", "\u2029", "é", "日本", "\U0001F600", "\xff", "\xc3", "\xed\xa0\x80", "\ufffd", "//", "{}", "[]", ","}

func randomWaiverString(r *rand.Rand) string {
	var s string
	for n := r.IntN(5); n > 0; n-- {
		s += waiverPieces[r.IntN(len(waiverPieces))]
	}
	return s
}

// TestEncodeWaiversMatchesEncodingJSONRandomly: for random headers and
// waivers, every field drawn from strings that need escapes, empty
// strings (omitted or not) included, EncodeWaivers writes
// json.MarshalIndent's bytes and a final newline.
func TestEncodeWaiversMatchesEncodingJSONRandomly(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 1))
	for range 3000 {
		header := randomWaiverString(r)
		var ws []Waiver
		if r.IntN(4) > 0 {
			ws = []Waiver{}
			for n := r.IntN(4); n > 0; n-- {
				ws = append(ws, Waiver{Address: randomWaiverString(r), Rule: randomWaiverString(r), Reason: randomWaiverString(r),
					Expires: randomWaiverString(r), Source: randomWaiverString(r)})
			}
		}
		want := ws
		if want == nil {
			want = []Waiver{}
		}
		data, err := json.MarshalIndent(waiverFile{Comment: header, Waivers: want}, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if got := string(EncodeWaivers(header, ws)); got != string(data)+"\n" {
			t.Fatalf("EncodeWaivers(%q, %q):\n%s\nencoding/json:\n%s", header, ws, got, data)
		}
	}
}
