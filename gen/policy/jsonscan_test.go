package policy

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	tfjson "github.com/hashicorp/terraform-json"
)

// scannerCases are JSON texts, valid and not, that the scanner must read
// as encoding/json does.
var scannerCases = []string{
	`null`, `true`, `false`, `0`, `-0`, `12`, `-12`, `1.5`, `1e3`, `-1.25E-2`, `123456789012345678901234567890`,
	`9007199254740993`, `1e400`, `""`, `"plain"`, `"tab\there"`, `"q\"uote\\slash\/"`, `"\u00e9\u4e2d"`,
	`"\ud83d\ude00"`, `"\ud83d"`, `"\ude00x"`, `"\ud83d\u0041"`, "\"\xff\xfe bad utf-8\"", "\"ok \xe2\x82\xac\"",
	`{}`, `[]`, `{"a":[1,{"b":null}],"c":"d"}`, `{"a":1,"a":2}`, `{"\u0061":1}`, ` [ 1 , 2 ] `,
	// Invalid: every one must be refused.
	``, `{`, `[`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `01`, `1.`, `.5`, `-`, `1e`, `+1`, `tru`, `nul`, `truex`,
	`"\x"`, `"\u12"`, `"\u12g4"`, "\"ctl\x01\"", `"unterminated`, `[1 2]`, `{"a":1 "b":2}`, `[1]]`, `{}}`, `1 2`,
	`NaN`, `Infinity`, `[1,2`, `{"a":`,
}

// TestScannerValueMatchesEncodingJSON reads values with the scanner and
// with encoding/json into an interface{}: the same value, or an error
// from both.
func TestScannerValueMatchesEncodingJSON(t *testing.T) {
	for _, in := range scannerCases {
		var want any
		wantErr := json.Unmarshal([]byte(in), &want)
		for _, oneByte := range []bool{false, true} {
			s := newScanner(bytes.NewReader([]byte(in)), 16)
			if oneByte {
				s = newScanner(iotest.OneByteReader(bytes.NewReader([]byte(in))), 1)
			}
			got, err := s.value()
			if err == nil {
				err = s.end()
			}
			if (err != nil) != (wantErr != nil) {
				t.Errorf("%q (one byte per read %v): scanner error %v, encoding/json error %v", in, oneByte, err, wantErr)
				continue
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Errorf("%q: scanner %#v, encoding/json %#v", in, got, want)
			}
		}
	}
}

// TestScannerStringsMatchEncodingJSON decodes random strings full of
// escapes, surrogates and invalid UTF-8 both ways.
func TestScannerStringsMatchEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	parts := []string{`a`, `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\u0041`, `\u00e9`, `\ud83d\ude00`, `\ud83d`,
		`\udc00`, "\xff", "\xe2\x82", "\xe2\x82\xac", "é", "中", " "}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		b.WriteByte('"')
		for n := rng.Intn(12); n > 0; n-- {
			b.WriteString(parts[rng.Intn(len(parts))])
		}
		b.WriteByte('"')
		in := b.String()
		var want string
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		got, err := bytesScanner([]byte(in)).stringValue()
		if err != nil || got != want {
			t.Fatalf("%q: scanner %q (%v), encoding/json %q", in, got, err, want)
		}
	}
}

