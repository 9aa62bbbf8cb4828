package policy

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"strings"
	"testing"
)

// TestJSONFindingsAsEncodingJSON writes findings with every optional
// field, and strings that need escapes, and compares the report's list
// with what encoding/json writes for it (as MarshalIndent wrote reports
// first).
func TestJSONFindingsAsEncodingJSON(t *testing.T) {
	w := &Waiver{Rule: "r", Address: "a.b", Reason: "<because> & \"so\"", Expires: "2030-01-01"}
	fs := []Finding{
		{Rule: "a", Title: "t", Severity: High, Enforcement: SoftMandatory, Result: Pass, Message: "a < b && c > d"},
		{Rule: "b", Title: "tab\there <html> & \u2028 é \x01", Severity: Critical, Enforcement: HardMandatory,
			Address: `module.m["k"].aws_s3_bucket.b`, ResourceType: "aws_s3_bucket", Result: Waived, Message: "\\path\"",
			Blocking: true, Waiver: w, OverrideReason: "why", Source: "policies/x.rego"},
		{Rule: "c", Severity: Low, Enforcement: Advisory, Result: Overridden, OverrideReason: "r", Message: "bad utf-8 \xff"},
		// The same rule again, and with another title, severity or level.
		{Rule: "a", Title: "t", Severity: High, Enforcement: SoftMandatory, Result: Fail, Message: "again"},
		{Rule: "a", Title: "t2", Severity: High, Enforcement: SoftMandatory, Result: Fail},
		{Rule: "a", Title: "t2", Severity: Low, Enforcement: SoftMandatory, Result: Fail},
		{Rule: "a", Title: "t2", Severity: Low, Enforcement: Advisory, Result: Fail},
		// Findings in a row with the same address, with and without a
		// type and with another type, and messages repeated, changed,
		// emptied and shared between rules.
		{Rule: "d", Address: "x.y", ResourceType: "x", Result: Fail, Message: "m <1>"},
		{Rule: "d", Address: "x.y", ResourceType: "x", Result: Pass, Message: "m <1>"},
		{Rule: "e", Address: "x.y", Result: Fail, Message: "m <1>"},
		{Rule: "e", Address: "x.y", ResourceType: "z", Result: Fail, Message: "m <2>"},
		{Rule: "d", Address: "x.z", ResourceType: "z", Result: Fail, Message: ""},
		{Rule: "d", Address: "x.z", ResourceType: "z", Result: Fail, Message: "m <2>"},
		{Rule: "d", Address: "", Result: Fail, Message: "m <2>"},
	}
	var got bytes.Buffer
	(&Report{Findings: fs}).WriteJSON(&got)
	want, err := json.MarshalIndent(struct {
		Findings []Finding `json:"findings"`
	}{fs}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(got.Bytes(), []byte(`  "findings": [`))
	end := bytes.Index(got.Bytes(), []byte("\n  ],\n")) + len("\n  ]")
	if start < 0 || end < start {
		t.Fatalf("no findings list in\n%s", got.Bytes())
	}
	if g, w := string(got.Bytes()[start:end]), string(want[2:len(want)-2]); g != w {
		t.Errorf("findings written as\n%s\nencoding/json writes\n%s", g, w)
	}
}

// TestAppendJSONStringAsEncodingJSON writes random strings of plain
// ASCII, quotes, backslashes, HTML characters, control characters,
// U+2028 and invalid UTF-8 as encoding/json writes them.
func TestAppendJSONStringAsEncodingJSON(t *testing.T) {
	parts := []string{"a", "plain text ", `"`, `\`, "<", ">", "&", "\n", "\t", "\x01", "\x7f", "é", "\u2028", "\xff", "{}", "/"}
	rng := rand.New(rand.NewSource(6))
	for range 20000 {
		var b strings.Builder
		for n := rng.Intn(8); n > 0; n-- {
			b.WriteString(parts[rng.Intn(len(parts))])
		}
		s := b.String()
		want, _ := json.Marshal(s)
		if got := appendJSONString([]byte("x"), s); string(got) != "x"+string(want) {
			t.Fatalf("%q written as %s, encoding/json writes %s", s, got[1:], want)
		}
	}
}

// TestJSONRunAsTable finds, from every start, the first byte jsonPlain
// does not mark in random strings of plain text and every byte value
// (each special byte at each place of an eight-byte word), as a byte at a
// time loop over jsonPlain finds it.
func TestJSONRunAsTable(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for range 20000 {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			if rng.Intn(4) == 0 {
				b[i] = byte(rng.Intn(256))
			} else {
				b[i] = byte('a' + rng.Intn(26))
			}
		}
		s := string(b)
		for i := 0; i <= len(s); i++ {
			want := i
			for want < len(s) && jsonPlain[s[want]] {
				want++
			}
			if got := jsonRun(s, i); got != want {
				t.Fatalf("jsonRun(%q, %d) = %d, want %d", s, i, got, want)
			}
		}
	}
}
