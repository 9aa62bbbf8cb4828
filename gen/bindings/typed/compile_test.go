package typed_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// compileCases are Go programs that must not compile, each with the
// compiler's complaint: type safety is what a typed value buys, so it is
// proved with the real compiler. The first case must compile: it shows the
// harness builds good programs, so the others fail for their own reason.
var compileCases = []struct {
	name, body, want string
}{
	{"good", `
	m := tf.NewModule("modules/x")
	port := typed.Var[typed.Number](m, "port", "Port.")
	aws.NewLbTargetGroup(m, "tg", aws.LbTargetGroupArgs{Port: port, Name: typed.Tmpl("tg-", typed.ToString(port))})
	_ = awsdoc.Containers(awsdoc.Container{Name: aws.String("app"), PortMappings: []awsdoc.PortMapping{{ContainerPort: port}}})
	_ = awsdoc.Policy(awsdoc.Statement{Action: []string{"s3:GetObject"}, Resource: []tf.Expr{aws.String("*")}})
	zones := typed.Var[typed.List[typed.String]](m, "zones", "Zones.")
	_ = aws.LbArgs{Subnets: typed.AsSet(typed.ForList(zones, func(i typed.Number, z typed.String) typed.String { return typed.Tmpl("subnet-", z) }))}
	type sizes struct {
		A typed.Number ` + "`" + `tf:"a"` + "`" + `
	}
	var _ typed.Object[sizes] = typed.ForObject[sizes](zones, func(i typed.Number, z typed.String) typed.String { return z }, func(i typed.Number, z typed.String) typed.Number { return i })`, ""},
	{"string-into-number-field", `
	_ = aws.LbTargetGroupArgs{Port: aws.String("80")}`,
		`cannot use aws.String("80") (value of struct type typed.String) as typed.Number value in struct literal`},
	{"number-variable-into-string-field", `
	m := tf.NewModule("modules/x")
	n := typed.Var[typed.Number](m, "n", "A number.")
	_ = aws.S3BucketArgs{Bucket: n}`,
		`cannot use n (variable of struct type typed.Number) as typed.String value in struct literal`},
	{"explicit-conversion-between-types", `
	_ = typed.Number(aws.String("80"))`,
		`cannot convert aws.String("80") (value of struct type typed.String) to type typed.Number`},
	{"list-into-set-field", `
	m := tf.NewModule("modules/x")
	subnets := typed.Var[typed.List[typed.String]](m, "subnets", "Subnets.")
	_ = aws.LbArgs{Subnets: subnets}`,
		`cannot use subnets (variable of struct type typed.List[typed.String]) as typed.Set[typed.String] value in struct literal`},
	{"conditional-branches-disagree", `
	_ = typed.If(aws.Bool(true), aws.String("a"), aws.Number(1))`,
		`type typed.Number of aws.Number(1) does not match inferred type typed.String for T`},
	{"misspelt-iam-key", `
	_ = awsdoc.Statement{Actions: []string{"s3:GetObject"}}`,
		`unknown field Actions in struct literal of type awsdoc.Statement`},
	{"misspelt-container-key", `
	_ = awsdoc.Container{Imagee: aws.String("nginx")}`,
		`unknown field Imagee in struct literal of type awsdoc.Container`},
	{"string-into-container-port", `
	_ = awsdoc.PortMapping{ContainerPort: aws.String("8000")}`,
		`cannot use aws.String("8000") (value of struct type typed.String) as typed.Number value in struct literal`},
	{"module-input-of-the-wrong-type", `
	type inputs struct {
		Port typed.Number ` + "`" + `tf:"port" description:"Port."` + "`" + `
	}
	type outputs struct{}
	call := typed.ModuleCaller[inputs, outputs]()
	_ = call(tf.NewModule("envs/x"), "x", tf.NewModule("modules/x"), inputs{Port: aws.String("80")})`,
		`cannot use aws.String("80") (value of struct type typed.String) as typed.Number value in struct literal`},
	{"for-body-for-elements-of-another-type", `
	m := tf.NewModule("modules/x")
	zones := typed.Var[typed.List[typed.String]](m, "zones", "Zones.")
	_ = typed.ForList(zones, func(i typed.Number, z typed.Number) typed.Number { return typed.Add(z, i) })`,
		`type func(i typed.Number, z typed.Number) typed.Number of func(i typed.Number, z typed.Number) typed.Number {…} does not match inferred type func(k typed.Number, v typed.String) U for func(k K, v T) U`},
	{"for-result-into-a-field-of-another-type", `
	m := tf.NewModule("modules/x")
	ports := typed.Var[typed.Map[typed.Number]](m, "ports", "Ports.")
	_ = aws.LbTargetGroupArgs{Port: typed.ForList(ports, func(k typed.String, p typed.Number) typed.Number { return p })}`,
		`(value of struct type typed.List[typed.Number]) as typed.Number value in struct literal`},
	{"for-object-key-not-a-string", `
	m := tf.NewModule("modules/x")
	zones := typed.Var[typed.List[typed.String]](m, "zones", "Zones.")
	type sizes struct {
		A typed.Number ` + "`" + `tf:"a"` + "`" + `
	}
	_ = typed.ForObject[sizes](zones, func(i typed.Number, z typed.String) typed.Number { return i }, func(i typed.Number, z typed.String) typed.Number { return i })`,
		`does not match inferred type func(k typed.Number, v typed.String) typed.String for func(k K, v E) typed.String`},
	{"for-object-as-an-object-of-another-type", `
	m := tf.NewModule("modules/x")
	zones := typed.Var[typed.List[typed.String]](m, "zones", "Zones.")
	type sizes struct {
		A typed.Number ` + "`" + `tf:"a"` + "`" + `
	}
	type names struct {
		A typed.String ` + "`" + `tf:"a"` + "`" + `
	}
	var _ typed.Object[names] = typed.ForObject[sizes](zones, func(i typed.Number, z typed.String) typed.String { return z }, func(i typed.Number, z typed.String) typed.Number { return i })`,
		`(value of struct type typed.Object[sizes]) as typed.Object[names] value in variable declaration`},
	{"platform-module-input-of-the-wrong-type", `
	root := tf.NewModule("envs/x")
	net := network.Call(root, "network", network.Module(network.Defaults), network.Inputs{NamePrefix: aws.String("dev-moochat")})
	_ = chat.Call(root, "chat", chat.Module(chat.Defaults), chat.Inputs{VpcID: net.PublicSubnetIDs})`,
		`cannot use net.PublicSubnetIDs (variable of struct type typed.List[typed.String]) as typed.String value in struct literal`},
}