// TestDecodeRefusesInvalidJSON damages a plan at random places: whatever
// encoding/json refuses as JSON, the decoder refuses too, skipped
// sections included; what stays valid decodes as a tfjson.Plan does.
func TestDecodeRefusesInvalidJSON(t *testing.T) {
	orig, err := os.ReadFile(planPath("storage"))
	if err != nil {
		t.Fatal(err)
	}
	var c bytes.Buffer
	if err := json.Compact(&c, orig); err != nil {
		t.Fatal(err)
	}
	orig = c.Bytes()
	keep := attrsFor(DefaultRules())
	rng := rand.New(rand.NewSource(2))
	junk := []byte(`{}[]",:\ 0-+.eEtfnu` + "\x01\xff")
	refused, checked := 0, 0
	for i := 0; i < 1000; i++ {
		b := bytes.Clone(orig)
		at := rng.Intn(len(b))
		switch rng.Intn(3) {
		case 0:
			b[at] = junk[rng.Intn(len(junk))]
		case 1:
			b = append(b[:at], b[at+1:]...)
		default:
			b = append(b[:at], append([]byte{junk[rng.Intn(len(junk))]}, b[at:]...)...)
		}
		_, err := decodePlan(bytes.NewReader(b), func(typ string) *attrSet { return keep[typ] })
		if !json.Valid(b) {
			refused++
			if err == nil {
				t.Errorf("damage at offset %d: invalid JSON decoded without error: %.80q", at, b[max(0, at-30):])
			}
			continue
		}
		checked++
		// Valid JSON that tfjson decodes may still be refused for what
		// it says: an unknown action, a type its address contradicts, a
		// section renamed away.
		var full tfjson.Plan
		if json.Unmarshal(b, &full) == nil && err != nil && !strings.Contains(err.Error(), "action") &&
			!strings.Contains(err.Error(), "does not match the address") && !strings.Contains(err.Error(), "plan") &&
			!strings.Contains(err.Error(), "no change") && !strings.Contains(err.Error(), "configuration") {
			t.Errorf("damage at offset %d: valid plan refused: %v", at, err)
		}
	}
	if refused < 250 {
		t.Errorf("only %d of the damaged plans were invalid JSON", refused)
	}
	t.Logf("%d invalid refused, %d still valid", refused, checked)
}

// TestSortFindingsIsStable compares sortFindings with sort.SliceStable.
func TestSortFindingsIsStable(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	var fs []Finding
	for i := 0; i < 5000; i++ {
		fs = append(fs, Finding{Address: []string{"", "a", "b", "module.x[0].a"}[rng.Intn(4)],
			Rule: []string{"r1", "r2", "r3"}[rng.Intn(3)], Severity: Severity(1 + rng.Intn(4)),
			Result: []Result{Pass, Fail, Unknown, Waived}[rng.Intn(4)], Blocking: rng.Intn(2) == 0, Message: string(rune('a' + i%26))})
		fs[i].Title = strconv.Itoa(i)
	}
	// Once as they come, once already in address order (as Evaluate
	// makes them), which takes the short path.
	byAddr := slices.Clone(fs)
	sort.SliceStable(byAddr, func(i, j int) bool { return byAddr[i].Address < byAddr[j].Address })
	want := slices.Clone(fs)
	sort.SliceStable(want, func(i, j int) bool {
		a, b := want[i], want[j]
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		if rank(a) != rank(b) {
			return rank(a) > rank(b)
		}
		return a.Rule < b.Rule
	})
	sortFindings(fs)
	sortFindings(byAddr)
	if !reflect.DeepEqual(fs, want) || !reflect.DeepEqual(byAddr, want) {
		t.Error("sortFindings differs from a stable sort")
	}
}

// TestSkipMatchesValid skips values, nested ones too, and refuses
// exactly what json.Valid refuses (skipping checks syntax; a number too
// large for a float64 is still JSON).
func TestSkipMatchesValid(t *testing.T) {
	deep := strings.Repeat(`{"a":[`, 3000) + `1` + strings.Repeat(`]}`, 3000)
	cases := append(slices.Clone(scannerCases), deep, deep[:len(deep)-1], strings.Repeat("[", maxDepth+1)+strings.Repeat("]", maxDepth+1),
		`{"a":{"b":[1,2,{"c":"d"}]},"e":[[],{}],"f":null}`, `{"a":[1,2}`, `{"a":{"b":1]}`, `[{"a" 1}]`, `[{,}]`, `{"a":1,"b"}`,
		`[1,[2,[3,[4]]]]`, `[1,[2,[3,[4]]]`, `{"k":"v",}`, `[{}, {"x": [true, false, null]}]`)
	for _, in := range cases {
		want := json.Valid([]byte(in))
		if strings.Count(in, "[") > maxDepth {
			want = false // encoding/json's nesting limit, which Unmarshal applies
		}
		for _, oneByte := range []bool{false, true} {
			s := newScanner(bytes.NewReader([]byte(in)), 16)
			if oneByte {
				s = newScanner(iotest.OneByteReader(bytes.NewReader([]byte(in))), 1)
			}
			err := s.skip()
			if err == nil {
				err = s.end()
			}
			if (err == nil) != want {
				t.Errorf("%.60q (one byte per read %v): skip error %v, json.Valid %v", in, oneByte, err, want)
			}
		}
	}
}

