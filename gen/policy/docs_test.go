package policy

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// statementsJSON and containersJSON are how the rules read policy
// documents and container definitions before they had the tree decoder:
// json.Unmarshal into encoding/json's values. They are the reference
// parseStatements and parseContainers are held to.
func statementsJSON(text string) ([]statement, error) {
	var doc struct {
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return nil, err
	}
	var raws []map[string]any
	if len(doc.Statement) > 0 && doc.Statement[0] == '{' {
		var one map[string]any
		if err := json.Unmarshal(doc.Statement, &one); err != nil {
			return nil, err
		}
		raws = append(raws, one)
	} else if len(doc.Statement) > 0 {
		if err := json.Unmarshal(doc.Statement, &raws); err != nil {
			return nil, err
		}
	}
	var out []statement
	for _, raw := range raws {
		s := statement{Principal: raw["Principal"]}
		s.Effect, _ = raw["Effect"].(string)
		s.Actions = stringsOf(raw["Action"])
		s.Resources = stringsOf(raw["Resource"])
		if c, ok := raw["Condition"].(map[string]any); ok {
			s.Condition = map[string]map[string]any{}
			for op, kv := range c {
				m, _ := kv.(map[string]any)
				s.Condition[op] = m
			}
		}
		out = append(out, s)
	}
	return out, nil
}

func containersJSON(text string) ([]container, error) {
	var cs []map[string]any
	if err := json.Unmarshal([]byte(text), &cs); err != nil {
		return nil, err
	}
	var out []container
	for _, c := range cs {
		x := container{name: "(unnamed)", privileged: c["privileged"] == true, readonlyRoot: c["readonlyRootFilesystem"] == true}
		if n, ok := c["name"].(string); ok {
			x.name = n
		}
		env, _ := c["environment"].([]any)
		for _, e := range env {
			kv, _ := e.(map[string]any)
			name, _ := kv["name"].(string)
			if val, _ := kv["value"].(string); val != "" {
				x.env = append(x.env, envVar{name, val})
			}
		}
		out = append(out, x)
	}
	return out, nil
}

// docCases are documents, policies and container lists, with the edges
// of encoding/json's reading: case-folded and repeated Statement fields,
// null statements and containers, values of the wrong type, numbers a
// float64 cannot hold inside and outside what is decoded, and invalid
// JSON.
var docCases = []string{
	``, `null`, `{}`, `[]`, `"x"`, `1`, `true`, `{"Statement":null}`, `{"Statement":[]}`, `{"Statement":{}}`,
	`{"Statement":"x"}`, `{"Statement":1}`, `{"Statement":[null]}`, `{"Statement":[1]}`, `{"Statement":["x"]}`,
	`{"Statement":[{},null,{"Effect":"Allow"}]}`, `{"statement":[{"Effect":"Allow","Action":"*"}]}`,
	`{"STATEMENT":{"Effect":"Allow","Action":["s3:Get*",1,"*"],"Resource":"*"}}`,
	`{"ſtatement":[{"Effect":"Allow"}]}`, `{"Statement":[{"Effect":"Deny"}],"statement":[{"Effect":"Allow","Action":"x"}]}`,
	`{"Statement":[{"Effect":"Allow"}],"Statement":null}`, `{"Version":1e400,"Statement":[{"Effect":"Allow","Action":"*"}]}`,
	`{"Version":1e400,"Statement":[{"Effect":"Allow","Condition":{"n":{"k":1e400}}}]}`,
	`{"Statement":[{"Effect":"Allow","Condition":{"n":{"k":1e400}}}]}`, `{"Version":1e400}`, `{"Version":1e400,"Statement":null}`,
	`{"Statement":[{"Effect":1,"Action":{"a":"b"},"Resource":null}]}`, `{"Statement":[{"Effect":"Allow","Effect":"Deny"}]}`,
	`{"Statement":[{"Effect":"Allow","Principal":{"Federated":["arn:x","y"],"AWS":"*"},"Condition":{"StringLike":{"a":["b",2]},"Bool":null,"X":"y"}}]}`,
	`{"Statement":[{"Effect":"Allow","Condition":{"S":{"k":"v"},"S":{"k":"w"}}}]}`,
	`{"Statement":[{"Effect":"Allow","Action":"*"}]`, `{"Statement":[{"Effect":"Allow","Action":"*"}]} x`,
	`{"Statement":[{"Effect":"\u0041llow","Action":"\u002a"}]}`, "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"\xff\"}]}",
	`[{"name":"app","privileged":true,"readonlyRootFilesystem":false}]`, `[null,{}]`, `[1]`, `["x"]`, `{"name":"x"}`,
	`[{"name":1,"privileged":"true","readonlyRootFilesystem":true,"environment":[{"name":"DB_PASSWORD","value":"x"},{"name":"A"},null,1,{"name":2,"value":"v"},{"value":""}]}]`,
	`[{"environment":{"name":"TOKEN","value":"x"}}]`, `[{"name":"a","name":"b","privileged":true,"privileged":false}]`,
	`[{"memory":1e400}]`, `[{"name":"a"}]]`,
}

