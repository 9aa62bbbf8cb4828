package schema_test

import (
	"reflect"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

	"github.com/runntimeterror/moo-chat-infrastructure/gen/schema"
)

// blocks counts the nested blocks under b as a walk meets them, and the
// distinct ones among them.
func blocks(b *schema.Block) (met, distinct int) {
	seen := map[*schema.Block]bool{}
	var walk func(*schema.Block)
	walk = func(b *schema.Block) {
		for _, bt := range b.BlockTypes {
			met++
			if !seen[bt.Block] {
				seen[bt.Block] = true
				distinct++
			}
			walk(bt.Block)
		}
	}
	walk(b)
	return met, distinct
}

// TestRecurringBlocksAreDecodedOnce: the web ACL's statements nest the
// same blocks over and over; the compact form holds each once and its
// decoding builds each once (TestCompactFormMatchesJSON holds what they
// decode to to the JSON snapshot).
func TestRecurringBlocksAreDecodedOnce(t *testing.T) {
	p := loadDefault(t).Provider("hashicorp/aws")
	met, distinct := blocks(p.Resource("aws_wafv2_web_acl"))
	if met < 5000 || distinct*20 > met {
		t.Fatalf("aws_wafv2_web_acl: %d nested blocks, %d of them decoded on their own; want thousands, of which at most 1 in 20", met, distinct)
	}
}

// TestCompactFormSharesWithinARecord round-trips a schema whose blocks
// recur at several depths, one recurring block inside another, and in
// two records.
func TestCompactFormSharesWithinARecord(t *testing.T) {
	str := func(opt bool) *tfjson.SchemaAttribute {
		return &tfjson.SchemaAttribute{AttributeType: cty.String, Optional: opt, Required: !opt}
	}
	leaf := func() *tfjson.SchemaBlock {
		return &tfjson.SchemaBlock{Attributes: map[string]*tfjson.SchemaAttribute{"name": str(false)}}
	}
	nested := func(b *tfjson.SchemaBlock, mode tfjson.SchemaNestingMode) *tfjson.SchemaBlockType {
		return &tfjson.SchemaBlockType{Block: b, NestingMode: mode, MaxItems: 1}
	}
	statement := func() *tfjson.SchemaBlock {
		return &tfjson.SchemaBlock{
			Attributes: map[string]*tfjson.SchemaAttribute{"priority": {AttributeType: cty.Number, Optional: true}},
			NestedBlocks: map[string]*tfjson.SchemaBlockType{
				"field": nested(leaf(), tfjson.SchemaNestingModeList),
				"text":  nested(leaf(), tfjson.SchemaNestingModeSet),
			}}
	}
	thing := &tfjson.SchemaBlock{
		Attributes: map[string]*tfjson.SchemaAttribute{"id": {AttributeType: cty.String, Computed: true}},
		NestedBlocks: map[string]*tfjson.SchemaBlockType{
			"a":     nested(statement(), tfjson.SchemaNestingModeList),
			"b":     nested(statement(), tfjson.SchemaNestingModeList),
			"other": nested(&tfjson.SchemaBlock{Attributes: map[string]*tfjson.SchemaAttribute{"name": str(true)}}, tfjson.SchemaNestingModeSingle),
		}}
	ps := &tfjson.ProviderSchemas{Schemas: map[string]*tfjson.ProviderSchema{
		"registry.terraform.io/example/x": {
			ConfigSchema:    &tfjson.Schema{Block: &tfjson.SchemaBlock{}},
			ResourceSchemas: map[string]*tfjson.Schema{"x_thing": {Block: thing}, "x_statement": {Block: statement()}},
		}}}
	want := schema.FromJSON(ps, map[string]string{"registry.terraform.io/example/x": "1.0.0"}).Providers[0]
	data, err := schema.EncodeCompact(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := schema.DecodeCompact(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"x_thing", "x_statement"} {
		if g, w := got.Resource(typ), want.Resource(typ); !reflect.DeepEqual(g, w) {
			t.Errorf("%s decodes to %+v, want %+v", typ, g, w)
		}
	}
	b := got.Resource("x_thing")
	a, bb, other := b.BlockType("a").Block, b.BlockType("b").Block, b.BlockType("other").Block
	if a != bb {
		t.Error("the two statements of x_thing were decoded apart")
	}
	if a.BlockType("field").Block != a.BlockType("text").Block {
		t.Error("a statement's two leaves were decoded apart")
	}
	if other == a.BlockType("field").Block {
		t.Error("a block with an optional attribute shares the leaves' required one")
	}
	if got.Resource("x_statement") == a {
		t.Error("blocks are shared across records; each record decodes on its own")
	}
	if met, distinct := blocks(b); met != 7 || distinct != 3 {
		t.Errorf("x_thing: %d nested blocks, %d distinct; want 7 and 3", met, distinct)
	}
}

// TestBackReferenceOutOfRangeIsCorrupt: a record that refers back to a
// block it has not written is corrupt, not a nil schema.
func TestBackReferenceOutOfRangeIsCorrupt(t *testing.T) {
	for _, rec := range []string{
		"\x01\x00",                              // the root itself refers back
		"\x00\x00\x01\x01a\x02\x00\x00\x01\x00", // a nested block refers back before any target
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || r.(error).Error() != "corrupt compact schema" {
					t.Errorf("record %q: recovered %v, want the corrupt-schema panic", rec, r)
				}
			}()
			schema.DecodeBlockRecord(rec)
		}()
	}
}