// TestStrRunMatchesBytewise puts every byte value at every offset of a
// run (and a second special byte after it, and high bytes around it,
// which must not borrow into a false find) and compares strRun with a
// byte-at-a-time scan over strSafe.
func TestStrRunMatchesBytewise(t *testing.T) {
	want := func(b []byte, i int) int {
		for i < len(b) && strSafe[b[i]] {
			i++
		}
		return i
	}
	for _, fill := range []byte{'a', 0x80, 0xff, 0x21, 0x5d} {
		for n := 0; n <= 24; n++ {
			for at := 0; at < n; at++ {
				for c := 0; c < 256; c++ {
					b := bytes.Repeat([]byte{fill}, n)
					b[at] = byte(c)
					if at+1 < n {
						b[at+1] = '"'
					}
					for from := 0; from <= min(at, 9); from++ {
						if got, w := strRun(b, from), want(b, from); got != w {
							t.Fatalf("strRun(%q, %d) = %d, want %d", b, from, got, w)
						}
					}
				}
			}
		}
	}
	rng := rand.New(rand.NewSource(4))
	for range 20000 {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			// Mostly safe bytes, sometimes a special one.
			b[i] = byte(0x20 + rng.Intn(0xe0))
			if rng.Intn(16) == 0 {
				b[i] = []byte{'"', '\\', 0, 0x1f, 0x0a, 0x7f, 0x20}[rng.Intn(7)]
			}
		}
		from := 0
		if len(b) > 0 {
			from = rng.Intn(len(b) + 1)
		}
		if got, w := strRun(b, from), want(b, from); got != w {
			t.Fatalf("strRun(%q, %d) = %d, want %d", b, from, got, w)
		}
	}
}

// TestSkipStringsAtEveryOffset skips arrays of strings whose escapes,
// control characters, quotes and non-ASCII bytes fall at every offset
// of the eight-byte runs and across buffer refills, valid and not: skip
// refuses exactly what json.Valid refuses, and a kept string reads as
// encoding/json reads it.
func TestSkipStringsAtEveryOffset(t *testing.T) {
	specials := []string{`\"`, `\\`, `\u00e9`, `\u12`, `\x`, "\x01", "\x1f", "\t", "\xff", "é", `"`, "\x7f", " "}
	for _, sp := range specials {
		for pre := 0; pre < 18; pre++ {
			str := `"` + strings.Repeat("a", pre) + sp + strings.Repeat("b", 17-pre%9) + `"`
			for _, in := range []string{`[` + str + `,` + str + `]`, `{` + str + `:` + str + `}`, str} {
				want := json.Valid([]byte(in))
				for _, size := range []int{1, 7, 16, 1 << 10} {
					s := newScanner(iotest.HalfReader(bytes.NewReader([]byte(in))), size)
					err := s.skip()
					if err == nil {
						err = s.end()
					}
					if (err == nil) != want {
						t.Errorf("%q (buffer %d): skip error %v, json.Valid %v", in, size, err, want)
					}
				}
				if in[0] != '"' {
					continue
				}
				var w string
				wantErr := json.Unmarshal([]byte(in), &w)
				s := bytesScanner([]byte(in))
				got, err := s.stringValue()
				if err == nil {
					err = s.end()
				}
				if (err != nil) != (wantErr != nil) || err == nil && got != w {
					t.Errorf("%q: scanner %q (%v), encoding/json %q (%v)", in, got, err, w, wantErr)
				}
			}
		}
	}
}

// TestByAddressIsStable compares byAddress with a stable sort by
// address, on resources with repeated addresses.
func TestByAddressIsStable(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	for _, n := range []int{0, 1, 2, 10, 1000} {
		rs := make([]*Resource, n)
		for i := range rs {
			rs[i] = &Resource{ResourceChange: &tfjson.ResourceChange{Address: []string{"a", "b", "module.m[0].a", "module.m[1].a", "module.m[10].a", "c[2]"}[rng.Intn(6)]}}
		}
		want := slices.Clone(rs)
		sort.SliceStable(want, func(i, j int) bool { return want[i].Address < want[j].Address })
		if got := byAddress(rs); !slices.Equal(got, want) {
			t.Errorf("%d resources: byAddress differs from a stable sort", n)
		}
	}
}