const compileHeader = `package main

import (
	"github.com/runntimeterror/moo-chat-infrastructure/gen/awsdoc"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/aws"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/bindings/typed"
	"github.com/runntimeterror/moo-chat-infrastructure/gen/tf"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/chat"
	"github.com/runntimeterror/moo-chat-infrastructure/modules/network"
)

var (
	_ = chat.Call
	_ = network.Call
	_ = awsdoc.Policy
	_ = aws.String
	_ = typed.StringVal
	_ = tf.String
)

func main() {`

// TestMistypedBlueprintsDoNotCompile builds each case with go build,
// placing it inside this module through an overlay (nothing is written to
// the source tree).
func TestMistypedBlueprintsDoNotCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	tmp := t.TempDir()
	for _, c := range compileCases {
		t.Run(c.name, func(t *testing.T) {
			src := filepath.Join(tmp, c.name+".go")
			if err := os.WriteFile(src, []byte(compileHeader+c.body+"\n}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			pkg := filepath.Join(root, "internal", "compilefail-"+c.name)
			ov, _ := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(pkg, "main.go"): src}})
			ovPath := filepath.Join(tmp, c.name+".json")
			if err := os.WriteFile(ovPath, ov, 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("go", "build", "-overlay", ovPath, "-o", os.DevNull, "./internal/compilefail-"+c.name)
			cmd.Dir = root
			out, err := cmd.CombinedOutput()
			if c.want == "" {
				if err != nil {
					t.Fatalf("want it to compile:\n%s", out)
				}
				return
			}
			if err == nil {
				t.Fatalf("compiled; want: %s", c.want)
			}
			if !strings.Contains(string(out), c.want) {
				t.Errorf("go build said:\n%s\nwant: %s", out, c.want)
			}
		})
	}
}