// TestDocsMatchEncodingJSON holds parseStatements and parseContainers to
// encoding/json's reading of every document in docCases, of every policy
// document and container list in the fixture plans, and of random
// documents built from policy-like parts, with one tree reused across
// all of them as Evaluate reuses it.
func TestDocsMatchEncodingJSON(t *testing.T) {
	docs := slicesClone(docCases)
	for _, name := range []string{"service", "storage", "corpus", "resolve"} {
		b, err := os.ReadFile(filepath.Join("testdata", "plans", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			ResourceChanges []struct {
				Change struct{ After map[string]any } `json:"change"`
			} `json:"resource_changes"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		for _, rc := range p.ResourceChanges {
			for _, k := range []string{"policy", "assume_role_policy", "container_definitions"} {
				if s, ok := rc.Change.After[k].(string); ok {
					docs = append(docs, s)
				}
			}
		}
	}
	rng := rand.New(rand.NewSource(5))
	for range 4000 {
		docs = append(docs, randomDoc(rng, 0))
	}
	tr := newTree()
	policies, lists := 0, 0
	for _, d := range docs {
		tr.reset()
		got, err := parseStatements(tr, d)
		want, wantErr := statementsJSON(d)
		if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("statements of %.200q:\n tree %#v (%v)\n json %#v (%v)", d, got, err, want, wantErr)
		}
		if len(want) > 0 {
			policies++
		}
		tr.reset()
		cs, err := parseContainers(tr, d)
		wantCs, wantErr := containersJSON(d)
		if (err != nil) != (wantErr != nil) || !reflect.DeepEqual(cs, wantCs) {
			t.Errorf("containers of %.200q:\n tree %#v (%v)\n json %#v (%v)", d, cs, err, wantCs, wantErr)
		}
		if len(wantCs) > 0 {
			lists++
		}
	}
	// What was read from earlier documents is unchanged by later ones.
	tr.reset()
	first, _ := parseStatements(tr, docCases[16])
	for _, d := range docs[:200] {
		tr.reset()
		parseStatements(tr, d)
	}
	if want, _ := statementsJSON(docCases[16]); !reflect.DeepEqual(first, want) {
		t.Errorf("statements changed by later parses: %#v, want %#v", first, want)
	}
	if policies < 500 || lists < 300 {
		t.Errorf("only %d documents with statements and %d container lists: the random documents miss their shapes", policies, lists)
	}
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// randomDoc builds a JSON text: a policy document or a container list
// of the right shape mostly, with values of the wrong type, repeated
// keys, nulls and junk mixed in at every level.
func randomDoc(rng *rand.Rand, depth int) string {
	pick := func(xs ...string) string { return xs[rng.Intn(len(xs))] }
	odd := func() bool { return rng.Intn(8) == 0 }
	scalar := func() string {
		return pick(`null`, `true`, `false`, `1`, `-2.5e3`, `1e400`, `"*"`, `"s3:GetObject"`, `"Allow"`, `"x\u00e9"`, `""`, "\"\xff\"")
	}
	var value func(d int) string
	obj := func(d int, keys []string, val func(k string) string) string {
		var b strings.Builder
		b.WriteByte('{')
		for i := rng.Intn(len(keys) + 1); i > 0; i-- {
			k := keys[rng.Intn(len(keys))]
			b.WriteString(strconv.Quote(k) + ":" + val(k))
			if i > 1 {
				b.WriteByte(',')
			}
		}
		b.WriteByte('}')
		return b.String()
	}
	list := func(n int, elem func() string) string {
		parts := make([]string, rng.Intn(n+1))
		for i := range parts {
			parts[i] = elem()
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	value = func(d int) string {
		if d > 2 || rng.Intn(3) > 0 {
			return scalar()
		}
		if rng.Intn(2) == 0 {
			return list(3, func() string { return value(d + 1) })
		}
		return obj(d, []string{"a", "Federated", "k"}, func(string) string { return value(d + 1) })
	}
	strs := func() string {
		if odd() {
			return value(1)
		}
		if rng.Intn(2) == 0 {
			return pick(`"*"`, `"s3:GetObject"`, `"arn:aws:s3:::b/*"`, `"iam:PassRole"`)
		}
		return list(3, func() string { return pick(`"*"`, `"s3:Get*"`, `"ec2:RunInstances"`, `1`, `null`) })
	}
	stmt := func() string {
		if odd() {
			return value(1)
		}
		return obj(1, []string{"Effect", "Action", "Resource", "Principal", "Condition", "Sid"}, func(k string) string {
			switch {
			case odd():
				return value(2)
			case k == "Effect":
				return pick(`"Allow"`, `"Deny"`)
			case k == "Action" || k == "Resource":
				return strs()
			case k == "Principal":
				return obj(2, []string{"Federated", "AWS", "Service"}, func(string) string { return strs() })
			case k == "Condition":
				return obj(2, []string{"StringLike", "StringEquals", "Bool"}, func(string) string {
					if odd() {
						return value(3)
					}
					return obj(3, []string{"token.actions.githubusercontent.com:sub", "aws:SecureTransport"}, func(string) string { return strs() })
				})
			}
			return value(2)
		})
	}
	container := func() string {
		if odd() {
			return value(1)
		}
		return obj(1, []string{"name", "privileged", "readonlyRootFilesystem", "environment", "image"}, func(k string) string {
			switch {
			case odd():
				return value(2)
			case k == "name" || k == "image":
				return pick(`"app"`, `"sidecar"`, `""`)
			case k == "privileged" || k == "readonlyRootFilesystem":
				return pick(`true`, `false`, `"true"`)
			}
			return list(3, func() string {
				if odd() {
					return value(3)
				}
				return obj(3, []string{"name", "value"}, func(k string) string {
					if k == "name" {
						return pick(`"DB_PASSWORD"`, `"PORT"`, `"API_KEY"`, `1`)
					}
					return pick(`"x"`, `""`, `null`, `8000`)
				})
			})
		})
	}
	switch rng.Intn(5) {
	case 0:
		return list(3, container)
	case 1:
		return value(0)
	}
	return obj(0, []string{"Version", "Statement", "statement", "Id"}, func(k string) string {
		switch {
		case odd():
			return value(1)
		case k == "Version":
			return pick(`"2012-10-17"`, `1e400`)
		case k == "Id":
			return scalar()
		case rng.Intn(4) == 0:
			return stmt()
		}
		return list(4, stmt)
	})
}

// TestFormatPlainAsSprintf formats random messages of text, %s, %d and
// other verbs with strings, ints and other arguments, too few and too
// many: what formatPlain formats is what Sprintf gives, and it formats
// every message of only %s strings and %d ints.
func TestFormatPlainAsSprintf(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	texts := []string{"", "a", "statement ", ": ", "é", "%%", "%q", "%v", "%5s", "%", "%s", "%d", "%s", "%d"}
	args := []any{"x", "", "module.a[0].b", "%s", 0, -12, 1 << 40, 1.5, true, nil, []string{"a"}}
	plain := 0
	for range 20000 {
		var f strings.Builder
		for n := rng.Intn(5); n > 0; n-- {
			f.WriteString(texts[rng.Intn(len(texts))])
		}
		a := make([]any, rng.Intn(4))
		for i := range a {
			a[i] = args[rng.Intn(len(args))]
		}
		format := f.String()
		got, ok := formatPlain(format, a)
		want := fmt.Sprintf(format, a...)
		if ok && got != want {
			t.Fatalf("formatPlain(%q, %#v) = %q, Sprintf gives %q", format, a, got, want)
		}
		if ok {
			plain++
		}
		if !ok && onlyPlain(format, a) {
			t.Fatalf("formatPlain(%q, %#v) refused a plain message", format, a)
		}
	}
	if plain < 1000 {
		t.Errorf("only %d plain messages formatted", plain)
	}
}

// onlyPlain reports whether format's verbs are all %s or %d, one per
// argument, each of the matching type.
func onlyPlain(format string, a []any) bool {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		if i+1 >= len(format) || len(a) == 0 {
			return false
		}
		switch format[i+1] {
		case 's':
			if _, ok := a[0].(string); !ok {
				return false
			}
		case 'd':
			if _, ok := a[0].(int); !ok {
				return false
			}
		default:
			return false
		}
		a = a[1:]
		i++
	}
	return len(a) == 0
}
